"""Search the Hub for GGUF repos and list a repo's GGUF files, through huggingface_hub."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeVar
from urllib.parse import quote

from desktop.core.hub import errors as E
from desktop.core.hub.config import HubConfig
from desktop.core.hub.errors import HubError, from_http_status, offline_message
from desktop.core.hub.jobs import listed_sha256, listed_size
from desktop.core.hub.names import (
    group_gguf_files,
    is_projector,
    parse_quantization,
    parse_split,
    split_complete,
    validate_gguf_name,
    validate_repo_id,
)
from desktop.core.hub.remote_header import read_remote_meta

SortKey = Literal["downloads", "likes", "trending", "updated"]
SORT_KEYS: tuple[SortKey, ...] = ("downloads", "likes", "trending", "updated")
_HF_SORT = {
    "downloads": "downloads",
    "likes": "likes",
    "trending": "trending_score",
    "updated": "last_modified",
}
_EXPAND = ["author", "downloads", "likes", "lastModified", "gated", "tags", "trendingScore"]
T = TypeVar("T")
MAX_INTERACTIVE_WAIT = 5.0  # seconds a search or listing may wait before retrying


@dataclass(frozen=True)
class SearchResult:
    repo_id: str
    author: str
    downloads: int
    likes: int
    last_modified: datetime | None
    license: str | None
    gated: bool
    base_model: str | None


@dataclass(frozen=True)
class SearchPage:
    query: str
    sort: SortKey
    page: int  # 0-based
    page_size: int
    results: tuple[SearchResult, ...]
    has_more: bool


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int | None
    sha256: str | None  # from the Hub's LFS metadata; None for non-LFS files

    def __post_init__(self) -> None:
        # A listing is the server's word: a negative or absurd size is shown and used as
        # unknown (see jobs.listed_size), never as a number to subtract from or allocate.
        object.__setattr__(self, "size", listed_size(self.size))
        object.__setattr__(self, "sha256", listed_sha256(self.sha256))


@dataclass(frozen=True)
class RemoteModel:
    """One downloadable model: a single .gguf or every part of a split."""

    name: str  # the first file's path (what the user picks)
    files: tuple[RemoteFile, ...]
    quantization: str | None
    complete: bool  # False when a split is missing parts on the Hub
    projector: bool  # mmproj-*: a vision adapter, not a chat model

    @property
    def size(self) -> int | None:
        sizes = [f.size for f in self.files]
        return None if any(s is None for s in sizes) else sum(s for s in sizes if s is not None)

    @property
    def is_split(self) -> bool:
        return len(self.files) > 1 or parse_split(self.name) is not None


@dataclass(frozen=True)
class RepoListing:
    repo_id: str
    revision: str  # the commit sha: downloads pin it so a resume gets the same bytes
    gated: bool
    license: str | None
    architecture: str | None
    n_params: int | None  # from the Hub's GGUF summary, when it has one
    context_length: int | None
    models: tuple[RemoteModel, ...]
    rejected: tuple[str, ...] = field(default=())  # unsafe .gguf names we will not offer

    def find(self, filename: str) -> RemoteModel | None:
        for model in self.models:
            if model.name == filename or any(f.path == filename for f in model.files):
                return model
        return None


def _tag_value(tags: list[str] | None, prefix: str) -> str | None:
    for tag in tags or ():
        if tag.startswith(prefix) and ":" not in tag[len(prefix) :]:
            return tag[len(prefix) :]
    return None


def translate_error(exc: BaseException, *, endpoint: str, repo_id: str = "") -> HubError:
    """huggingface_hub / httpx2 exceptions -> HubError with a clear sentence."""
    import httpx2
    from huggingface_hub import errors as hf_errors

    if isinstance(exc, HubError):
        return exc
    if isinstance(exc, hf_errors.OfflineModeIsEnabled):
        return HubError("offline", E.OFFLINE_MODE())
    if isinstance(exc, hf_errors.HfHubHTTPError) and exc.response is not None:
        response = exc.response
        code = response.headers.get("X-Error-Code")
        if isinstance(exc, hf_errors.GatedRepoError):
            code = "GatedRepo"
        return from_http_status(
            response.status_code,
            repo_id=repo_id,
            endpoint=endpoint,
            error_code=code,
            retry_after=response.headers.get("Retry-After"),
        )
    if isinstance(exc, httpx2.HTTPStatusError):
        return from_http_status(
            exc.response.status_code,
            repo_id=repo_id,
            endpoint=endpoint,
            retry_after=exc.response.headers.get("Retry-After"),
        )
    if isinstance(exc, (httpx2.TransportError, ConnectionError, TimeoutError)):
        return HubError("offline", offline_message(endpoint), retryable=True)
    return HubError("protocol", E.UNEXPECTED_REPLY(endpoint=endpoint, detail=str(exc)))


class HubService:
    """Search and listing. Thread-safe (stateless apart from its config); blocking calls."""

    def __init__(
        self,
        config: HubConfig,
        *,
        timeout: float = 20.0,
        retries: int = 3,
        backoff_base: float = 1.0,
    ) -> None:
        self.config = config
        self.timeout = timeout
        self.retries = retries
        self.backoff_base = backoff_base

    def _api(self):
        from huggingface_hub import HfApi

        # token=False: never fall back to a token huggingface_hub finds on disk, which could
        # then be sent to a mirror the user configured.
        return HfApi(
            endpoint=self.config.endpoint,
            token=self.config.token or False,
            library_name="tessera",
        )

    def _preflight(self) -> None:
        """One TCP connect before a search: huggingface_hub's pager retries a dead network
        for ~25 s, and a user typing a query deserves a fast 'you are offline'."""
        import socket
        from urllib.parse import urlsplit
        from urllib.request import getproxies

        parts = urlsplit(self.config.endpoint)
        if parts.scheme in getproxies():
            return  # the proxy, not us, reaches the endpoint
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            socket.create_connection((parts.hostname, port), timeout=min(self.timeout, 10)).close()
        except OSError as exc:
            raise HubError("offline", offline_message(self.config.endpoint)) from exc

    def _call(self, fn: Callable[[], T], repo_id: str = "") -> T:
        for attempt in range(self.retries + 1):
            try:
                return fn()
            except Exception as exc:  # translated below; nothing escapes untyped
                error = translate_error(exc, endpoint=self.config.endpoint, repo_id=repo_id)
                delay = max(self.backoff_base * (2**attempt), error.retry_after or 0.0)
                # Browsing waits a few seconds at most; a longer Retry-After is said, not slept.
                if not error.retryable or attempt == self.retries or delay > MAX_INTERACTIVE_WAIT:
                    raise error from exc
                time.sleep(delay)
        raise AssertionError("unreachable")

    def search(
        self, query: str, sort: SortKey = "downloads", page: int = 0, page_size: int = 30
    ) -> SearchPage:
        """GGUF repos matching `query`. Page n re-asks for (n+1)*page_size items and keeps the
        tail, because the Hub's cursors are not addressable by page number."""
        if sort not in _HF_SORT:
            raise ValueError(f"sort must be one of {SORT_KEYS}")
        want = (page + 1) * page_size

        def run() -> list:
            api = self._api()
            return list(
                api.list_models(
                    search=query.strip() or None,
                    filter="gguf",
                    sort=_HF_SORT[sort],
                    limit=want + 1,  # one extra tells whether another page exists
                    expand=_EXPAND,
                )
            )

        self._preflight()
        infos = self._call(run)
        results = tuple(self._to_result(i) for i in infos[page * page_size : want])
        return SearchPage(query, sort, page, page_size, results, has_more=len(infos) > want)

    @staticmethod
    def _to_result(info) -> SearchResult:
        tags = info.tags or []
        repo_id = info.id
        card = info.card_data
        license_ = _tag_value(tags, "license:") or (
            getattr(card, "license", None) if card else None
        )
        base = _tag_value(tags, "base_model:")
        if base is None:
            for tag in tags:
                if tag.startswith("base_model:") and tag.count(":") == 2:
                    base = tag.split(":", 2)[2]
                    break
        return SearchResult(
            repo_id=repo_id,
            author=info.author or repo_id.split("/")[0],
            downloads=int(info.downloads or 0),
            likes=int(info.likes or 0),
            last_modified=info.last_modified,
            license=license_,
            gated=bool(info.gated),
            base_model=base,
        )

    def list_files(self, repo_id: str, revision: str | None = None) -> RepoListing:
        """Every .gguf in the repo (subfolders too), split parts grouped, with LFS sha256."""
        validate_repo_id(repo_id)
        self._preflight()
        info = self._call(
            lambda: self._api().model_info(repo_id, revision=revision, files_metadata=True),
            repo_id,
        )
        files: dict[str, RemoteFile] = {}
        rejected = []
        for sibling in info.siblings or []:
            name = sibling.rfilename
            if not name.lower().endswith(".gguf"):
                continue
            try:
                validate_gguf_name(name)
            except HubError:
                rejected.append(name)
                continue
            lfs = sibling.lfs
            size = lfs.size if lfs is not None else sibling.size
            files[name] = RemoteFile(name, size, lfs.sha256 if lfs is not None else None)
        models = []
        for group in group_gguf_files(sorted(files)):
            models.append(
                RemoteModel(
                    name=group[0],
                    files=tuple(files[n] for n in group),
                    quantization=parse_quantization(group[0]),
                    complete=split_complete(group),
                    projector=is_projector(group[0]),
                )
            )
        gguf = info.gguf or {}
        card = info.card_data
        return RepoListing(
            repo_id=info.id or repo_id,
            revision=info.sha or revision or "main",
            gated=bool(info.gated),
            license=_tag_value(info.tags, "license:")
            or (getattr(card, "license", None) if card else None),
            architecture=gguf.get("architecture"),
            n_params=gguf.get("total"),
            context_length=gguf.get("context_length"),
            models=tuple(models),
            rejected=tuple(rejected),
        )

    def model_meta(self, listing: RepoListing):
        """The GGUF header (desktop.core.gguf.GGUFMeta) of the repo's smallest model,
        read with a Range request; quantizations of one model share its shape, so one header
        gives exact layer counts and KV sizes for every file. None when unavailable."""
        candidates = [
            m for m in listing.models if m.complete and not m.projector and m.files[0].size
        ]
        if not candidates:
            return None
        smallest = min(candidates, key=lambda m: m.files[0].size or 0)
        first = smallest.files[0]
        return read_remote_meta(
            self.config,
            listing.repo_id,
            listing.revision,
            first.path,
            first.size or 0,
            self.timeout,
        )

    def model_card(self, repo_id: str, revision: str = "main") -> str:
        """The repo's README as Markdown without its YAML header; '' when there is none."""
        from huggingface_hub.utils import build_hf_headers, get_session

        validate_repo_id(repo_id)
        url = f"{self.config.endpoint}/{repo_id}/resolve/{quote(revision, safe='')}/README.md"

        def run() -> str:
            headers = build_hf_headers(token=self.config.token or False)
            headers.pop("authorization", None)
            headers.update(self.config.auth_headers(url))
            response = get_session().get(url, headers=headers, timeout=self.timeout)
            if response.status_code == 404:
                return ""
            if response.status_code >= 400:
                raise from_http_status(
                    response.status_code,
                    repo_id=repo_id,
                    endpoint=self.config.endpoint,
                    error_code=response.headers.get("X-Error-Code"),
                    retry_after=response.headers.get("Retry-After"),
                )
            return response.text

        return strip_front_matter(self._call(run, repo_id))


def strip_front_matter(markdown: str) -> str:
    if markdown.startswith("---"):
        end = markdown.find("\n---", 3)
        if end != -1:
            return markdown[end + 4 :].lstrip("\n")
    return markdown
