"""Text between the terminal and stored or generated text: controls shown, never obeyed.

Titles, messages and model output come from imports, files and models: a title holding
`ESC ]0;...BEL` retitles the terminal, `ESC [2J` clears it, a C1 byte starts a sequence on some
terminals. Every command that prints such text passes it through `shown()`: on a terminal each
control character becomes a visible escape (`\\x1b`); into a pipe or a file the text stays exact
(as does every `--json` output, which JSON escapes anyway). Text typed on the command line goes
the other way through `typed()`, so bytes that are not UTF-8 never reach the store.
"""

from __future__ import annotations

import sys
from typing import TextIO

# C0 controls but tab and newline, DEL, and C1 controls (U+0080-U+009F).
_CONTROLS = [c for c in range(0x20) if c not in (0x09, 0x0A)] + [0x7F, *range(0x80, 0xA0)]
_ESCAPES = {c: f"\\x{c:02x}" for c in _CONTROLS}
_ESCAPES_ONE_LINE = {**_ESCAPES, 0x0A: "\\n", 0x09: " "}


def is_terminal(stream: TextIO | None) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed stream
        return False


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character written as a visible escape (always)."""
    if one_line:
        return text.replace("\r\n", "\n").translate(_ESCAPES_ONE_LINE)
    return text.replace("\r\n", "\n").translate(_ESCAPES)


def shown(text: str | None, stream: TextIO | None = None, *, one_line: bool = False) -> str:
    """`text` as it may be written to `stream` (default: stdout): `printable()` on a terminal,
    unchanged otherwise. `one_line` also escapes newlines (titles, table cells)."""
    if not text:
        return ""
    if not is_terminal(stream if stream is not None else sys.stdout):
        return text
    return printable(text, one_line=one_line)


def typed(text: str) -> tuple[str, int]:
    """Text from the command line or standard input, as UTF-8 the store can hold, and how many
    invalid byte sequences were replaced by U+FFFD (Python hands them over as lone
    surrogates)."""
    try:
        text.encode("utf-8")
        return text, 0
    except UnicodeEncodeError:
        pass
    raw = bytearray()
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape keeps it
            raw.append(code - 0xDC00)
        elif 0xD800 <= code <= 0xDFFF:
            raw += "\ufffd".encode()
        else:
            raw += ch.encode()
    fixed = raw.decode("utf-8", "replace")
    return fixed, fixed.count("\ufffd") - text.count("\ufffd")
