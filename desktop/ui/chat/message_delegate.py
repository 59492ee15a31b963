"""Paint one transcript message (header, body, footer) and answer what is under the mouse.

The documents come from `MessageDocuments` (message_layout.py). Heights are cached per
(revision, width); rows never painted yet get a cheap estimate, so opening a long
conversation lays out thousands of rows without building thousands of documents.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from desktop.ui.chat.message_layout import DOC_MARGIN, MessageDocuments, MessageLayout
from desktop.ui.chat.probabilities import alternatives_html
from desktop.ui.chat.transcript_model import ItemRole, MessageItem

_WIDE = re.compile(
    "[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)

Index = QModelIndex | QPersistentModelIndex

PAD_X = 14
PAD_Y = 8
GAP = 4


def _cursor_x(value: object) -> float:
    """QTextLine.cursorToX's x: PySide returns a float or (x, position), typed as object."""
    x = value[0] if isinstance(value, tuple) else value
    assert isinstance(x, (int, float))
    return float(x)


@dataclass(frozen=True)
class Hit:
    kind: str  # "anchor" | "token"
    href: str = ""
    token_index: int = -1


class MessageDelegate(QStyledItemDelegate):
    """Paints `MessageItem`s; `hit_test()` tells the view about links and tokens under a point."""

    layout_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.documents = MessageDocuments()
        self.documents.tokens_text = self._tokens_text
        self._generation = 0  # bumped by invalidate(): every cached height is stale
        self.stream_paint_s = 0.0  # what the last paint of a streaming reply cost
        # Set by the view: row -> MessageItem, which skips QModelIndex.data on hot paths.
        self.item_at: Callable[[int], MessageItem | None] | None = None
        self._width = 600
        self._font = QFont()
        self._metrics = QFontMetrics(self._font)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._header_h = QFontMetrics(self._bold).height() + GAP
        self.documents.set_width(self._width, self._text_width())

    # ------------------------------------------------------------------ configuration

    def _tokens_text(self, count: int) -> str:
        return self.tr("%n token(s)", "", count)  # a plain name: lupdate misses attributes

    @property
    def show_probabilities(self) -> bool:
        return self.documents.show_probabilities

    @show_probabilities.setter
    def show_probabilities(self, show: bool) -> None:
        self.documents.show_probabilities = show

    @property
    def dark(self) -> bool:
        return self.documents.dark

    @dark.setter
    def dark(self, dark: bool) -> None:
        self.documents.dark = dark

    def set_width(self, width: int) -> None:
        self._width = max(120, width)
        self.documents.set_width(self._width, self._text_width())

    def width(self) -> int:
        return self._width

    def set_font(self, font: QFont) -> None:
        self._font = QFont(font)
        self._metrics = QFontMetrics(self._font)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._header_h = QFontMetrics(self._bold).height() + GAP
        self.documents.font = QFont(font)
        self.invalidate()

    def invalidate(self) -> None:
        self.documents.invalidate()
        self._generation += 1

    def code_block(self, item: MessageItem, number: int) -> str | None:
        return self.documents.code_block(item, number)

    # ------------------------------------------------------------------ geometry

    def _text_width(self) -> int:
        return self._width - 2 * PAD_X - 8

    def _header_height(self) -> int:
        return self._header_h

    def _estimate(self, item: MessageItem) -> int:
        # Runs for every row when a conversation opens: string methods only, no per-char loop.
        avg = max(1, self._metrics.averageCharWidth())
        per_line = max(1, self._text_width() // avg)
        lines = 0
        for line in item.text.split("\n"):
            units = len(line)
            if not line.isascii():
                # Wide (CJK) characters take about two average widths.
                units += len(_WIDE.findall(line))
            lines += 1 + units // per_line
        spacing = self._metrics.lineSpacing()
        body = lines * spacing + 2 * DOC_MARGIN
        footer = spacing + 2 * DOC_MARGIN if item.role != "system" else 0
        return 2 * PAD_Y + self._header_height() + body + footer + GAP

    def estimate_all(self, items: list[MessageItem]) -> None:
        """Give every row not measured yet an estimated height in one pass, so the view's
        layout of thousands of rows only reads cached values."""
        key_rest = (self._width, self._generation)
        for item in items:
            if item.size_key[1:] != key_rest:
                self._store_height(item, self._estimate(item), False)

    def _exact_height(self, layout: MessageLayout) -> int:
        body = int(layout.body.size().height() + 0.5)
        footer = int(layout.footer.size().height() + 0.5) if not layout.footer.isEmpty() else 0
        return 2 * PAD_Y + self._header_height() + body + footer + GAP

    def _item(self, index: Index) -> MessageItem | None:
        if self.item_at is not None:
            return self.item_at(index.row())
        return index.data(ItemRole)

    def _key(self, item: MessageItem) -> tuple:
        return (item.revision, self._width, self._generation)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # Called for every row on every layout of the view: the cached path must stay cheap.
        item = self._item(index)
        if item is None:
            return QSize(self._width, 0)
        key = (item.revision, self._width, self._generation)
        if item.size_key == key:
            return QSize(self._width, item.size_height)
        if item.streaming or self.documents.is_cached(item):
            self._store_height(item, self._exact_height(self.documents.layout(item)), True)
        elif item.size_key[1:] == key[1:] and item.size_exact:
            pass  # only the revision moved (e.g. a status change): keep the measured height
        else:
            self._store_height(item, self._estimate(item), False)
        return QSize(self._width, item.size_height)

    def _store_height(self, item: MessageItem, height: int, exact: bool) -> bool:
        changed = item.size_height != height or item.size_key[1:] != (self._width, self._generation)
        item.size_key = self._key(item)
        item.size_height = height
        item.size_exact = exact
        return changed

    def is_measured(self, item: MessageItem) -> bool:
        return item.size_exact and item.size_key == self._key(item)

    def measure(self, item: MessageItem) -> bool:
        """Compute the row's real height (a throwaway layout unless one is cached); True when
        it differs from the height the view has."""
        if self.is_measured(item):
            return False
        layout = self.documents.cached(item)
        if layout is None or layout.revision != item.revision or layout.width != self._width:
            layout = self.documents.build(item, self.documents.mode(item))
        return self._store_height(item, self._exact_height(layout), True)

    # ------------------------------------------------------------------ painting

    def _status_text(self, item: MessageItem) -> str:
        if item.role == "tool":
            return ""  # the card says how the call goes
        return {
            "streaming": self.tr("generating…"),
            "cancelled": self.tr("stopped"),
            "error": self.tr("error"),
            "interrupted": self.tr("interrupted"),
        }.get(item.status, "")

    def _role_text(self, item: MessageItem) -> str:
        return {
            "user": self.tr("You"),
            "assistant": self.tr("Assistant"),
            "system": self.tr("System"),
            "tool": self.tr("Tool"),
        }.get(item.role, item.role)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = self._item(index)
        if item is None:
            return
        started = time.perf_counter()
        layout = self.documents.layout(item)
        if self._store_height(item, self._exact_height(layout), True):
            self.sizeHintChanged.emit(QModelIndex(index))  # type: ignore[arg-type] # PySide's stub lacks the QPersistentModelIndex overload
        rect = option.rect
        palette: QPalette = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bubble = rect.adjusted(6, 3, -6, -3)
        if item.role == "user":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(bubble, 8, 8)
        if option.state & QStyle.StateFlag.State_Selected:
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(40)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(bubble, 8, 8)
        x = rect.x() + PAD_X
        y = rect.y() + PAD_Y
        painter.setFont(self._bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        header_h = self._header_height()
        role_text = self._role_text(item)
        painter.drawText(
            QRect(x, y, self._text_width(), header_h), Qt.AlignmentFlag.AlignLeft, role_text
        )
        status = self._status_text(item)
        if item.error:
            status = f"{status}: {item.error}" if status else item.error
        if status:
            painter.setFont(self._font)
            offset = QFontMetrics(self._bold).horizontalAdvance(role_text) + 10
            color = (
                QColor("#d93025")
                if item.status == "error"
                else palette.color(QPalette.ColorRole.PlaceholderText)
            )
            painter.setPen(color)
            painter.drawText(
                QRect(x + offset, y, self._text_width() - offset, header_h),
                Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextSingleLine,
                status,
            )
        y += header_h
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette = palette
        # Only the part on screen is drawn: the view sets no clip, and a long reply would
        # otherwise be drawn whole, every frame, while it streams.
        device = painter.device()
        visible = QRectF(0, 0, device.width(), device.height()) if device is not None else QRectF()
        visible = painter.worldTransform().inverted()[0].mapRect(visible)
        if painter.hasClipping():
            visible = visible.intersected(painter.clipBoundingRect())
        painter.translate(x, y)
        if not visible.isEmpty():
            ctx.clip = visible.translated(-x, -y)
        layout.body.documentLayout().draw(painter, ctx)
        body_h = layout.body.size().height()
        painter.translate(0, body_h)
        if not layout.footer.isEmpty():
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.palette = palette
            layout.footer.documentLayout().draw(painter, ctx)
        painter.restore()
        if item.streaming:
            self.stream_paint_s = time.perf_counter() - started

    # ------------------------------------------------------------------ hit testing

    def hit_test(self, rect: QRect, index: QModelIndex, pos) -> Hit | None:
        """What is at `pos` (viewport coordinates) in the row drawn in `rect`."""
        item: MessageItem | None = index.data(ItemRole)
        if item is None:
            return None
        layout = self.documents.layout(item)
        x = rect.x() + PAD_X
        y = rect.y() + PAD_Y + self._header_height()
        local = QPointF(pos.x() - x, pos.y() - y)
        body_h = layout.body.size().height()
        if local.y() >= body_h:
            footer_point = QPointF(local.x(), local.y() - body_h)
            href = layout.footer.documentLayout().anchorAt(footer_point)
            return Hit("anchor", href) if href else None
        if local.y() < 0 or local.x() < 0:
            return None
        href = layout.body.documentLayout().anchorAt(local)
        if href:
            return Hit("anchor", href)
        if layout.mode == "tokens" and layout.offsets:
            position = layout.body.documentLayout().hitTest(local, Qt.HitTestAccuracy.ExactHit)
            if position < layout.token_start:
                return None
            token_index = bisect.bisect_right(layout.offsets, position)
            if token_index < len(item.tokens):
                return Hit("token", token_index=token_index)
        return None

    def helpEvent(self, event, view, option, index) -> bool:
        item: MessageItem | None = index.data(ItemRole) if index.isValid() else None
        if item is not None:
            hit = self.hit_test(view.visualRect(index), index, event.pos())
            if hit is not None and hit.kind == "token":
                QToolTip.showText(
                    event.globalPos(),
                    alternatives_html(item.tokens[hit.token_index], item.logprob_source),
                    view,
                )
                return True
        QToolTip.hideText()
        return True

    # ------------------------------------------------------------------ points (for tests, a11y)

    @staticmethod
    def _point_in(doc: QTextDocument, start: int, end: int) -> QPointF | None:
        doc.size()  # lays the whole document out; line geometry is lazy otherwise
        block = doc.findBlock(start)
        if not block.isValid():
            return None
        text_layout = block.layout()
        rel = start - block.position()
        line = text_layout.lineForTextPosition(rel)
        if not line.isValid():
            return None
        x0 = _cursor_x(line.cursorToX(rel))
        x1 = _cursor_x(line.cursorToX(min(end - block.position(), rel + 1)))
        # blockBoundingRect is in document coordinates, also for blocks inside table cells.
        origin = doc.documentLayout().blockBoundingRect(block).topLeft()
        return QPointF(origin.x() + (x0 + x1) / 2, origin.y() + line.y() + line.height() / 2)

    def token_point(self, rect: QRect, index: QModelIndex, token_index: int):
        item: MessageItem | None = index.data(ItemRole)
        if item is None:
            return None
        layout = self.documents.layout(item)
        if layout.mode != "tokens" or not 0 <= token_index < len(layout.offsets):
            return None
        start = layout.offsets[token_index - 1] if token_index else layout.token_start
        end = layout.offsets[token_index]
        if end <= start:
            return None
        point = self._point_in(layout.body, start, end)
        if point is None:
            return None
        x = rect.x() + PAD_X + point.x()
        y = rect.y() + PAD_Y + self._header_height() + point.y()
        return QPointF(x, y).toPoint()

    def anchor_point(self, rect: QRect, index: QModelIndex, href: str):
        item: MessageItem | None = index.data(ItemRole)
        if item is None:
            return None
        layout = self.documents.layout(item)
        for doc, dy in ((layout.body, 0.0), (layout.footer, layout.body.size().height())):
            block = doc.begin()
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    fragment = it.fragment()
                    if fragment.isValid() and fragment.charFormat().anchorHref() == href:
                        start = fragment.position()
                        point = self._point_in(doc, start, start + fragment.length())
                        if point is not None:
                            x = rect.x() + PAD_X + point.x()
                            y = rect.y() + PAD_Y + self._header_height() + dy + point.y()
                            return QPointF(x, y).toPoint()
                    it += 1
                block = block.next()
        return None
