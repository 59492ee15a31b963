"""The lines under a reply generated with an output format: does it fit, and what did the
grammar cost the model.

"JSON Schema “person” ✓ fits" (or each violation, since a grammar guarantees syntax, not every
schema keyword), and with probabilities on the reply-level constraint cost: how much of its
own probability the model had to give up, per token and in total.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QObject

from desktop.ui.chat.reply_format import constrained, format_label
from desktop.ui.chat.transcript_model import MessageItem
from desktop.ui.i18n import message_text

OK_COLOR = "#188038"
BAD_COLOR = "#d93025"
MAX_SHOWN = 5


class FormatVerdict(QObject):
    """The "✗ N problems" verdict (a QObject so lupdate sees its "%n" plural)."""

    def problems(self, count: int) -> str:
        return self.tr("✗ %n problem(s)", "", count)


def format_footer_key(item: MessageItem) -> tuple:
    check = item.format_check
    return (
        constrained(item.output_format) is not None,
        None if check is None else (check.ok, len(check.problems)),
        item.constraint,
    )


def format_footer_html(item: MessageItem) -> str:
    """HTML paragraphs ("" when the reply had no output format and no constraint cost)."""
    fmt = constrained(item.output_format)
    parts: list[str] = []
    if fmt is not None and not item.streaming:
        label = html.escape(format_label(fmt))
        check = item.format_check
        if check is not None and check.ok:
            verdict = QCoreApplication.translate("ReplyFormat", "✓ fits")
            parts.append(f'{label} <span style="color:{OK_COLOR}">{html.escape(verdict)}</span>')
        elif check is not None:
            verdict = FormatVerdict().problems(len(check.problems))
            lines = [f'{label} <span style="color:{BAD_COLOR}">{html.escape(verdict)}</span>']
            for problem in check.problems[:MAX_SHOWN]:
                lines.append(
                    f'<span style="color:{BAD_COLOR}">• {html.escape(message_text(problem))}</span>'
                )
            if len(check.problems) > MAX_SHOWN:
                lines.append("…")
            parts.append("<br>".join(lines))
    cost = item.constraint
    if cost is not None and not item.streaming:
        parts.append(
            html.escape(
                QCoreApplication.translate(
                    "ReplyFormat",
                    "constraint cost %1 nats over %2 tokens · mean %3% removed · max %4%",
                )
                .replace("%1", f"{cost.nats:.2f}")
                .replace("%2", str(cost.tokens))
                .replace("%3", f"{cost.mean_removed * 100:.1f}")
                .replace("%4", f"{cost.max_removed * 100:.1f}")
            )
        )
    if not parts:
        return ""
    body = "<br>".join(parts)
    return f'<p style="color:#8a8f98; font-size:small; margin-bottom:2px;">{body}</p>'
