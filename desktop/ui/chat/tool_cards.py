"""Tool calls and results in the transcript, as cards: the tool's name, its arguments (pretty
JSON) and its result, with how the call went (waiting for approval, running, allowed, edited,
denied, failed). The raw toggle (message_layout.py) shows the exact text instead.
"""

from __future__ import annotations

import html
import json

from PySide6.QtCore import QCoreApplication

from desktop.core.tools.agent import DENIED
from desktop.ui.chat.transcript_model import MessageItem
from desktop.ui.i18n import message_text

MAX_RESULT_CHARS = 4000
_BORDER = {False: "#c9ced6", True: "#4a4f57"}
_HEAD = {False: "#eef1f5", True: "#2c3036"}
_ERROR = "#d93025"
_OK = "#188038"


def _t(text: str) -> str:
    return QCoreApplication.translate("ToolCards", text)


def pretty_arguments(arguments: str) -> str:
    """The arguments as indented JSON (as written when they are not JSON)."""
    try:
        return json.dumps(json.loads(arguments), ensure_ascii=False, indent=2)
    except ValueError:
        return arguments


def _pre(text: str) -> str:
    return f'<pre style="margin:0; white-space:pre-wrap;">{html.escape(text)}</pre>'


def _card(head: str, rows: list[str], dark: bool) -> str:
    cells = "".join(f'<tr><td style="padding:4px 8px;">{r}</td></tr>' for r in rows)
    return (
        f'<table width="100%" cellspacing="0" cellpadding="0" border="1" '
        f'style="border-color:{_BORDER[dark]}; border-style:solid; margin-top:4px;">'
        f'<tr><td bgcolor="{_HEAD[dark]}" style="padding:4px 8px;">{head}</td></tr>{cells}'
        "</table>"
    )


def _state(item: MessageItem) -> tuple[str, str]:
    """(text, color) of a tool row's state."""
    detail = item.tool_detail
    approval = detail.get("approval")
    if approval == "pending":
        return _t("waiting for your approval"), "#b06000"
    if item.streaming:
        return _t("running…"), ""
    if approval == "deny":
        return _t("denied"), _ERROR
    if approval == "cancelled":
        return _t("cancelled"), _ERROR
    if detail.get("is_error"):
        return _t("failed"), _ERROR
    words = {
        "allow": _t("allowed once"),
        "always": _t("always allowed"),
        "auto": _t("allowed for this chat"),
    }
    text = words.get(str(approval), _t("done"))
    if detail.get("edited"):
        text += " · " + _t("arguments edited")
    return text, _OK


def call_card_html(item: MessageItem, dark: bool) -> str:
    """An assistant reply that called tools: its text, then one card per call."""
    parts = []
    if item.text.strip():
        parts.append(f'<p style="white-space:pre-wrap;">{html.escape(item.text.strip())}</p>')
    for call in item.tool_calls:
        head = (
            f"<b>{html.escape(_t('Calls'))} {html.escape(call.name)}</b>"
            f' <span style="color:#8a8f98;">{html.escape(call.id)}</span>'
        )
        parts.append(_card(head, [_pre(pretty_arguments(call.arguments))], dark))
    return "".join(parts)


def result_card_html(item: MessageItem, dark: bool) -> str:
    """A tool message: the call as it ran (arguments after the user's edits) and its result."""
    state, color = _state(item)
    style = f' style="color:{color};"' if color else ""
    head = f"<b>{html.escape(item.tool_name)}</b> · <span{style}>{html.escape(state)}</span>"
    rows = []
    arguments = item.tool_detail.get("arguments")
    if isinstance(arguments, str):
        rows.append(
            f'<span style="color:#8a8f98;">{html.escape(_t("Arguments"))}</span>'
            + _pre(pretty_arguments(arguments))
        )
    if item.text or not item.streaming:
        text = item.text
        if item.tool_detail.get("approval") in ("deny", "cancelled"):
            text = message_text(DENIED(name=item.tool_name))  # the model read it in English
        if len(text) > MAX_RESULT_CHARS:
            text = text[:MAX_RESULT_CHARS] + "…"
        label = _t("Error") if item.tool_detail.get("is_error") else _t("Result")
        rows.append(f'<span style="color:#8a8f98;">{html.escape(label)}</span>' + _pre(text))
    return _card(head, rows, dark)


def card_html(item: MessageItem, dark: bool) -> str:
    return result_card_html(item, dark) if item.role == "tool" else call_card_html(item, dark)


def raw_text(item: MessageItem) -> str:
    """What the raw toggle shows: the exact text the model wrote for its calls, or the exact
    result text the model reads back."""
    if item.role == "tool":
        return item.text
    return item.raw_text or item.text
