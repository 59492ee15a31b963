"""Turn a stream of token pieces (raw bytes) into UTF-8-correct text deltas.

A character split across tokens is emitted once, complete, with the token that finishes it;
bytes that can never form a valid character come out as U+FFFD as soon as that is certain.
Python's incremental UTF-8 decoder has exactly these semantics and runs in C, so the per-token
cost does not grow with output length.
"""

from __future__ import annotations

import codecs


class Utf8StreamDecoder:
    __slots__ = ("_decode",)

    def __init__(self) -> None:
        self._decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode

    def feed(self, piece: bytes) -> str:
        """Text completed by `piece` ("" while a character is still incomplete)."""
        return self._decode(piece)

    def finish(self) -> str:
        """Flush at the end of a reply: leftover bytes of a never-finished character -> U+FFFD."""
        return self._decode(b"", True)


def _hex_bytes(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return "".join(f"<0x{b:02X}>" for b in bad), err.end


codecs.register_error("tessera-hexbytes", _hex_bytes)


def display_piece(piece: bytes) -> str:
    """How to show a lone token (an alternative in a tooltip): partial UTF-8 bytes as <0xNN>."""
    return piece.decode("utf-8", errors="tessera-hexbytes")
