"""A reasoning model's `<think>` block as the transcript shows it.

While the model thinks, the block is open and its text streams under a "Thinking…" line.
The moment `</think>` arrives it folds into one line, "Thought for N s · N tokens", that
opens on a click (the `action:thinking` link), and the answer streams below it. A click by
the user (open or close) sets `MessageItem.thinking_open`, which then wins over the automatic
choice while the reply streams and after.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QObject

from desktop.core.templates.thinking import CLOSE, OPEN, split_thinking, thinking_token_count
from desktop.ui.chat.transcript_model import MessageItem

ACTION = "thinking"


class ThinkingLabel(QObject):
    """The block's one-line label (a QObject so lupdate sees its "%n" plurals)."""

    def text(self, count: int | None, seconds: float | None = None, live: bool = False) -> str:
        if live:
            if count:
                return self.tr("Thinking… · %n token(s)", "", count)
            return self.tr("Thinking…")
        if seconds is not None:
            shown = f"{seconds:.1f}" if seconds < 10 else f"{seconds:.0f}"
            if count:
                return self.tr("Thought for %1 s · %n token(s)", "", count).replace("%1", shown)
            return self.tr("Thought for %1 s").replace("%1", shown)
        if count:
            return self.tr("Thinking · %n token(s)", "", count)
        return self.tr("Thinking")


def thinking_tokens(item: MessageItem) -> int | None:
    """Tokens in the item's thinking block: from its streamed tokens, else from its stats."""
    if item.tokens:
        return thinking_token_count([t.text for t in item.tokens]) or None
    return item.thinking_tokens


def thinking_seconds(item: MessageItem) -> float | None:
    """How long the model thought: measured as the reply streamed, else (a reopened chat)
    its thinking tokens at the reply's decode speed."""
    if item.thinking_seconds is not None:
        return item.thinking_seconds
    count = thinking_tokens(item)
    if count and item.tok_s:
        return count / item.tok_s
    return None


def is_open(item: MessageItem, live: bool) -> bool:
    """The user's choice when they made one; otherwise open only while the model thinks."""
    if item.thinking_open is not None:
        return item.thinking_open
    return live and item.streaming


def shown_open(item: MessageItem) -> bool:
    """Whether the block is open on screen now (what a click on its header toggles)."""
    return is_open(item, not split_thinking(item.text).closed)


def thinking_colour(dark: bool) -> str:
    return "#9aa0a6" if dark else "#5f6368"


def _header(label: str, opened: bool, dark: bool) -> str:
    arrow = "▾" if opened else "▸"
    return (
        f'<p><a href="action:{ACTION}" style="color:{thinking_colour(dark)};">'
        f"{arrow} {html.escape(label)}</a></p>"
    )


@dataclass(frozen=True)
class ThinkingView:
    """What a streaming reply with a thinking block shows: a header (HTML), the thinking text
    when open, and the answer so far. `live`: the model is still thinking. `key` changes
    whenever the header or what is shown changes (else new text is only appended); `stream`
    is the part new text goes to the end of."""

    header: str
    live: bool
    opened: bool
    thinking: str
    answer: str
    key: tuple

    @property
    def stream(self) -> str:
        if not self.live:
            return self.answer
        return self.thinking if self.opened else ""


def _held_back(text: str) -> str:
    """`text` without a trailing partial `</think>` (it arrives over several tokens)."""
    for k in range(len(CLOSE) - 1, 0, -1):
        if text.endswith(CLOSE[:k]):
            return text[:-k].rstrip()
    return text


def _opening(text: str) -> bool:
    """The reply so far is the start of `<think>` (it arrives over several tokens)."""
    lead = text.lstrip()
    return 0 < len(lead) < len(OPEN) and OPEN.startswith(lead)


def streams_thinking(text: str) -> bool:
    """A streaming reply shows a thinking block: it has one, or `<think>` is arriving."""
    return _opening(text) or split_thinking(text).thinking is not None


def streaming_view(item: MessageItem, dark: bool) -> ThinkingView | None:
    """The thinking block of a streaming reply; None when the reply has none (yet)."""
    split = split_thinking(OPEN if _opening(item.text) else item.text)
    if split.thinking is None:
        return None
    live = not split.closed
    opened = is_open(item, live)
    if live:
        # Open, the header stays put while the text grows; closed, it counts the tokens.
        label = ThinkingLabel().text(None if opened else thinking_tokens(item), live=True)
    else:
        # Counted once when </think> arrived (transcript_model), not again every frame.
        count = item.thinking_tokens or thinking_tokens(item)
        label = ThinkingLabel().text(count, thinking_seconds(item))
    thinking = _held_back(split.thinking) if live else split.thinking
    return ThinkingView(
        _header(label, opened, dark),
        live,
        opened,
        thinking if opened else "",
        split.answer,
        (live, opened, label, dark),
    )


def split_for_display(item: MessageItem, dark: bool) -> tuple[str, str]:
    """A finished reply as (HTML to put before the answer, the answer's Markdown text). No
    thinking block: ("", the whole text)."""
    split = split_thinking(item.text)
    if split.thinking is None:
        return "", item.text
    opened = is_open(item, False)
    label = ThinkingLabel().text(thinking_tokens(item), thinking_seconds(item))
    parts = [_header(label, opened, dark)]
    if opened and split.thinking:
        body = html.escape(split.thinking).replace("\n", "<br>")
        parts.append(
            f'<p style="color:{thinking_colour(dark)};margin-left:12px;"><i>{body}</i></p>'
        )
    return "".join(parts), split.answer
