"""API server fixtures: the tiny model in a real engine process, served on a free loopback
port by a real uvicorn, with the official `openai` client as the test client.

    def test_x(api):            # a running server with the default config
        api.client.chat.completions.create(...)
    def test_y(serve):          # a server with a config of the test's own
        with serve(api_key="k") as api: ...

Retries are off in the client: a test that expects 429 or 503 must see it, not a retry.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.protocol import LoadOptions
from desktop.core.server.config import ServerConfig
from desktop.core.server.http_server import APIServer
from desktop.core.server.request_log import RequestRecord, RequestUpdated
from desktop.core.server.service import APIService

MODEL_ID = "tessera-tiny-F16"  # the tiny model's file name without .gguf


def tiny_options(path: Path) -> LoadOptions:
    return LoadOptions(path=str(path), n_ctx=1024, n_threads=1)


@dataclass
class Api:
    server: APIServer
    service: APIService
    client: openai.OpenAI
    http: httpx2.Client  # for what the openai client cannot send (bad JSON, preflights)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def root(self) -> str:
        return self.server.url.removesuffix("/v1")

    def wait_for(
        self, test: Callable[[RequestRecord], bool], timeout: float = 60.0
    ) -> RequestRecord:
        """The first logged request (already there or to come) that passes `test`."""
        found: list[RequestRecord] = []
        event = threading.Event()

        def observe(change: Any) -> None:
            if isinstance(change, RequestUpdated) and test(change.record) and not found:
                found.append(change.record)
                event.set()

        unsubscribe = self.service.log.subscribe(observe)
        try:
            for record in self.service.log.records():
                if test(record) and not found:
                    found.append(record)
                    event.set()
            assert event.wait(timeout), (
                f"no such request was logged in time: {self.service.log.records()}"
            )
            return found[0]
        finally:
            unsubscribe()


@pytest.fixture(scope="module")
def tiny_backend(tiny_model_path: Path) -> Iterator[LocalBackend]:
    """One engine process per test module (a spawn and load cost about a second)."""
    backend = LocalBackend()
    backend.load(tiny_options(tiny_model_path))
    yield backend
    backend.close()


@contextlib.contextmanager
def running(backend: Any, reload: Callable[[], Any] | None = None, **config: Any) -> Iterator[Api]:
    settings = {"port": 0, **config}
    service = APIService(backend, ServerConfig(**settings), reload=reload)
    server = APIServer(service).start()
    key = settings.get("api_key") or "not-needed"
    client = openai.OpenAI(base_url=server.url, api_key=key, max_retries=0, timeout=60)
    http = httpx2.Client(timeout=60)
    try:
        yield Api(server, service, client, http)
    finally:
        http.close()
        client.close()
        server.stop()


@pytest.fixture
def serve(tiny_backend: LocalBackend, tiny_model_path: Path):
    """`with serve(**config) as api:` a server over the module's engine."""

    def make(**config: Any):
        return running(
            tiny_backend, reload=lambda: tiny_backend.load(tiny_options(tiny_model_path)), **config
        )

    return make


@pytest.fixture
def api(serve) -> Iterator[Api]:
    with serve() as made:
        yield made
