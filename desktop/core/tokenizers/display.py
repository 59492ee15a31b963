"""Turn a tokenization into what a token view draws: display text and whole-character groups.

A token can end in the middle of a UTF-8 character (byte-level BPE splits emoji and CJK into
byte tokens). Drawing such a token alone would show U+FFFD, so consecutive tokens are grouped
until a group ends on a character boundary: every group is whole characters, and valid input
never shows a replacement character. Offsets are in UTF-16 code units because that is how Qt
(and so every text widget) counts positions. Pure Python + numpy; no Qt.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from desktop.core.tokenizers.base import SPECIAL_KINDS, Tokenization

# C0 controls (NUL included) and DEL would be invisible or break layout: Unicode's pictures.
_CONTROL_PICTURES = {c: chr(0x2400 + c) for c in range(32) if c not in (9, 10)}
_CONTROL_PICTURES[0x7F] = "\u2421"
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, eq=False)
class TokenDisplay:
    """Display text plus, per group, its UTF-16 range and the tokens it holds."""

    tokenization: Tokenization
    text: str
    group_starts: np.ndarray  # int64, display offsets
    group_ends: np.ndarray
    group_first_token: np.ndarray  # group g holds tokens [first[g], first[g + 1])
    group_special: np.ndarray  # bool
    show_whitespace: bool

    def __len__(self) -> int:
        return int(self.group_starts.shape[0])

    def tokens_of(self, group: int) -> range:
        first = int(self.group_first_token[group])
        last = (
            int(self.group_first_token[group + 1])
            if group + 1 < len(self)
            else len(self.tokenization)
        )
        return range(first, last)

    def group_at(self, position: int) -> int | None:
        """The group drawn at a display position, or None past the end."""
        g = int(np.searchsorted(self.group_starts, position, side="right")) - 1
        if g < 0 or not self.group_starts[g] <= position < self.group_ends[g]:
            return None
        return g

    def groups_between(self, start: int, end: int) -> range:
        """Groups overlapping the display range [start, end)."""
        lo = max(int(np.searchsorted(self.group_ends, start, side="right")) - 1, 0)
        hi = int(np.searchsorted(self.group_starts, end, side="left"))
        return range(lo, max(hi, lo))

    def group_of_token(self, token: int) -> int:
        return bisect_right(self.group_first_token.tolist(), token) - 1  # rare: user picks a row


def display_text(text: str, show_whitespace: bool = False) -> str:
    """The text as a view draws it: control characters as pictures, whitespace optionally marked."""
    if _CONTROL_RE.search(text):
        text = _CONTROL_RE.sub(lambda m: _CONTROL_PICTURES[ord(m.group())], text)
    if show_whitespace:
        text = text.replace(" ", "·").replace("\t", "→").replace("\n", "↵\n")
    return text


def _special_mask(tokenization: Tokenization, ids: np.ndarray) -> np.ndarray:
    special_ids = getattr(tokenization.tokenizer, "special_id_array", None)
    if special_ids is not None:
        return np.isin(ids, special_ids())
    unique, inverse = np.unique(ids, return_inverse=True)
    kind = tokenization.tokenizer.kind
    special_of_unique = np.array([kind(int(u)) in SPECIAL_KINDS for u in unique], dtype=bool)
    return special_of_unique[inverse.reshape(-1)]


def build_display(tokenization: Tokenization, *, show_whitespace: bool = False) -> TokenDisplay:
    data = tokenization.data
    n_tokens = len(tokenization)
    raw = np.frombuffer(data, dtype=np.uint8)
    lead = (raw & 0xC0) != 0x80  # the byte starts a character
    # UTF-16 units each byte adds: 1 per character, 2 for 4-byte characters (surrogate pairs),
    # plus the "↵" drawn before each visible line break.
    units = lead.astype(np.int8)
    units += raw >= 0xF0
    if show_whitespace:
        units += raw == 0x0A
    unit_at = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum(units.astype(np.int64), out=unit_at[1:])  # (casting inside cumsum is slow)

    ids = np.asarray(tokenization.ids, dtype=np.int64).reshape(n_tokens)
    starts = np.asarray(tokenization.starts, dtype=np.int64).reshape(n_tokens)
    ends = np.asarray(tokenization.ends, dtype=np.int64).reshape(n_tokens)
    zero_width = starts == ends

    text = display_text(tokenization.text, show_whitespace)

    # Tokens with no text (an added BOS/EOS) are drawn as their own text, spliced in.
    marker_ranges: dict[int, tuple[int, int]] = {}
    shift_incl = shift_excl = np.zeros(0, dtype=np.int64)  # used only with markers
    if zero_width.any():
        points = lead.astype(np.int8)
        if show_whitespace:
            points += raw == 0x0A
        point_at = np.zeros(len(data) + 1, dtype=np.int64)
        np.cumsum(points.astype(np.int64), out=point_at[1:])
        marker_shift = np.zeros(len(data) + 1, dtype=np.int64)
        chunks, last_point, shift = [], 0, 0
        for index in np.flatnonzero(zero_width).tolist():
            at = int(starts[index])
            label = tokenization.tokenizer.token_bytes(tokenization.ids[index])
            label_text = display_text(label.decode("utf-8", "replace"), show_whitespace) or "∅"
            width = len(label_text.encode("utf-16-le")) // 2
            chunks += [text[last_point : point_at[at]], label_text]
            last_point = int(point_at[at])
            begin = int(unit_at[at]) + shift
            shift += width
            marker_ranges[index] = (begin, begin + width)
            marker_shift[at] += width
        chunks.append(text[last_point:])
        text = "".join(chunks)
        shift_incl = np.cumsum(marker_shift)  # markers at byte b come before the character at b
        shift_excl = shift_incl - marker_shift

    clean = np.ones(len(data) + 1, dtype=bool)  # byte offset is a character boundary
    clean[:-1] = lead
    if n_tokens:
        new_group = clean[starts].copy()
        # a token that starts after one that ended mid-character stays with it
        new_group[1:] &= clean[ends[:-1]]
        new_group |= zero_width
        new_group[1:] |= zero_width[:-1]
        new_group[0] = True
        first = np.flatnonzero(new_group)
        group_end_bytes = np.maximum.reduceat(ends, first)
        group_starts = unit_at[starts[first]]
        group_ends = unit_at[group_end_bytes]
        if marker_ranges:
            group_starts += shift_incl[starts[first]]
            group_ends += shift_excl[group_end_bytes]
        for index, (begin, end) in marker_ranges.items():
            g = int(np.searchsorted(first, index))
            group_starts[g], group_ends[g] = begin, end
        group_special = np.logical_or.reduceat(_special_mask(tokenization, ids), first)
    else:
        first = group_starts = group_ends = np.zeros(0, dtype=np.int64)
        group_special = np.zeros(0, dtype=bool)

    return TokenDisplay(
        tokenization=tokenization,
        text=text,
        group_starts=group_starts,
        group_ends=group_ends,
        group_first_token=first,
        group_special=group_special,
        show_whitespace=show_whitespace,
    )


def whole_character_groups(tokenization: Tokenization) -> list[tuple[range, str | None]]:
    """(token indices, text) per group; text is None when the bytes do not decode (hex them)."""
    display = build_display(tokenization)
    data = tokenization.data
    out = []
    for g in range(len(display)):
        tokens = display.tokens_of(g)
        lo = min(tokenization.starts[i] for i in tokens)
        hi = max(tokenization.ends[i] for i in tokens)
        try:
            text: str | None = data[lo:hi].decode("utf-8")
        except UnicodeDecodeError:
            text = None
        out.append((tokens, text))
    return out
