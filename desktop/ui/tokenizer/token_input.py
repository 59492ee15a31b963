"""The tokenizer panel's text editor: large pastes and files go in by chunks, the window stays live."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QTimer, Signal, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

LARGE_TEXT = 1_000_000  # characters; below this Qt inserts fast enough in one go
CHUNK = 256_000


class TokenInputEdit(QPlainTextEdit):
    """A QPlainTextEdit that takes a 10 MB text a chunk per event-loop turn.

    While a large text goes in, `textChanged` is held back (and the editor is read-only);
    `text_loaded` fires once at the end, so the text is tokenized once, whole.
    """

    loading_progress = Signal(int)  # percent
    text_loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending = ""
        self._total = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.on_timer_timeout)

    @property
    def loading(self) -> bool:
        return bool(self._pending)

    def set_text(self, text: str) -> None:
        """Replace the text (chunked when large)."""
        self._stop()
        if len(text) <= LARGE_TEXT:
            self.setPlainText(text)
            return
        self.blockSignals(True)
        self.clear()
        self._start(text)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt override)
        text = source.text() if source.hasText() else ""
        if len(text) <= LARGE_TEXT or self.loading:
            super().insertFromMimeData(source)
            return
        self.blockSignals(True)
        self.textCursor().removeSelectedText()
        self._start(text)

    def _start(self, text: str) -> None:
        self._pending = text
        self._total = len(text)
        self.setReadOnly(True)
        self._timer.start()

    def _stop(self) -> None:
        if self._pending:
            self._timer.stop()
            self._pending = ""
            self.setReadOnly(False)
            self.blockSignals(False)

    @Slot()
    def on_timer_timeout(self) -> None:
        chunk, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
        cursor = self.textCursor()
        cursor.insertText(chunk)
        self.setTextCursor(cursor)
        if self._pending:
            self.blockSignals(False)
            self.loading_progress.emit(int(100 * (self._total - len(self._pending)) / self._total))
            self.blockSignals(True)
            return
        self._timer.stop()
        self.setReadOnly(False)
        self.blockSignals(False)
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)
        self.text_loaded.emit()
