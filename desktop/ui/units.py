"""Sizes and parameter counts in the user's language: core/units numbers, translated units."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.core.units import size_parts
from desktop.ui.i18n import translated

CONTEXT = "Units"
# Unit names as translators see them (lupdate finds these markers).
_UNITS = (
    QT_TRANSLATE_NOOP("Units", "GB"),
    QT_TRANSLATE_NOOP("Units", "MB"),
    QT_TRANSLATE_NOOP("Units", "KB"),
    QT_TRANSLATE_NOOP("Units", "B"),
)


def size_text(n: int | float | None) -> str:
    """“1.23 GB” with the unit translated; “unknown” (translated) for None."""
    if n is None:
        return QCoreApplication.translate("Units", "unknown")
    number, unit = size_parts(int(n))
    return f"{number} {translated(CONTEXT, unit)}"
