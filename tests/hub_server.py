"""A loopback Hugging Face Hub for tests: the HTTP API huggingface_hub and Tessera really call.

Two threaded servers share one `HubState`: the *hub* origin (API, `resolve/` with HEAD/ETag/
X-Linked-* and a redirect) and a *cdn* origin on another port that serves file bytes with Range,
as the real Hub's LFS storage does. Faults are queued per file (`cut`, `429`, `500`, `503`) or
set per file (`corrupt`, `ignore_range`); every request is logged for assertions.

    with HubServer() as hub:
        hub.add_repo("owner/name", {"m-Q4_K_M.gguf": b"..."}, tags=["gguf"])
        os.environ["HF_ENDPOINT"] = hub.endpoint
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

PAGE_MAX = 50  # the server's own page cap, so clients must follow Link headers


@dataclass
class HubFile:
    path: str
    data: bytes | None = None  # in memory, or...
    disk: Path | None = None  # ...served from disk with sendfile (benchmarks)
    sha256: str = ""
    size: int = 0
    lfs: bool = True

    def read(self, start: int, end: int) -> bytes:
        if self.data is not None:
            return self.data[start:end]
        assert self.disk is not None
        with open(self.disk, "rb") as f:
            f.seek(start)
            return f.read(end - start)


@dataclass
class HubRepo:
    repo_id: str
    files: dict[str, HubFile]
    sha: str
    tags: list[str]
    downloads: int = 0
    likes: int = 0
    trending: float = 0.0
    last_modified: datetime = field(
        default_factory=lambda: datetime(2026, 1, 1, tzinfo=timezone.utc)
    )
    gated: bool | str = False
    private: bool = False
    token: str | None = None  # the token that unlocks a gated or private repo
    card: str = ""
    gguf: dict | None = None


@dataclass
class RequestRecord:
    origin: str  # "hub" or "cdn"
    method: str
    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)  # when it arrived


class HubState:
    def __init__(self) -> None:
        self.repos: dict[str, HubRepo] = {}
        self.faults: dict[str, deque[str]] = {}
        self.corrupt: set[str] = set()
        self.ignore_range: set[str] = set()
        self.slow: set[str] = set()  # files served at ~5 MB/s, to pause/cancel mid-transfer
        self.requests: list[RequestRecord] = []
        self.lock = threading.Lock()
        self.cdn_base = ""
        self.stopping = threading.Event()
        self.hub_base = ""


def make_payload(n: int, seed: int = 0) -> bytes:
    """Deterministic, non-repeating bytes: a misplaced range always changes the hash."""
    out = bytearray()
    block = seed.to_bytes(4, "little")
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block * 64
    return bytes(out[:n])


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        # Clients that hang up mid-transfer (pause, cancel, the tests' own cuts) are normal.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class HubServer:
    """Start with `with HubServer() as hub:` or `.start()` / `.stop()`."""

    def __init__(self) -> None:
        self.state = HubState()
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ setup API

    def add_repo(
        self,
        repo_id: str,
        files: dict[str, bytes | Path],
        *,
        tags: list[str] | None = None,
        card: str = "",
        **fields,
    ) -> HubRepo:
        hub_files = {}
        for path, content in files.items():
            if isinstance(content, Path):
                sha = _file_sha(content)
                hub_files[path] = HubFile(
                    path, disk=content, sha256=sha, size=content.stat().st_size
                )
            else:
                hub_files[path] = HubFile(
                    path, data=content, sha256=_sha(content), size=len(content)
                )
        if card:
            data = card.encode()
            hub_files["README.md"] = HubFile(
                "README.md", data, sha256=_sha(data), size=len(data), lfs=False
            )
        repo = HubRepo(
            repo_id,
            hub_files,
            sha=hashlib.sha1(repo_id.encode()).hexdigest(),
            tags=list(tags if tags is not None else ["gguf"]),
            card=card,
            **fields,
        )
        self.state.repos[repo_id] = repo
        return repo

    def fault(self, path: str, *faults: str) -> None:
        """Queue faults for the next GETs of a file's bytes: 'cut' (close halfway), 'stall'
        (send half, then nothing for 20 s), '429', '500', '503'; '429@N' asks to wait N s."""
        with self.state.lock:
            self.state.faults.setdefault(path, deque()).extend(faults)

    def requests_for(self, fragment: str, origin: str | None = None) -> list[RequestRecord]:
        with self.state.lock:
            return [
                r
                for r in self.state.requests
                if fragment in r.path and (origin is None or r.origin == origin)
            ]

    @property
    def endpoint(self) -> str:
        return self.state.hub_base

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> HubServer:
        for origin in ("hub", "cdn"):
            handler = type(f"{origin}Handler", (_Handler,), {"state": self.state, "origin": origin})
            server = _QuietServer(("127.0.0.1", 0), handler)
            base = f"http://127.0.0.1:{server.server_address[1]}"
            if origin == "hub":
                self.state.hub_base = base
            else:
                self.state.cdn_base = base
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self.state.stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> HubServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


_MODEL_PATH = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)(?P<rest>/.*)?$")
_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)$")
_CDN = re.compile(r"^/cdn/(?P<repo>[^/]+/[^/]+)/(?P<path>.+)$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: HubState
    origin: str

    def log_message(self, format, *args) -> None:  # noqa: A002 - keep test output quiet
        pass

    # ------------------------------------------------------------------ plumbing

    def _record(self) -> None:
        with self.state.lock:
            self.state.requests.append(
                RequestRecord(
                    self.origin,
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                )
            )

    def _send(
        self, status: int, body: bytes = b"", headers: dict | None = None, ctype="application/json"
    ):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, obj, status: int = 200, headers: dict | None = None) -> None:
        self._send(status, json.dumps(obj).encode(), headers)

    def _error(self, status: int, code: str, message: str) -> None:
        self._json({"error": message}, status, {"X-Error-Code": code, "X-Error-Message": message})

    def _repo_or_error(
        self, repo_id: str, rev: str | None = None, *, files: bool = False
    ) -> HubRepo | None:
        """As the Hub does: a gated repo's metadata is public, its files need an accepted
        license (a token); a private repo without its token does not exist."""
        repo = self.state.repos.get(repo_id)
        authorized = (
            repo is not None and self.headers.get("Authorization") == f"Bearer {repo.token}"
        )
        if repo is None or (repo.private and not authorized):
            self._error(401, "RepoNotFound", "Repository not found")
            return None
        if files and repo.gated and not authorized:
            self._error(
                401, "GatedRepo", "Access to this model is restricted. Accept the conditions."
            )
            return None
        if rev is not None and rev not in ("main", repo.sha):
            self._error(404, "RevisionNotFound", "Invalid rev id")
            return None
        return repo

    # ------------------------------------------------------------------ dispatch

    def do_HEAD(self) -> None:
        self._record()
        self._route()

    def do_GET(self) -> None:
        self._record()
        self._route()

    def do_POST(self) -> None:
        self._record()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        m = _MODEL_PATH.match(urlsplit(self.path).path)
        if m and m["rest"] and m["rest"].startswith("/paths-info/"):
            repo = self._repo_or_error(
                unquote(m["repo"]), unquote(m["rest"][len("/paths-info/") :])
            )
            if repo is None:
                return
            form = parse_qs(body)
            if self.headers.get("Content-Type", "").startswith("application/json"):
                form = {"paths": json.loads(body).get("paths", [])}
            wanted = form.get("paths", [])
            self._json([_entry(f) for p, f in repo.files.items() if p in wanted])
            return
        self._error(404, "EntryNotFound", "not found")

    def _route(self) -> None:
        parts = urlsplit(self.path)
        path, query = unquote(parts.path), parse_qs(parts.query)
        if self.origin == "cdn":
            m = _CDN.match(path)
            if m:
                return self._serve_bytes(m["repo"], m["path"])
            return self._error(404, "EntryNotFound", "not found")
        if path == "/api/models":
            return self._search(query)
        m = _MODEL_PATH.match(parts.path)
        if m:
            return self._model_api(unquote(m["repo"]), m["rest"] or "", query)
        m = _RESOLVE.match(path)
        if m:
            return self._resolve(m["repo"], m["rev"], m["path"])
        self._error(404, "EntryNotFound", "not found")

    # ------------------------------------------------------------------ API

    def _search(self, query: dict) -> None:
        repos = [r for r in self.state.repos.values() if not r.private]
        text = (query.get("search") or [""])[0].lower()
        for tag in query.get("filter", []):
            repos = [r for r in repos if tag in r.tags]
        if text:
            repos = [r for r in repos if text in r.repo_id.lower()]
        key = (query.get("sort") or ["downloads"])[0]
        sort_key = {
            "downloads": lambda r: r.downloads,
            "likes": lambda r: r.likes,
            "trendingScore": lambda r: r.trending,
            "lastModified": lambda r: r.last_modified,
        }.get(key, lambda r: r.downloads)
        repos.sort(key=sort_key, reverse=True)
        cursor = int((query.get("cursor") or ["0"])[0])
        limit = int((query.get("limit") or [str(PAGE_MAX)])[0])
        page = repos[cursor : cursor + min(limit, PAGE_MAX)]
        headers = {}
        if cursor + len(page) < len(repos):
            flat = {k: v for k, v in query.items() if k != "cursor"}
            flat["cursor"] = [str(cursor + len(page))]
            link = f"{self.state.hub_base}/api/models?{urlencode(flat, doseq=True)}"
            headers["Link"] = f'<{link}>; rel="next"'
        self._json([_summary(r) for r in page], headers=headers)

    def _model_api(self, repo_id: str, rest: str, query: dict) -> None:
        rev = None
        if rest.startswith("/revision/"):
            rev, rest = unquote(rest[len("/revision/") :]), ""
        elif rest.startswith("/tree/"):
            tail = rest[len("/tree/") :]
            rev, _, sub = tail.partition("/")
            return self._tree(repo_id, unquote(rev), unquote(sub), query)
        repo = self._repo_or_error(repo_id, rev)
        if repo is None:
            return
        info = _summary(repo)
        info.update(
            sha=repo.sha,
            cardData={"license": _license(repo)} if _license(repo) else None,
            gguf=repo.gguf,
            siblings=[
                {"rfilename": p, **({"size": f.size, "lfs": _lfs(f)} if "blobs" in query else {})}
                for p, f in repo.files.items()
            ],
        )
        if "blobs" in query:
            for s in info["siblings"]:
                if s.get("lfs") is None:
                    s.pop("lfs", None)
        self._json(info)

    def _tree(self, repo_id: str, rev: str, sub: str, query: dict) -> None:
        repo = self._repo_or_error(repo_id, rev)
        if repo is None:
            return
        prefix = sub.strip("/") + "/" if sub else ""
        recursive = (query.get("recursive") or ["false"])[0].lower() == "true"
        entries, folders = [], set()
        for p, f in sorted(repo.files.items()):
            if not p.startswith(prefix):
                continue
            rel = p[len(prefix) :]
            if "/" in rel and not recursive:
                folders.add(prefix + rel.split("/")[0])
                continue
            if "/" in rel:
                folders.update(
                    prefix + "/".join(rel.split("/")[: i + 1]) for i in range(rel.count("/"))
                )
            entries.append(_entry(f))
        result = [
            {"type": "directory", "oid": "0" * 40, "size": 0, "path": d} for d in sorted(folders)
        ]
        self._json(result + entries)

    def _resolve(self, repo_id: str, rev: str, path: str) -> None:
        repo = self._repo_or_error(repo_id, rev, files=True)
        if repo is None:
            return
        f = repo.files.get(path)
        if f is None:
            return self._error(404, "EntryNotFound", f"{path} does not exist")
        common = {"X-Repo-Commit": repo.sha, "Accept-Ranges": "bytes"}
        if not f.lfs:
            data = f.read(0, f.size)
            return self._send(
                200, data, {**common, "ETag": f'"{hashlib.sha1(data).hexdigest()}"'}, "text/plain"
            )
        location = f"{self.state.cdn_base}/cdn/{repo_id}/{quote(path)}"
        headers = {
            **common,
            "Location": location,
            "ETag": f'"{f.sha256}"',
            "X-Linked-Etag": f'"{f.sha256}"',
            "X-Linked-Size": str(f.size),
        }
        self._send(302, b"", headers)

    def _serve_bytes(self, repo_id: str, path: str) -> None:
        repo = self.state.repos.get(repo_id)
        f = repo.files.get(path) if repo else None
        if f is None:
            return self._error(404, "EntryNotFound", "not found")
        fault = None
        if self.command == "GET":
            with self.state.lock:
                queue = self.state.faults.get(path)
                fault = queue.popleft() if queue else None
        if fault and fault.split("@")[0] in ("429", "500", "503"):
            status, _, wait = fault.partition("@")  # "429@2": Retry-After: 2
            return self._send(int(status), b"busy", {"Retry-After": wait or "0"}, "text/plain")
        start, end, status = 0, f.size, 200
        rng = self.headers.get("Range")
        if rng and path not in self.state.ignore_range:
            m = re.match(r"bytes=(\d+)-(\d*)$", rng)
            if not m or int(m[1]) >= f.size:
                return self._send(416, b"", {"Content-Range": f"bytes */{f.size}"})
            start = int(m[1])
            end = int(m[2]) + 1 if m[2] else f.size
            status = 206
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", f'"{f.sha256}"')
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{f.size}")
        self.end_headers()
        if self.command == "HEAD":
            return
        stop = end if fault not in ("cut", "stall") else start + max(1, (end - start) // 2)
        try:
            self.wfile.flush()
            if f.disk is not None and path not in self.state.corrupt:
                with open(f.disk, "rb") as fh:
                    self.connection.sendfile(fh, start, stop - start)
            elif path in self.state.slow:
                for pos in range(start, stop, 32768):
                    self.wfile.write(f.read(pos, min(stop, pos + 32768)))
                    self.wfile.flush()
                    time.sleep(0.006)
            else:
                data = f.read(start, stop)
                if path in self.state.corrupt and data:
                    data = bytes([data[0] ^ 0xFF]) + data[1:]
                self.wfile.write(data)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return
        if fault == "stall":  # keep the connection open, sending nothing, for a long while
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not self.state.stopping.is_set():
                time.sleep(0.02)
        if fault in ("cut", "stall"):
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)


def _license(repo: HubRepo) -> str | None:
    for tag in repo.tags:
        if tag.startswith("license:"):
            return tag[len("license:") :]
    return None


def _summary(repo: HubRepo) -> dict:
    return {
        "_id": repo.sha[:24],
        "id": repo.repo_id,
        "modelId": repo.repo_id,
        "author": repo.repo_id.split("/")[0],
        "downloads": repo.downloads,
        "likes": repo.likes,
        "trendingScore": repo.trending,
        "lastModified": repo.last_modified.isoformat().replace("+00:00", ".000Z"),
        "createdAt": (repo.last_modified - timedelta(days=30))
        .isoformat()
        .replace("+00:00", ".000Z"),
        "gated": repo.gated,
        "private": repo.private,
        "tags": repo.tags,
        "library_name": "gguf",
    }


def _lfs(f: HubFile) -> dict | None:
    if not f.lfs:
        return None
    return {"size": f.size, "sha256": f.sha256, "pointerSize": 135}


def _entry(f: HubFile) -> dict:
    entry = {
        "type": "file",
        "oid": hashlib.sha1(f.path.encode()).hexdigest(),
        "size": f.size,
        "path": f.path,
    }
    if f.lfs:
        entry["lfs"] = {"oid": f.sha256, "size": f.size, "pointerSize": 135}
    return entry


def serve_forever_cli() -> None:  # pragma: no cover - a manual aid: python -m tests.hub_server DIR
    import sys

    folder = Path(sys.argv[1])
    with HubServer() as hub:
        files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*.gguf")}
        hub.add_repo("local/models", files)
        print(f"HF_ENDPOINT={hub.endpoint}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    serve_forever_cli()
