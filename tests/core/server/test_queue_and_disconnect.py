"""One local engine, requests in arrival order: a bounded queue (429 with Retry-After when
full), a client that leaves stops its reply (or leaves the queue), and the next one runs.

A long reply holds the engine here: the tiny model with a 32k context asked for 30,000
tokens runs for many seconds, and the tests end it themselves by disconnecting, so nothing
depends on how fast this machine is."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openai
import pytest

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.protocol import LoadOptions
from desktop.core.server.request_log import RequestRecord, RequestUpdated
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer

from .conftest import MODEL_ID, Api, running

SHORT = [{"role": "user", "content": "Hi"}]


@pytest.fixture(scope="module")
def long_backend(tiny_model_path: Path) -> Iterator[LocalBackend]:
    backend = LocalBackend()
    backend.load(LoadOptions(path=str(tiny_model_path), n_ctx=32_768, n_threads=1))
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def long_request(tiny_model_path: Path) -> dict:
    """30,000 tokens with every end-of-turn token banned: it ends only when we leave."""
    vocab = ModelVocabTokenizer(tiny_model_path)
    banned = {str(i): -100 for i in vocab.special_tokens().values()}
    vocab.close()
    return {
        "model": MODEL_ID,
        "messages": [{"role": "user", "content": "Tell a very long story."}],
        "max_tokens": 30_000,
        "logit_bias": banned,
        "stream": True,
    }


@contextmanager
def long_reply(api: Api, body: dict) -> Iterator[RequestRecord]:
    """A streaming reply that is producing tokens; leaving the block disconnects it."""
    with api.http.stream("POST", api.url + "/chat/completions", json=body) as answer:
        assert answer.status_code == 200
        # Kept referenced: a line iterator that is dropped closes the connection.
        lines = answer.iter_lines()
        for line in lines:
            if line.startswith("data: ") and '"content":"' in line and '"content":""' not in line:
                break
        yield api.wait_for(lambda r: r.stream and r.status == "running")


def test_a_client_that_disconnects_stops_its_reply_and_frees_the_engine(
    long_backend: LocalBackend, long_request: dict
) -> None:
    with running(long_backend) as api:
        with long_reply(api, long_request) as long:
            pass
        ended = api.wait_for(lambda r: r.id == long.id and r.finished)
        assert ended.status == "cancelled" and ended.finish_reason == "cancelled"
        assert ended.timings.cancel is not None
        assert 0 < len(ended.tokens) < 30_000
        assert api.service.scheduler.running == 0
        reply = api.client.chat.completions.create(model=MODEL_ID, messages=SHORT, max_tokens=3)
        assert reply.choices[0].finish_reason in ("stop", "length")


def _ask(api: Api, seed: int, results: dict[int, object]) -> None:
    try:
        results[seed] = api.client.chat.completions.create(
            model=MODEL_ID, messages=SHORT, max_tokens=3, seed=seed
        )
    except Exception as exc:  # noqa: BLE001 - reported by the test's assertion
        results[seed] = exc


def _waiting_with_seed(seed: int):
    return lambda r: r.status == "queued" and (r.body or {}).get("seed") == seed


def test_a_full_queue_answers_429_with_retry_after_and_keeps_order(
    long_backend: LocalBackend, long_request: dict
) -> None:
    started: list[int] = []

    def note_start(event: object) -> None:
        if isinstance(event, RequestUpdated) and event.record.status == "running":
            seed = (event.record.body or {}).get("seed")
            if seed is not None:
                started.append(seed)

    with running(long_backend, max_queue=3) as api:
        api.service.log.subscribe(note_start)
        results: dict[int, object] = {}
        threads = []
        with long_reply(api, long_request):
            for seed in (11, 12, 13):
                thread = threading.Thread(target=_ask, args=(api, seed, results))
                thread.start()
                threads.append(thread)
                api.wait_for(_waiting_with_seed(seed))
            assert api.service.scheduler.waiting == 3
            with pytest.raises(openai.RateLimitError) as caught:
                api.client.chat.completions.create(model=MODEL_ID, messages=SHORT, max_tokens=3)
            answer = caught.value.response
            assert int(answer.headers["retry-after"]) >= 1
            assert answer.json()["error"]["code"] == "queue_full"
            assert "3 requests are already waiting" in answer.json()["error"]["message"]
        for thread in threads:
            thread.join(60)
        assert all(
            isinstance(results[s], openai.types.chat.ChatCompletion) for s in (11, 12, 13)
        ), results
        assert started == [11, 12, 13]  # first come, first served
        refused = [r for r in api.service.log.records() if r.http_status == 429]
        assert len(refused) == 1 and refused[0].status == "rejected"


def test_a_client_that_leaves_the_queue_gives_up_its_place(
    long_backend: LocalBackend, long_request: dict
) -> None:
    with running(long_backend) as api, long_reply(api, long_request):
        body = (
            b'{"model": "%s", "seed": 99, "max_tokens": 3, '
            b'"messages": [{"role": "user", "content": "Hi"}]}' % MODEL_ID.encode()
        )
        head = (
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        )
        with socket.create_connection((api.server.host, api.server.port)) as raw:
            raw.sendall(head + body)
            api.wait_for(_waiting_with_seed(99))
            assert api.service.scheduler.waiting == 1
        left = api.wait_for(lambda r: (r.body or {}).get("seed") == 99 and r.finished)
        assert left.status == "cancelled" and left.tokens == ()
        assert api.service.scheduler.waiting == 0
