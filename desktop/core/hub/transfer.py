"""One file over HTTP into a partial file: Range resume, redirects, streaming sha256."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import queue
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import getproxies, proxy_bypass

from desktop.core.hub import errors as E
from desktop.core.hub.config import HubConfig
from desktop.core.hub.errors import HubError, from_http_status

CHUNK = 1 << 20
HASH_QUEUE = 8  # chunks waiting for the hasher
# Buffers in use at once: HASH_QUEUE queued + 1 being hashed + 1 being filled; plus margin.
BUFFER_POOL = HASH_QUEUE + 4
MAX_REDIRECTS = 5


class Interrupted(Exception):
    """The job was paused or cancelled between two chunks."""


@dataclass(frozen=True)
class FileTarget:
    url: str
    partial: Path
    expected_size: int | None
    expected_sha256: str | None
    label: str  # for messages: 'owner/repo/file.gguf'


class StreamingHasher:
    """sha256 while the bytes stream in, so verifying adds no second pass over the file.

    With 4+ cores the hash runs on its own thread (hashlib drops the GIL on large buffers) and
    overlaps with receiving. On 1-2 cores the kernel's copies and the hash already compete for
    the CPU, and hashing each chunk right after it arrives, while it is still in cache, was
    faster in bench/download_bench.py (about 780 vs 690 MiB/s on loopback, 2 vCPUs).
    """

    def __init__(self, initial: hashlib._Hash | None = None, threaded: bool | None = None) -> None:
        self._hash = initial or hashlib.sha256()
        if threaded is None:
            threaded = (os.cpu_count() or 1) >= 4
        self._queue: queue.Queue[bytes | memoryview | None] | None = None
        self._thread: threading.Thread | None = None
        if threaded:
            self._queue = queue.Queue(maxsize=HASH_QUEUE)
            self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        assert self._queue is not None
        while (chunk := self._queue.get()) is not None:
            self._hash.update(chunk)

    def update(self, chunk: bytes | memoryview) -> None:
        if self._queue is None:
            self._hash.update(chunk)
        else:
            self._queue.put(chunk)

    def close(self) -> hashlib._Hash:
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        return self._hash


def hash_prefix(path: Path) -> tuple[hashlib._Hash, int]:
    """sha256 state over the bytes already in a partial file (after a restart)."""
    h = hashlib.sha256()
    size = 0
    if path.exists():
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK * 4):
                h.update(chunk)
                size += len(chunk)
    return h, size


def fetch(
    config: HubConfig,
    target: FileTarget,
    *,
    should_stop: Callable[[], bool],
    on_bytes: Callable[[int], None],
    timeout: float = 30.0,
    set_abort: Callable[[Callable[[], None] | None], None] = lambda _fn: None,
) -> None:
    """Continue `target.partial` until complete, then check size and sha256.

    Raises Interrupted (paused/cancelled) or HubError; network failures are HubError with
    retryable=True so the caller can back off and try again. A checksum mismatch deletes the
    partial.
    """
    partial = target.partial
    partial.parent.mkdir(parents=True, exist_ok=True)
    state, offset = hash_prefix(partial)
    if target.expected_size is not None and offset > target.expected_size:
        partial.unlink()
        state, offset = hashlib.sha256(), 0
    if target.expected_size is None or offset < target.expected_size:
        try:
            state, offset = _stream(
                config, target, state, offset, should_stop, on_bytes, timeout, set_abort
            )
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, HubError):
                raise
            raise transport_error(exc, config.endpoint) from exc
    _verify(target, state, offset)


class _Reply:
    """The little of an HTTP response we use, over http.client or (behind a proxy) httpx2."""

    def __init__(self, status: int, headers, chunks, close, abort=None) -> None:
        self.status = status
        self.headers = headers
        self.chunks = chunks
        self.close = close
        self.abort = abort or close  # callable from another thread: unblocks a pending read


def _open(url: str, headers: dict[str, str], timeout: float) -> _Reply:
    parts = urlsplit(url)
    if parts.hostname and proxy_bypass(parts.hostname) or parts.scheme not in getproxies():
        return _open_direct(parts, headers, timeout)
    return _open_via_proxy(url, headers, timeout)


def _open_direct(parts, headers: dict[str, str], timeout: float) -> _Reply:
    # http.client, not httpx2: on loopback it reads ~2 GB/s where httpx2 managed ~0.37 GB/s
    # (bench/download_bench.py), and the download must not be slower than a plain loop.
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=_ssl_context()
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()

    def chunks():
        # One recv at a time (readinto1/read1), so a slow link still reports progress and
        # honours pause promptly instead of blocking until a full MiB has arrived.
        remaining = response.length
        fp = response.fp
        if response.chunked or remaining is None or fp is None:
            while chunk := response.read1(CHUNK):
                yield chunk
            if response.length:
                raise http.client.IncompleteRead(b"", response.length)
            return
        # A small ring of reused buffers instead of a fresh MiB per read: allocating (and
        # page-faulting) 1 MiB per chunk cost more CPU than the copy it saves. A buffer comes
        # round again only after the hasher is done with it (see HASH_QUEUE).
        pool = [bytearray(CHUNK) for _ in range(BUFFER_POOL)]
        turn = 0
        while remaining > 0:
            view = memoryview(pool[turn % BUFFER_POOL])
            turn += 1
            n = fp.readinto1(view[: min(CHUNK, remaining)])
            if not n:  # the server closed before Content-Length was reached
                raise http.client.IncompleteRead(b"", remaining)
            remaining -= n
            yield view[:n]

    def abort() -> None:
        # shutdown, unlike close, wakes a thread blocked in recv() on this socket.
        with contextlib.suppress(OSError, AttributeError):
            conn.sock.shutdown(socket.SHUT_RDWR)

    return _Reply(response.status, response.headers, chunks(), conn.close, abort)


def _open_via_proxy(url: str, headers: dict[str, str], timeout: float) -> _Reply:
    import httpx2
    from huggingface_hub.utils import get_session

    client = get_session()
    request = client.build_request(
        "GET", url, headers=headers, timeout=httpx2.Timeout(timeout, connect=10.0)
    )
    try:
        response = client.send(request, stream=True, follow_redirects=False)
    except httpx2.TransportError as exc:
        raise ConnectionError(str(exc)) from exc

    def chunks():
        try:
            yield from response.iter_raw(CHUNK)
        except httpx2.TransportError as exc:
            raise ConnectionError(str(exc)) from exc

    return _Reply(response.status_code, response.headers, chunks(), response.close)


_SSL_CONTEXT = None


def _ssl_context():
    global _SSL_CONTEXT
    if _SSL_CONTEXT is None:
        import ssl

        try:
            import certifi

            _SSL_CONTEXT = ssl.create_default_context(cafile=certifi.where())
        except ImportError:
            _SSL_CONTEXT = ssl.create_default_context()
    return _SSL_CONTEXT


def _stream(config, target, state, offset, should_stop, on_bytes, timeout, set_abort):
    url = target.url
    for _ in range(MAX_REDIRECTS + 1):
        if urlsplit(url).scheme not in ("http", "https"):
            raise HubError("protocol", E.BAD_REDIRECT(url=url))
        headers = {"Accept-Encoding": "identity", "User-Agent": "tessera"}
        headers.update(config.auth_headers(url))  # dropped when redirected off the endpoint
        if offset:
            headers["Range"] = f"bytes={offset}-"
        reply = _open(url, headers, timeout)
        set_abort(reply.abort)
        if should_stop():  # paused while connecting
            reply.close()
            raise Interrupted()
        try:
            if reply.status in (301, 302, 303, 307, 308):
                location = reply.headers.get("Location")
                if not location:
                    raise HubError("protocol", E.REDIRECT_WITHOUT_LOCATION(target=target.label))
                url = urljoin(url, location)
                continue
            if reply.status == 416 and target.expected_size == offset:
                return state, offset
            if reply.status >= 400:
                repo = target.label.split("/", 2)
                raise from_http_status(
                    reply.status,
                    repo_id="/".join(repo[:2]),
                    endpoint=config.endpoint,
                    error_code=reply.headers.get("X-Error-Code"),
                    what=target.label,
                    retry_after=reply.headers.get("Retry-After"),
                )
            mode = "ab"
            if offset and reply.status == 200:
                # The server ignored Range: start over rather than append a second copy.
                state, offset, mode = hashlib.sha256(), 0, "wb"
            elif offset and not (reply.headers.get("Content-Range") or "").startswith(
                f"bytes {offset}-"
            ):
                raise HubError("protocol", E.WRONG_RANGE(target=target.label))
            expected = target.expected_size
            hasher = StreamingHasher(state)
            try:
                with open(target.partial, mode) as out:
                    for chunk in reply.chunks:
                        if should_stop():
                            raise Interrupted()
                        if expected is not None and offset + len(chunk) > expected:
                            out.close()
                            target.partial.unlink(missing_ok=True)
                            raise HubError(
                                "checksum", E.TOO_MUCH_DATA(size=expected, target=target.label)
                            )
                        try:
                            out.write(chunk)
                        except OSError as exc:
                            raise _disk_error(exc, target) from exc
                        hasher.update(chunk)
                        offset += len(chunk)
                        on_bytes(len(chunk))
            finally:
                state = hasher.close()
            return state, offset
        finally:
            set_abort(None)
            reply.close()
    raise HubError("protocol", E.TOO_MANY_REDIRECTS(target=target.label))


def _disk_error(exc: OSError, target: FileTarget) -> HubError:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return HubError("disk_full", E.DISK_FULL_WRITING(target=target.label))
    return HubError(
        "disk_full", E.CANNOT_WRITE(path=str(target.partial), reason=exc.strerror or str(exc))
    )


def _verify(target: FileTarget, state, size: int) -> None:
    if target.expected_size is not None and size != target.expected_size:
        raise HubError(
            "protocol",
            E.SHORT_FILE(target=target.label, size=size, expected=target.expected_size),
            retryable=True,
        )
    if target.expected_sha256 and state.hexdigest() != target.expected_sha256.lower():
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target.partial)
        raise HubError("checksum", E.CHECKSUM(target=target.label))


def transport_error(exc: Exception, endpoint: str) -> HubError:
    return HubError(
        "offline", E.TRANSPORT(endpoint=endpoint, error=type(exc).__name__), retryable=True
    )
