"""ExamplesBox: ready-to-paste curl and Python (openai client) calls of the running server.

The key never appears in them, only the environment variable that holds it
(core.server.examples), so a screenshot or a shared snippet leaks nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QFontDatabase, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.server.examples import client_examples

KEY_VARIABLE = "TESSERA_API_KEY"


class ExamplesBox(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.curl = QPlainTextEdit()
        self.curl.setObjectName("curlExample")
        self.python = QPlainTextEdit()
        self.python.setObjectName("pythonExample")
        for view in (self.curl, self.python):
            view.setReadOnly(True)
            view.setFont(mono)
            view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            # The Python example's lines and no more: the request list below gets the room.
            view.setMaximumHeight(QFontMetrics(mono).lineSpacing() * 13 + 12)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.curl, "curl")
        self.tabs.addTab(self.python, "Python")
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("copyExample")
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        self.tabs.setCornerWidget(self.copy_button)  # beside the tabs: no row of its own
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.key_note)
        self.set_server(None, "", False)

    def set_server(self, url: str | None, model: str, with_key: bool) -> None:
        """The examples for a server at `url` (None: an example of how it will look)."""
        shown_url = url or "http://127.0.0.1:8080/v1"
        examples = client_examples(shown_url, model or "model", KEY_VARIABLE if with_key else None)
        self.curl.setPlainText(examples.curl)
        self.python.setPlainText(examples.python)
        if with_key:
            note = self.tr("Both read the key from %1: set it first (Copy key).").replace(
                "%1", KEY_VARIABLE
            )
        elif url is None:
            note = self.tr("Start the server to call it like this.")
        else:
            note = ""
        self.key_note.setText(note)
        self.key_note.setVisible(bool(note))

    def current_text(self) -> str:
        view = self.curl if self.tabs.currentIndex() == 0 else self.python
        return view.toPlainText()

    @Slot()
    def on_copy_button_clicked(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.current_text())
