"""The one row-model base: a flat table with one Python object per row and translated titles.

Subclasses declare `COLUMNS` as `QT_TRANSLATE_NOOP(TITLE_CONTEXT, "Title")` markers (pyside6-lupdate
finds them there) and implement `data()`; rows, counts, headers, resets, appends and removals
live here once, with the begin/end notifications views and proxies rely on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop.ui.i18n import translated

Index = QModelIndex | QPersistentModelIndex
ObjectRole = Qt.ItemDataRole.UserRole + 1  # the row's object, for views and delegates


class RowTableModel(QAbstractTableModel):
    """Rows are whatever objects the subclass shows (dataclasses, dicts)."""

    # QT_TRANSLATE_NOOP markers (PySide's stubs type their result as object, hence not str).
    COLUMNS: tuple[object, ...] = ()
    TITLE_CONTEXT = ""  # the translation context of the COLUMNS titles

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    # ------------------------------------------------------------------ shape

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def is_cell(self, index: Index) -> bool:
        """Whether `index` points at an existing cell of this model."""
        return (
            index.isValid()
            and 0 <= index.row() < len(self._rows)
            and 0 <= index.column() < self.columnCount()
        )

    # ------------------------------------------------------------------ headers

    def column_title(self, section: int) -> str:
        return translated(self.TITLE_CONTEXT, str(self.COLUMNS[section]))

    def row_title(self, section: int) -> str | None:
        """The vertical header's text (none by default)."""
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.column_title(section) if 0 <= section < self.columnCount() else None
        return self.row_title(section) if 0 <= section < len(self._rows) else None

    # ------------------------------------------------------------------ rows

    def item(self, row: int) -> Any:
        """The object shown in `row`."""
        return self._rows[row]

    def items(self) -> list[Any]:
        return list(self._rows)

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def remove_rows(self, rows: Iterable[int]) -> None:
        """Removes the given rows (any order, duplicates and rows out of range ignored)."""
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

    def replace_row(self, row: int, value: Any) -> None:
        """Puts `value` in `row` and tells the views that every cell of it changed."""
        self._rows[row] = value
        last = max(0, self.columnCount() - 1)
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))
