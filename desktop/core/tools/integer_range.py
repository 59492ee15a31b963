"""GBNF for the integers inside a range: JSON Schema's minimum/maximum on "type": "integer".

llama-cpp-python's schema converter drops these bounds; a grammar can hold them exactly, digit
by digit: numbers of each length between the bounds, split at the first digit that differs.
"""

from __future__ import annotations

MAX_DIGITS = 15  # an unbounded side stops here, as the converter's own integers do


def _digits(lo: str, hi: str) -> str:
    """Equal-length digit strings lo <= hi: a GBNF sequence matching exactly that range."""
    if not lo:
        return ""
    if lo == hi:
        return f'"{lo}"'
    rest = len(lo) - 1
    if lo[0] == hi[0]:
        return f'"{lo[0]}" ({_digits(lo[1:], hi[1:])})'
    if lo[1:] == "0" * rest and hi[1:] == "9" * rest:
        return f"[{lo[0]}-{hi[0]}]" + (f" [0-9]{{{rest}}}" if rest else "")
    parts = [f'"{lo[0]}" ({_digits(lo[1:], "9" * rest)})']
    a, b = int(lo[0]) + 1, int(hi[0]) - 1
    if a <= b:
        parts.append(f"[{a}-{b}] [0-9]{{{rest}}}")
    parts.append(f'"{hi[0]}" ({_digits("0" * rest, hi[1:])})')
    return " | ".join(parts)


def _non_negative(lo: int, hi: int) -> list[str]:
    """Alternatives for lo..hi (0 <= lo <= hi), no leading zeros."""
    out = []
    for length in range(len(str(lo)), len(str(hi)) + 1):
        a = max(lo, 10 ** (length - 1) if length > 1 else 0)
        b = min(hi, 10**length - 1)
        if a <= b:
            out.append(_digits(str(a), str(b)))
    return out


def integer_range_rule(lo: int | None, hi: int | None) -> str | None:
    """A GBNF alternative list for the integers in [lo, hi] (None = unbounded on that side, up
    to MAX_DIGITS digits); None when the range is empty."""
    top = 10**MAX_DIGITS - 1
    lo = -top if lo is None else max(lo, -top)
    hi = top if hi is None else min(hi, top)
    if lo > hi:
        return None
    alts: list[str] = []
    if lo < 0:
        neg_hi = -lo
        neg_lo = max(1, -hi)
        alts += [f'"-" ({a})' for a in _non_negative(neg_lo, neg_hi)]
    if hi >= 0:
        alts += [f"({a})" for a in _non_negative(max(0, lo), hi)]
    return " | ".join(alts)
