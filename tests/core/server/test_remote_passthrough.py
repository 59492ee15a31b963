"""Tessera's API over a server backend: llama-server's ids, probabilities and tokenizer pass
through; what a server cannot do is refused with its reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from tests.fixtures.backends import backend_for

from .conftest import Api, running

CHAT = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi 你好"}]


@pytest.fixture
def over_llama_server(llama_server_process) -> Iterator[Api]:
    with (
        backend_for("llama-server", llama_server_process, "gpu-box") as remote,
        running(remote.backend) as api,
    ):
        yield api


def test_llama_server_passes_through_ids_probabilities_and_tokenizer(
    over_llama_server: Api, llama_server_process, tiny_model_path: Path
) -> None:
    api = over_llama_server
    assert [m.id for m in api.client.models.list().data] == [str(tiny_model_path)]
    model = str(tiny_model_path)
    reply = api.client.chat.completions.create(
        model=model, messages=CHAT, max_tokens=8, temperature=0, logprobs=True, top_logprobs=3
    )
    entries = reply.choices[0].logprobs.content
    # llama-server reports no probability for a token cut inside a UTF-8 character.
    assert 0 < len(entries) <= reply.usage.completion_tokens
    for e in entries:
        assert len(e.top_logprobs) == 3 and e.logprob == pytest.approx(e.top_logprobs[0].logprob)
    streamed = api.client.chat.completions.create(
        model=model, messages=CHAT, max_tokens=8, temperature=0, stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in streamed) == (
        reply.choices[0].message.content
    )

    record = api.wait_for(lambda r: r.endpoint == "chat" and r.finished and not r.stream)
    assert record.backend == "gpu-box" and (record.server_version or "").startswith(
        "llama-server b"
    )
    assert record.prompt_text is not None and record.prompt_text.startswith("<|im_start|>system")
    own = httpx2.post(llama_server_process.url + "/tokenize", json={"content": record.prompt_text})
    assert list(record.prompt_ids or ()) == own.json()["tokens"]

    text = "Hello 你好"
    ours = api.http.post(api.root + "/tokenize", json={"content": text, "with_pieces": True})
    theirs = httpx2.post(
        llama_server_process.url + "/tokenize", json={"content": text, "with_pieces": True}
    )
    assert ours.json() == theirs.json()
    ids = [t["id"] for t in ours.json()["tokens"]]
    assert api.http.post(api.root + "/detokenize", json={"tokens": ids}).json() == {"content": text}


def test_a_json_schema_reply_over_llama_server_is_enforced_by_llama_server(
    over_llama_server: Api, tiny_model_path: Path
) -> None:
    """response_format goes on to llama-server as its json_schema: the random-weight model's
    reply is an object of the schema's shape all the same."""
    schema = {
        "type": "object",
        "properties": {"answer": {"type": "string", "maxLength": 12}},
        "required": ["answer"],
        "additionalProperties": False,
    }
    reply = over_llama_server.client.chat.completions.create(
        model=str(tiny_model_path),
        messages=CHAT,
        max_tokens=60,
        temperature=0,
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "short", "schema": schema},
        },
    )
    data = json.loads(reply.choices[0].message.content)
    assert list(data) == ["answer"] and isinstance(data["answer"], str)


def test_what_a_server_cannot_do_is_refused_with_its_reason(ollama_emulator) -> None:
    with backend_for("ollama", ollama_emulator) as remote, running(remote.backend) as api:
        answer = api.http.post(api.root + "/tokenize", json={"content": "x"})
        assert answer.status_code == 400
        error = answer.json()["error"]
        assert error["code"] == "unsupported"
        assert "does not expose its tokenizer" in error["message"]
        model = api.client.models.list().data[0].id
        reply = api.client.chat.completions.create(model=model, messages=CHAT, max_tokens=4)
        assert reply.choices[0].message.content is not None
        record = api.wait_for(lambda r: r.endpoint == "chat" and r.finished and r.status == "done")
        assert record.prompt_ids is None and record.prompt_note is not None
        # JSON output goes on to Ollama as its `format`; a forced tool call, which Ollama cannot
        # make, is refused with the backend's reason, naming the field.
        passed = api.http.post(
            api.url + "/chat/completions",
            json={
                "model": model,
                "messages": CHAT,
                "max_tokens": 8,
                "response_format": {"type": "json_object"},
            },
        )
        assert passed.status_code == 200, passed.text
        tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
        refused = api.http.post(
            api.url + "/chat/completions",
            json={"model": model, "messages": CHAT, "tools": [tool], "tool_choice": "required"},
        )
        assert refused.status_code == 400, refused.text
        error = refused.json()["error"]
        assert error["param"] == "tools" and error["code"] == "unsupported"
        assert error["message"].startswith("tools cannot be used with the backend")
        assert "cannot force a tool call" in error["message"]
