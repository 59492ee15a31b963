"""tiktoken offline: bundled encodings prime the cache, missing ones fail fast and clearly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.core.resources import resource_path
from desktop.core.tokenizers import TiktokenCache, TiktokenEncodingMissing, TokenizerRegistry
from desktop.core.tokenizers.tiktoken_cache import cache_key

CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
TEXTS = [
    "Hello, world! Tokens are what models read.",
    "中文文本必须正确地分词、渲染、搜索和导出。",
    "emoji 👨‍👩‍👧 NUL\x00 RTL שלום <|endoftext|> tail",
]


@pytest.fixture(scope="module")
def primed_cache(tmp_path_factory: pytest.TempPathFactory) -> TiktokenCache:
    cache = TiktokenCache(tmp_path_factory.mktemp("tiktoken"), resource_path("tiktoken"))
    cache.prime_from_bundle()
    return cache


def test_bundled_files_are_tiktokens_own(primed_cache: TiktokenCache) -> None:
    for name in ("o200k_base", "cl100k_base", "p50k_base", "r50k_base"):
        assert primed_cache.is_available(name), name
    cached = primed_cache.cache_dir / cache_key(CL100K_URL)
    assert hashlib.sha256(cached.read_bytes()).hexdigest() == CL100K_SHA256


def test_ids_equal_tiktokens_own(primed_cache: TiktokenCache, monkeypatch) -> None:
    import tiktoken

    # tiktoken reads the same cache layout: point it there so it never goes online either.
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(primed_cache.cache_dir))
    registry = TokenizerRegistry(primed_cache)
    for name in ("cl100k_base", "o200k_base"):
        ours = registry.get(f"tiktoken:{name}")
        theirs = tiktoken.get_encoding(name)
        for text in TEXTS:
            assert ours.encode(text) == theirs.encode(text, allowed_special="all"), (name, text)
            assert ours.encode(text, parse_special=False) == theirs.encode(
                text, disallowed_special=()
            )
    registry.close()


def test_chinese_costs_more_in_older_encodings(primed_cache: TiktokenCache) -> None:
    registry = TokenizerRegistry(primed_cache)
    text = TEXTS[1]
    r50k = registry.get("tiktoken:r50k_base").tokenize(text).counts
    cl100k = registry.get("tiktoken:cl100k_base").tokenize(text).counts
    assert r50k.tokens > cl100k.tokens
    assert r50k.ratio_to(cl100k) == pytest.approx(r50k.tokens / cl100k.tokens)


def test_missing_encoding_fails_without_touching_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a missing encoding must not reach for the network unasked")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    cache = TiktokenCache(tmp_path / "empty-cache", bundled_dir=tmp_path / "no-bundle")
    with pytest.raises(TiktokenEncodingMissing) as err:
        TokenizerRegistry(cache).get("tiktoken:cl100k_base")
    message = str(err.value)
    assert "downloads are off" in message
    assert "cl100k_base" in message and str(tmp_path / "empty-cache") in message
    assert err.value.name == "cl100k_base"


def test_damaged_cache_file_is_replaced_from_the_bundle(tmp_path: Path) -> None:
    cache = TiktokenCache(tmp_path / "cache", resource_path("tiktoken"))
    target = cache.cache_dir / cache_key(CL100K_URL)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"half a download")
    encoding = cache.load("cl100k_base")
    assert encoding.encode("hello world") == [15339, 1917]
    assert hashlib.sha256(target.read_bytes()).hexdigest() == CL100K_SHA256


def test_unknown_and_unsupported_names(tmp_path: Path) -> None:
    cache = TiktokenCache(tmp_path)
    with pytest.raises(Exception, match="no encoding named 'nope'"):
        cache.load("nope")
    assert "gpt2" not in cache.known_names()
    assert cache.known_names()[:4] == ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"]
