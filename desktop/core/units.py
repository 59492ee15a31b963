"""Byte sizes and parameter counts as people read them: the one formatter for UI and CLI.

Decimal units, as disks, downloads and the Hub show them (1 GB = 10^9 bytes). The UI renders
the same numbers with translated unit names (desktop/ui/units.py).
"""

from __future__ import annotations

# (unit, divisor), largest first; below 1 KB a size is shown in bytes.
_SIZE_STEPS = (("GB", 1e9), ("MB", 1e6), ("KB", 1e3))
_PARAM_STEPS = (("B", 1e9, 1), ("M", 1e6, 0), ("K", 1e3, 0))


def size_parts(n: int) -> tuple[str, str]:
    """`n` bytes as (number, unit): (“1.23”, “GB”), (“512”, “B”)."""
    for unit, div in _SIZE_STEPS:
        if n >= div:
            return f"{n / div:.2f}", unit
    return str(int(n)), "B"


def format_size(n: int | float | None, unknown: str = "?") -> str:
    """“1.23 GB”, “4.00 MB”, “512 B”; `unknown` for None."""
    if n is None:
        return unknown
    number, unit = size_parts(int(n))
    return f"{number} {unit}"


def format_params(n: int | None, unknown: str = "?") -> str:
    """A parameter count the way model cards write it: “1.2B”, “135M”, “20K”; `unknown` for
    None or 0 (a header without the count)."""
    if not n:
        return unknown
    for suffix, div, decimals in _PARAM_STEPS:
        if n >= div:
            return f"{n / div:.{decimals}f}{suffix}"
    return str(n)
