"""Show grammar: the GBNF the sampler runs for an output format, and what it cannot enforce."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.tools.output_format import OutputFormat
from desktop.ui.i18n import message_text


class GrammarDialog(QDialog):
    """Read-only: the grammar text (selectable, to copy) and the not-enforced keywords."""

    def __init__(self, fmt: OutputFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("grammarDialog")
        self.setWindowTitle(self.tr("Grammar"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "The sampler allows only tokens that keep the reply inside this GBNF "
                    "grammar (llama.cpp's grammar sampler, first in the chain)."
                ),
                self,
            )
        )
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("grammarText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(fmt.gbnf() or "")
        layout.addWidget(self.text, 1)
        self.notes = QLabel(self)
        self.notes.setObjectName("grammarNotes")
        self.notes.setWordWrap(True)
        if fmt.not_enforced:
            lines = [
                self.tr(
                    "Not enforced by the grammar (each reply is validated against the schema "
                    "afterwards, and violations are shown under it):"
                )
            ]
            lines += [f"• {message_text(m)}" for m in fmt.not_enforced]
            self.notes.setText("\n".join(lines))
        else:
            self.notes.setText(self.tr("The grammar enforces every part of this format."))
        layout.addWidget(self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
