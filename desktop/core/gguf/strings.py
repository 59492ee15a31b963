"""Walk a GGUF string array (a vocabulary, merges) without one Python object per string.

A GGUF string is a little-endian u64 length followed by that many bytes, so finding where an
array of 128k strings ends means following 128k lengths. A Python loop over them costs tens
of milliseconds; this does the common case with numpy: every vocabulary string is shorter
than 256 bytes, so each length field is one byte followed by seven zero bytes. All positions
with that shape are found at once, and the chain "next string starts right after this one"
is then checked for every candidate, so the result is exactly what a sequential walk gives.
Where the check breaks (a long or empty string, or a run of NUL bytes inside one), a few
strings are walked one by one and the fast path resumes.
"""

from __future__ import annotations

import struct
from typing import Any

_U64 = struct.Struct("<Q")
_SHORT = 256  # lengths below this leave the upper seven bytes of the length field zero
_MIN_VECTOR = 256  # shorter arrays: the plain loop is as fast and needs no numpy
_MAX_STEPS = 64  # runs per window before a window that explains little is walked plainly
_BYTES_PER_STRING = 18  # first guess of the bytes per string (vocabularies: 15 to 19)
_MAX_WINDOW = 16 * 1024 * 1024  # bytes scanned at once


class StringArrayTruncated(Exception):
    """The array runs past the end of the buffer."""


def string_array_end(buf: Any, pos: int, count: int, offsets: Any = None) -> int:
    """Where an array of `count` strings starting at `pos` ends in `buf`.

    `offsets`, when given (an int64 array of length `count`), receives each string's position
    (that of its length field). Raises StringArrayTruncated when the strings do not fit.
    """
    size = len(buf)
    if count * 8 > size - pos:
        raise StringArrayTruncated
    if count < _MIN_VECTOR:
        return _walk(buf, pos, count, offsets, 0)
    start = pos
    done = 0
    per_string: float = _BYTES_PER_STRING
    while done < count:
        got, pos = _walk_window(buf, pos, count - done, per_string, offsets, done)
        done += got
        # the next window, from what this one held (a huge string must not make it huge)
        per_string = min((pos - start) / done * 1.1, 4 * _BYTES_PER_STRING)
    return pos


def _walk(buf: Any, pos: int, count: int, offsets: Any, first: int) -> int:
    size = len(buf)
    unpack = _U64.unpack_from
    for i in range(first, first + count):
        if pos + 8 > size:
            raise StringArrayTruncated
        if offsets is not None:
            offsets[i] = pos
        pos += 8 + unpack(buf, pos)[0]
    if pos > size:
        raise StringArrayTruncated
    return pos


def _walk_window(
    buf: Any, pos: int, remaining: int, per_string: float, offsets: Any, first: int
) -> tuple[int, int]:
    """(strings walked, position after them), at least one, from a window of bytes at `pos`."""
    import numpy as np

    size = len(buf)
    window = min(size - pos, int(remaining * per_string) + 64, _MAX_WINDOW)
    if window < 16:
        return 1, _walk(buf, pos, 1, offsets, first)
    # Candidates: positions whose 8 bytes, read as a u64, are below 256 (a short length).
    is_candidate = np.zeros(window - 7, dtype=bool)
    for shift in range(8):
        words = np.frombuffer(buf, dtype="<u8", count=(window - shift) // 8, offset=pos + shift)
        is_candidate[shift::8] = words < _SHORT
    starts = np.flatnonzero(is_candidate)
    ends = starts + 8 + np.frombuffer(buf, dtype=np.uint8, count=window, offset=pos)[starts]
    # breaks[k]: the string after candidate breaks[k] is not the next candidate
    breaks = np.flatnonzero(ends[:-1] != starts[1:])
    n_starts = int(starts.size)
    done = steps = 0
    at = 0  # relative to pos
    while done < remaining:
        steps += 1
        if steps > _MAX_STEPS and done < steps * 16:  # e.g. thousands of empty strings
            at = _walk(buf, pos + at, remaining - done, offsets, first + done) - pos
            return remaining, pos + at
        if at > window - 8:  # candidates end here: the next window goes on
            break
        i = int(np.searchsorted(starts, at))
        if i == n_starts or int(starts[i]) != at:  # a long or empty string: the slow way
            at = _walk(buf, pos + at, 1, offsets, first + done) - pos
            done += 1
            continue
        k = int(np.searchsorted(breaks, i))
        last = int(breaks[k]) if k < breaks.size else n_starts - 1
        n = min(last - i + 1, remaining - done)
        if offsets is not None:
            offsets[first + done : first + done + n] = starts[i : i + n] + pos
        at = int(ends[i + n - 1])
        done += n
        if pos + at > size:
            raise StringArrayTruncated
    if not done:
        return 1, _walk(buf, pos, 1, offsets, first)
    return done, pos + at


def string_at(buf: Any, offset: int) -> bytes:
    """The bytes of the string whose length field is at `offset` (as found by the walk)."""
    (n,) = _U64.unpack_from(buf, offset)
    return bytes(buf[offset + 8 : offset + 8 + n])
