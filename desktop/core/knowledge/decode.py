"""Bytes of a text file -> str: byte-order marks, UTF-8, then detection (GBK, Big5, ...).

Most files are UTF-8 and decode on the first try. Others (a Chinese document saved as GBK on
Windows, Latin-1 logs) go to charset-normalizer, which measures how plausible each candidate
decoding is; its pick is reported so a wrong guess can be seen in `status`. A file is called
binary, and not decoded, when it holds NUL bytes (without a UTF-16/32 mark) or mostly control
characters: a .txt that is really an image or an archive.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

BINARY = MessageSpec(
    "knowledge.binary",
    QT_TRANSLATE_NOOP("CoreMessages", "binary data, not text (the extension says text)"),
)
UNKNOWN_ENCODING = MessageSpec(
    "knowledge.unknown_encoding",
    QT_TRANSLATE_NOOP("CoreMessages", "the text encoding could not be recognised"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}
_SAMPLE = 64 * 1024


class NotText(UserError):
    """The bytes are not text this module can decode; `user_message` says why."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "gb18030", ... as used to decode


def decode_text(data: bytes) -> DecodedText:
    """Raises NotText for binary data or an unrecognisable encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(_normalize(data.decode(encoding, errors="replace")), encoding)
    if b"\x00" in data[:_SAMPLE]:
        raise NotText(BINARY())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        _check_not_binary(text)
        return DecodedText(_normalize(text), "utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None:
        raise NotText(UNKNOWN_ENCODING())
    encoding = _prefer_superset(best.encoding)
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        raise NotText(UNKNOWN_ENCODING()) from None
    _check_not_binary(text)
    return DecodedText(_normalize(text), encoding)


def _prefer_superset(encoding: str) -> str:
    # GB2312 and GBK files often hold a few characters only GB18030 has; it decodes them all.
    return "gb18030" if encoding.lower() in ("gb2312", "gbk", "cp936") else encoding


def _check_not_binary(text: str) -> None:
    sample = text[:_SAMPLE]
    if not sample:
        return
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if controls > len(sample) * 0.05:
        raise NotText(BINARY())


def _normalize(text: str) -> str:
    # Line numbers in citations count "\n" only; Windows and old Mac line ends become "\n".
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
