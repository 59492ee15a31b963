"""Output formats on servers: the user's format travels in each server's own field, the server
enforces it, and the reply is still checked. llama-server and llama-cpp-python run for real;
vLLM and Ollama answer through the emulator in their documented shapes. A random-weight model
is the harshest test: without the server's grammar its replies are never JSON."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from desktop.core.backends import create_backend
from desktop.core.backends.capabilities import Capabilities
from desktop.core.backends.config import BackendConfig, ProbeResult
from desktop.core.backends.errors import BackendError
from desktop.core.engine.protocol import ChatMessage, SamplingParams
from desktop.core.tools.output_format import OutputFormat, grammar_format, json_schema_format
from desktop.core.tools.request import RequestOptions, interpret_reply, prepare_for
from tests.fixtures.backends import FAST_RETRY, TEST_TIMEOUTS, backend_for

_ids = itertools.count(1)
ASK = (ChatMessage("user", "Describe a person as JSON."),)
# No string lengths: llama-server's grammar counts a random model's stray UTF-8 bytes, which
# reach the reply as U+FFFD each, so `maxLength` can be broken there (the check reports it).
PERSON = {
    "type": "object",
    "properties": {
        "name": {"enum": ["Ada", "Lin", "张伟"]},
        "tags": {"type": "array", "items": {"type": "boolean"}, "maxItems": 3},
        "age": {"type": "integer", "minimum": 18, "maximum": 99},
        "role": {"enum": ["admin", "user", "访客"]},
        "active": {"type": "boolean"},
    },
    "required": ["name", "age", "role", "active"],
    "additionalProperties": False,
}
YES_NO = 'root ::= ("yes" | "no") " " [0-9] [0-9]'


def ask(backend: Any, fmt: OutputFormat, seed: int, **raw: Any):
    """One reply in `fmt` (a chat, or with `text=...` a raw prompt), and what it means."""
    params = SamplingParams(temperature=1.0, seed=seed, max_tokens=200)
    messages = () if raw else ASK
    prepared = prepare_for(backend, next(_ids), messages, params, RequestOptions(fmt))
    if raw:  # a raw prompt instead of the chat
        import dataclasses

        prepared = dataclasses.replace(
            prepared, request=dataclasses.replace(prepared.request, messages=None, **raw)
        )
    done = backend.generate(prepared.request).wait(120)
    return done, interpret_reply(prepared, done)


def assert_json_object(done: Any, outcome: Any) -> None:
    """Any JSON object: a random model may write one key until max_tokens, so a reply is
    either a whole object or an object cut short (and the check says so), never free text."""
    assert done.text.lstrip().startswith("{"), done.text
    if done.finish_reason == "stop":
        assert outcome.check.ok and isinstance(json.loads(done.text), dict), done.text
    else:
        assert outcome.check.problems[0].code == "tools.reply_cut_short"


@pytest.fixture
def ls(llama_server_process) -> Iterator[Any]:
    with backend_for("llama-server", llama_server_process) as made:
        yield made.backend


@pytest.fixture
def ls_v1(llama_server_process) -> Iterator[Any]:
    """The same llama-server set up as an OpenAI-compatible backend (its /v1 API)."""
    config = BackendConfig.create("v1", llama_server_process.url, "openai")
    backend = create_backend(config, retry=FAST_RETRY, timeouts=TEST_TIMEOUTS)
    yield backend
    backend.close()


@pytest.fixture
def vllm(vllm_emulator) -> Iterator[Any]:
    with backend_for("vllm", vllm_emulator) as made:
        yield made


@pytest.fixture
def ollama(ollama_emulator) -> Iterator[Any]:
    with backend_for("ollama", ollama_emulator) as made:
        yield made


@pytest.mark.parametrize("which", ["ls", "ls_v1"])
def test_llama_server_replies_fit_the_json_schema(which, request) -> None:
    backend = request.getfixturevalue(which)
    caps = backend.capabilities()
    assert caps.json_schema and caps.grammar and caps.why_not("json_schema") is None
    fmt = json_schema_format(PERSON, "person")
    for seed in range(4):
        done, outcome = ask(backend, fmt, seed)
        assert done.finish_reason == "stop", done.text
        assert outcome.check is not None and outcome.check.ok, (done.text, outcome.check)
        assert set(json.loads(done.text)) >= {"name", "age", "role", "active"}


@pytest.mark.parametrize("which", ["ls", "ls_v1"])
def test_llama_server_runs_a_gbnf_grammar_and_any_json_object(which, request) -> None:
    backend = request.getfixturevalue(which)
    for seed in range(3):
        done, outcome = ask(backend, grammar_format(YES_NO), seed)
        assert re.fullmatch(r"(yes|no) \d\d", done.text), done.text
        assert_json_object(*ask(backend, OutputFormat("json"), seed))


def test_llama_server_constrains_a_raw_prompt_too(ls) -> None:
    done, outcome = ask(ls, json_schema_format(PERSON), 7, text="A person: ")
    assert done.finish_reason == "stop" and outcome.check.ok, done.text


def test_llama_cpp_python_gets_the_schema_in_its_own_shape(llama_cpp_python_process) -> None:
    # Its server ignores {"type": "json_schema"}; {"type": "json_object", "schema"} it enforces.
    with backend_for("llama-cpp-python", llama_cpp_python_process) as made:
        backend = made.backend
        assert backend.capabilities().json_schema and backend.capabilities().grammar
        done, outcome = ask(backend, json_schema_format(PERSON, "person"), 3)
        assert done.finish_reason == "stop" and outcome.check.ok, done.text
        done, _ = ask(backend, grammar_format(YES_NO), 4)
        assert re.fullmatch(r"(yes|no) \d\d", done.text), done.text


def test_vllm_gets_response_format_on_chats_and_structured_outputs_on_prompts(vllm) -> None:
    backend, server = vllm.backend, vllm.server
    backend.capabilities()  # the probe's own requests go before
    server.requests.clear()
    done, outcome = ask(backend, json_schema_format(PERSON, "a person!"), 1)
    assert outcome.check.ok, done.text
    (sent,) = [r.body for r in server.requests_to("/v1/chat/completions")]
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "a_person_", "schema": PERSON, "strict": True},
    }
    done, outcome = ask(backend, json_schema_format(PERSON), 2, text="A person: ")
    assert outcome.check.ok, done.text
    (sent,) = [r.body for r in server.requests_to("/v1/completions")]
    assert sent["structured_outputs"] == {"json": PERSON}
    assert_json_object(*ask(backend, OutputFormat("json"), 3))


def test_ollama_gets_the_format_field(ollama) -> None:
    backend, server = ollama.backend, ollama.server
    backend.capabilities()
    server.requests.clear()
    done, outcome = ask(backend, json_schema_format(PERSON), 1)
    assert outcome.check.ok, done.text
    assert_json_object(*ask(backend, OutputFormat("json"), 2))
    assert [r.body["format"] for r in server.requests_to("/api/chat")] == [PERSON, "json"]


@pytest.mark.parametrize("flavor, name", [("vllm", "vLLM"), ("ollama", "Ollama")])
def test_a_gbnf_grammar_is_refused_where_grammars_differ_naming_the_server(
    flavor, name, request
) -> None:
    made = request.getfixturevalue(flavor)
    made.backend.capabilities()
    made.server.requests.clear()
    with pytest.raises(BackendError) as refused:
        ask(made.backend, grammar_format(YES_NO), 1)
    assert refused.value.kind == "unsupported"
    assert refused.value.user_message.params["reason"].code == "backends.no_grammar"
    assert f"The server ({name}) does not take GBNF grammars" in str(refused.value)
    assert not [r for r in made.server.requests if r.method == "POST" and "chat" in r.path]


def test_a_server_not_known_to_enforce_formats_says_so() -> None:
    caps = Capabilities("openai-compatible", raw_completion=True)
    assert str(caps.why_not("json_schema")).startswith(
        "The server (OpenAI-compatible) is not known to enforce JSON output"
    )
    assert Capabilities("lmstudio", json_schema=True).why_not("json_schema") is None


def test_a_probe_saved_before_formats_and_tools_is_done_again(vllm_emulator) -> None:
    old = {"detected_kind": "openai", "capabilities": {"server_kind": "vllm", "logprobs": True}}
    config = BackendConfig.create("old", vllm_emulator.url, "openai")
    config = BackendConfig(**{**config.__dict__, "probe": ProbeResult.from_dict(old)})
    backend = create_backend(config, retry=FAST_RETRY, timeouts=TEST_TIMEOUTS)
    try:
        assert config.probe.capabilities.probe_version == 0
        caps = backend.capabilities()
        assert caps.tools and caps.json_schema and caps.probe_version > 0
    finally:
        backend.close()
