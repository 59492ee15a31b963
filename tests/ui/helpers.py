"""What UI tests do the way a user does it, shared by several test modules."""

from __future__ import annotations

from PySide6.QtCore import Qt


def send(qtbot, window, text: str) -> None:
    """Type into the composer and press Ctrl+Enter, as a user would; wait for the reply."""
    composer = window.chat.chat_panel.composer
    composer.edit.setFocus()
    composer.set_text(text)
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
