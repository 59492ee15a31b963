"""A document's chunk boundaries: the chunk list, and the text with each chunk shaded in turn.

Chunks are shown in order on alternating backgrounds, each under a thin header (number, lines
or pages, tokens); the part a chunk repeats from the one before (the overlap) has a shade of
its own, so where one chunk ends and the next begins is visible at a glance.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.i18n import error_text
from desktop.ui.knowledge.item_models import ChunkListModel
from desktop.ui.knowledge.labels import location_text
from desktop.ui.knowledge.service import KnowledgeService
from desktop.ui.widgets.row_model import ObjectRole
from desktop.ui.widgets.row_table import row_table

SHADES = (QColor(66, 133, 244, 38), QColor(52, 168, 83, 38))
OVERLAP = QColor(251, 188, 4, 90)
SELECTED = QColor(66, 133, 244, 110)
HEADER = QColor(128, 128, 128)


class ChunksPanel(QWidget):
    shown = Signal()  # a document's chunks are on screen

    def __init__(self, service: KnowledgeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgeChunks")
        self.service = service
        self.document: Any = None
        self._serial = 0
        self._select_after: int | None = None
        self._select_line: int | None = None
        self._starts: list[int] = []  # where each chunk's text begins in the view
        self._ends: list[int] = []
        self.title = QLabel(self.tr("Pick a document (Documents tab) or a search hit."), self)
        self.title.setObjectName("chunksTitle")
        self.title.setWordWrap(True)
        self.model = ChunkListModel(self)
        self.table = row_table(self.model, "chunkList", self)
        self.view = QTextBrowser(self)
        self.view.setObjectName("chunkText")
        self.view.setOpenLinks(False)
        legend = QLabel(
            self.tr(
                "Each chunk is shaded in turn; the yellow part repeats the end of the chunk "
                "before it (the overlap)."
            ),
            self,
        )
        legend.setWordWrap(True)
        legend.setEnabled(False)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.view)
        split.setSizes([360, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        layout.addWidget(legend)
        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)

    def show_document(
        self, document: Any, chunk_id: int | None = None, *, line: int | None = None
    ) -> None:
        """Loads the document's chunks (off the GUI thread) and selects `chunk_id`, or else
        the first chunk holding `line` (a citation made before the file was indexed again)."""
        self.document = document
        self._serial += 1
        serial = self._serial
        self._select_after = chunk_id
        self._select_line = line
        self.title.setText(self.tr("Loading %1…").replace("%1", Path(document.path).name))
        library = self.service.library()
        self.service.run(
            lambda: library.document_chunks(document.id),
            on_done=lambda chunks: self._show(serial, chunks),
            on_error=lambda exc: self._failed(serial, exc),
        )

    def clear(self) -> None:
        self._serial += 1
        self.document = None
        self.model.set_rows([])
        self.view.clear()
        self.title.setText(self.tr("Pick a document (Documents tab) or a search hit."))

    def _failed(self, serial: int, exc: BaseException) -> None:
        if serial == self._serial:
            self.title.setText(error_text(exc))

    def _show(self, serial: int, chunks: list[Any]) -> None:
        if serial != self._serial:
            return
        doc = self.document
        tokens = sum(c.token_count for c in chunks)
        self.title.setText(
            self.tr("%1 — %n chunk(s), %2 tokens", "", len(chunks))
            .replace("%1", Path(doc.path).name)
            .replace("%2", f"{tokens:,}")
        )
        self.title.setToolTip(doc.path)
        self.model.set_rows(chunks)
        self._render(chunks)
        row = self.model.row_of_id(self._select_after) if self._select_after is not None else -1
        if row < 0 and self._select_line is not None:
            line = self._select_line
            row = next((i for i, c in enumerate(chunks) if c.line_start <= line <= c.line_end), -1)
        self._select_after = self._select_line = None
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self.shown.emit()

    def _render(self, chunks: list[Any]) -> None:
        self.view.clear()
        doc = self.view.document()
        cursor = QTextCursor(doc)
        head = QTextCharFormat()
        head.setForeground(HEADER)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        head.setFont(small)
        self._starts, self._ends = [], []
        previous_end = None
        cursor.beginEditBlock()
        for number, chunk in enumerate(chunks):
            if number:
                cursor.insertBlock()
            where = location_text(
                chunk.line_start, chunk.line_end, chunk.page_start, chunk.page_end
            )
            cursor.insertText(
                self.tr("— chunk %1 · %2 · %3 tokens —")
                .replace("%1", str(chunk.ordinal + 1))
                .replace("%2", where)
                .replace("%3", str(chunk.token_count)),
                head,
            )
            cursor.insertBlock()
            body = QTextCharFormat()
            body.setBackground(SHADES[number % 2])
            text = chunk.text
            overlap = 0
            if previous_end is not None and chunk.char_start < previous_end:
                overlap = min(len(text), previous_end - chunk.char_start)
            self._starts.append(cursor.position())
            if overlap:
                shared = QTextCharFormat(body)
                shared.setBackground(OVERLAP)
                cursor.insertText(text[:overlap], shared)
            cursor.insertText(text[overlap:], body)
            self._ends.append(cursor.position())
            previous_end = chunk.char_end
        cursor.endEditBlock()
        self.view.moveCursor(QTextCursor.MoveOperation.Start)

    def selected_chunk(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ObjectRole) if rows else None

    @Slot(QItemSelection, QItemSelection)
    def on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._starts):
            return
        row = rows[0].row()
        # Select the chunk's text in the view: it scrolls there, and the selection marks it.
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self._ends[row])
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        cursor.setPosition(self._starts[row])
        cursor.setPosition(self._ends[row], QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()

    def selected_text(self) -> str:
        """The text selected in the view (the chosen chunk's), with Qt's paragraph marks as
        newlines."""
        return self.view.textCursor().selectedText().replace("\u2029", "\n")
