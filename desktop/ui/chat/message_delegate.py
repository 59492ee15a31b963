"""Paint one transcript message (header, body, footer) and answer what is under the mouse.

Each message is laid out with QTextDocuments that are cached per item and rebuilt only when
the item's revision changes. A streaming reply's document is extended in place with a
QTextCursor (never re-parsed); Markdown is rendered once the reply is complete. Heights are
cached per (revision, width); rows never painted yet get a cheap estimate, so opening a long
conversation lays out thousands of rows without building thousands of documents.
"""

from __future__ import annotations

import bisect
import html
import re
import time
import weakref
from dataclasses import dataclass, field

from PySide6.QtCore import QModelIndex, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from desktop.ui.chat.markdown_render import render_markdown
from desktop.ui.chat.probabilities import (
    alternatives_html,
    probability,
    probability_color,
    shaded_html,
    utf16_len,
)
from desktop.ui.chat.thinking_block import split_for_display
from desktop.ui.chat.transcript_model import ItemRole, MessageItem

_WIDE = re.compile(
    "[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)

PAD_X = 14
PAD_Y = 8
GAP = 4
DOC_MARGIN = 2


@dataclass(eq=False)
class _Layout:
    """The documents of one item at one revision and width."""

    revision: int
    width: int
    mode: str  # "plain" | "markdown" | "tokens"
    body: QTextDocument
    footer: QTextDocument
    text_len: int = 0  # characters of item.text already in `body` (plain streaming)
    tokens_done: int = 0  # tokens already in `body` (tokens mode)
    offsets: list[int] = field(default_factory=list)  # document position where each token ends
    code_blocks: tuple[str, ...] = ()
    prefix_done: bool = False
    token_start: int = 0  # document position of the first token
    footer_key: tuple = ()
    split: bool = False  # streaming text cut into blocks at line starts (valid for one width)


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
        self._layouts: weakref.WeakKeyDictionary[MessageItem, _Layout] = weakref.WeakKeyDictionary()
        self._generation = 0  # bumped by invalidate(): every cached height is stale
        self.stream_paint_s = 0.0  # what the last paint of a streaming reply cost
        self.item_at = None  # set by the view: row -> MessageItem, skips QModelIndex.data
        self._width = 600
        self.show_probabilities = False
        self.dark = False
        self._font = QFont()
        self._metrics = QFontMetrics(self._font)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._header_h = QFontMetrics(self._bold).height() + GAP

    # ------------------------------------------------------------------ configuration

    def set_width(self, width: int) -> None:
        self._width = max(120, width)

    def width(self) -> int:
        return self._width

    def set_font(self, font: QFont) -> None:
        self._font = QFont(font)
        self._metrics = QFontMetrics(self._font)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._header_h = QFontMetrics(self._bold).height() + GAP
        self.invalidate()

    def invalidate(self) -> None:
        self._layouts = weakref.WeakKeyDictionary()
        self._generation += 1

    def code_block(self, item: MessageItem, number: int) -> str | None:
        layout = self._layouts.get(item)
        if layout is None or not 0 <= number < len(layout.code_blocks):
            return None
        return layout.code_blocks[number]

    # ------------------------------------------------------------------ geometry

    def _text_width(self) -> int:
        return self._width - 2 * PAD_X - 8

    def _header_height(self) -> int:
        return self._header_h

    def _uses_tokens(self, item: MessageItem) -> bool:
        # Shaded while it streams too: the formatted runs are appended per frame (see
        # _freeze_lines for why a long paragraph stays cheap), so completion rebuilds nothing.
        return (
            self.show_probabilities
            and item.role == "assistant"
            and any(t.logprob is not None for t in item.tokens)
        )

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

    def _exact_height(self, layout: _Layout) -> int:
        body = int(layout.body.size().height() + 0.5)
        footer = int(layout.footer.size().height() + 0.5) if not layout.footer.isEmpty() else 0
        return 2 * PAD_Y + self._header_height() + body + footer + GAP

    def _item(self, index: QModelIndex) -> MessageItem | None:
        if self.item_at is not None:
            return self.item_at(index.row())
        return index.data(ItemRole)

    def _key(self, item: MessageItem) -> tuple:
        return (item.revision, self._width, self._generation)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        # Called for every row on every layout of the view: the cached path must stay cheap.
        item = self._item(index)
        if item is None:
            return QSize(self._width, 0)
        key = (item.revision, self._width, self._generation)
        if item.size_key == key:
            return QSize(self._width, item.size_height)
        if item.streaming or item in self._layouts:
            self._store_height(item, self._exact_height(self._layout(item)), True)
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
        layout = self._layouts.get(item)
        if layout is None or layout.revision != item.revision or layout.width != self._width:
            layout = self._build(item, self._mode(item))
        return self._store_height(item, self._exact_height(layout), True)

    # ------------------------------------------------------------------ documents

    def _new_document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(DOC_MARGIN)
        doc.setDefaultFont(self._font)
        doc.setTextWidth(self._text_width())
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(opt)
        doc.setDefaultStyleSheet("a { text-decoration: none; } pre { white-space: pre-wrap; }")
        doc.setUndoRedoEnabled(False)
        return doc

    def _mode(self, item: MessageItem) -> str:
        if self._uses_tokens(item):
            return "tokens"
        if item.role == "assistant" and not item.streaming:
            return "markdown"
        return "plain"

    def _layout(self, item: MessageItem) -> _Layout:
        layout = self._layouts.get(item)
        mode = self._mode(item)
        width = self._width
        if layout is not None and layout.revision == item.revision and layout.width == width:
            return layout
        if layout is not None and layout.mode == mode and mode in ("plain", "tokens"):
            if layout.width != width and layout.split:
                return self._rebuild(item, mode)
            if layout.width != width:
                layout.body.setTextWidth(self._text_width())
                layout.footer.setTextWidth(self._text_width())
                layout.width = width
            if self._extend(layout, item):
                if layout.footer_key != self._footer_key(item):
                    layout.footer = self._footer(item)
                    layout.footer_key = self._footer_key(item)
                layout.revision = item.revision
                return layout
        return self._rebuild(item, mode)

    def _rebuild(self, item: MessageItem, mode: str) -> _Layout:
        layout = self._build(item, mode)
        self._layouts[item] = layout
        return layout

    def _build(self, item: MessageItem, mode: str) -> _Layout:
        body = self._new_document()
        layout = _Layout(item.revision, self._width, mode, body, self._footer(item))
        layout.footer_key = self._footer_key(item)
        if mode == "markdown":
            thinking, answer = split_for_display(item, self.dark)
            rendered = render_markdown(answer, self.dark, self.tr("Copy"))
            body.setHtml(thinking + rendered.html)
            layout.code_blocks = rendered.code_blocks
        elif mode == "plain":
            body.setPlainText(item.text)
            layout.text_len = len(item.text)
            if item.streaming:
                self._freeze_lines(layout)
        else:
            self._shade_all(layout, item)
            if item.streaming:
                self._freeze_lines(layout)
        return layout

    def _extend(self, layout: _Layout, item: MessageItem) -> bool:
        """Append what streamed in since the last paint; False when a rebuild is needed."""
        if layout.mode == "plain":
            if len(item.text) < layout.text_len:
                return False
            delta = item.text[layout.text_len :]
            if delta:
                cursor = QTextCursor(layout.body)
                cursor.movePosition(QTextCursor.MoveOperation.End)
                cursor.insertText(delta)
                layout.text_len = len(item.text)
                if item.streaming:
                    self._freeze_lines(layout)
            return True
        if len(item.tokens) < layout.tokens_done:
            return False
        if len(item.tokens) > layout.tokens_done:
            self._append_tokens(layout, item)
            if item.streaming:
                self._freeze_lines(layout)
        return True

    def _shade_all(self, layout: _Layout, item: MessageItem) -> None:
        joined = "".join(t.text for t in item.tokens)
        prefix = item.text[: len(item.text) - len(joined)] if item.text.endswith(joined) else ""
        markup, offsets, token_start = shaded_html(prefix, item.tokens, self.dark)
        layout.body.setHtml(markup)
        if layout.body.characterCount() - 1 != (offsets[-1] if offsets else token_start):
            # The HTML parser changed the text (e.g. a lone carriage return): positions would
            # be off, so take the slow exact path.
            layout.body.clear()
            self._append_tokens(layout, item)
            return
        layout.offsets = offsets
        layout.token_start = token_start
        layout.prefix_done = True
        layout.tokens_done = len(item.tokens)

    @staticmethod
    def _freeze_lines(layout: _Layout) -> None:
        """Cut the last paragraph before its last line, so the next append re-lays out one line.

        Text streams into the end of one paragraph (a model's reply may have no newline for
        thousands of characters), and QTextDocument lays a changed paragraph out again from its
        start: per frame, that grows with the reply. Lines are broken greedily, so every line
        but the last is final; it goes into a paragraph of its own that is never touched again.
        The cut is invisible (it falls where the line broke anyway) as long as the width stays:
        a width change rebuilds the document.
        """
        doc = layout.body
        block = doc.lastBlock()
        doc.documentLayout().blockBoundingRect(block)  # lays the paragraph out if it is not yet
        text_layout = block.layout()
        if text_layout is None or text_layout.lineCount() < 2:
            return
        start = text_layout.lineAt(text_layout.lineCount() - 1).textStart()
        if start <= 0:
            return
        cut = block.position() + start
        cursor = QTextCursor(doc)
        cursor.setPosition(cut)
        cursor.insertBlock()
        layout.split = True
        # Token ends after the cut moved one position on (the new paragraph separator).
        offsets = layout.offsets
        k = len(offsets) - 1
        while k >= 0 and offsets[k] > cut:
            offsets[k] += 1
            k -= 1
        if layout.token_start > cut:
            layout.token_start += 1

    def _append_tokens(self, layout: _Layout, item: MessageItem) -> None:
        cursor = QTextCursor(layout.body)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        plain = QTextCharFormat()
        if not layout.prefix_done:
            # A continued reply: the text before its first recorded token is shown unshaded.
            joined = "".join(t.text for t in item.tokens)
            prefix = item.text[: len(item.text) - len(joined)] if item.text.endswith(joined) else ""
            if prefix:
                cursor.insertText(prefix, plain)
            layout.token_start = utf16_len(prefix)
            layout.prefix_done = True
        position = layout.offsets[-1] if layout.offsets else layout.token_start
        # One edit block: the paragraph is laid out once for the whole batch, not per token.
        cursor.beginEditBlock()
        for token in item.tokens[layout.tokens_done :]:
            p = probability(token.logprob)
            fmt = QTextCharFormat(plain)
            if p is not None:
                fmt.setBackground(probability_color(p, self.dark))
            if token.forced:
                fmt.setFontUnderline(True)
            if token.text:
                cursor.insertText(token.text, fmt)
                position += utf16_len(token.text)
            layout.offsets.append(position)
        cursor.endEditBlock()
        layout.tokens_done = len(item.tokens)

    def _footer_key(self, item: MessageItem) -> tuple:
        # While a reply streams its footer stays put: rebuilding it per frame costs more than
        # the text it follows.
        return (
            item.status,
            item.sibling_index,
            item.sibling_count,
            item.completion_tokens,
            item.ttft_seconds,
            item.tok_s,
            item.model,
            item.logprob_source,
            item.error,
            None if item.streaming else len(item.tokens),
            self.show_probabilities,
        )

    def _footer(self, item: MessageItem) -> QTextDocument:
        doc = self._new_document()
        if item.role == "system":
            return doc
        parts: list[str] = []
        if item.sibling_count > 1:
            parts.append(
                f'<a href="action:prev">&lsaquo;</a> {item.sibling_index + 1}/{item.sibling_count} '
                f'<a href="action:next">&rsaquo;</a>'
            )
        if item.role == "assistant":
            stats = []
            if item.completion_tokens is not None:
                count = item.completion_tokens  # lupdate misses "%n" calls with an attribute
                stats.append(self.tr("%n token(s)", "", count))
            if item.ttft_seconds is not None:
                stats.append(self.tr("TTFT %1 ms").replace("%1", f"{item.ttft_seconds * 1000:.0f}"))
            if item.tok_s is not None:
                stats.append(self.tr("%1 tok/s").replace("%1", f"{item.tok_s:.1f}"))
            if item.model:
                stats.append(html.escape(item.model))
            summary = None if item.streaming else item.logprob_summary()
            if summary is not None:
                stats.append(
                    self.tr("mean logprob %1 · perplexity %2")
                    .replace("%1", f"{summary[0]:.2f}")
                    .replace("%2", f"{summary[1]:.2f}")
                )
                if self._uses_tokens(item):
                    source = self.tr("raw") if item.logprob_source == "raw" else self.tr("filtered")
                    stats.append(self.tr("shading: %1 distribution").replace("%1", source))
            if stats:
                parts.append(" · ".join(stats))
        actions = [("copy", self.tr("Copy"))]
        if item.role == "assistant" and not item.streaming:
            actions += [
                ("regenerate", self.tr("Regenerate")),
                ("continue", self.tr("Continue")),
            ]
        if item.role == "user" and not item.streaming:
            actions.append(("edit", self.tr("Edit")))
        if not item.streaming:
            actions.append(("delete", self.tr("Delete")))
        parts.append(
            " ".join(f'<a href="action:{name}">{html.escape(label)}</a>' for name, label in actions)
        )
        color = "#8a8f98"
        doc.setHtml(
            f'<p style="color:{color}; font-size:small;">{" &nbsp;&nbsp; ".join(parts)}</p>'
        )
        return doc

    # ------------------------------------------------------------------ painting

    def _status_text(self, item: MessageItem) -> str:
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
        }.get(item.role, item.role)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        item = self._item(index)
        if item is None:
            return
        started = time.perf_counter()
        layout = self._layout(item)
        if self._store_height(item, self._exact_height(layout), True):
            self.sizeHintChanged.emit(QModelIndex(index))
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
        layout = self._layout(item)
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
        x0 = (
            line.cursorToX(rel)[0]
            if isinstance(line.cursorToX(rel), tuple)
            else line.cursorToX(rel)
        )
        rel_end = min(end - block.position(), rel + 1)
        x1 = line.cursorToX(rel_end)
        x1 = x1[0] if isinstance(x1, tuple) else x1
        # blockBoundingRect is in document coordinates, also for blocks inside table cells.
        origin = doc.documentLayout().blockBoundingRect(block).topLeft()
        return QPointF(origin.x() + (x0 + x1) / 2, origin.y() + line.y() + line.height() / 2)

    def token_point(self, rect: QRect, index: QModelIndex, token_index: int):
        item: MessageItem | None = index.data(ItemRole)
        if item is None:
            return None
        layout = self._layout(item)
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
        layout = self._layout(item)
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
