"""The documents of one transcript message: its body and footer as QTextDocuments, cached.

Each message is laid out with QTextDocuments that are cached per item and rebuilt only when
the item's revision changes. A streaming reply's document is extended in place with a
QTextCursor (never re-parsed); Markdown is rendered once the reply is complete; with
probabilities shown, each token is a shaded run whose end offsets are kept for hit tests.
The delegate (message_delegate.py) measures, paints and hit-tests these documents.
"""

from __future__ import annotations

import html
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)

from desktop.ui.chat.markdown_render import render_markdown
from desktop.ui.chat.message_footer import footer_html, footer_key
from desktop.ui.chat.probabilities import probability, probability_color, shaded_html, utf16_len
from desktop.ui.chat.thinking_block import (
    ThinkingView,
    split_for_display,
    streaming_view,
    streams_thinking,
    thinking_colour,
)
from desktop.ui.chat.tool_cards import card_html, raw_text
from desktop.ui.chat.tool_messages import is_tool_row
from desktop.ui.chat.transcript_model import MessageItem

DOC_MARGIN = 2
MARK_COLOR = QColor(217, 48, 37)  # the marked token (where compared replies part ways)


@dataclass(eq=False)
class MessageLayout:
    """The documents of one item at one revision and width."""

    revision: int
    width: int
    mode: str  # "plain" | "think" | "markdown" | "tokens" | "card" | "raw"
    body: QTextDocument
    footer: QTextDocument
    text_len: int = 0  # characters of item.text already in `body` (plain streaming)
    tokens_done: int = 0  # tokens already in `body` (tokens mode)
    offsets: list[int] = field(default_factory=list)  # document position where each token ends
    code_blocks: tuple[str, ...] = ()
    prefix_done: bool = False
    token_start: int = 0  # document position of the first token
    footer_key: tuple = ()
    body_key: tuple = ()  # what the body shows: a change elsewhere rebuilds the footer only
    split: bool = False  # streaming text cut into blocks at line starts (valid for one width)
    think_key: tuple = ()  # "think" mode: the ThinkingView.key the body shows


class MessageDocuments:
    """Builds, extends and caches the documents of `MessageItem`s at the current width."""

    def __init__(self) -> None:
        self._layouts: weakref.WeakKeyDictionary[MessageItem, MessageLayout] = (
            weakref.WeakKeyDictionary()
        )
        self.width = 600  # the row width the cached layouts are for
        self.text_width = 500  # the documents' text width
        self.font = QFont()
        self.dark = False
        self.show_probabilities = False
        self.tokens_text: Callable[[int], str] = lambda count: f"{count} tokens"

    def set_width(self, width: int, text_width: int) -> None:
        self.width = width
        self.text_width = text_width

    def invalidate(self) -> None:
        """Forget every cached layout (font, theme or probability display changed)."""
        self._layouts = weakref.WeakKeyDictionary()

    def cached(self, item: MessageItem) -> MessageLayout | None:
        """The item's cached layout, whatever its revision and width (None if never built)."""
        return self._layouts.get(item)

    def is_cached(self, item: MessageItem) -> bool:
        return item in self._layouts

    def uses_tokens(self, item: MessageItem) -> bool:
        # Shaded while it streams too: the formatted runs are appended per frame (see
        # _freeze_lines for why a long paragraph stays cheap), so completion rebuilds nothing.
        return (
            self.show_probabilities
            and item.role == "assistant"
            and any(t.logprob is not None for t in item.tokens)
        )

    def code_block(self, item: MessageItem, number: int) -> str | None:
        """The text of the item's code block `number` (its Copy link), if it is laid out."""
        layout = self._layouts.get(item)
        if layout is None or not 0 <= number < len(layout.code_blocks):
            return None
        return layout.code_blocks[number]

    def new_document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(DOC_MARGIN)
        doc.setDefaultFont(self.font)
        doc.setTextWidth(self.text_width)
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(opt)
        doc.setDefaultStyleSheet("a { text-decoration: none; } pre { white-space: pre-wrap; }")
        doc.setUndoRedoEnabled(False)
        return doc

    def marks(self, item: MessageItem) -> bool:
        return item.mark_token is not None and 0 <= item.mark_token < len(item.tokens)

    def mode(self, item: MessageItem) -> str:
        if is_tool_row(item) and (item.role == "tool" or not item.streaming):
            # A call or result: a card, or with the raw toggle the exact text (as shaded
            # tokens when probabilities are shown).
            if not item.show_raw:
                return "card"
            return "tokens" if self.uses_tokens(item) else "raw"
        # A marked token needs the token runs (their offsets), shaded or not.
        if self.uses_tokens(item) or self.marks(item):
            return "tokens"
        if item.role == "assistant" and not item.streaming:
            return "markdown"
        if item.role == "assistant" and streams_thinking(item.text):
            return "think"  # a reasoning model's reply as it streams: thinking_block.py
        return "plain"

    def layout(self, item: MessageItem) -> MessageLayout:
        layout = self._layouts.get(item)
        mode = self.mode(item)
        width = self.width
        if layout is not None and layout.revision == item.revision and layout.width == width:
            return layout
        if (
            layout is not None
            and layout.width == width
            and layout.mode == mode
            and layout.body_key == _body_key(item)
        ):
            # Only the footer changed (stats, links): a long reply is not rendered again.
            key = footer_key(item, self.show_probabilities)
            if layout.footer_key != key:
                layout.footer = self._footer(item)
                layout.footer_key = key
            layout.revision = item.revision
            return layout
        extendable = mode in ("plain", "think", "tokens") and not self.marks(item)
        if layout is not None and layout.mode == mode and extendable:
            if layout.width != width and layout.split:
                return self._rebuild(item, mode)
            if layout.width != width:
                layout.body.setTextWidth(self.text_width)
                layout.footer.setTextWidth(self.text_width)
                layout.width = width
            if self._extend(layout, item):
                if layout.footer_key != footer_key(item, self.show_probabilities):
                    layout.footer = self._footer(item)
                    layout.footer_key = footer_key(item, self.show_probabilities)
                layout.revision = item.revision
                return layout
        return self._rebuild(item, mode)

    def _rebuild(self, item: MessageItem, mode: str) -> MessageLayout:
        layout = self.build(item, mode)
        layout.body_key = _body_key(item)
        self._layouts[item] = layout
        return layout

    def build(self, item: MessageItem, mode: str) -> MessageLayout:
        body = self.new_document()
        layout = MessageLayout(item.revision, self.width, mode, body, self._footer(item))
        layout.footer_key = footer_key(item, self.show_probabilities)
        if mode == "card":
            body.setHtml(card_html(item, self.dark))
        elif mode == "raw":
            body.setHtml(
                f'<pre style="margin:0; white-space:pre-wrap;">{html.escape(raw_text(item))}</pre>'
            )
        elif mode == "markdown":
            thinking, answer = split_for_display(item, self.dark)
            rendered = render_markdown(
                answer, self.dark, QCoreApplication.translate("MessageDelegate", "Copy")
            )
            body.setHtml(thinking + rendered.html)
            layout.code_blocks = rendered.code_blocks
        elif mode == "think":
            view = streaming_view(item, self.dark)
            assert view is not None  # mode() saw the block
            self._build_thinking(layout, view)
        elif mode == "plain":
            body.setPlainText(item.text)
            layout.text_len = len(item.text)
            if item.streaming:
                self._freeze_lines(layout)
        else:
            self._shade_all(layout, item)
            if item.streaming:
                self._freeze_lines(layout)
            if self.marks(item):
                self._mark(layout, item)
        return layout

    def _build_thinking(self, layout: MessageLayout, view: ThinkingView) -> None:
        """Header line, the thinking text when open, the answer once it started; the part
        still growing (`view.stream`) is last, so new text is appended like plain text."""
        body = layout.body
        body.setHtml(view.header)
        cursor = QTextCursor(body)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if view.opened:
            block = QTextBlockFormat()
            block.setLeftMargin(12)
            fmt = self._stream_format(view)
            cursor.insertBlock(block, fmt)
            cursor.insertText(view.thinking, fmt)
        if not view.live:
            answer_block = QTextBlockFormat()
            answer_block.setTopMargin(6)
            cursor.insertBlock(answer_block, QTextCharFormat())
            cursor.insertText(view.answer, QTextCharFormat())
        layout.text_len = len(view.stream)
        layout.think_key = view.key
        self._freeze_lines(layout)

    def _stream_format(self, view: ThinkingView) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if view.live:
            fmt.setForeground(QColor(thinking_colour(self.dark)))
            fmt.setFontItalic(True)
        return fmt

    def _extend_thinking(self, layout: MessageLayout, item: MessageItem) -> bool:
        view = streaming_view(item, self.dark)
        if view is None or view.key != layout.think_key or len(view.stream) < layout.text_len:
            return False
        delta = view.stream[layout.text_len :]
        if delta:
            cursor = QTextCursor(layout.body)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(delta, self._stream_format(view))
            layout.text_len = len(view.stream)
            self._freeze_lines(layout)
        return True

    def _mark(self, layout: MessageLayout, item: MessageItem) -> None:
        index = item.mark_token
        if index is None or not 0 <= index < len(layout.offsets):
            return
        start = layout.offsets[index - 1] if index > 0 else layout.token_start
        end = layout.offsets[index]
        if end <= start:
            return
        fmt = QTextCharFormat()
        background = QColor(MARK_COLOR)
        background.setAlpha(70)
        fmt.setBackground(background)
        fmt.setFontUnderline(True)
        fmt.setUnderlineColor(MARK_COLOR)
        fmt.setFontWeight(QFont.Weight.Bold)
        cursor = QTextCursor(layout.body)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)

    def _extend(self, layout: MessageLayout, item: MessageItem) -> bool:
        """Append what streamed in since the last paint; False when a rebuild is needed."""
        if layout.mode == "think":
            return self._extend_thinking(layout, item)
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

    def _shade_all(self, layout: MessageLayout, item: MessageItem) -> None:
        joined = "".join(t.text for t in item.tokens)
        prefix = item.text[: len(item.text) - len(joined)] if item.text.endswith(joined) else ""
        markup, offsets, token_start = shaded_html(
            prefix, item.tokens, self.dark, shade=self.uses_tokens(item)
        )
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
    def _freeze_lines(layout: MessageLayout) -> None:
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

    def _append_tokens(self, layout: MessageLayout, item: MessageItem) -> None:
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
        shade = self.uses_tokens(item)
        # One edit block: the paragraph is laid out once for the whole batch, not per token.
        cursor.beginEditBlock()
        for token in item.tokens[layout.tokens_done :]:
            p = probability(token.logprob)
            fmt = QTextCharFormat(plain)
            if p is not None and shade:
                fmt.setBackground(probability_color(p, self.dark))
            if token.forced:
                fmt.setFontUnderline(True)
            if token.text:
                cursor.insertText(token.text, fmt)
                position += utf16_len(token.text)
            layout.offsets.append(position)
        cursor.endEditBlock()
        layout.tokens_done = len(item.tokens)

    def _footer(self, item: MessageItem) -> QTextDocument:
        doc = self.new_document()
        markup = footer_html(item, shaded=self.uses_tokens(item), tokens_text=self.tokens_text)
        if markup:
            doc.setHtml(markup)
        return doc


def _body_key(item: MessageItem) -> tuple:
    """What a message's body depends on besides the width, the mode, the theme and the
    probability display (those invalidate every layout)."""
    return (
        item.text,
        item.status,
        len(item.tokens),
        item.mark_token,
        item.thinking_open,
        item.thinking_tokens,
        item.thinking_seconds,
    )
