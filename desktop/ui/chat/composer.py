"""The message composer: a text box with Send/Stop, Ctrl+Enter (or Enter) to send, an edit mode."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class ComposerEdit(QPlainTextEdit):
    """Plain-text input; the send key is Ctrl+Enter, or Enter when `enter_sends` is set."""

    submit = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.enter_sends = False
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if ctrl or (self.enter_sends and not shift):
                self.submit.emit()
                event.accept()
                return
            if self.enter_sends and shift:
                self.insertPlainText("\n")
                event.accept()
                return
        super().keyPressEvent(event)


class Composer(QWidget):
    """Emits `send_requested(text)` / `stop_requested()`; shows Stop while a reply streams."""

    send_requested = Signal(str)
    stop_requested = Signal()
    edit_cancelled = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.edit = ComposerEdit(self)
        self.edit.setObjectName("composerEdit")
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.setFixedHeight(84)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(self.tr("Stop generating (Esc)"))
        self.stop_button.hide()
        self.banner = QLabel(self)
        self.banner.setObjectName("composerBanner")
        self.banner.hide()
        self.cancel_edit_button = QToolButton(self)
        self.cancel_edit_button.setText(self.tr("Cancel edit"))
        self.cancel_edit_button.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.banner, 1)
        top.addWidget(self.cancel_edit_button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 10)
        layout.addLayout(top)
        layout.addLayout(row)

        self.edit.submit.connect(self.on_submit)
        self.send_button.clicked.connect(self.on_submit)
        self.stop_button.clicked.connect(self.stop_requested)
        self.cancel_edit_button.clicked.connect(self.on_cancel_edit_clicked)
        self._editing: int | None = None
        self._busy = False
        self.set_enter_sends(False)

    def set_enter_sends(self, enter_sends: bool) -> None:
        self.edit.enter_sends = enter_sends
        if enter_sends:
            hint = self.tr("Message… (Enter to send, Shift+Enter for a new line)")
        else:
            hint = self.tr("Message… (Ctrl+Enter to send)")
        self.edit.setPlaceholderText(hint)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)

    def set_busy(self, busy: bool) -> None:
        """While a reply streams, Send becomes Stop (typing the next message stays possible)."""
        self._busy = busy
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)

    def is_busy(self) -> bool:
        return self._busy

    def editing_message(self) -> int | None:
        return self._editing

    def begin_edit(self, message_id: int, text: str) -> None:
        self._editing = message_id
        self.banner.setText(self.tr("Editing a message: sending creates a new branch."))
        self.banner.show()
        self.cancel_edit_button.show()
        self.set_text(text)
        self.edit.setFocus()

    def end_edit(self) -> None:
        self._editing = None
        self.banner.hide()
        self.cancel_edit_button.hide()

    @Slot()
    def on_cancel_edit_clicked(self) -> None:
        self.end_edit()
        self.edit.clear()
        self.edit_cancelled.emit()

    @Slot()
    def on_submit(self) -> None:
        if self._busy:
            return  # a reply is streaming: Ctrl+Enter must not start a second one
        text = self.text()
        if not text.strip():
            return
        self.send_requested.emit(text)
