"""A template's history: its versions, a diff between any two, and restoring an old one."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.store.records import TemplateVersion
from desktop.core.templates.variables import diff_versions
from desktop.ui.templates.item_models import TemplateVersionListModel
from desktop.ui.templates.placeholder_highlighter import DiffHighlighter


class TemplateHistoryView(QWidget):
    """`set_versions(versions)` (oldest first); emits `restoreRequested(version number)`."""

    restoreRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._builtin = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build())

    def _build(self) -> QWidget:
        self.versions_model = TemplateVersionListModel(self)
        self.versions_view = QListView()
        self.versions_view.setModel(self.versions_model)
        self.old_combo = QComboBox()
        self.new_combo = QComboBox()
        self.old_combo.setModel(self.versions_model)
        self.new_combo.setModel(self.versions_model)
        self.old_combo.currentIndexChanged.connect(self.on_compare_changed)
        self.new_combo.currentIndexChanged.connect(self.on_compare_changed)
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setObjectName("templateDiff")
        self.diff_highlighter = DiffHighlighter(self.diff_view.document())
        self.restore_button = QPushButton(self.tr("Restore selected version"))
        self.restore_button.clicked.connect(self.on_restore_clicked)
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.addWidget(self.versions_view, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Compare")))
        row.addWidget(self.old_combo)
        row.addWidget(QLabel(self.tr("with")))
        row.addWidget(self.new_combo)
        v.addLayout(row)
        v.addWidget(self.diff_view, 2)
        v.addWidget(self.restore_button)
        return tab

    def set_versions(self, versions: Sequence[TemplateVersion], *, builtin: bool = False) -> None:
        self._builtin = builtin
        self.versions_model.set_versions(versions)
        n = self.versions_model.rowCount()
        self.new_combo.setCurrentIndex(0 if n else -1)
        self.old_combo.setCurrentIndex(1 if n > 1 else (0 if n else -1))
        if n:
            self.versions_view.setCurrentIndex(self.versions_model.index(min(1, n - 1), 0))
        self.restore_button.setEnabled(n > 1)
        self.on_compare_changed()

    def on_compare_changed(self, *_args) -> None:
        old = self.versions_model.version(self.old_combo.currentIndex())
        new = self.versions_model.version(self.new_combo.currentIndex())
        if old is None or new is None:
            self.diff_view.setPlainText(
                self.tr("A built-in template has a single version.") if self._builtin else ""
            )
            return
        fields = ("system", "body", "params")

        def as_dict(v):
            return {
                "system": v.system or "",
                "body": v.body,
                "params": json.dumps(v.default_params, sort_keys=True, ensure_ascii=False),
            }

        text = diff_versions(as_dict(old), as_dict(new), fields)
        self.diff_view.setPlainText(
            text
            or self.tr("v%1 and v%2 are identical.")
            .replace("%1", str(old.number))
            .replace("%2", str(new.number))
        )

    def on_restore_clicked(self) -> None:
        v = self.versions_model.version(self.versions_view.currentIndex().row())
        if v is not None:
            self.restoreRequested.emit(v.number)
