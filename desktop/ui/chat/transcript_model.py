"""The chat transcript as a list model: one row per message on the conversation's active path."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.engine.protocol import Token
from desktop.core.templates.thinking import CLOSE, split_thinking, thinking_token_count

ItemRole = Qt.ItemDataRole.UserRole + 1
RoleRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class MessageItem:
    """What the transcript shows of one message; mutable while it streams (GUI thread only)."""

    message_id: int | None
    role: str  # "system" | "user" | "assistant" | "tool" | "prompt"
    text: str = ""
    status: str = "complete"  # streaming | complete | cancelled | error | interrupted
    model: str = ""
    tokens: list[Token] = field(default_factory=list)  # generated tokens, with logprobs if asked
    completion_tokens: int | None = None
    prompt_tokens: int | None = None
    ttft_seconds: float | None = None
    tok_s: float | None = None
    sibling_index: int = 0
    sibling_count: int = 1
    error: str = ""
    logprob_source: str = "raw"
    thinking_tokens: int | None = None  # saved count of the reply's <think> block
    # The thinking block expanded (True) or collapsed (False) by the user; None: automatic,
    # open while the model thinks and collapsed once its answer starts (thinking_block.py).
    thinking_open: bool | None = None
    thinking_seconds: float | None = None  # first token to </think>, measured as it streamed
    first_token_at: float | None = None  # time.monotonic() of the first streamed token
    # Structured output (ui/chat/reply_format.py): the OutputFormat the reply was generated
    # under (None: free text), its FormatCheck once finished, and the ConstraintCost the
    # grammar reported (with probabilities on).
    output_format: Any = None
    format_check: Any = None
    constraint: Any = None
    # Tools (ui/chat/tool_messages.py): an assistant message's ToolCalls; a tool message's
    # call id and tool name; `tool_detail` holds how the call went (approval, arguments as
    # run, error); `raw_text` the exact text the model wrote, shown by the raw toggle.
    tool_calls: tuple = ()
    tool_call_id: str | None = None
    tool_name: str = ""
    tool_detail: dict = field(default_factory=dict)
    raw_text: str = ""
    show_raw: bool = False
    knowledge: Any = None  # ReplyKnowledge (citations.py): what knowledge put into its prompt
    # The footer's links as (action, label), in place of the chat's own (a compare pane's).
    actions: tuple[tuple[str, str], ...] | None = None
    mark_token: int | None = None  # a token to mark (where compared replies diverge)
    revision: int = 0  # bumped on every change so painted documents know they are stale
    # Row height as the transcript delegate last computed it, and for which (revision, width).
    size_key: tuple = ()
    size_height: int = 0
    size_exact: bool = False

    @property
    def streaming(self) -> bool:
        return self.status == "streaming"

    def logprob_summary(self) -> tuple[float, float] | None:
        """(mean log-probability, perplexity) of the generated tokens, when they were recorded."""
        values = [t.logprob for t in self.tokens if t.logprob is not None]
        if not values:
            return None
        mean = sum(values) / len(values)
        return mean, math.exp(-mean)


class TranscriptModel(QAbstractListModel):
    """Rows are `MessageItem`s; `ItemRole` returns the item itself for the delegate."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[MessageItem] = []

    # ------------------------------------------------------------------ Qt interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.text
        if role == ItemRole:
            return item
        if role == RoleRole:
            return item.role
        if role == StatusRole:
            return item.status
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.role}: {item.text}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update(
            {
                ItemRole: QByteArray(b"item"),
                RoleRole: QByteArray(b"role"),
                StatusRole: QByteArray(b"status"),
            }
        )
        return names

    # ------------------------------------------------------------------ edits

    def items(self) -> list[MessageItem]:
        return list(self._items)

    def item(self, row: int) -> MessageItem:
        return self._items[row]

    def item_or_none(self, row: int) -> MessageItem | None:
        """The item at `row`, without a QModelIndex round trip (the delegate's hot path)."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, message_id: int | None) -> int:
        for row in range(len(self._items) - 1, -1, -1):
            if self._items[row].message_id == message_id:
                return row
        return -1

    def row_of_item(self, item: MessageItem) -> int:
        for row in range(len(self._items) - 1, -1, -1):
            if self._items[row] is item:
                return row
        return -1

    def set_items(self, items: list[MessageItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def append(self, item: MessageItem) -> int:
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self.endInsertRows()
        return row

    def replace_from(self, row: int, items: list[MessageItem]) -> None:
        """Drop rows from `row` on and append `items` (a branch switch changes the path's tail)."""
        row = max(0, min(row, len(self._items)))
        if row < len(self._items):
            self.beginRemoveRows(QModelIndex(), row, len(self._items) - 1)
            del self._items[row:]
            self.endRemoveRows()
        if items:
            self.beginInsertRows(QModelIndex(), row, row + len(items) - 1)
            self._items.extend(items)
            self.endInsertRows()

    def append_tokens(self, row: int, tokens: list[Token]) -> None:
        item = self._items[row]
        before = len(item.text)
        item.text += "".join(t.text for t in tokens)
        item.tokens.extend(tokens)
        _time_thinking(item, before)
        item.revision += 1
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, ItemRole])

    def update(self, row: int, **changes: Any) -> None:
        item = self._items[row]
        if changes.get("status") == "streaming" and not item.streaming:
            item.first_token_at = None  # a continued reply: time the new stream, not the idle
        for name, value in changes.items():
            setattr(item, name, value)
        item.revision += 1
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, ItemRole, StatusRole])

    def refresh_all(self) -> None:
        """Repaint every row (theme or probability display changed)."""
        for item in self._items:
            item.revision += 1
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))


def _time_thinking(item: MessageItem, before: int) -> None:
    """Notes when `item` started streaming and, the moment its `</think>` arrives, how long it
    thought and in how many tokens (the header then says "Thought for N s · N tokens", and
    later frames need not count again). Looks at the new text only."""
    now = time.monotonic()
    if item.first_token_at is None:
        item.first_token_at = now
    if item.thinking_seconds is not None:
        return
    if CLOSE not in item.text[max(0, before - len(CLOSE)) :]:
        return
    if split_thinking(item.text).thinking is not None:
        item.thinking_seconds = now - item.first_token_at
        item.thinking_tokens = thinking_token_count([t.text for t in item.tokens]) or None
