"""Errors a user can act on: refused, TLS, keys, unknown model, 429 Retry-After, 5xx retries,
redirects that would carry the key elsewhere. Faults come from the vLLM/Ollama emulators."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desktop.core.backends import create_backend
from desktop.core.backends.config import BackendConfig
from desktop.core.backends.errors import BackendError
from desktop.core.engine.protocol import ChatMessage, GenerateRequest, SamplingParams
from tests.fixtures.backends import FAST_RETRY, TEST_TIMEOUTS
from tests.fixtures.model_servers import free_port

HI = (ChatMessage("user", "Hi"),)


def _request(rid: int = 1, max_tokens: int = 4) -> GenerateRequest:
    return GenerateRequest(rid, SamplingParams(max_tokens=max_tokens, seed=1), messages=HI)


@contextlib.contextmanager
def backend_at(url: str, kind: str = "openai", key: str | None = None, **config) -> Iterator:
    backend = create_backend(
        BackendConfig.create("srv", url, kind, **config),
        api_key=key,
        retry=FAST_RETRY,
        timeouts=TEST_TIMEOUTS,
    )
    try:
        yield backend
    finally:
        backend.close()


@pytest.fixture
def vllm(vllm_emulator) -> Iterator:
    vllm_emulator.faults.clear()
    vllm_emulator.requests.clear()
    yield vllm_emulator
    vllm_emulator.faults.clear()
    vllm_emulator.api_key = None


def test_nothing_listening_says_connection_refused() -> None:
    with (
        backend_at(f"http://127.0.0.1:{free_port()}") as backend,
        pytest.raises(BackendError) as info,
    ):
        backend.probe()
    assert info.value.kind == "connection" and info.value.code == "backends.refused"
    assert info.value.user_hint.code == "backends.refused_hint"


def test_https_to_a_plain_http_server_is_a_tls_failure(vllm) -> None:
    with (
        backend_at(f"https://127.0.0.1:{vllm.port}") as backend,
        pytest.raises(BackendError) as info,
    ):
        backend.probe()
    assert info.value.kind == "tls" and info.value.code == "backends.tls"


def test_the_api_key_is_asked_for_refused_and_then_accepted(vllm) -> None:
    vllm.api_key = "sk-right"
    with backend_at(vllm.url) as backend, pytest.raises(BackendError) as info:
        backend.probe()
    assert (info.value.kind, info.value.code, info.value.status) == (
        "auth",
        "backends.needs_key",
        401,
    )
    vllm.fault("/v1/models", status=403)
    with backend_at(vllm.url, key="sk-right") as backend, pytest.raises(BackendError) as info:
        backend.list_models()
    assert info.value.code == "backends.bad_key" and info.value.status == 403
    with backend_at(vllm.url, key="sk-right") as backend:
        assert backend.generate(_request()).wait(60).finish_reason in ("length", "stop")
    assert all(r.headers.get("Authorization") == "Bearer sk-right" for r in vllm.requests[-3:])


@pytest.mark.parametrize("flavor", ["vllm", "ollama"])
def test_an_unknown_model_is_named_with_where_to_look(flavor, request) -> None:
    server = request.getfixturevalue(f"{flavor}_emulator")
    kind = "openai" if flavor == "vllm" else "ollama"
    with backend_at(server.url, kind) as backend:
        backend.probe()
        generation = backend.generate(_request(), model="gpt-9")
        events = list(generation)
        with pytest.raises(BackendError) as info:
            generation.wait(5)
    assert info.value.kind == "unknown_model" and info.value.code == "backends.unknown_model"
    assert "gpt-9" in str(info.value) and events[-1].message.code == "backends.unknown_model"


def test_a_429_waits_what_retry_after_asks_then_succeeds(vllm) -> None:
    with backend_at(vllm.url) as backend:
        backend.probe()
        vllm.requests.clear()
        vllm.fault("/v1/chat/completions", status=429, headers={"Retry-After": "1"})
        done = backend.generate(_request()).wait(60)
    assert done.finish_reason in ("length", "stop")
    first, second = vllm.requests_to("/v1/chat/completions")
    assert second.at - first.at >= 1.0  # the client waited as the server asked


def test_a_429_asking_too_long_a_wait_is_reported_not_waited(vllm) -> None:
    with backend_at(vllm.url) as backend:
        backend.probe()
        vllm.requests.clear()
        vllm.fault("/v1/chat/completions", status=429, headers={"Retry-After": "3600"})
        with pytest.raises(BackendError) as info:
            backend.generate(_request()).wait(30)
    assert info.value.kind == "rate_limited" and info.value.retry_after == 3600
    assert info.value.user_hint.code == "backends.retry_after_hint"
    assert len(vllm.requests_to("/v1/chat/completions")) == 1


def test_server_errors_are_retried_then_reported_with_the_tries(vllm) -> None:
    with backend_at(vllm.url) as backend:
        backend.probe()
        for _ in range(2):
            vllm.fault("/v1/chat/completions", status=503)
        assert backend.generate(_request()).wait(60).finish_reason in ("length", "stop")
        for _ in range(3):
            vllm.fault("/v1/chat/completions", status=500, message="CUDA out of memory")
        with pytest.raises(BackendError) as info:
            backend.generate(_request(2)).wait(60)
    assert info.value.kind == "server_error" and "CUDA out of memory" in str(info.value)
    assert "3 times" in str(info.value.user_hint)


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).seen.append(dict(self.headers.items()))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args) -> None:
        pass


def test_a_redirect_elsewhere_is_refused_so_the_key_stays_home(vllm) -> None:
    other = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        vllm.api_key = "sk-home"
        vllm.fault("/v1/models", redirect=f"http://127.0.0.1:{other.server_address[1]}/v1/models")
        with backend_at(vllm.url, key="sk-home") as backend:
            with pytest.raises(BackendError) as info:
                backend.list_models(refresh=True)
            assert info.value.code == "backends.redirect_refused"
            # A redirect within the same server is followed, key and all.
            vllm.fault("/v1/models", redirect=f"{vllm.url}/v1/models")
            assert [m.id for m in backend.list_models(refresh=True)] == ["tessera/tiny"]
    finally:
        other.shutdown()
        other.server_close()
        thread.join(5)
    assert _Recorder.seen == []


def test_a_reply_cancelled_before_its_first_token_ends_cancelled_and_empty(vllm) -> None:
    with backend_at(vllm.url) as backend:
        backend.probe()
        generation = backend.generate(_request(max_tokens=200))
        generation.cancel()  # microseconds later: the request has not even been answered
        done = generation.wait(30)
        events = list(generation)
    assert done.finish_reason == "cancelled" and done.text == "" and events == [done]
