"""The conversation list: pinned, Today, Yesterday, Older; search; new, rename, pin, delete."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from desktop.core.store.errors import StoreError
from desktop.ui.i18n import error_text

log = logging.getLogger(__name__)

ConversationIdRole = Qt.ItemDataRole.UserRole + 1
IsHeaderRole = Qt.ItemDataRole.UserRole + 2
PinnedRole = Qt.ItemDataRole.UserRole + 3
SnippetRole = Qt.ItemDataRole.UserRole + 4
MessageIdRole = Qt.ItemDataRole.UserRole + 5
TagRole = Qt.ItemDataRole.UserRole + 6  # a short tag drawn beside the title ("API")

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Row:
    header: str = ""
    conversation_id: int | None = None
    title: str = ""
    pinned: bool = False
    snippet: str = ""
    message_id: int | None = None
    tag: str = ""


class ConversationListModel(QAbstractListModel):
    """Section headers and conversations in one flat list (headers are not selectable)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.header or row.title
        if role == Qt.ItemDataRole.ToolTipRole and not row.header:
            return row.title
        if role == ConversationIdRole:
            return row.conversation_id
        if role == IsHeaderRole:
            return bool(row.header)
        if role == PinnedRole:
            return row.pinned
        if role == SnippetRole:
            return row.snippet
        if role == MessageIdRole:
            return row.message_id
        if role == TagRole:
            return row.tag
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].header:
            return Qt.ItemFlag.ItemNeverHasChildren
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def set_conversations(self, conversations: list, today: date | None = None) -> None:
        """`conversations`: records with id, title, pinned, updated_at; newest first."""
        today = today or date.today()
        yesterday = today - timedelta(days=1)
        groups: dict[str, list[_Row]] = {"pinned": [], "today": [], "yesterday": [], "older": []}
        for conv in conversations:
            row = _Row(
                conversation_id=conv.id,
                title=conv.title or self.tr("Untitled"),
                pinned=conv.pinned,
                # Requests the Server page's API answered, saved as conversations.
                tag=self.tr("API") if getattr(conv, "source", None) == "api" else "",
            )
            if conv.pinned:
                groups["pinned"].append(row)
                continue
            day = _local_date(conv.updated_at)
            key = "today" if day >= today else "yesterday" if day == yesterday else "older"
            groups[key].append(row)
        labels = {
            "pinned": self.tr("Pinned"),
            "today": self.tr("Today"),
            "yesterday": self.tr("Yesterday"),
            "older": self.tr("Older"),
        }
        rows: list[_Row] = []
        for key, members in groups.items():
            if members:
                rows.append(_Row(header=labels[key]))
                rows.extend(members)
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_search_results(self, hits: list) -> None:
        """`hits`: records with conversation_id, conversation_title, message_id, snippet."""
        rows = (
            [_Row(header=self.tr("%n result(s)", "", len(hits)))]
            if hits
            else [_Row(header=self.tr("No matches"))]
        )
        for hit in hits:
            snippet = hit.marked("«", "»") if hasattr(hit, "marked") else hit.snippet
            rows.append(
                _Row(
                    conversation_id=hit.conversation_id,
                    title=hit.conversation_title or self.tr("Untitled"),
                    snippet=snippet,
                    message_id=hit.message_id,
                )
            )
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_of_conversation(self, conversation_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.conversation_id == conversation_id and not row.snippet:
                return number
        return -1


def _local_date(moment: datetime) -> date:
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.date()


class ConversationListDelegate(QStyledItemDelegate):
    """Headers in small grey capitals; conversations as a title, search hits with a snippet."""

    def sizeHint(self, option, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        if index.data(IsHeaderRole):
            return QSize(option.rect.width(), metrics.height() + 14)
        lines = 2 if index.data(SnippetRole) else 1
        return QSize(option.rect.width(), lines * metrics.lineSpacing() + 12)

    def paint(self, painter: QPainter, option, index: _Index) -> None:
        painter.save()
        rect: QRect = option.rect
        palette: QPalette = option.palette
        if index.data(IsHeaderRole):
            font = QFont(option.font)
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                rect.adjusted(10, 6, -6, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(index.data()).upper(),
            )
            painter.restore()
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
            text_color = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            if option.state & QStyle.StateFlag.State_MouseOver:
                painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
            text_color = palette.color(QPalette.ColorRole.Text)
        painter.setPen(text_color)
        painter.setFont(option.font)
        metrics = QFontMetrics(option.font)
        title = str(index.data() or "")
        if index.data(PinnedRole):
            title = "★ " + title
        inner = rect.adjusted(12, 6, -8, -6)
        title_width = inner.width()
        tag = index.data(TagRole)
        if tag:
            title_width -= _paint_tag(painter, option, inner, str(tag)) + 6
        painter.drawText(
            QRect(inner.x(), inner.y(), title_width, metrics.lineSpacing()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_width),
        )
        snippet = index.data(SnippetRole)
        if snippet:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRect(
                    inner.x(),
                    inner.y() + metrics.lineSpacing(),
                    inner.width(),
                    metrics.lineSpacing(),
                ),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(
                    snippet.replace("\n", " "), Qt.TextElideMode.ElideRight, inner.width()
                ),
            )
        painter.restore()


def _paint_tag(painter: QPainter, option: Any, inner: QRect, tag: str) -> int:
    """A small outlined tag at the right end of the title line; returns its width."""
    font = QFont(option.font)
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
    metrics = QFontMetrics(font)
    line = QFontMetrics(option.font).lineSpacing()
    width = metrics.horizontalAdvance(tag) + 10
    height = min(line, metrics.height() + 2)
    box = QRect(inner.right() - width + 1, inner.y() + (line - height) // 2, width, height)
    painter.save()
    painter.setFont(font)
    painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
    painter.drawRoundedRect(box, 3, 3)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tag)
    painter.restore()
    return width


class ConversationListPanel(QWidget):
    """Lists conversations from `history` (a `ChatStore`); emits the one the user opens."""

    conversation_activated = Signal(int)  # conversation id
    new_chat_requested = Signal()
    conversation_deleted = Signal(int)
    conversation_renamed = Signal(int)

    def __init__(self, history, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationList")
        self.history = history
        self.search = QLineEdit(self)
        self.search.setObjectName("chatSearch")
        self.search.setPlaceholderText(self.tr("Search chats (Ctrl+K)"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(self.tr("New chat"), self)
        self.new_button.setObjectName("newChatButton")
        self.new_button.setToolTip(self.tr("Start a new chat (Ctrl+N)"))
        self.model = ConversationListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("conversationView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ConversationListDelegate(self.view))
        self.view.setUniformItemSizes(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setMouseTracking(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addLayout(top)
        layout.addWidget(self.search)
        # A failed listing or search says so here; the list keeps what it showed.
        self.problem = QLabel(self)
        self.problem.setObjectName("conversationListProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addWidget(self.view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.on_search_timer_timeout)
        self.search.textChanged.connect(self.on_search_text_changed)
        self.new_button.clicked.connect(self.new_chat_requested)
        self.view.clicked.connect(self.on_view_clicked)
        self.view.activated.connect(self.on_view_clicked)
        self.view.customContextMenuRequested.connect(self.on_view_context_menu_requested)
        self._current: int | None = None

        delete = QAction(self.tr("Delete chat"), self.view)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.on_delete_shortcut)
        self.view.addAction(delete)

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        if self.search.text().strip():
            self.on_search_timer_timeout()
            return
        try:
            conversations = self.history.list_conversations()
        except StoreError as exc:  # the list keeps what it had
            log.warning("conversations could not be listed: %s", exc)
            self._show_problem(self.tr("Your chats could not be listed: %1"), exc)
            return
        self.problem.hide()
        self.model.set_conversations(conversations)
        self._select(self._current)

    def set_current(self, conversation_id: int | None) -> None:
        self._current = conversation_id
        self._select(conversation_id)

    def _select(self, conversation_id: int | None) -> None:
        if conversation_id is None:
            self.view.clearSelection()
            return
        row = self.model.row_of_conversation(conversation_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------ slots

    @Slot(str)
    def on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def on_search_timer_timeout(self) -> None:
        query = self.search.text().strip()
        if not query:
            self.refresh()
            return
        try:
            hits = self.history.search(query)
        except StoreError as exc:  # a query the index cannot read is not fatal
            log.info("search %r failed: %s", query, exc)
            self.model.set_search_results([])
            self._show_problem(self.tr("The search failed: %1"), exc)
            return
        self.problem.hide()
        self.model.set_search_results(hits)

    @Slot(QModelIndex)
    def on_view_clicked(self, index: QModelIndex) -> None:
        conversation_id = index.data(ConversationIdRole)
        if conversation_id is not None:
            self._current = conversation_id
            self.conversation_activated.emit(conversation_id)

    @Slot()
    def on_delete_shortcut(self) -> None:
        conversation_id = self.view.currentIndex().data(ConversationIdRole)
        if conversation_id is not None:
            self.delete_conversation(conversation_id)

    @Slot(object)
    def on_view_context_menu_requested(self, pos) -> None:
        index = self.view.indexAt(pos)
        conversation_id = index.data(ConversationIdRole)
        if conversation_id is None:
            return
        menu = QMenu(self)
        rename = menu.addAction(self.tr("Rename…"))
        pinned = bool(index.data(PinnedRole))
        pin = menu.addAction(self.tr("Unpin") if pinned else self.tr("Pin"))
        menu.addSeparator()
        delete = menu.addAction(self.tr("Delete…"))
        chosen = menu.exec(self.view.viewport().mapToGlobal(pos))
        if chosen is rename:
            self.rename_conversation(conversation_id, str(index.data() or ""))
        elif chosen is pin:
            self.pin_conversation(conversation_id, not pinned)
        elif chosen is delete:
            self.delete_conversation(conversation_id)

    # ------------------------------------------------------------------ actions

    def rename_conversation(
        self, conversation_id: int, current: str, new_title: str | None = None
    ) -> bool:
        if new_title is None:
            new_title, ok = QInputDialog.getText(
                self, self.tr("Rename chat"), self.tr("Title:"), text=current
            )
            if not ok:
                return False
        if not new_title.strip():
            return False
        if self._run(lambda: self.history.rename(conversation_id, new_title.strip())):
            self.refresh()
            self.conversation_renamed.emit(conversation_id)
            return True
        return False

    def pin_conversation(self, conversation_id: int, pinned: bool) -> bool:
        if self._run(lambda: self.history.set_pinned(conversation_id, pinned)):
            self.refresh()
            return True
        return False

    def delete_conversation(self, conversation_id: int, confirm: bool = True) -> bool:
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete chat"),
                self.tr("Delete this chat and all its messages? This cannot be undone."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if self._run(lambda: self.history.delete_conversation(conversation_id)):
            if self._current == conversation_id:
                self._current = None
            self.refresh()
            self.conversation_deleted.emit(conversation_id)
            return True
        return False

    def _run(self, fn) -> bool:
        try:
            fn()
        except StoreError as exc:
            log.warning("conversation change failed: %s", exc)
            QMessageBox.warning(self, self.tr("Tessera"), error_text(exc))
            return False
        return True

    def _show_problem(self, template: str, error: BaseException) -> None:
        self.problem.setText(template.replace("%1", error_text(error)))
        self.problem.show()
