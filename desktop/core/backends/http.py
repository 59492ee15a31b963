"""HttpSession: one server's HTTP, with its key kept to its own origin, retries and timeouts.

- The API key goes in `Authorization: Bearer` only to the configured scheme, host and port.
  Redirects are never followed blindly: one to the same origin is followed (up to 3), one to
  anywhere else is refused with an error that names the target.
- 429 waits what Retry-After asks (up to `RetryPolicy.max_retry_after`), 5xx retries with
  backoff, both only before a reply has started, so nothing is ever generated twice.
- Streams are opened with `open_stream` and read line by line; the caller closes them (a
  cancelled task closes the connection on its way out).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx2

from desktop.core.backends.errors import (
    REDIRECT_HINT,
    REDIRECT_REFUSED,
    BackendError,
    bad_answer,
    from_status,
    from_transport,
)
from desktop.core.backends.loop import AsyncRunner

RETRY_STATUSES = frozenset({500, 502, 503, 504})
MAX_REDIRECTS = 3


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # tries for a 5xx answer (1 = no retry)
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    rate_limit_attempts: int = 3  # tries for a 429 answer
    max_retry_after: float = 60.0  # a longer Retry-After is reported instead of waited


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 300.0  # between two chunks of an answer (a server may load a model first)
    call: float = 60.0  # a whole non-streaming call (models, tokenize, probe)


def same_origin(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.hostname, a.port or _default_port(a.scheme)) == (
        b.scheme,
        b.hostname,
        b.port or _default_port(b.scheme),
    )


def _default_port(scheme: str) -> int | None:
    return {"http": 80, "https": 443}.get(scheme)


class HttpSession:
    """Thread-safe: blocking calls from any thread but the session's own loop thread."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        backend: str = "",
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        max_connections: int = 32,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.backend = backend or self.base_url
        self.retry = retry or RetryPolicy()
        self.timeouts = timeouts or Timeouts()
        self._api_key = api_key or None
        self.runner = AsyncRunner(f"tessera-http {self.backend}")
        self._limits = httpx2.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        self._client: httpx2.AsyncClient | None = None

    # ----------------------------------------------------------------- plumbing

    def url(self, path: str) -> str:
        return self.base_url + path

    def _client_on_loop(self) -> httpx2.AsyncClient:
        if self._client is None:
            self._client = httpx2.AsyncClient(
                timeout=httpx2.Timeout(
                    self.timeouts.read, connect=self.timeouts.connect, pool=None
                ),
                limits=self._limits,
                follow_redirects=False,
                headers={"User-Agent": "Tessera"},
            )
        return self._client

    def _headers(self, url: str) -> dict[str, str]:
        if self._api_key and same_origin(url, self.base_url):
            return {"Authorization": f"Bearer {self._api_key}"}
        return {}

    async def _send_once(self, method: str, path: str, body: Any) -> httpx2.Response:
        """One request, following same-origin redirects only. The response is streaming."""
        client = self._client_on_loop()
        url = self.url(path)
        for _ in range(MAX_REDIRECTS + 1):
            request = client.build_request(
                method, url, json=body if body is not None else None, headers=self._headers(url)
            )
            try:
                response = await client.send(request, stream=True)
            except httpx2.TransportError as exc:
                raise from_transport(exc, self.base_url, timeout=self._timeout_of(exc)) from exc
            if not response.is_redirect:
                return response
            location = urljoin(url, response.headers.get("location", ""))
            await response.aclose()
            if not same_origin(location, self.base_url):
                raise BackendError(
                    "connection",
                    REDIRECT_REFUSED(url=self.base_url, location=location),
                    REDIRECT_HINT(),
                    status=response.status_code,
                )
            url = location
            if response.status_code in (301, 302, 303):
                method, body = ("GET", None) if method != "GET" else (method, body)
        raise bad_answer(self.base_url, "too many redirects")

    def _timeout_of(self, exc: Exception) -> float:
        if isinstance(exc, httpx2.ConnectTimeout):
            return self.timeouts.connect
        return self.timeouts.read

    async def send(
        self, method: str, path: str, body: Any = None, *, model: str | None = None
    ) -> httpx2.Response:
        """A successful (2xx) streaming response, after retries; raises BackendError."""
        server_errors = rate_limits = 0
        while True:
            response = await self._send_once(method, path, body)
            if response.status_code < 400:
                return response
            try:
                raw = await response.aread()
            except httpx2.TransportError:
                raw = b""
            finally:
                await response.aclose()
            status = response.status_code
            error = from_status(
                status,
                raw,
                self.base_url,
                path,
                backend=self.backend,
                model=model,
                retry_after=response.headers.get("retry-after"),
                tries=server_errors + 1,
            )
            if status == 429:
                rate_limits += 1
                wait = error.retry_after
                if wait is None:
                    wait = self.retry.backoff * 2 ** (rate_limits - 1)
                if rate_limits >= self.retry.rate_limit_attempts or (
                    wait > self.retry.max_retry_after
                ):
                    raise error
                await asyncio.sleep(wait)
                continue
            if status in RETRY_STATUSES:
                server_errors += 1
                if server_errors >= self.retry.attempts:
                    raise error
                await asyncio.sleep(self.retry.backoff * 2 ** (server_errors - 1))
                continue
            raise error

    async def json(
        self, method: str, path: str, body: Any = None, *, model: str | None = None
    ) -> Any:
        response = await self.send(method, path, body, model=model)
        try:
            raw = await response.aread()
        except httpx2.TransportError as exc:
            raise from_transport(exc, self.base_url, timeout=self.timeouts.read) from exc
        finally:
            await response.aclose()
        try:
            return response.json() if raw.strip() else None
        except ValueError as exc:
            raise bad_answer(self.url(path), f"not JSON: {raw[:120]!r}") from exc

    async def json_or_none(self, method: str, path: str, body: Any = None) -> Any:
        """For probing: None when the server lacks the endpoint (404/405/501) or refuses it
        (400/422: e.g. another server's request shape); other errors raise."""
        try:
            return await self.json(method, path, body)
        except BackendError as exc:
            if exc.status in (400, 404, 405, 422, 501):
                return None
            raise

    @contextlib.asynccontextmanager
    async def stream_lines(
        self, method: str, path: str, body: Any, *, model: str | None = None
    ) -> AsyncIterator[AsyncIterator[str]]:
        """Lines of a streaming answer; the connection closes when the block exits (also on
        cancellation, which is how a reply is stopped)."""
        response = await self.send(method, path, body, model=model)
        try:
            yield response.aiter_lines()
        finally:
            await response.aclose()

    # ----------------------------------------------------------------- blocking

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        model: str | None = None,
        timeout: float | None = None,
    ) -> Any:
        """A JSON call from a plain thread; raises BackendError."""
        return self.run(self.json(method, path, body, model=model), timeout)

    def call_or_none(self, method: str, path: str, body: Any = None) -> Any:
        return self.run(self.json_or_none(method, path, body), None)

    def run(self, coro: Any, timeout: float | None = None) -> Any:
        """Run a coroutine of this session from a plain thread, within `timeout` seconds."""
        limit = timeout or self.timeouts.call
        try:
            return self.runner.run(asyncio.wait_for(coro, limit), timeout=limit + 5)
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise from_transport(
                httpx2.ReadTimeout("call timed out"), self.base_url, timeout=limit
            ) from exc

    def close(self) -> None:
        client, self._client = self._client, None
        self.runner.close(client.aclose() if client is not None else None)
