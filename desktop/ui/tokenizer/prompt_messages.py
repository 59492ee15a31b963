"""The editable conversation of the tokenizer panel's prompt mode: rows of (role, content)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QPlainTextEdit, QStyledItemDelegate, QWidget

Index = QModelIndex | QPersistentModelIndex
ROLES = ("system", "user", "assistant", "tool")


class PromptMessagesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Role"), self.tr("Content"))[section] if section in (0, 1) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if index.column() not in (0, 1):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not 0 <= index.row() < len(self._rows) or index.column() not in (0, 1):
            return False
        text = str(value)
        if index.column() == 0:
            text = text.strip() or "user"
        self._rows[index.row()][index.column()] = text
        self.dataChanged.emit(index, index, [role])
        return True

    def set_messages(self, messages: Iterable) -> None:
        """ChatMessage objects or {"role", "content"} dicts."""
        rows = []
        for message in messages:
            if isinstance(message, dict):
                rows.append([str(message.get("role", "user")), str(message.get("content", ""))])
            else:
                rows.append([str(message.role), str(message.content)])
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def messages(self) -> tuple[dict, ...]:
        return tuple({"role": role, "content": content} for role, content in self._rows)

    def add_message(self, role: str = "user", content: str = "") -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([role, content])
        self.endInsertRows()
        return row

    def remove_message(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()


class MessageContentDelegate(QStyledItemDelegate):
    """Edits a message's content in a multi-line editor (Enter adds a line; focus out saves)."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:  # noqa: N802
        if index.column() != 1:
            return super().createEditor(parent, option, index)
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option, index: Index) -> None:  # noqa: N802
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect.setHeight(max(rect.height(), editor.fontMetrics().height() * 5))
        editor.setGeometry(rect)
