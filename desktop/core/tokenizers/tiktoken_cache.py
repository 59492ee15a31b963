"""tiktoken encodings that work offline: a verified cache under the data dir, primed from bundles.

tiktoken itself downloads an encoding's ranks file on first use (no timeout) and caches it
under `sha1(url)` in TIKTOKEN_CACHE_DIR. Tessera keeps the same layout in
`DataPaths.tiktoken_cache` (so either can use the other's files), fills it from
`resources/tiktoken/<name>.tiktoken` when those are shipped, downloads only when allowed and
with a timeout, and checks every file against tiktoken's expected SHA-256. A missing encoding
is a `TiktokenEncodingMissing` with a message, raised before any network is tried when
downloads are off.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import tempfile
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.core.tokenizers import base as E
from desktop.core.tokenizers.base import TokenizerError

#: The encodings the panel offers by default, newest first.
MAX_RANKS_FILE_BYTES = 64_000_000
DEFAULT_ENCODINGS = ("o200k_base", "cl100k_base", "p50k_base", "r50k_base")

#: A usual pre-tokenizer for a ranks file loaded without a known definition (cl100k_base's).
CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)


class TiktokenEncodingMissing(TokenizerError):
    """The encoding's file is neither cached nor bundled, and could not be downloaded."""

    def __init__(self, name: str, cache_dir: Path, reason: str = "") -> None:
        message = (
            E.ENCODING_OFFLINE_BECAUSE(name=name, reason=reason)
            if reason
            else E.ENCODING_OFFLINE(name=name)
        )
        super().__init__(message, E.ENCODING_OFFLINE_HINT(name=name, folder=str(cache_dir)))
        self.name = name
        self.cache_dir = cache_dir


def cache_key(url: str) -> str:
    """tiktoken's cache file name for a download URL."""
    return hashlib.sha1(url.encode()).hexdigest()


def parse_ranks(contents: bytes, source: str = "") -> dict[bytes, int]:
    """tiktoken's file format: one `base64(token) rank` per line."""
    ranks: dict[bytes, int] = {}
    for number, line in enumerate(contents.splitlines(), start=1):
        if not line:
            continue
        try:
            token, rank = line.split()
            ranks[base64.b64decode(token, validate=True)] = int(rank)
        except ValueError as exc:  # binascii.Error too
            raise TokenizerError(
                E.NOT_RANKS_FILE(source=source or "The encoding file", line=number)
            ) from exc
    if not ranks:
        raise TokenizerError(E.NO_TOKENS(source=source or "The encoding file"))
    return ranks


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class TiktokenCache:
    """Loads tiktoken encodings by name without ever blocking on the network unasked."""

    def __init__(
        self,
        cache_dir: Path,
        bundled_dir: Path | None = None,
        *,
        allow_download: bool = False,
        download_timeout: float = 15.0,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.bundled_dir = bundled_dir
        self.allow_download = allow_download
        self.download_timeout = download_timeout

    @classmethod
    def for_data_paths(cls, paths: Any, *, allow_download: bool = True) -> TiktokenCache:
        from desktop.core.resources import resource_path

        return cls(paths.tiktoken_cache, resource_path("tiktoken"), allow_download=allow_download)

    # ------------------------------------------------------------------ names

    @staticmethod
    def known_names() -> list[str]:
        """Encodings tiktoken defines whose files are in tiktoken's own format."""
        constructors = _constructors()
        names = [n for n in DEFAULT_ENCODINGS if n in constructors]
        names += sorted(
            n for n, fn in constructors.items() if n not in names and _uses_tiktoken_file(fn)
        )
        return names

    def is_available(self, name: str) -> bool:
        """True when `name` loads without the network."""
        return any(self._local_file(url) is not None for url in _urls_of(name))

    def _bundled_file(self, url: str) -> Path | None:
        if self.bundled_dir is None:
            return None
        candidate = self.bundled_dir / url.rsplit("/", 1)[-1]
        return candidate if candidate.is_file() else None

    def _local_file(self, url: str) -> Path | None:
        cached = self.cache_dir / cache_key(url)
        if cached.is_file():
            return cached
        return self._bundled_file(url)

    def prime_from_bundle(self) -> list[str]:
        """Copy shipped encodings into the cache; returns the names copied."""
        copied = []
        for name in self.known_names():
            for url in _urls_of(name):
                bundled = self._bundled_file(url)
                target = self.cache_dir / cache_key(url)
                if bundled is not None and not target.exists():
                    _write_atomic(target, bundled.read_bytes())
                    copied.append(name)
        return copied

    # ------------------------------------------------------------------ loading

    def read_ranks_file(self, name: str, url: str, expected_hash: str | None) -> bytes:
        """The verified bytes of one ranks file: cache, then bundle, then (if allowed) network."""
        target = self.cache_dir / cache_key(url)
        if target.is_file():
            data = target.read_bytes()
            if expected_hash is None or _sha256(data) == expected_hash:
                return data
            target.unlink(missing_ok=True)  # damaged: fall through to a fresh copy
        bundled = self._bundled_file(url)
        if bundled is not None:
            data = bundled.read_bytes()
            if expected_hash is None or _sha256(data) == expected_hash:
                self._store(target, data)
                return data
        if not self.allow_download:
            raise TiktokenEncodingMissing(name, self.cache_dir, "downloads are off")
        data = self._download(name, url)
        if expected_hash is not None and _sha256(data) != expected_hash:
            raise TiktokenEncodingMissing(name, self.cache_dir, "the download was damaged")
        self._store(target, data)
        return data

    def _store(self, target: Path, data: bytes) -> None:
        # a read-only data dir still works: it re-reads the bundle next time
        with contextlib.suppress(OSError):
            _write_atomic(target, data)

    def _download(self, name: str, url: str) -> bytes:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=self.download_timeout) as response:
                return response.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise TiktokenEncodingMissing(
                name, self.cache_dir, f"download failed: {reason}"
            ) from exc

    def load(self, name: str):
        """A `tiktoken.Encoding` for a known name (see `known_names()`)."""
        import tiktoken

        constructors = _constructors()
        if name not in constructors:
            known = ", ".join(self.known_names())
            raise TokenizerError(E.UNKNOWN_ENCODING(name=name), E.KNOWN_ENCODINGS(names=known))
        if not _uses_tiktoken_file(constructors[name]):
            raise TokenizerError(E.OLD_FORMAT(name=name), E.OLD_FORMAT_HINT())

        def load_tiktoken_bpe(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
            return parse_ranks(self.read_ranks_file(name, url, expected_hash), f"{name}.tiktoken")

        definition = _rebound(constructors, load_tiktoken_bpe)[name]()
        return tiktoken.Encoding(
            name=definition["name"],
            pat_str=definition["pat_str"],
            mergeable_ranks=definition["mergeable_ranks"],
            special_tokens=definition["special_tokens"],
            explicit_n_vocab=definition.get("explicit_n_vocab"),
        )

    @staticmethod
    def load_file(
        path: Path,
        *,
        name: str | None = None,
        pat_str: str = CL100K_PATTERN,
        special_tokens: dict[str, int] | None = None,
    ):
        """An encoding from a local ranks file (custom vocabularies, tests)."""
        import tiktoken

        from desktop.core.userfiles import AS_VOCABULARY, FileReadError, read_capped

        path = Path(path)
        try:  # o200k_base is 3.6 MB; a path to /dev/zero must not fill memory
            data = read_capped(path, MAX_RANKS_FILE_BYTES, AS_VOCABULARY())
        except FileReadError as exc:
            raise TokenizerError(exc.user_message, exc.user_hint) from exc
        ranks = parse_ranks(data, path.name)
        specials = dict(special_tokens or {})
        if not specials:
            specials = {"<|endoftext|>": max(ranks.values()) + 1}
        return tiktoken.Encoding(
            name=name or path.stem, pat_str=pat_str, mergeable_ranks=ranks, special_tokens=specials
        )


# ---------------------------------------------------------------------- tiktoken's definitions


def _constructors() -> dict[str, Callable[[], dict]]:
    from tiktoken_ext import openai_public

    return dict(openai_public.ENCODING_CONSTRUCTORS)


def _uses_tiktoken_file(fn: Callable) -> bool:
    names = fn.__code__.co_names
    return "load_tiktoken_bpe" in names or any(
        n in _constructors() and n != fn.__name__ for n in names
    )


def _urls_of(name: str) -> list[str]:
    """The ranks files `name` needs, read from its definition without running it."""
    constructors = _constructors()
    fn = constructors.get(name)
    if fn is None:
        return []
    urls = [c for c in fn.__code__.co_consts if isinstance(c, str) and c.endswith(".tiktoken")]
    for other in fn.__code__.co_names:
        if other in constructors and other != name:
            urls += _urls_of(other)
    return urls


def _rebound(
    constructors: dict[str, Callable[[], dict]], loader: Callable[..., dict[bytes, int]]
) -> dict[str, Callable[[], dict]]:
    """tiktoken's constructors with our loader in place of its downloading one.

    Running tiktoken's own functions keeps its exact patterns and special tokens (no copy
    to drift); only where the bytes come from changes. Pinned tiktoken; tested.
    """
    first = next(iter(constructors.values()))
    namespace = dict(first.__globals__)
    namespace["load_tiktoken_bpe"] = loader
    rebound: dict[str, Callable[[], dict]] = {
        name: types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__)
        for name, fn in constructors.items()
    }
    namespace.update(rebound)
    return rebound
