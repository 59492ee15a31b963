"""Search one knowledge base and see why each hit is there: its BM25, vector and fused scores.

The query runs off the GUI thread (embedding it may start the embedder's engine process). A
base whose embedder is missing or fails is searched by words, and the panel says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.i18n import error_text, message_text
from desktop.ui.knowledge.item_models import SearchHitModel
from desktop.ui.knowledge.service import KnowledgeService
from desktop.ui.widgets.row_model import ObjectRole
from desktop.ui.widgets.row_table import row_table


class SearchPanel(QWidget):
    searched = Signal()  # a search's results (or its failure) are on screen
    chunk_requested = Signal(object)  # a RetrievalHit: show it among its document's chunks

    def __init__(self, service: KnowledgeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgeSearch")
        self.service = service
        self._base: str | None = None
        self._serial = 0  # the latest search; older answers are dropped
        self.query = QLineEdit(self)
        self.query.setObjectName("knowledgeQuery")
        self.query.setPlaceholderText(self.tr("Search this knowledge base (English or 中文)"))
        self.top_k = QSpinBox(self)
        self.top_k.setRange(1, 100)
        self.top_k.setValue(10)
        self.top_k.setPrefix(self.tr("top "))
        self.search_button = QPushButton(self.tr("Search"), self)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.top_k)
        row.addWidget(self.search_button)
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.notes = QLabel(self)
        self.notes.setObjectName("searchNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #b06000;")
        self.notes.hide()

        self.model = SearchHitModel(self)
        self.table = row_table(self.model, "searchHits", self)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("hitText")
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(self.tr("Pick a hit to read its whole chunk."))
        self.open_button = QPushButton(self.tr("Show among its document's chunks"), self)
        self.open_button.setEnabled(False)
        below = QWidget(self)
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.text, 1)
        below_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setSizes([300, 200])
        explain = QLabel(
            self.tr(
                "BM25 ranks by matching words, Vector by meaning (cosine similarity, when the "
                "base has an embedding model); Fused adds 1/(60 + rank) from each list."
            ),
            self,
        )
        explain.setWordWrap(True)
        explain.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.notes)
        layout.addWidget(split, 1)
        layout.addWidget(explain)

        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.on_open_button_clicked())
        self.open_button.clicked.connect(self.on_open_button_clicked)

    def set_base(self, name: str | None) -> None:
        if name == self._base:
            return
        self._base = name
        self._serial += 1
        self.model.set_rows([])
        self.text.clear()
        self.status.clear()
        self.notes.hide()

    @Slot()
    def search(self) -> None:
        query = self.query.text().strip()
        name = self._base
        if not query or name is None:
            return
        self._serial += 1
        serial = self._serial
        top_k = self.top_k.value()
        library = self.service.library()
        self.status.setText(self.tr("Searching…"))

        def work() -> Any:
            from desktop.core.knowledge.retrieval import RetrievalSettings

            return library.search([name], query, RetrievalSettings(top_k=top_k))

        self.service.run(
            work,
            on_done=lambda result: self._show(serial, result),
            on_error=lambda exc: self._failed(serial, exc),
        )

    def _show(self, serial: int, result: Any) -> None:
        if serial != self._serial:
            return
        self.model.set_rows(result.hits)
        mode = {
            "hybrid": self.tr("words and meaning"),
            "lexical": self.tr("words only"),
            "vector": self.tr("meaning only"),
        }.get(result.mode, result.mode)
        total = sum(result.timings_ms.values())
        self.status.setText(
            self.tr("%n hit(s)", "", len(result.hits))
            + " · "
            + self.tr("searched by %1 in %2 ms").replace("%1", mode).replace("%2", f"{total:.0f}")
        )
        notes = [message_text(n) for n in result.notes]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.text.clear()
        if result.hits:
            self.table.selectRow(0)
        self.searched.emit()

    def _failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self.model.set_rows([])
        self.status.setText(self.tr("The search failed: %1").replace("%1", error_text(exc)))
        self.searched.emit()

    def current_hit(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ObjectRole) if rows else None

    @Slot(QItemSelection, QItemSelection)
    def on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        hit = self.current_hit()
        self.open_button.setEnabled(hit is not None)
        self.text.setPlainText(hit.chunk.text if hit is not None else "")

    @Slot()
    def on_open_button_clicked(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.chunk_requested.emit(hit)
