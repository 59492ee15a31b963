"""The app's window and its API server share one engine: they take turns, and never cut each
other's reply off (the engine itself would cancel a running reply for a new one)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.client import EngineClient
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import ChatMessage, GenerateRequest, SamplingParams
from desktop.core.engine.turns import API_OWNER, APP_OWNER, EngineTurns

from .conftest import MODEL_ID, Api, running, tiny_options

CHAT = [{"role": "user", "content": "Hi"}]


@pytest.fixture(scope="module")
def shared(tiny_model_path: Path) -> Iterator[EngineClient]:
    client = EngineClient(turns=EngineTurns())
    client.load(tiny_options(tiny_model_path))
    yield client
    client.close()


@pytest.fixture
def api(shared: EngineClient) -> Iterator[Api]:
    with running(LocalBackend(shared, owner=API_OWNER)) as made:
        yield made


def _long_chat_reply(client: EngineClient, request_id: int):
    """A window's reply that runs until the context is full (unless stopped)."""
    request = GenerateRequest(
        request_id=request_id,
        messages=(ChatMessage("user", "Tell me everything."),),
        params=SamplingParams(max_tokens=0, seed=1),
    )
    return client.generate(request, owner=APP_OWNER)


def test_a_request_waits_for_the_chat_and_never_cancels_it(api: Api, shared: EngineClient) -> None:
    chat = _long_chat_reply(shared, 1)
    answers: list = []
    caller = threading.Thread(
        target=lambda: answers.append(
            api.client.chat.completions.create(model=MODEL_ID, messages=CHAT, max_tokens=4)
        )
    )
    caller.start()
    waiting = api.wait_for(lambda r: r.waiting_on == APP_OWNER)
    assert waiting.status in ("queued", "received", "running") and not answers
    assert not chat.finished  # the request did not cut the chat's reply off
    chat.cancel()  # the user presses Stop
    assert chat.wait(30).finish_reason == "cancelled"
    caller.join(60)
    assert answers and answers[0].choices[0].finish_reason in ("stop", "length")
    done = api.wait_for(lambda r: r.id == waiting.id and r.finished)
    assert done.status == "done" and done.waiting_on is None


def test_the_chat_is_refused_while_a_request_streams(api: Api, shared: EngineClient) -> None:
    stream = api.client.chat.completions.create(model=MODEL_ID, messages=CHAT, seed=3, stream=True)
    chunks = iter(stream)
    next(chunks)  # the request is generating
    with pytest.raises(EngineError) as refused:
        _long_chat_reply(shared, 2)
    assert refused.value.kind == "busy"
    assert "API server is answering a request" in refused.value.message
    with pytest.raises(EngineError, match="API server"):
        shared.unload()  # unloading would cut the request off too
    reasons = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert reasons[-1] == "length"  # it ran to the end of the context, uncut
    assert shared.turns is not None and shared.turns.holder is None
    chat = _long_chat_reply(shared, 3)  # the engine is the window's again
    chat.cancel()
    chat.wait(30)


def test_a_waiting_chat_goes_before_the_next_request(api: Api, shared: EngineClient) -> None:
    turns = shared.turns
    assert turns is not None
    stream = api.client.chat.completions.create(
        model=MODEL_ID, messages=CHAT, seed=3, max_tokens=40, stream=True
    )
    chunks = iter(stream)
    next(chunks)  # the first request is generating
    turns.reserve(APP_OWNER)  # the window's chat waits for its turn
    answers: list = []
    caller = threading.Thread(
        target=lambda: answers.append(
            api.client.chat.completions.create(model=MODEL_ID, messages=CHAT, max_tokens=2)
        )
    )
    caller.start()
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "length"
    second = api.wait_for(lambda r: not r.stream and r.waiting_on == APP_OWNER)
    assert not answers  # the second request did not jump the chat's turn
    chat = _long_chat_reply(shared, 4)  # the chat takes the turn it reserved
    assert turns.reserved is None and turns.holder == APP_OWNER
    chat.cancel()
    chat.wait(30)
    caller.join(60)
    assert answers and api.wait_for(lambda r: r.id == second.id and r.finished).status == "done"


def test_a_cancelled_reservation_lets_requests_go(api: Api, shared: EngineClient) -> None:
    turns = shared.turns
    assert turns is not None
    turns.reserve(APP_OWNER)
    answers: list = []
    caller = threading.Thread(
        target=lambda: answers.append(
            api.client.chat.completions.create(model=MODEL_ID, messages=CHAT, max_tokens=2)
        )
    )
    caller.start()
    api.wait_for(lambda r: r.waiting_on == APP_OWNER)
    turns.cancel_reservation(APP_OWNER)  # the user stopped the waiting reply
    caller.join(60)
    assert answers and answers[0].choices[0].finish_reason in ("stop", "length")
