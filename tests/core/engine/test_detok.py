"""Incremental UTF-8 decoding of token pieces, on the tiny model's real vocabulary."""

from __future__ import annotations

import pytest

from desktop.core.engine.detok import Utf8StreamDecoder, display_piece
from desktop.core.gguf.tiny_model import CORPUS, TinyShape, bytes_to_unicode, train_bpe


@pytest.fixture(scope="module")
def vocab_bytes() -> list[bytes]:
    inverse = {c: b for b, c in bytes_to_unicode().items()}
    vocab = train_bpe(CORPUS, TinyShape().n_merges)
    return [bytes(inverse[c] for c in tok) if tok[0] in inverse else b"" for tok in vocab.tokens]


def _greedy_bpe_cover(text: str, vocab: list[bytes]) -> list[bytes]:
    """Longest-match split of `text`'s bytes into vocabulary pieces (enough for this test)."""
    data = text.encode()
    pieces = sorted({v for v in vocab if v}, key=len, reverse=True)
    out, i = [], 0
    while i < len(data):
        piece = next(p for p in pieces if data.startswith(p, i))
        out.append(piece)
        i += len(piece)
    return out


def test_partial_utf8_tokens_decode_once(vocab_bytes: list[bytes]) -> None:
    text = "请总结下面的文字。中文文本必须正确地分词、渲染、搜索和导出。你好，世界！"
    pieces = _greedy_bpe_cover(text, vocab_bytes)
    partial = [p for p in pieces if not _valid(p)]
    assert partial, "the vocabulary should split some characters across tokens"
    decoder = Utf8StreamDecoder()
    deltas = [decoder.feed(p) for p in pieces]
    assert "".join(deltas) + decoder.finish() == text
    assert all("\ufffd" not in d for d in deltas)
    # Each delta is whole characters: re-encoding gives back a prefix-aligned byte run.
    assert b"".join(d.encode() for d in deltas) == text.encode()


def test_bytes_that_can_never_complete_become_replacement() -> None:
    decoder = Utf8StreamDecoder()
    assert decoder.feed(b"\xe4\xbd") == ""
    assert decoder.feed(b"A") == "\ufffdA"  # the broken character is final only now
    assert decoder.feed(b"\xff") == "\ufffd"
    assert decoder.feed(b"\xe5") == ""
    assert decoder.finish() == "\ufffd"


def test_display_piece_shows_partial_bytes() -> None:
    assert display_piece("你好".encode()) == "你好"
    assert display_piece(b"\xe4\xbd") == "<0xE4><0xBD>"
    assert display_piece(b"\xa1ok") == "<0xA1>ok"


def _valid(piece: bytes) -> bool:
    try:
        piece.decode()
    except UnicodeDecodeError:
        return False
    return True
