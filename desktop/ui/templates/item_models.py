"""Item models of the templates panel: the library list and one template's version history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.store.records import TemplateVersion
from desktop.core.templates.library import TemplateEntry

Index = QModelIndex | QPersistentModelIndex


class TemplateListModel(QAbstractListModel):
    """Saved templates first, then built-ins; FilterRole holds the searchable text."""

    EntryRole = Qt.ItemDataRole.UserRole + 1
    FilterRole = Qt.ItemDataRole.UserRole + 2
    KeyRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[TemplateEntry] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if e.builtin:
                return self.tr("%1 (built-in, %2)").replace("%1", e.title).replace("%2", e.language)
            return e.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.description or e.title
        if role == self.EntryRole:
            return e
        if role == self.KeyRole:
            return e.key
        if role == self.FilterRole:
            return " ".join([e.name, e.title, e.description, *e.tags])
        return None

    def set_entries(self, entries: Sequence[TemplateEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> TemplateEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, key: str) -> int:
        for i, e in enumerate(self._entries):
            if e.key == key:
                return i
        return -1


class TemplateVersionListModel(QAbstractListModel):
    """A template's versions, newest first."""

    VersionRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._versions: list[TemplateVersion] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._versions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._versions):
            return None
        v = self._versions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = v.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if v.created_at else ""
            note = f" · {v.note}" if v.note else ""
            return f"v{v.number} · {when}{note}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return v.body
        if role == self.VersionRole:
            return v
        return None

    def set_versions(self, versions: Sequence[TemplateVersion]) -> None:
        """`versions` oldest first, as the library returns them."""
        self.beginResetModel()
        self._versions = list(reversed(versions))
        self.endResetModel()

    def version(self, row: int) -> TemplateVersion | None:
        return self._versions[row] if 0 <= row < len(self._versions) else None
