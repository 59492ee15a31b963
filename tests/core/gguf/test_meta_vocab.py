"""gguf_meta on big vocabularies: every token found exactly, and cut or lying files refused."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np
import pytest

from desktop.core.gguf import GGUFError, read_gguf_meta

_N_VOCAB = 130_000
_CONTROL = 3


def _str(value: bytes) -> bytes:
    return struct.pack("<Q", len(value)) + value


def _kv_string(key: str, value: str) -> bytes:
    return _str(key.encode()) + struct.pack("<I", 8) + _str(value.encode())


def _kv_u32(key: str, value: int) -> bytes:
    return _str(key.encode()) + struct.pack("<II", 4, value)


def _kv_strings(key: str, values: list[bytes]) -> bytes:
    return (
        _str(key.encode())
        + struct.pack("<IIQ", 9, 8, len(values))
        + b"".join(_str(v) for v in values)
    )


def _kv_i32s(key: str, values: list[int]) -> bytes:
    return (
        _str(key.encode())
        + struct.pack("<IIQ", 9, 5, len(values))
        + np.asarray(values, dtype="<i4").tobytes()
    )


def _write_vocab_gguf(
    path: Path, tokens: list[bytes], types: list[int], merges: list[bytes], weights: bool = True
):
    """A llama GGUF written byte by byte: tokens, types, merges, then keys that must still be
    found after them, and one small tensor (none without `weights`, like llama.cpp's
    vocabulary-only files). Returns (file bytes, where the tokens start)."""
    head = [
        _kv_string("general.architecture", "llama"),
        _kv_string("general.name", "big vocab"),
        _kv_u32("llama.context_length", 4096),
        _kv_string("tokenizer.ggml.model", "gpt2"),
    ]
    tail = [
        _kv_i32s("tokenizer.ggml.token_type", types),
        _kv_strings("tokenizer.ggml.merges", merges),
        _kv_u32("tokenizer.ggml.bos_token_id", 1),
        _kv_u32("tokenizer.ggml.eos_token_id", len(tokens) - 1),
        _kv_string("tokenizer.chat_template", "{{ messages }}"),
    ]
    tokens_kv = _kv_strings("tokenizer.ggml.tokens", tokens)
    kvs = [*head, tokens_kv, *tail]
    header = b"GGUF" + struct.pack("<IQQ", 3, int(weights), len(kvs))
    tokens_at = len(header) + sum(map(len, head)) + len(tokens_kv) - sum(8 + len(t) for t in tokens)
    body = header + b"".join(kvs)
    if weights:
        body += _str(b"output_norm.weight") + struct.pack("<IQIQ", 1, 4, 0, 0)  # 4 x F32
        body += b"\0" * (-len(body) % 32) + np.ones(4, dtype="<f4").tobytes()
    path.write_bytes(body)
    return body, tokens_at


def _vocab(seed: int = 1) -> tuple[list[bytes], list[int]]:
    """Mostly short tokens, with what real vocabularies also hold: an empty token, tokens of
    256+ bytes, runs of NUL bytes, Chinese, and control tokens spread through the list."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 12, _N_VOCAB)
    letters = rng.integers(97, 123, int(lengths.sum()), dtype=np.uint8).tobytes()
    tokens, at = [], 0
    for n in lengths.tolist():
        tokens.append(letters[at : at + n])
        at += n
    tokens[2] = b""
    tokens[3] = b"\0" * 9 + b"x"  # looks like a length field inside a string
    tokens[4] = b"a" + b"\0" * 7  # and one ending in zeros
    tokens[500] = "你好".encode() * 50  # 300 bytes
    tokens[70_000] = b" " * 1000
    tokens[70_001] = b""
    types = [1] * _N_VOCAB
    for i in (0, 1, 5, 999, 64_000, 129_998, _N_VOCAB - 1):
        tokens[i] = f"<|control_{i}|>".encode()
        types[i] = _CONTROL
    tokens[129_998] = "<|结束|>".encode()
    return tokens, types


@pytest.fixture(scope="module")
def big_vocab(tmp_path_factory) -> tuple[Path, bytes, int, list[bytes], list[int]]:
    tokens, types = _vocab()
    merges = [b"%s %s" % (tokens[i], tokens[i + 1]) for i in range(10, 120_010)]
    path = tmp_path_factory.mktemp("vocab") / "big.gguf"
    data, tokens_at = _write_vocab_gguf(path, tokens, types, merges)
    return path, data, tokens_at, tokens, types


def test_every_token_of_a_big_vocabulary_is_found(big_vocab) -> None:
    path, _, _, tokens, types = big_vocab
    meta = read_gguf_meta(path)
    assert meta.n_vocab == _N_VOCAB
    expected = {tokens[i].decode(): i for i, t in enumerate(types) if t == _CONTROL}
    assert meta.control_tokens == expected
    assert meta.control_tokens["<|结束|>"] == 129_998
    assert meta.bos_token == "<|control_1|>"
    assert meta.eos_token == f"<|control_{_N_VOCAB - 1}|>"
    # keys after the 130k tokens and 120k merges are read from the right place
    assert meta.chat_template == "{{ messages }}"
    assert meta.metadata["tokenizer.ggml.merges"] == "<array[120000]>"
    assert meta.n_tensors == 1 and meta.n_params == 4


@pytest.mark.parametrize(
    "where", ["first token", "middle of the tokens", "inside the long token", "merges", "data"]
)
def test_a_cut_big_vocabulary_is_refused(big_vocab, tmp_path: Path, where: str) -> None:
    path, data, tokens_at, tokens, _ = big_vocab
    token_end = tokens_at + sum(8 + len(t) for t in tokens[:500])
    cut_at = {
        "first token": tokens_at + 5,
        "middle of the tokens": tokens_at + len(data) // 4,
        "inside the long token": token_end + 8 + 100,
        "merges": len(data) - 200_000,
        "data": len(data) - 3,
    }[where]
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(data[:cut_at])
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(cut)
    assert err.value.kind == "corrupt"
    assert "truncated" in err.value.message
    assert "download it again" in err.value.hint


def test_a_token_length_that_lies_is_refused(big_vocab, tmp_path: Path) -> None:
    _, data, tokens_at, tokens, _ = big_vocab
    for length in (2**63, len(data)):  # far past the end; just past it
        broken = bytearray(data)
        at = tokens_at + sum(8 + len(t) for t in tokens[:1000])
        broken[at : at + 8] = struct.pack("<Q", length)
        bad = tmp_path / f"lie-{length}.gguf"
        bad.write_bytes(bytes(broken))
        with pytest.raises(GGUFError) as err:
            read_gguf_meta(bad)
        assert err.value.kind == "corrupt"


def test_a_token_count_that_lies_is_refused(big_vocab, tmp_path: Path) -> None:
    _, data, tokens_at, _, _ = big_vocab
    broken = bytearray(data)
    broken[tokens_at - 8 : tokens_at] = struct.pack("<Q", 2**40)  # the array's count
    bad = tmp_path / "count.gguf"
    bad.write_bytes(bytes(broken))
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(bad)
    assert err.value.kind == "corrupt" and "truncated" in err.value.message


@pytest.mark.parametrize("shape", ["empty tokens", "a huge first token", "all long tokens"])
def test_unusual_vocabularies_are_read_exactly(tmp_path: Path, shape: str) -> None:
    n = 20_000
    if shape == "empty tokens":
        tokens = [b""] * n
    elif shape == "a huge first token":
        tokens = [b"x" * 3_000_000] + [b"ab"] * (n - 1)
    else:
        tokens = [b"%05d" % i * 60 for i in range(n)]  # 300 bytes each
    types = [1] * n
    for i in (7, n - 2):
        tokens[i] = f"<|c{i}|>".encode()
        types[i] = _CONTROL
    path = tmp_path / "odd.gguf"
    _write_vocab_gguf(path, tokens, types, merges=[b"a b"] * 300)
    meta = read_gguf_meta(path)
    assert meta.n_vocab == n
    assert meta.control_tokens == {"<|c7|>": 7, f"<|c{n - 2}|>": n - 2}
    assert meta.chat_template == "{{ messages }}"


def test_a_refused_file_is_not_left_open(big_vocab, tmp_path: Path) -> None:
    """A file llama.cpp must not see is let go at once: the download that repairs it can
    replace it (Windows refuses to replace a file that is still mapped)."""
    _, data, tokens_at, _, _ = big_vocab
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(data[: tokens_at + len(data) // 4])  # cut inside the token array
    with pytest.raises(GGUFError):
        read_gguf_meta(cut)
    maps = Path("/proc/self/maps")
    if maps.exists():
        assert str(cut) not in maps.read_text()
    repaired = tmp_path / "repaired.gguf"
    repaired.write_bytes(data)
    os.replace(repaired, cut)
    assert read_gguf_meta(cut).n_vocab == _N_VOCAB
    if maps.exists():
        assert str(cut) not in maps.read_text()


def test_a_vocabulary_only_file(tmp_path: Path) -> None:
    """llama.cpp's vocabulary-only GGUFs (no tensors) open in the tokenizer view; the engine
    gets a clear refusal instead of a load failure inside llama.cpp."""
    tokens, types = _vocab()
    path = tmp_path / "ggml-vocab-test.gguf"
    _write_vocab_gguf(path, tokens, types, [b"a b"], weights=False)
    meta = read_gguf_meta(path, check_architecture=False)
    assert meta.n_vocab == _N_VOCAB and meta.n_tensors == 0
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(path)
    assert "vocabulary only" in err.value.message
