"""The injection template: how retrieved chunks and the question become the message the chat
model receives. Editable, with English and Chinese defaults; saved for every chat."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.knowledge.injection import InjectionTemplate, default_template
from desktop.core.messages import UserError
from desktop.ui.i18n import error_text
from desktop.ui.knowledge.service import KnowledgeService


class TemplateEditor(QWidget):
    saved = Signal()

    def __init__(self, service: KnowledgeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("injectionTemplate")
        self.service = service
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        intro = QLabel(
            self.tr(
                "When a chat has knowledge bases attached, each message you send is replaced by "
                "this template: {context} becomes the numbered chunks found for it, {question} "
                "what you typed. Each chunk is written with the chunk format: {number}, "
                "{source} (file and lines or pages), {path} and {text}."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("templateBody")
        self.body.setFont(fixed)
        self.chunk_format = QPlainTextEdit(self)
        self.chunk_format.setObjectName("templateChunkFormat")
        self.chunk_format.setFont(fixed)
        self.chunk_format.setFixedHeight(60)
        self.separator = QLineEdit(self)
        self.separator.setToolTip(self.tr("Between chunks; \\n is a new line"))
        self.english_button = QPushButton(self.tr("English default"), self)
        self.chinese_button = QPushButton(self.tr("Chinese default"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("saveTemplate")
        self.status = QLabel(self)
        self.status.setObjectName("templateStatus")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Message"), self.body)
        form.addRow(self.tr("Chunk format"), self.chunk_format)
        form.addRow(self.tr("Between chunks"), self.separator)
        buttons = QHBoxLayout()
        buttons.addWidget(self.english_button)
        buttons.addWidget(self.chinese_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.english_button.clicked.connect(lambda: self.use_default("en"))
        self.chinese_button.clicked.connect(lambda: self.use_default("zh_CN"))
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self._loaded = False

    def load(self) -> None:
        """Shows the saved template (the default of the user's language when none is)."""
        self._loaded = True
        try:
            template = self.service.library().template(QLocale().name())
        except UserError as exc:  # a store that cannot be read: the defaults stay editable
            self.status.setText(error_text(exc))
            template = default_template(QLocale().name())
        self._show(template)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self._loaded:
            self.load()
        super().showEvent(event)

    def _show(self, template: InjectionTemplate) -> None:
        self.body.setPlainText(template.body)
        self.chunk_format.setPlainText(template.chunk_format)
        self.separator.setText(template.separator.replace("\n", "\\n"))

    def use_default(self, language: str) -> None:
        self._show(default_template(language))
        self.status.setText(self.tr("Not saved yet."))

    def template(self) -> InjectionTemplate:
        return InjectionTemplate(
            self.body.toPlainText(),
            self.chunk_format.toPlainText(),
            self.separator.text().replace("\\n", "\n"),
        )

    @Slot()
    def on_save_button_clicked(self) -> None:
        try:
            self.service.library().save_template(self.template())
        except UserError as exc:  # a template without {question}, or a store error
            self.status.setText(error_text(exc))
            self.status.setStyleSheet("color: #d93025;")
            return
        self.status.setStyleSheet("")
        self.status.setText(
            self.tr("Saved: the next message of every chat with knowledge uses it.")
        )
        self.saved.emit()
