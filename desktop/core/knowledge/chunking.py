"""Sentence-aware chunks measured in the embedder's own tokens, each with its line/page range.

The text is cut into units: sentences (ending in . ! ? followed by a space, or in 。！？ with
no space, as Chinese is written) and lines (code and lists end units at line ends). Units are
packed greedily up to `size` tokens; a chunk that is three quarters full also ends at a blank
line, so paragraphs stay whole when they can. The next chunk starts with the last units of the
previous one, up to `overlap` tokens, so a fact cut at a boundary is whole in one of them. A
unit longer than `size` (a long line of minified code, a Chinese paragraph with no 。) is split
at spaces or, failing that, between characters. Token counts come from `count_tokens` (the
embedder's tokenizer) in batches; the chunk's count is the sum of its units' counts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.core.store.knowledge import NewChunk

CountTokens = Callable[[Sequence[str]], list[int]]

_BOUNDARY = re.compile(r"(?:[.!?]+[\"'”’)\]]*(?=\s)|[。！？]+[”’」』）》]*|……[”’」』]*|\n)[ \t]*")
_COUNT_BATCH = 2000
_PARAGRAPH_FILL = 0.75


@dataclass(frozen=True)
class ChunkSettings:
    size: int = 256  # tokens per chunk, at most
    overlap: int = 32  # tokens repeated from the end of the previous chunk


def split_units(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences and lines, covering `text` without gaps."""
    units = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if end > start:
            units.append((start, end))
            start = end
    if start < len(text):
        units.append((start, len(text)))
    return units


def chunk_text(
    text: str,
    count_tokens: CountTokens,
    settings: ChunkSettings = ChunkSettings(),
    page_starts: Sequence[int] = (),
) -> list[NewChunk]:
    units = split_units(text)
    counts = _count(text, units, count_tokens)
    units, counts = _split_long(text, units, counts, settings.size, count_tokens)
    newlines = [m.start() for m in re.finditer("\n", text)]
    chunks: list[NewChunk] = []
    i = 0
    n = len(units)
    while i < n:
        j, total = i, 0
        while j < n and (j == i or total + counts[j] <= settings.size):
            total += counts[j]
            j += 1
            if (
                j < n
                and total >= settings.size * _PARAGRAPH_FILL
                and _starts_paragraph(text, units[j])
            ):
                break
        chunk = _make(text, units[i][0], units[j - 1][1], total, newlines, page_starts)
        if chunk is not None:
            chunks.append(chunk)
        if j >= n:
            break
        # The next chunk repeats the tail of this one, up to `overlap` tokens.
        k, back = j, 0
        while k - 1 > i and back + counts[k - 1] <= settings.overlap:
            back += counts[k - 1]
            k -= 1
        i = k
    return chunks


def _starts_paragraph(text: str, unit: tuple[int, int]) -> bool:
    start = unit[0]
    return start >= 2 and text[start - 1] == "\n" and text[start - 2] == "\n"


def _count(text: str, units: list[tuple[int, int]], count_tokens: CountTokens) -> list[int]:
    counts: list[int] = []
    for b in range(0, len(units), _COUNT_BATCH):
        part = units[b : b + _COUNT_BATCH]
        counts.extend(count_tokens([text[s:e] for s, e in part]))
    return counts


def _split_long(
    text: str,
    units: list[tuple[int, int]],
    counts: list[int],
    size: int,
    count_tokens: CountTokens,
) -> tuple[list[tuple[int, int]], list[int]]:
    if all(c <= size for c in counts):
        return units, counts
    out_units: list[tuple[int, int]] = []
    out_counts: list[int] = []
    for unit, count in zip(units, counts, strict=True):
        if count <= size:
            out_units.append(unit)
            out_counts.append(count)
            continue
        pending = [(unit, count)]
        while pending:
            (s, e), c = pending.pop()
            if c <= size or e - s <= 1:
                out_units.append((s, e))
                out_counts.append(c)
                continue
            mid = _cut_point(text, s, e)
            left, right = (s, mid), (mid, e)
            lc, rc = count_tokens([text[s:mid], text[mid:e]])
            pending.append((right, rc))
            pending.append((left, lc))
    return out_units, out_counts


def _cut_point(text: str, start: int, end: int) -> int:
    """Near the middle, after a space when there is one close by."""
    mid = (start + end) // 2
    window = max(1, (end - start) // 4)
    space = text.rfind(" ", mid - window, mid + window)
    if space > start:
        return space + 1
    return mid


def _make(
    text: str,
    start: int,
    end: int,
    tokens: int,
    newlines: list[int],
    page_starts: Sequence[int],
) -> NewChunk | None:
    body = text[start:end]
    stripped = body.strip()
    if not stripped:
        return None
    start += len(body) - len(body.lstrip())
    end = start + len(stripped)
    line_start = bisect.bisect_right(newlines, start - 1) + 1
    line_end = bisect.bisect_right(newlines, end - 1) + 1
    page_start = page_end = None
    if page_starts:
        page_start = bisect.bisect_right(page_starts, start)
        page_end = bisect.bisect_right(page_starts, end - 1)
    return NewChunk(
        text=stripped,
        token_count=tokens,
        char_start=start,
        char_end=end,
        line_start=line_start,
        line_end=line_end,
        page_start=page_start,
        page_end=page_end,
    )
