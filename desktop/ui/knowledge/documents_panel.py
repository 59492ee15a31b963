"""The documents of a base: every file with its status, and why a skipped one was skipped."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.knowledge.item_models import DocumentListModel
from desktop.ui.widgets.row_model import ObjectRole
from desktop.ui.widgets.row_table import row_table


class DocumentsPanel(QWidget):
    document_activated = Signal(object)  # a DocumentRecord: show its chunks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgeDocuments")
        self._all: list[Any] = []
        self.filter = QComboBox(self)
        self.filter.setObjectName("documentFilter")
        self.filter.addItem(self.tr("All files"), None)
        self.filter.addItem(self.tr("Indexed"), "indexed")
        self.filter.addItem(self.tr("Skipped"), "skipped")
        self.filter.addItem(self.tr("Waiting"), "pending")
        self.summary = QLabel(self)
        self.summary.setObjectName("documentSummary")
        row = QHBoxLayout()
        row.addWidget(self.filter)
        row.addWidget(self.summary, 1)
        self.model = DocumentListModel(self)
        self.table = row_table(self.model, "documentTable", self)
        hint = QLabel(self.tr("Double-click a file to see how it was cut into chunks."), self)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.filter.currentIndexChanged.connect(lambda _i: self._apply())
        self.table.doubleClicked.connect(self.on_table_double_clicked)

    def set_documents(self, documents: list[Any]) -> None:
        self._all = list(documents)
        self._apply()

    def _apply(self) -> None:
        wanted = self.filter.currentData()
        rows = [d for d in self._all if wanted is None or d.status == wanted]
        self.model.set_rows(rows)
        counts: dict[str, int] = {}
        for d in self._all:
            counts[d.status] = counts.get(d.status, 0) + 1
        self.summary.setText(
            self.tr("%1 indexed, %2 skipped, %3 waiting")
            .replace("%1", str(counts.get("indexed", 0)))
            .replace("%2", str(counts.get("skipped", 0)))
            .replace("%3", str(counts.get("pending", 0)))
        )

    def all_documents(self) -> list[Any]:
        """Every document of the base, whatever the filter shows."""
        return list(self._all)

    def document_by_path(self, path: str) -> Any:
        for doc in self._all:
            if doc.path == path:
                return doc
        return None

    @Slot(QModelIndex)
    def on_table_double_clicked(self, index: QModelIndex) -> None:
        doc = index.siblingAtColumn(0).data(ObjectRole)
        if doc is not None and doc.status == "indexed":
            self.document_activated.emit(doc)
