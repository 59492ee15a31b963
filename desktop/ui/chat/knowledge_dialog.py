"""What knowledge did for one reply: its sources (each chunk with its scores), the message as
the model received it with the injected part marked and its cost in tokens, and the whole
rendered prompt (through the loaded model's chat template) with the injection marked in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.engine.protocol import ChatMessage
from desktop.ui.chat.citations import ReplyKnowledge
from desktop.ui.chat.probabilities import utf16_len
from desktop.ui.i18n import error_text
from desktop.ui.knowledge.labels import citation_location, score_text

INJECTED = QColor(251, 188, 4, 90)


def mark(edit: QPlainTextEdit, text: str, spans: list[tuple[int, int]]) -> None:
    """Shows `text` with the (start, end) character spans shaded."""
    edit.setPlainText(text)
    cursor = QTextCursor(edit.document())
    shade = QTextCharFormat()
    shade.setBackground(INJECTED)
    for start, end in spans:
        if end <= start:
            continue
        cursor.setPosition(utf16_len(text[:start]))
        cursor.setPosition(utf16_len(text[:end]), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(shade)
    edit.moveCursor(QTextCursor.MoveOperation.Start)


def injected_spans(message: str, question: str, offset: int = 0) -> list[tuple[int, int]]:
    """The parts of the injected `message` that are not the user's own question."""
    at = message.rfind(question) if question else -1
    if at < 0:
        return [(offset, offset + len(message))]
    return [(offset, offset + at), (offset + at + len(question), offset + len(message))]


class ReplyKnowledgeDialog(QDialog):
    chunk_requested = Signal(dict)  # show this citation's chunk on the Knowledge page
    rendered = Signal()  # the rendered prompt (or why there is none) is on screen

    def __init__(
        self,
        knowledge: ReplyKnowledge,
        messages: tuple[ChatMessage, ...],
        engine: Any,
        service: Any,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replyKnowledge")
        self.setWindowTitle(self.tr("Knowledge used for this reply"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.knowledge = knowledge
        self.messages = messages
        self.engine = engine
        self.service = service
        self._rendered = False
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

        # sources
        self.sources = QListWidget(self)
        self.sources.setObjectName("citationList")
        for c in knowledge.citations:
            where = ", ".join(
                p for p in (Path(str(c.get("path", ""))).name, citation_location(c)) if p
            )
            item = QListWidgetItem(f"[{c.get('number')}] {where}", self.sources)
            item.setData(Qt.ItemDataRole.UserRole, c)
            item.setToolTip(str(c.get("path", "")))
        self.source_title = QLabel(self)
        self.source_title.setObjectName("citationTitle")
        self.source_title.setWordWrap(True)
        self.source_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scores = QLabel(self)
        self.scores.setObjectName("citationScores")
        self.chunk_text = QPlainTextEdit(self)
        self.chunk_text.setObjectName("citationText")
        self.chunk_text.setReadOnly(True)
        self.open_button = QPushButton(self.tr("Show in the Knowledge page"), self)
        self.open_button.setObjectName("showChunk")
        source_side = QWidget(self)
        side = QVBoxLayout(source_side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.source_title)
        side.addWidget(self.scores)
        side.addWidget(self.chunk_text, 1)
        side.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        sources_page = QWidget(self)
        sources_row = QHBoxLayout(sources_page)
        sources_row.addWidget(self.sources, 2)
        sources_row.addWidget(source_side, 5)
        if not knowledge.citations:
            self.source_title.setText(
                self.tr("Nothing in the attached knowledge matched this message.")
            )
            self.open_button.hide()

        # the injected message
        self.injected_label = QLabel(self)
        self.injected_label.setObjectName("injectedCost")
        self.injected_label.setWordWrap(True)
        self.injected = QPlainTextEdit(self)
        self.injected.setObjectName("injectedText")
        self.injected.setReadOnly(True)
        self.injected.setFont(fixed)
        mark(
            self.injected,
            knowledge.injected_text,
            injected_spans(knowledge.injected_text, knowledge.question)
            if knowledge.citations
            else [],
        )
        self.injected_label.setText(self._cost_text())
        injected_page = QWidget(self)
        injected_column = QVBoxLayout(injected_page)
        injected_column.addWidget(self.injected_label)
        for note in knowledge.notes:
            label = QLabel(note, self)
            label.setWordWrap(True)
            label.setStyleSheet("color: #b06000;")
            injected_column.addWidget(label)
        injected_column.addWidget(self.injected, 1)

        # the rendered prompt
        self.prompt_label = QLabel(self.tr("Rendering the prompt…"), self)
        self.prompt_label.setObjectName("promptCost")
        self.prompt_label.setWordWrap(True)
        self.prompt = QPlainTextEdit(self)
        self.prompt.setObjectName("renderedPrompt")
        self.prompt.setReadOnly(True)
        self.prompt.setFont(fixed)
        prompt_page = QWidget(self)
        prompt_column = QVBoxLayout(prompt_page)
        prompt_column.addWidget(self.prompt_label)
        prompt_column.addWidget(self.prompt, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(sources_page, self.tr("Sources"))
        self.tabs.addTab(injected_page, self.tr("Injected message"))
        self.tabs.addTab(prompt_page, self.tr("Rendered prompt"))
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(820, 560)

        self.sources.currentRowChanged.connect(self.on_sources_current_row_changed)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.tabs.currentChanged.connect(self.on_tabs_current_changed)
        if knowledge.citations:
            self.sources.setCurrentRow(0)

    def _cost_text(self) -> str:
        k = self.knowledge
        if not k.citations:
            return self.tr("Your message was sent as typed: nothing matched it.")
        if k.tokens is None:
            return self.tr(
                "The template put %n chunk(s) around your message (marked); its cost in tokens "
                "is unknown (no model counted it).",
                "",
                len(k.citations),
            )
        return (
            self.tr(
                "The template put %n chunk(s) around your message (marked).", "", len(k.citations)
            )
            + " "
            + self.tr("They cost %n token(s) of the model's context.", "", k.tokens)
        )

    # ------------------------------------------------------------------ sources

    def show_citation(self, number: int) -> None:
        self.tabs.setCurrentIndex(0)
        for row in range(self.sources.count()):
            c = self.sources.item(row).data(Qt.ItemDataRole.UserRole)
            if c.get("number") == number:
                self.sources.setCurrentRow(row)
                return

    def show_injected(self) -> None:
        self.tabs.setCurrentIndex(1)

    def current_citation(self) -> dict | None:
        item = self.sources.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @Slot(int)
    def on_sources_current_row_changed(self, _row: int) -> None:
        c = self.current_citation()
        if c is None:
            return
        where = citation_location(c)
        self.source_title.setText(
            f"<b>[{c.get('number')}] {Path(str(c.get('path', ''))).name}</b> · {where}<br>"
            f"<span style='color:gray'>{c.get('path', '')} · {c.get('base', '')}</span>"
        )
        self.scores.setText(
            self.tr("BM25 %1 · Vector %2 · Fused %3")
            .replace("%1", score_text(c.get("bm25")))
            .replace("%2", score_text(c.get("vector")))
            .replace("%3", score_text(c.get("fused"), digits=4))
        )
        self.chunk_text.setPlainText(str(c.get("text") or c.get("snippet") or ""))

    @Slot()
    def on_open_button_clicked(self) -> None:
        c = self.current_citation()
        if c is not None:
            self.chunk_requested.emit(c)

    # ------------------------------------------------------------------ rendered prompt

    @Slot(int)
    def on_tabs_current_changed(self, index: int) -> None:
        if index == 2 and not self._rendered:
            self.render_prompt()

    def render_prompt(self) -> None:
        """The whole prompt through the loaded model's chat template, off the GUI thread."""
        self._rendered = True
        if not self.engine.is_loaded():
            self.prompt_label.setText(
                self.tr("Load a model to see the whole prompt through its chat template.")
            )
            self.rendered.emit()
            return
        client, messages, tools = self.engine.client, self.messages, self.knowledge.tools
        self.service.run(
            lambda: client.render_prompt(messages, tools=tools),
            on_done=self._show_prompt,
            on_error=self._prompt_failed,
        )

    def _show_prompt(self, result: tuple[str, list[int]]) -> None:
        text, ids = result
        k = self.knowledge
        at = text.rfind(k.injected_text) if k.injected_text else -1
        spans = injected_spans(k.injected_text, k.question, at) if at >= 0 and k.citations else []
        mark(self.prompt, text, spans)
        summary = self.tr("%n token(s) in this prompt", "", len(ids))
        if k.tokens is not None and k.citations:
            summary += " · " + self.tr("%1 of them from knowledge (marked)").replace(
                "%1", f"{k.tokens:,}"
            )
        self.prompt_label.setText(summary)
        self.rendered.emit()

    def _prompt_failed(self, exc: BaseException) -> None:
        self.prompt_label.setText(
            self.tr("The prompt could not be rendered: %1").replace("%1", error_text(exc))
        )
        self.rendered.emit()
