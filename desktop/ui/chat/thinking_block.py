"""A reasoning model's `<think>` block as the transcript shows it: one line, "Thinking · N
tokens", that opens into the reasoning text on a click (the `action:thinking` link)."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject

from desktop.core.templates.thinking import split_thinking, thinking_token_count
from desktop.ui.chat.transcript_model import MessageItem

ACTION = "thinking"


class ThinkingLabel(QObject):
    """The block's one-line label (a QObject so lupdate sees its "%n" plural)."""

    def text(self, count: int | None) -> str:
        if count:
            return self.tr("Thinking · %n token(s)", "", count)
        return self.tr("Thinking")


def thinking_tokens(item: MessageItem) -> int | None:
    """Tokens in the item's thinking block: from its streamed tokens, else from its stats."""
    if item.tokens:
        return thinking_token_count([t.text for t in item.tokens]) or None
    return item.thinking_tokens


def split_for_display(item: MessageItem, dark: bool) -> tuple[str, str]:
    """(HTML to put before the answer, the answer's Markdown text). No thinking block: ("",
    the whole text)."""
    split = split_thinking(item.text)
    if split.thinking is None:
        return "", item.text
    label = ThinkingLabel().text(thinking_tokens(item))
    arrow = "▾" if item.thinking_open else "▸"
    colour = "#9aa0a6" if dark else "#5f6368"
    parts = [
        f'<p><a href="action:{ACTION}" style="color:{colour};">{arrow} {html.escape(label)}</a></p>'
    ]
    if item.thinking_open and split.thinking:
        body = html.escape(split.thinking).replace("\n", "<br>")
        parts.append(f'<p style="color:{colour};margin-left:12px;"><i>{body}</i></p>')
    return "".join(parts), split.answer
