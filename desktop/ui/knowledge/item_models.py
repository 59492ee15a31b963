"""Item models of the Knowledge page: bases, sources, documents, search hits, chunks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.ui.i18n import message_text
from desktop.ui.knowledge.labels import (
    document_status_text,
    kind_text,
    location_text,
    score_text,
    state_text,
)
from desktop.ui.units import size_text
from desktop.ui.widgets.row_model import Index, ObjectRole, RowTableModel

CONTEXT = "KnowledgeModels"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
SKIPPED_COLOR = QColor(176, 96, 0)


@dataclass(frozen=True)
class BaseRow:
    """One knowledge base as the list shows it (read off the GUI thread)."""

    base: Any  # KnowledgeBaseRecord
    documents: int  # indexed
    skipped: int
    chunks: int
    state: str  # the index state, "interrupted" when a run died with its process

    @property
    def name(self) -> str:
        return str(self.base.name)


class BaseListModel(RowTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("KnowledgeModels", "Name"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Documents"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "State"),
    )
    TITLE_CONTEXT = CONTEXT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_cell(index):
            return None
        row: BaseRow = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.name
            if col == 1:
                return str(row.documents)
            if col == 2:
                return state_text(row.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            base = row.base
            if base.embedder_name:
                search = QCoreApplication.translate(
                    "KnowledgeModels", "Words and meaning (%1)"
                ).replace("%1", base.embedder_name)
            else:
                search = QCoreApplication.translate("KnowledgeModels", "Words only")
            return f"{row.name}\n{search}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return RIGHT
        if role == ObjectRole:
            return row
        return None

    def row_of(self, name: str) -> int:
        for i, row in enumerate(self._rows):
            if row.name == name:
                return i
        return -1


class SourceListModel(RowTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("KnowledgeModels", "Folder or file"),)
    TITLE_CONTEXT = CONTEXT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_cell(index):
            return None
        source = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return source.path
        if role == ObjectRole:
            return source
        return None


class DocumentListModel(RowTableModel):
    """Every file of a base with its status; a skipped file says why, in the user's language."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("KnowledgeModels", "File"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Type"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Status"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Chunks"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Tokens"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Size"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Why / note"),
    )
    TITLE_CONTEXT = CONTEXT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_cell(index):
            return None
        doc = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return Path(doc.path).name
            if col == 1:
                return kind_text(doc.kind)
            if col == 2:
                return document_status_text(doc.status)
            if col == 3:
                return str(doc.n_chunks) if doc.status == "indexed" else ""
            if col == 4:
                return f"{doc.n_tokens:,}" if doc.status == "indexed" else ""
            if col == 5:
                return size_text(doc.size) if doc.size else ""
            if col == 6:
                return message_text(doc.reason) if doc.reason is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = doc.path
            if doc.reason is not None:
                tip += "\n" + message_text(doc.reason)
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and doc.status == "skipped" and col in (2, 6):
            return QBrush(SKIPPED_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4, 5):
            return RIGHT
        if role == ObjectRole:
            return doc
        return None

    def row_of_path(self, path: str) -> int:
        for i, doc in enumerate(self._rows):
            if doc.path == path:
                return i
        return -1


class SearchHitModel(RowTableModel):
    """Hits of one search with every score: BM25 and its rank, cosine and its rank, fused."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("KnowledgeModels", "#"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "File"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Where"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "BM25"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Vector"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Fused"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Snippet"),
    )
    TITLE_CONTEXT = CONTEXT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_cell(index):
            return None
        hit = self._rows[index.row()]
        col = index.column()
        c = hit.citation
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(c.number)
            if col == 1:
                return c.file_name
            if col == 2:
                return location_text(c.line_start, c.line_end, c.page_start, c.page_end)
            if col == 3:
                return score_text(hit.bm25, hit.bm25_rank)
            if col == 4:
                return score_text(hit.vector, hit.vector_rank)
            if col == 5:
                return score_text(hit.fused, digits=4)
            if col == 6:
                return " ".join(c.snippet.split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{c.path}\n{hit.base_name}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3, 4, 5):
            return RIGHT
        if role == ObjectRole:
            return hit
        return None


class ChunkListModel(RowTableModel):
    """A document's chunks in order: where each begins and ends, and its size in tokens."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("KnowledgeModels", "#"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Where"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Tokens"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Characters"),
        QT_TRANSLATE_NOOP("KnowledgeModels", "Begins with"),
    )
    TITLE_CONTEXT = CONTEXT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_cell(index):
            return None
        chunk = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(chunk.ordinal + 1)
            if col == 1:
                return location_text(
                    chunk.line_start, chunk.line_end, chunk.page_start, chunk.page_end
                )
            if col == 2:
                return str(chunk.token_count)
            if col == 3:
                return f"{chunk.char_start:,}–{chunk.char_end:,}"
            if col == 4:
                return " ".join(chunk.text[:80].split())
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 2, 3):
            return RIGHT
        if role == ObjectRole:
            return chunk
        return None

    def row_of_id(self, chunk_id: int) -> int:
        for i, chunk in enumerate(self._rows):
            if chunk.id == chunk_id:
                return i
        return -1
