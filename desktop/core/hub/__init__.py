"""Hugging Face Hub: search, GGUF file listings, and reliable verified downloads."""

from desktop.core.hub.config import HubConfig, TokenStore, resolve_endpoint
from desktop.core.hub.errors import HubError
from desktop.core.hub.jobs import DownloadSnapshot
from desktop.core.hub.manager import DownloadManager, InstalledDownload
from desktop.core.hub.names import parse_quantization, parse_split, validate_gguf_name
from desktop.core.hub.search import (
    SORT_KEYS,
    HubService,
    RemoteFile,
    RemoteModel,
    RepoListing,
    SearchPage,
    SearchResult,
)

__all__ = [
    "SORT_KEYS",
    "DownloadManager",
    "DownloadSnapshot",
    "HubConfig",
    "HubError",
    "HubService",
    "InstalledDownload",
    "RemoteFile",
    "RemoteModel",
    "RepoListing",
    "SearchPage",
    "SearchResult",
    "TokenStore",
    "parse_quantization",
    "parse_split",
    "resolve_endpoint",
    "validate_gguf_name",
]
