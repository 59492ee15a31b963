"""One file over HTTP into a partial file: Range resume, redirects, streaming sha256."""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from desktop.core.hub.config import HubConfig
from desktop.core.hub.errors import HubError, from_http_status, offline_message

CHUNK = 1 << 20
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
    """sha256 on its own thread: hashlib drops the GIL on large buffers, so hashing overlaps
    with receiving instead of adding a second pass over the file."""

    def __init__(self, initial: hashlib._Hash | None = None) -> None:
        self._hash = initial or hashlib.sha256()
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=32)
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            self._hash.update(chunk)

    def update(self, chunk: bytes) -> None:
        self._queue.put(chunk)

    def close(self) -> hashlib._Hash:
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
    client,
    config: HubConfig,
    target: FileTarget,
    *,
    should_stop: Callable[[], bool],
    on_bytes: Callable[[int], None],
    timeout: float = 30.0,
) -> None:
    """Continue `target.partial` until complete, then check size and sha256.

    Raises Interrupted (paused/cancelled), HubError (retryable or not) or httpx2 transport
    errors (the caller retries those). A checksum mismatch deletes the partial.
    """
    import httpx2

    partial = target.partial
    partial.parent.mkdir(parents=True, exist_ok=True)
    state, offset = hash_prefix(partial)
    if target.expected_size is not None and offset > target.expected_size:
        partial.unlink()
        state, offset = hashlib.sha256(), 0
    if target.expected_size is None or offset < target.expected_size:
        state, offset = _stream(
            client, httpx2, config, target, state, offset, should_stop, on_bytes, timeout
        )
    _verify(target, state, offset)


def _stream(client, httpx2, config, target, state, offset, should_stop, on_bytes, timeout):
    url = target.url
    for _ in range(MAX_REDIRECTS + 1):
        headers = {"Accept-Encoding": "identity", "User-Agent": "tessera"}
        headers.update(config.auth_headers(url))  # dropped when redirected off the endpoint
        if offset:
            headers["Range"] = f"bytes={offset}-"
        request = client.build_request(
            "GET", url, headers=headers, timeout=httpx2.Timeout(timeout, connect=10.0)
        )
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise HubError("protocol", f"Redirect without a location for {target.label}.")
                url = urljoin(url, location)
                continue
            if response.status_code == 416 and target.expected_size == offset:
                return state, offset
            if response.status_code >= 400:
                repo = target.label.split("/", 2)
                raise from_http_status(
                    response.status_code,
                    repo_id="/".join(repo[:2]),
                    endpoint=config.endpoint,
                    error_code=response.headers.get("X-Error-Code"),
                    what=target.label,
                )
            mode = "ab"
            if offset and response.status_code == 200:
                # The server ignored Range: start over rather than append a second copy.
                state, offset, mode = hashlib.sha256(), 0, "wb"
            elif offset and not response.headers.get("Content-Range", "").startswith(
                f"bytes {offset}-"
            ):
                raise HubError(
                    "protocol", f"The server sent the wrong byte range for {target.label}."
                )
            hasher = StreamingHasher(state)
            try:
                with open(target.partial, mode) as out:
                    for chunk in response.iter_raw(CHUNK):
                        if should_stop():
                            raise Interrupted()
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
            response.close()
    raise HubError("protocol", f"Too many redirects for {target.label}.")


def _disk_error(exc: OSError, target: FileTarget) -> HubError:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return HubError(
            "disk_full",
            f"The disk is full while writing {target.label}. Free some space and resume: "
            "the part already downloaded is kept.",
        )
    return HubError("disk_full", f"Cannot write {target.partial}: {exc.strerror or exc}.")


def _verify(target: FileTarget, state, size: int) -> None:
    if target.expected_size is not None and size != target.expected_size:
        raise HubError(
            "protocol",
            f"{target.label} ended at {size} bytes, {target.expected_size} expected.",
            retryable=True,
        )
    if target.expected_sha256 and state.hexdigest() != target.expected_sha256.lower():
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target.partial)
        raise HubError(
            "checksum",
            f"{target.label} failed its checksum (sha256 differs from the Hub's): the damaged "
            "download was deleted. Try again; if it repeats, the mirror may be serving bad data.",
        )


def transport_error(exc: Exception, endpoint: str) -> HubError:
    return HubError(
        "offline", f"{offline_message(endpoint)} ({type(exc).__name__})", retryable=True
    )
