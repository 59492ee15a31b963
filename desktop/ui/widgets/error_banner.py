"""An inline banner for errors that need a decision: the message, a hint and action buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QToolButton


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
        self._buttons.addStretch(1)  # buttons sit left, in the order given
        # A grid, not nested boxes: nested boxes gave the wrapped labels their minimum width
        # when computing the height for a width (a 270 px tall banner for two short lines).
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.message, 0, 0)
        layout.addWidget(self.hint, 1, 0)
        layout.addLayout(self._buttons, 2, 0)
        layout.addWidget(self.close_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(0, 1)
        self.close_button.clicked.connect(self.on_close_button_clicked)
        self.action_buttons: list[QPushButton] = []
        self.hide()

    def show_message(
        self,
        message: str,
        hint: str = "",
        actions: list[tuple[str, Callable[[], object]]] | None = None,
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
            self._buttons.insertWidget(self._buttons.count() - 1, button)
            self.action_buttons.append(button)
        self.show()

    def button(self, label: str) -> QPushButton | None:
        for button in self.action_buttons:
            if button.text() == label:
                return button
        return None

    def _run(self, callback: Callable[[], object]) -> None:
        self.hide()
        callback()

    def on_close_button_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
