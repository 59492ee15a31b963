"""The line under a transcript message: branch arrows, reply statistics and action links."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from desktop.ui.chat.citations import citations_html
from desktop.ui.chat.format_footer import format_footer_html, format_footer_key
from desktop.ui.chat.tool_messages import is_tool_row
from desktop.ui.chat.transcript_model import MessageItem

FOOTER_COLOR = "#8a8f98"
# The texts keep the delegate's translation context ("MessageDelegate"): they are what it shows.
# Literal translate() calls, so pyside6-lupdate finds them with their context.


def footer_key(item: MessageItem, show_probabilities: bool) -> tuple:
    """What the footer depends on: it is rebuilt only when this changes. While a reply streams
    its footer stays put: rebuilding it per frame costs more than the text it follows."""
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
        show_probabilities,
        format_footer_key(item),
        (is_tool_row(item), item.show_raw),
        id(item.knowledge) if item.knowledge is not None else None,
        item.actions,
    )


def footer_html(item: MessageItem, *, shaded: bool, tokens_text: Callable[[int], str]) -> str:
    """The footer's HTML ("" for a system message). `shaded`: the body shows probabilities;
    `tokens_text(n)`: "n tokens" in the user's language (a plural only tr() can extract)."""
    if item.role == "system":
        return ""
    formatted = format_footer_html(item) if item.role == "assistant" else ""
    parts: list[str] = []
    if item.sibling_count > 1:
        parts.append(
            f'<a href="action:prev">&lsaquo;</a> {item.sibling_index + 1}/{item.sibling_count} '
            f'<a href="action:next">&rsaquo;</a>'
        )
    if item.role == "assistant":
        stats = _reply_stats(item, shaded, tokens_text)
        if stats:
            parts.append(" · ".join(stats))
    actions = list(item.actions) if item.actions is not None else _chat_actions(item)
    if actions:
        parts.append(
            " ".join(f'<a href="action:{name}">{html.escape(label)}</a>' for name, label in actions)
        )
    line = f'<p style="color:{FOOTER_COLOR}; font-size:small;">{" &nbsp;&nbsp; ".join(parts)}</p>'
    sources = (
        citations_html(item.knowledge, FOOTER_COLOR, tokens_text)
        if item.role == "assistant"
        else ""
    )
    return formatted + sources + line


def _chat_actions(item: MessageItem) -> list[tuple[str, str]]:
    actions = [("copy", QCoreApplication.translate("MessageDelegate", "Copy"))]
    if is_tool_row(item) and not item.streaming:
        label = (
            QCoreApplication.translate("MessageDelegate", "Card")
            if item.show_raw
            else QCoreApplication.translate("MessageDelegate", "Raw")
        )
        actions.append(("raw", label))
    if item.role == "assistant" and not item.streaming:
        actions.append(("regenerate", QCoreApplication.translate("MessageDelegate", "Regenerate")))
        if not item.tool_calls:  # a finished call is not continued
            actions.append(("continue", QCoreApplication.translate("MessageDelegate", "Continue")))
    if item.role == "user" and not item.streaming:
        actions.append(("edit", QCoreApplication.translate("MessageDelegate", "Edit")))
    if not item.streaming and item.message_id is not None:
        actions.append(("compare", QCoreApplication.translate("MessageDelegate", "Compare…")))
    if not item.streaming:
        actions.append(("delete", QCoreApplication.translate("MessageDelegate", "Delete")))
    return actions


def _reply_stats(item: MessageItem, shaded: bool, tokens_text: Callable[[int], str]) -> list[str]:
    stats = []
    if item.completion_tokens is not None:
        stats.append(tokens_text(item.completion_tokens))
    if item.ttft_seconds is not None:
        stats.append(
            QCoreApplication.translate("MessageDelegate", "TTFT %1 ms").replace(
                "%1", f"{item.ttft_seconds * 1000:.0f}"
            )
        )
    if item.tok_s is not None:
        stats.append(
            QCoreApplication.translate("MessageDelegate", "%1 tok/s").replace(
                "%1", f"{item.tok_s:.1f}"
            )
        )
    if item.model:
        stats.append(html.escape(item.model))
    summary = None if item.streaming else item.logprob_summary()
    if summary is not None:
        stats.append(
            QCoreApplication.translate("MessageDelegate", "mean logprob %1 · perplexity %2")
            .replace("%1", f"{summary[0]:.2f}")
            .replace("%2", f"{summary[1]:.2f}")
        )
        if shaded:
            source = (
                QCoreApplication.translate("MessageDelegate", "raw")
                if item.logprob_source == "raw"
                else QCoreApplication.translate("MessageDelegate", "filtered")
            )
            stats.append(
                QCoreApplication.translate("MessageDelegate", "shading: %1 distribution").replace(
                    "%1", source
                )
            )
    return stats
