"""An inline banner for errors that need a decision: the message, a hint and action buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout


class ErrorBanner(QFrame):
    """Hidden until `show_message()`; each action button runs its callback and closes the banner."""

    dismissed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(self)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("errorHint")
        self.hint.setWordWrap(True)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAutoRaise(True)
        self._buttons = QHBoxLayout()
        self._buttons.setContentsMargins(0, 0, 0, 0)
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.addWidget(self.message)
        text.addWidget(self.hint)
        text.addLayout(self._buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addLayout(text, 1)
        layout.addWidget(self.close_button)
        self.close_button.clicked.connect(self.on_close_button_clicked)
        self.action_buttons: list[QPushButton] = []
        self.hide()

    def show_message(
        self,
        message: str,
        hint: str = "",
        actions: list[tuple[str, Callable[[], None]]] | None = None,
    ) -> None:
        self.message.setText(message)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        for button in self.action_buttons:
            self._buttons.removeWidget(button)
            button.hide()  # deleteLater waits for the event loop; until then it must not show
            button.deleteLater()
        self.action_buttons = []
        for label, callback in actions or []:
            button = QPushButton(label, self)
            button.clicked.connect(lambda _=False, cb=callback: self._run(cb))
            self._buttons.addWidget(button)
            self.action_buttons.append(button)
        self.show()

    def button(self, label: str) -> QPushButton | None:
        for button in self.action_buttons:
            if button.text() == label:
                return button
        return None

    def _run(self, callback: Callable[[], None]) -> None:
        self.hide()
        callback()

    def on_close_button_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
