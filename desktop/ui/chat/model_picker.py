"""The chat's model picker as an item model: local files and each backend's models, grouped.

Without saved backends it lists the local models only, as it always did. With backends, a
section header starts each group ("On this computer", then one per backend); a backend's
group shows its models once they are listed (a network call, made elsewhere off the GUI
thread), "Listing models…" until then, and in place of its models the reason when the server
cannot be reached. Headers and notes cannot be chosen.

`Qt.UserRole` of a local entry is its file path (what the inspector loads); `EntryRole` gives
the `PickerEntry` of any row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

EntryRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole  # QComboBox.currentData(): the local path, else None

_Index = QModelIndex | QPersistentModelIndex
EntryKind = Literal["header", "local", "remote", "note", "empty"]


@dataclass(frozen=True)
class PickerEntry:
    kind: EntryKind
    label: str
    tooltip: str = ""
    path: str | None = None  # local: the file the engine loads
    backend: str | None = None  # remote, and a backend's header and notes
    model: str | None = None  # remote: the model id on that backend

    @property
    def selectable(self) -> bool:
        return self.kind in ("local", "remote")

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """What stays the same for one choice across refreshes."""
        if self.kind == "local":
            return ("local", self.path, None)
        return (self.kind, self.backend, self.model)


@dataclass
class _Group:
    backend: str
    header: str
    entries: list[PickerEntry]


class ModelPickerModel(QAbstractListModel):
    """Flat rows built from groups; every change resets the (short) list."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._local: list[PickerEntry] = []
        self._local_header = ""
        self._empty = ""
        self._groups: list[_Group] = []
        self._rows: list[PickerEntry] = []

    # ------------------------------------------------------------------ Qt interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return entry.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltip or None
        if role == PathRole:
            return entry.path
        if role == EntryRole:
            return entry
        if role == Qt.ItemDataRole.FontRole and entry.kind in ("header", "note"):
            font = QFont()
            font.setBold(entry.kind == "header")
            font.setItalic(entry.kind == "note")
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.label
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        entry = self._rows[index.row()]
        if entry.selectable:
            return (
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren
            )
        # Headers and notes are read, never chosen (QComboBox skips disabled rows).
        return Qt.ItemFlag.ItemNeverHasChildren

    # ------------------------------------------------------------------ content

    def entries(self) -> list[PickerEntry]:
        return list(self._rows)

    def entry(self, row: int) -> PickerEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: tuple[str, str | None, str | None]) -> int:
        for row, entry in enumerate(self._rows):
            if entry.key == key:
                return row
        return -1

    def row_of_path(self, path: str) -> int:
        return self.row_of(("local", path, None))

    def first_selectable(self) -> int:
        return next((row for row, e in enumerate(self._rows) if e.selectable), -1)

    def has_choices(self) -> bool:
        """Whether anything can be chosen, or will be once a server answers."""
        return any(e.selectable for e in self._rows) or bool(self._groups)

    def set_local(
        self,
        entries: list[PickerEntry],
        *,
        header: str = "",
        empty: str = "",
    ) -> None:
        """The local models, most recently used first; `empty` is shown when there is none."""
        self._local = [e for e in entries if e.kind == "local"]
        self._local_header = header
        self._empty = empty
        self._rebuild()

    def add_local(self, entry: PickerEntry) -> int:
        """A local model that is not listed (a file opened from elsewhere): its row."""
        row = self.row_of(entry.key)
        if row >= 0:
            return row
        self._local.append(entry)
        self._rebuild()
        return self.row_of(entry.key)

    def set_backends(self, groups: list[tuple[str, str, list[PickerEntry]]]) -> None:
        """(backend name, header text, entries) for every saved backend, in order."""
        self._groups = [_Group(name, header, list(entries)) for name, header, entries in groups]
        self._rebuild()

    def set_backend_entries(self, backend: str, entries: list[PickerEntry]) -> None:
        """A backend's models (or a note saying why there are none) replace its group's rows."""
        for group in self._groups:
            if group.backend == backend:
                group.entries = list(entries)
                self._rebuild()
                return

    def backends(self) -> list[str]:
        return [g.backend for g in self._groups]

    def _rebuild(self) -> None:
        rows: list[PickerEntry] = []
        if self._groups:
            rows.append(PickerEntry("header", self._local_header))
        rows += self._local
        if not self._local and self._empty:
            rows.append(PickerEntry("note" if self._groups else "empty", self._empty))
        for group in self._groups:
            rows.append(PickerEntry("header", group.header, backend=group.backend))
            rows += group.entries
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
