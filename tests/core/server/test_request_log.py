"""What the Server page shows: every request, live, with what the client sent, the prompt the
model read as tokens, the reply's tokens with their probabilities, and the timings."""

from __future__ import annotations

import openai
import pytest

from desktop.core.server.request_log import RequestTokens, RequestUpdated

from .conftest import MODEL_ID, Api

CHAT = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "你好, Tessera"}]


def test_a_request_is_logged_live_with_prompt_tokens_reply_and_timings(api: Api) -> None:
    events: list[object] = []
    api.service.log.subscribe(events.append)
    reply = api.client.chat.completions.create(
        model=MODEL_ID, messages=CHAT, max_tokens=6, temperature=0, logprobs=True,
        top_logprobs=2, user="someone", stream=True,
    )  # fmt: skip
    content = "".join(c.choices[0].delta.content or "" for c in reply)
    record = api.wait_for(lambda r: r.endpoint == "chat" and r.finished)

    assert record.client.startswith("127.0.0.1:") and record.client != "127.0.0.1:"
    assert (record.method, record.path, record.stream) == ("POST", "/v1/chat/completions", True)
    assert record.body is not None and record.body["messages"] == CHAT
    assert record.parameters["temperature"] == 0.0 and record.parameters["max_tokens"] == 6
    assert record.parameters["top_logprobs"] == 2
    assert record.ignored == ("user",)  # accepted, without effect: shown, not hidden
    assert record.prompt_text is not None
    assert "<|im_start|>system\nBe brief." in record.prompt_text
    assert record.prompt_text.endswith("<|im_start|>assistant\n")
    assert record.prompt_ids and record.stats is not None
    assert len(record.prompt_ids) == record.stats.prompt_tokens  # what the engine evaluated
    assert api.service.backend.detokenize(record.prompt_ids) == record.prompt_text
    assert "".join(t.text for t in record.tokens) == record.text == content
    assert all(t.logprob is not None and len(t.top or ()) == 2 for t in record.tokens)
    assert (record.status, record.http_status, record.error) == ("done", 200, None)
    t = record.timings
    assert t.queue is not None and t.ttft is not None and t.total is not None
    assert 0 <= t.queue <= t.ttft <= t.total and t.cancel is None

    mine = [
        e for e in events
        if (e.record.id if isinstance(e, RequestUpdated) else getattr(e, "request_id", None))
        == record.id
    ]  # fmt: skip
    statuses = [e.record.status for e in mine if isinstance(e, RequestUpdated)]
    assert statuses[0] == "received" and statuses[-1] == "done" and "running" in statuses
    running_at = next(
        i
        for i, e in enumerate(mine)
        if isinstance(e, RequestUpdated) and e.record.status == "running"
    )
    batches = [i for i, e in enumerate(mine) if isinstance(e, RequestTokens)]
    assert batches and running_at < batches[0] and batches[-1] < len(mine) - 1
    streamed = tuple(tok for e in mine if isinstance(e, RequestTokens) for tok in e.tokens)
    assert streamed == record.tokens


def test_the_log_can_shade_replies_whose_client_asked_no_probabilities(serve) -> None:
    with serve(log_top_logprobs=3) as api:
        raw = api.http.post(
            api.url + "/chat/completions",
            json={"model": MODEL_ID, "messages": CHAT, "max_tokens": 4},
        ).json()
        assert raw["choices"][0]["logprobs"] is None  # the client gets what it asked
        record = api.wait_for(lambda r: r.endpoint == "chat" and r.finished)
        assert record.tokens and all(len(t.top or ()) == 3 for t in record.tokens)


def test_refused_requests_are_logged_with_why_and_the_log_is_bounded(serve) -> None:
    with serve(log_size=3) as api:
        with pytest.raises(openai.NotFoundError):
            api.client.chat.completions.create(model="nope", messages=CHAT)
        refused = api.wait_for(lambda r: r.finished and r.http_status == 404)
        assert refused.status == "rejected" and refused.error is not None
        assert (
            refused.error.code == "server.unknown_model" and refused.error.params["model"] == "nope"
        )
        for _ in range(4):
            api.client.models.list()
        kept = api.service.log.records()
        assert len(kept) == 3 and all(r.path == "/v1/models" for r in kept)
        assert [r.id for r in kept] == sorted(r.id for r in kept)
