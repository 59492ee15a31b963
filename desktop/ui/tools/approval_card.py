"""The card that asks before a tool runs: the tool, its arguments (editable JSON), and
Allow once / Always for this tool / Deny. It sits above the composer while the agent waits;
nothing runs until the user answers (or stops the reply, which denies)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.chat.tool_cards import pretty_arguments


class ToolApprovalCard(QFrame):
    """Hidden until `ask()`; `answered(action, arguments)` with action allow | always | deny
    and the (possibly edited) arguments as JSON text."""

    answered = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolApprovalCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setObjectName("approvalTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color:#8a8f98")
        self.arguments = QPlainTextEdit(self)
        self.arguments.setObjectName("approvalArguments")
        self.arguments.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.arguments.setFixedHeight(90)
        self.arguments.setToolTip(self.tr("The arguments the tool gets; edit them before allowing"))
        self.problem = QLabel(self)
        self.problem.setObjectName("approvalProblem")
        self.problem.setStyleSheet("color:#d93025")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.allow_button = QPushButton(self.tr("Allow once"), self)
        self.allow_button.setObjectName("allowOnce")
        self.always_button = QPushButton(self.tr("Always for this tool"), self)
        self.always_button.setObjectName("allowAlways")
        self.always_button.setToolTip(self.tr("Run this tool without asking again in this chat"))
        self.deny_button = QPushButton(self.tr("Deny"), self)
        self.deny_button.setObjectName("deny")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.deny_button)
        buttons.addWidget(self.always_button)
        buttons.addWidget(self.allow_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        layout.addWidget(self.arguments)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.allow_button.clicked.connect(self.on_allow_button_clicked)
        self.always_button.clicked.connect(self.on_always_button_clicked)
        self.deny_button.clicked.connect(self.on_deny_button_clicked)
        self._original = ""
        self.hide()

    def ask(self, name: str, arguments: str, description: str = "") -> None:
        self._original = arguments
        self.title.setText(
            self.tr("The model wants to run <b>%1</b>. Allow it?").replace("%1", name)
        )
        self.description.setText(description)
        self.description.setVisible(bool(description))
        self.arguments.setPlainText(pretty_arguments(arguments))
        self.problem.hide()
        self.show()
        self.allow_button.setFocus()

    def edited_arguments(self) -> str | None:
        """The arguments as compact JSON; None (and said) when the text is not a JSON object."""
        text = self.arguments.toPlainText()
        try:
            value = json.loads(text)
        except ValueError as exc:
            self._say(self.tr("The arguments are not valid JSON: %1").replace("%1", str(exc)))
            return None
        if not isinstance(value, dict):
            self._say(self.tr("The arguments must be a JSON object."))
            return None
        if text == pretty_arguments(self._original):
            return self._original  # untouched: exactly what the model wrote
        return json.dumps(value, ensure_ascii=False)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _answer(self, action: str) -> None:
        arguments = self._original if action == "deny" else self.edited_arguments()
        if arguments is None:
            return
        self.hide()
        self.answered.emit(action, arguments)

    @Slot()
    def on_allow_button_clicked(self) -> None:
        self._answer("allow")

    @Slot()
    def on_always_button_clicked(self) -> None:
        self._answer("always")

    @Slot()
    def on_deny_button_clicked(self) -> None:
        self._answer("deny")
