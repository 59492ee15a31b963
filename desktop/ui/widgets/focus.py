"""Whether the user is typing somewhere, so that moving the keyboard focus would interrupt them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_TYPING = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)


def typing_elsewhere(window: QWidget, target: QWidget) -> bool:
    """True when `window`'s focus is in a text field (or spin box, editable list) other than
    `target`. Read-only text (a transcript, a log) does not count."""
    focus = window.focusWidget()
    if focus is None or focus is target or not focus.isVisible():
        return False
    if isinstance(focus, (QPlainTextEdit, QTextEdit)) and focus.isReadOnly():
        return False
    if isinstance(focus, QComboBox) and not focus.isEditable():
        return False
    return isinstance(focus, _TYPING)
