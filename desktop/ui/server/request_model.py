"""RequestListModel: the API server's requests, newest first, one row per request.

Rows are the request log's frozen snapshots (core.server.request_log.RequestRecord), replaced
whole when a newer one arrives; a reply's tokens, which the log sends apart while it
streams, are counted here until its final snapshot carries them all.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt

from desktop.core.engine.protocol import Token
from desktop.core.server.request_log import RequestRecord
from desktop.ui.widgets.row_model import Index, ObjectRole, RowTableModel

CONTEXT = "RequestListModel"

STATUS = {
    "received": QT_TRANSLATE_NOOP("RequestListModel", "received"),
    "queued": QT_TRANSLATE_NOOP("RequestListModel", "waiting"),
    "running": QT_TRANSLATE_NOOP("RequestListModel", "answering"),
    "done": QT_TRANSLATE_NOOP("RequestListModel", "done"),
    "cancelled": QT_TRANSLATE_NOOP("RequestListModel", "cancelled"),
    "failed": QT_TRANSLATE_NOOP("RequestListModel", "failed"),
    "rejected": QT_TRANSLATE_NOOP("RequestListModel", "refused"),
}
ENDPOINTS = {
    "chat": QT_TRANSLATE_NOOP("RequestListModel", "chat"),
    "completion": QT_TRANSLATE_NOOP("RequestListModel", "completion"),
}


TOKENS_COLUMN = 4


def status_text(record: RequestRecord) -> str:
    text = QCoreApplication.translate(CONTEXT, str(STATUS.get(record.status, record.status)))
    if record.waiting_on is not None and not record.finished:
        text = QCoreApplication.translate("RequestListModel", "waiting for the chat")
    if record.http_status is not None and record.http_status != 200:
        text += f" ({record.http_status})"
    return text


def seconds_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 1:
        return QCoreApplication.translate("RequestListModel", "%1 ms").replace(
            "%1", f"{seconds * 1000:.0f}"
        )
    return QCoreApplication.translate("RequestListModel", "%1 s").replace("%1", f"{seconds:.2f}")


class RequestListModel(RowTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("RequestListModel", "Time"),
        QT_TRANSLATE_NOOP("RequestListModel", "Client"),
        QT_TRANSLATE_NOOP("RequestListModel", "Request"),
        QT_TRANSLATE_NOOP("RequestListModel", "Status"),
        QT_TRANSLATE_NOOP("RequestListModel", "Tokens"),
        QT_TRANSLATE_NOOP("RequestListModel", "First token"),
        QT_TRANSLATE_NOOP("RequestListModel", "Total"),
    )
    TITLE_CONTEXT = CONTEXT

    def __init__(self, parent: QObject | None = None, limit: int = 200) -> None:
        super().__init__(parent)
        self._limit = limit
        self._streamed: dict[int, list[Token]] = {}

    # ------------------------------------------------------------------ updates

    def row_of(self, request_id: int) -> int:
        for row, record in enumerate(self._rows):
            if record.id == request_id:
                return row
        return -1

    def record(self, request_id: int) -> RequestRecord | None:
        row = self.row_of(request_id)
        return self._rows[row] if row >= 0 else None

    def update_records(self, records: Iterable[RequestRecord]) -> None:
        """Newer snapshots replace their rows; new requests go on top."""
        fresh: list[RequestRecord] = []
        for record in records:
            row = self.row_of(record.id)
            if row >= 0:
                self.replace_row(row, record)
            else:
                fresh.append(record)
            if record.finished or record.tokens:
                self._streamed.pop(record.id, None)
        if fresh:
            fresh.reverse()
            self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
            self._rows[0:0] = fresh
            self.endInsertRows()
        if len(self._rows) > self._limit:
            dropped = self._rows[self._limit :]
            self.beginRemoveRows(QModelIndex(), self._limit, len(self._rows) - 1)
            del self._rows[self._limit :]
            self.endRemoveRows()
            for record in dropped:
                self._streamed.pop(record.id, None)

    def add_tokens(self, request_id: int, tokens: Iterable[Token]) -> None:
        row = self.row_of(request_id)
        if row < 0 or self._rows[row].finished:
            return
        self._streamed.setdefault(request_id, []).extend(tokens)
        self.dataChanged.emit(self.index(row, TOKENS_COLUMN), self.index(row, TOKENS_COLUMN))

    def tokens(self, record: RequestRecord) -> list[Token]:
        """The reply's tokens so far (all of them once it ended)."""
        if record.tokens:
            return list(record.tokens)
        return list(self._streamed.get(record.id, ()))

    # ------------------------------------------------------------------ data

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_cell(index):
            return None
        record: RequestRecord = self._rows[index.row()]
        if role == ObjectRole:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and record.error:
            from desktop.ui.i18n import message_text

            return message_text(record.error)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return time.strftime("%H:%M:%S", time.localtime(record.received_at))
        if column == 1:
            return record.client
        if column == 2:
            return self._request_text(record)
        if column == 3:
            return status_text(record)
        if column == 4:
            return self._tokens_text(record)
        if column == 5:
            return seconds_text(record.timings.ttft)
        return seconds_text(record.timings.total)

    def _request_text(self, record: RequestRecord) -> str:
        if record.endpoint is None:
            return f"{record.method} {record.path}"
        kind = QCoreApplication.translate(CONTEXT, str(ENDPOINTS[record.endpoint]))
        if record.stream:
            kind = QCoreApplication.translate("RequestListModel", "%1, streamed").replace(
                "%1", kind
            )
        if record.tool_calls:
            names = ", ".join(c.name for c in record.tool_calls)
            kind += " → " + names
        return kind

    def _tokens_text(self, record: RequestRecord) -> str:
        if record.stats is not None:
            return f"{record.stats.prompt_tokens} + {record.stats.completion_tokens}"
        prompt = len(record.prompt_ids) if record.prompt_ids is not None else None
        reply = len(self.tokens(record))
        if prompt is None and not reply:
            return ""
        return f"{prompt if prompt is not None else '?'} + {reply}"
