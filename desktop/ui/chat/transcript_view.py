"""The transcript list view: per-pixel scrolling, follows the bottom while a reply streams."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCursor, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView

from desktop.ui.chat.markdown_render import warm_up_in_background
from desktop.ui.chat.message_delegate import Hit, MessageDelegate
from desktop.ui.chat.transcript_model import ItemRole

MEASURE_SLICE_S = 0.008
WARM_UP_DELAY_MS = 800


class ChatTranscriptView(QListView):
    """Shows a `TranscriptModel`; turns clicks on footer links and tokens into signals."""

    action_requested = Signal(int, str)  # row, "copy" | "regenerate" | "continue" | ...
    token_clicked = Signal(int, int, QPoint)  # row, token index, global position
    code_copied = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript")
        self.message_delegate = MessageDelegate(self)
        self.setItemDelegate(self.message_delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A scroll bar that comes and goes changes the text width, and every row would be laid
        # out again (mid-stream, when the reply first outgrows the view).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.verticalScrollBar().setSingleStep(24)
        self._follow = True
        self.verticalScrollBar().valueChanged.connect(self.on_scroll_value_changed)
        self.verticalScrollBar().rangeChanged.connect(self.on_scroll_range_changed)
        # Rows get estimated heights first; this timer measures them for real in small slices
        # while the GUI is idle (bottom up, where the user starts), so scrolling later needs no
        # re-layout of thousands of rows.
        self._measure_rows: list[int] = []
        self._measure_timer = QTimer(self)
        self._measure_timer.setInterval(0)
        self._measure_timer.timeout.connect(self.on_measure_timer_timeout)
        self._last_stream_update = 0.0
        self._pending_stream_row = -1
        self._stream_timer = QTimer(self)
        self._stream_timer.setSingleShot(True)
        self._stream_timer.timeout.connect(self.on_stream_timer_timeout)
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.timeout.connect(warm_up_in_background)

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:  # noqa: B006 - Qt's signature
        # A streaming reply is repainted at most as often as its repaint cost allows: when
        # laying out a long paragraph gets slow (huge replies, font fallback for a rare
        # script), the event loop still gets at least half of the time.
        item = (
            self.message_delegate.item_at(top_left.row()) if self.message_delegate.item_at else None
        )
        if item is not None and item.streaming and top_left.row() == bottom_right.row():
            wait = 2 * self.message_delegate.stream_paint_s - (
                time.perf_counter() - self._last_stream_update
            )
            if wait > 0.002:
                self._pending_stream_row = top_left.row()
                if not self._stream_timer.isActive():
                    self._stream_timer.start(int(wait * 1000) + 1)
                return
            self._last_stream_update = time.perf_counter()
        super().dataChanged(top_left, bottom_right, roles)

    @Slot()
    def on_stream_timer_timeout(self) -> None:
        model = self.model()
        row = self._pending_stream_row
        if model is None or not 0 <= row < model.rowCount():
            return
        self._last_stream_update = time.perf_counter()
        index = model.index(row, 0)
        super().dataChanged(index, index, [])

    def setModel(self, model) -> None:
        super().setModel(model)
        self.message_delegate.item_at = getattr(model, "item_or_none", None)
        if model is not None:
            model.modelReset.connect(self.restart_measuring)
            model.rowsInserted.connect(self.restart_measuring)
        self.restart_measuring()

    @Slot()
    def restart_measuring(self, *_args) -> None:
        model = self.model()
        count = model.rowCount() if model is not None else 0
        items = getattr(model, "items", None)
        if count and items is not None:
            self.message_delegate.estimate_all(items())
        self._measure_rows = list(range(count))  # popped from the end: the last rows first
        if count:
            self._measure_timer.start()

    @Slot()
    def on_measure_timer_timeout(self) -> None:
        model = self.model()
        item_at = self.message_delegate.item_at
        if model is None or item_at is None or not self._measure_rows:
            self._measure_timer.stop()
            return
        deadline = time.perf_counter() + MEASURE_SLICE_S
        changed = False
        while self._measure_rows and time.perf_counter() < deadline:
            item = item_at(self._measure_rows.pop())
            if item is not None and not item.streaming:
                changed |= self.message_delegate.measure(item)
        if changed:
            self.scheduleDelayedItemsLayout()
        if not self._measure_rows:
            self._measure_timer.stop()

    # ------------------------------------------------------------------ following the bottom

    @Slot(int)
    def on_scroll_value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 4

    @Slot(int, int)
    def on_scroll_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(maximum)

    def follow_bottom(self) -> None:
        self._follow = True
        self.scrollToBottom()

    def is_following(self) -> bool:
        return self._follow

    # ------------------------------------------------------------------ geometry

    def showEvent(self, event) -> None:
        # Compile the Markdown parser and common lexers once the window is up, before the
        # first reply or conversation needs them (on the GUI thread, Python's lexer alone
        # blocks for 50-120 ms the first time).
        if not self._warm_timer.isActive():
            self._warm_timer.start(WARM_UP_DELAY_MS)
        super().showEvent(event)

    def resizeEvent(self, event) -> None:
        width = self.viewport().width()
        if width != self.message_delegate.width():
            self.message_delegate.set_width(width)
            self.scheduleDelayedItemsLayout()
            self.restart_measuring()
        super().resizeEvent(event)

    # ------------------------------------------------------------------ mouse

    def _hit(self, pos: QPoint) -> tuple[QModelIndex, Hit | None]:
        index = self.indexAt(pos)
        if not index.isValid():
            return index, None
        return index, self.message_delegate.hit_test(self.visualRect(index), index, pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        _index, hit = self._hit(event.position().toPoint())
        if hit is None:
            self.viewport().unsetCursor()
        else:
            self.viewport().setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            index, hit = self._hit(pos)
            if hit is not None and self.activate_hit(
                index.row(), hit, self.viewport().mapToGlobal(pos)
            ):
                event.accept()
                return
        super().mouseReleaseEvent(event)

    def activate_hit(self, row: int, hit: Hit, global_pos: QPoint) -> bool:
        if hit.kind == "token":
            self.token_clicked.emit(row, hit.token_index, global_pos)
            return True
        if hit.href.startswith("action:"):
            self.action_requested.emit(row, hit.href.removeprefix("action:"))
            return True
        if hit.href.startswith("copy-code:"):
            item = self.model().index(row, 0).data(ItemRole)
            code = self.message_delegate.code_block(item, int(hit.href.split(":", 1)[1]))
            if code is not None:
                QGuiApplication.clipboard().setText(code)
                self.code_copied.emit(code)
            return True
        return False

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self.viewport().unsetCursor()
        return super().viewportEvent(event)

    # ------------------------------------------------------------------ helpers for tests

    def point_of_token(self, row: int, token_index: int) -> QPoint | None:
        """Viewport point over a token (tests click there, as a user would)."""
        index = self.model().index(row, 0)
        rect = self.visualRect(index)
        return self.message_delegate.token_point(rect, index, token_index)

    def point_of_action(self, row: int, action: str) -> QPoint | None:
        index = self.model().index(row, 0)
        rect = self.visualRect(index)
        return self.message_delegate.anchor_point(rect, index, f"action:{action}")
