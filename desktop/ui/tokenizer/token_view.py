"""A read-only text view that draws each token group as a coloured span, formatting lazily.

The whole display text goes into a QPlainTextEdit (which lays out lazily), but colours are
applied only to the blocks on screen, through `QTextLayout.setFormats` (what
QSyntaxHighlighter uses, without its whole-document pass). A 10 MB text shows its first
screen at once; the rest is appended in chunks from a timer so the window never freezes.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextFormat, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from desktop.core.tokenizers.display import TokenDisplay

# Hues spaced for neighbours to differ; drawn translucent over the base colour so the same
# palette reads on light and dark themes (the text keeps the theme's own colour).
HUES = (205, 35, 130, 285, 0, 170, 60, 320)
CHUNK_CHARS = 200_000  # display text inserted per timer tick for large inputs
LONG_BLOCK = 20_000  # in longer blocks (one huge line), format only around the viewport


def span_color(index: int, dark: bool) -> QColor:
    hue = HUES[index % len(HUES)]
    color = QColor.fromHsv(hue, 150 if dark else 110, 255 if dark else 240)
    color.setAlpha(85 if dark else 110)
    return color


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class TokenTextView(QPlainTextEdit):
    """Shows a `TokenDisplay`. Emits the group under the mouse and the group clicked."""

    group_hovered = Signal(int)  # -1 when leaving the text
    group_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._display: TokenDisplay | None = None
        self._formatted: set[int] = set()
        self._pending_text = ""
        self._shown_text = ""  # what the document holds (or will, once chunks are in)
        self._format_cache: dict[bool, tuple[list[QTextCharFormat], QTextCharFormat]] = {}
        self._selected = -1
        self._hovered = -1
        self._format_timer = QTimer(self)
        self._format_timer.setSingleShot(True)
        self._format_timer.setInterval(0)
        self._format_timer.timeout.connect(self.on_format_timer_timeout)
        self._chunk_timer = QTimer(self)
        self._chunk_timer.setInterval(0)
        self._chunk_timer.timeout.connect(self.on_chunk_timer_timeout)
        self.verticalScrollBar().valueChanged.connect(self.on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self.on_scrolled)

    # ------------------------------------------------------------------ content

    @property
    def display(self) -> TokenDisplay | None:
        return self._display

    @property
    def fully_loaded(self) -> bool:
        return not self._pending_text

    def set_display(self, display: TokenDisplay | None) -> None:
        """Show a new tokenization. Only the text that changed is replaced, and only blocks
        whose tokens changed are recoloured, so typing in a long text costs little and the
        scroll position stays where the reader left it."""
        self._chunk_timer.stop()
        previous, self._display = self._display, display
        self._selected = self._hovered = -1
        if self.extraSelections():
            self.setExtraSelections([])
        new_text = display.text if display is not None else ""
        old_text = self._shown_text
        if self._pending_text or len(new_text) > CHUNK_CHARS or not old_text:
            self._formatted.clear()
            first, self._pending_text = _split_chunk(new_text, CHUNK_CHARS)
            self.setPlainText(first)
            self._shown_text = new_text
        else:
            unchanged = self._replace_changed_part(old_text, new_text)
            if previous is not None and display is not None:
                unchanged = min(unchanged, _same_groups_until(previous, display))
            else:
                unchanged = 0
            self._forget_formats_after(unchanged)
        if self._pending_text:
            self._chunk_timer.start()
        self.schedule_format()

    def _forget_formats_after(self, position: int) -> None:
        """Blocks that end before `position` show the same tokens in the same colours."""
        document = self.document()
        keep = set()
        for number in self._formatted:
            block = document.findBlockByNumber(number)
            if block.isValid() and block.position() + block.length() <= position:
                keep.add(number)
        self._formatted = keep

    def _replace_changed_part(self, old: str, new: str) -> int:
        """Edits the document into `new`; returns the position (UTF-16) where they first differ."""
        prefix = _common_prefix(old, new)
        if prefix == len(old) == len(new):
            return _utf16_len(new)
        suffix = _common_suffix(old[prefix:], new[prefix:])
        start = _utf16_len(old[:prefix])
        end = start + _utf16_len(old[prefix : len(old) - suffix])
        bar = self.verticalScrollBar()
        keep = bar.value()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(new[prefix : len(new) - suffix])
        bar.setValue(keep)
        self._shown_text = new
        return start

    def schedule_format(self) -> None:
        if not self._format_timer.isActive():
            self._format_timer.start()

    @Slot()
    def on_chunk_timer_timeout(self) -> None:
        chunk, self._pending_text = _split_chunk(self._pending_text, CHUNK_CHARS)
        bar = self.verticalScrollBar()
        keep = bar.value()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(chunk)
        bar.setValue(keep)
        if not self._pending_text:
            self._chunk_timer.stop()
        self.schedule_format()

    @Slot()
    def on_scrolled(self) -> None:
        self.schedule_format()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.schedule_format()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._formatted.clear()  # colours depend on light/dark
            self.schedule_format()

    # ------------------------------------------------------------------ formatting

    @Slot()
    def on_format_timer_timeout(self) -> None:
        self.format_visible_blocks()

    def format_visible_blocks(self) -> int:
        """Colour the blocks on screen that are not coloured yet; returns how many it did."""
        display = self._display
        if display is None or not len(display):
            return 0
        formats, special = self._formats(is_dark(self.palette()))
        rect = self.viewport().rect()
        document = self.document()
        block = self.firstVisibleBlock()
        last = document.findBlock(self.cursorForPosition(rect.bottomRight()).position())
        last_number = last.blockNumber() if last.isValid() else block.blockNumber()
        done = 0
        while block.isValid() and block.blockNumber() <= last_number:
            number = block.blockNumber()
            long_block = block.length() > LONG_BLOCK
            if number not in self._formatted or long_block:
                position = block.position()
                start, end = position, position + block.length()
                if long_block:
                    start, end = self._visible_range(start, end)
                ranges = self._ranges(display, position, start, end, formats, special)
                block.layout().setFormats(ranges)
                document.markContentsDirty(position, block.length())
                if not long_block:
                    self._formatted.add(number)
                done += 1
            block = block.next()
        return done

    def _formats(self, dark: bool) -> tuple[list[QTextCharFormat], QTextCharFormat]:
        cached = self._format_cache.get(dark)
        if cached is None:
            formats = [QTextCharFormat() for _ in HUES]
            for index, fmt in enumerate(formats):
                fmt.setBackground(span_color(index, dark))
            cached = (formats, self._special_format(dark))
            self._format_cache[dark] = cached
        return cached

    def _visible_range(self, start: int, end: int) -> tuple[int, int]:
        rect = self.viewport().rect()
        first = self.cursorForPosition(rect.topLeft()).position()
        last = self.cursorForPosition(rect.bottomRight()).position()
        return max(start, first - 2_000), min(end, last + 2_000)

    @staticmethod
    def _special_format(dark: bool) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(150, 150, 150, 110 if dark else 90))
        fmt.setForeground(QColor("#ffb86b") if dark else QColor("#a3340e"))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setFontItalic(True)
        return fmt

    @staticmethod
    def _ranges(
        display: TokenDisplay,
        block_position: int,
        start: int,
        end: int,
        formats: list[QTextCharFormat],
        special: QTextCharFormat,
    ) -> list[QTextLayout.FormatRange]:
        ranges = []
        starts = display.group_starts
        ends = display.group_ends
        flags = display.group_special
        for g in display.groups_between(start, end):
            lo = max(int(starts[g]), start)
            hi = min(int(ends[g]), end)
            if hi <= lo:
                continue
            r = QTextLayout.FormatRange()
            r.start = lo - block_position
            r.length = hi - lo
            r.format = special if flags[g] else formats[g % len(formats)]
            ranges.append(r)
        return ranges

    # ------------------------------------------------------------------ hover and selection

    def group_at_point(self, point: QPoint) -> int:
        if self._display is None:
            return -1
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        position = cursor.position()
        # cursorForPosition gives the nearest caret position: the character under the mouse
        # is the one before it when the mouse is on the left half of the caret.
        if point.x() < rect.left() and position > 0:
            position -= 1
        group = self._display.group_at(position)
        return -1 if group is None else group

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().mouseMoveEvent(event)
        group = self.group_at_point(event.position().toPoint())
        if group != self._hovered:
            self._hovered = group
            self.group_hovered.emit(group)
            if group < 0:
                QToolTip.hideText()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            group = self.group_at_point(event.position().toPoint())
            if group >= 0:
                self.select_group(group)
                self.group_clicked.emit(group)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().leaveEvent(event)
        if self._hovered != -1:
            self._hovered = -1
            self.group_hovered.emit(-1)

    @property
    def selected_group(self) -> int:
        return self._selected

    def select_group(self, group: int) -> None:
        """Outline one group (e.g. the row picked in the ids table) and scroll to it."""
        display = self._display
        if display is None or not 0 <= group < len(display):
            return
        self._selected = group
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        end = min(int(display.group_ends[group]), self.document().characterCount() - 1)
        cursor.setPosition(min(int(display.group_starts[group]), end))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        highlight.setAlpha(170)
        fmt.setBackground(highlight)
        fmt.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        selection.format = fmt
        self.setExtraSelections([selection])
        caret = QTextCursor(self.document())
        caret.setPosition(cursor.selectionStart())
        self.setTextCursor(caret)
        self.ensureCursorVisible()


def _same_groups_until(old: TokenDisplay, new: TokenDisplay) -> int:
    """Display position up to which both show the same groups (same places, same colours)."""
    n = min(len(old), len(new))
    same = (
        (old.group_starts[:n] == new.group_starts[:n])
        & (old.group_ends[:n] == new.group_ends[:n])
        & (old.group_special[:n] == new.group_special[:n])
    )
    first_difference = int(np.argmin(same)) if n and not same.all() else n
    if first_difference < len(new):
        return int(new.group_starts[first_difference])
    return int(new.group_ends[-1]) if len(new) else 0


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by halving (each comparison runs at memcmp speed)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _split_chunk(text: str, size: int) -> tuple[str, str]:
    if len(text) <= size:
        return text, ""
    return text[:size], text[size:]
