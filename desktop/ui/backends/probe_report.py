"""What "Test connection" found, as rich text: the server, its models, what it can and cannot do.

What a server cannot do is said with the same sentence the chat shows in place of the feature
(Capabilities.why_not), so the user reads it once here before meeting it there.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.core.backends.capabilities import Capabilities
from desktop.core.backends.config import ProbeResult
from desktop.ui.i18n import message_text

CONTEXT = "ProbeReport"
OK_COLOR = "#188038"
WARNING_COLOR = "#b06000"
ERROR_COLOR = "#d93025"
MODELS_SHOWN = 12

# What each capability lets the user do, in the order the report lists them. Loading and
# unloading is left out: no server offers it, and the picker already says whose models these are.
CAPABILITY_TITLES = {
    "tokenizer": QT_TRANSLATE_NOOP("ProbeReport", "its own tokenizer (exact token counts)"),
    "tokenizer_pieces": QT_TRANSLATE_NOOP("ProbeReport", "each token's text"),
    "logprobs": QT_TRANSLATE_NOOP("ProbeReport", "token probabilities and alternatives"),
    "raw_completion": QT_TRANSLATE_NOOP("ProbeReport", "raw prompts (completion mode)"),
    "token_prompt": QT_TRANSLATE_NOOP("ProbeReport", "prompts as token ids (exact branches)"),
    "chat_template": QT_TRANSLATE_NOOP("ProbeReport", "its chat template"),
    "apply_template": QT_TRANSLATE_NOOP("ProbeReport", "the exact prompt text"),
    "embeddings": QT_TRANSLATE_NOOP("ProbeReport", "embeddings"),
    "grammar": QT_TRANSLATE_NOOP("ProbeReport", "GBNF grammars"),
    "json_schema": QT_TRANSLATE_NOOP("ProbeReport", "JSON schema output"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _span(color: str, text: str) -> str:
    return f"<span style='color:{color}'>{html.escape(text)}</span>"


def server_title(caps: Capabilities) -> str:
    return " ".join(x for x in (caps.server_kind, caps.server_version) if x) or _tr("a server")


def probe_html(result: ProbeResult, url: str = "") -> str:
    """The report shown under the backend's form."""
    caps = result.capabilities
    lines = [
        "<b>"
        + html.escape(_tr("Connected: %1").replace("%1", server_title(caps)))
        + "</b>"
        + (f" · {html.escape(url)}" if url else "")
    ]
    facts = []
    if caps.context_length:
        facts.append(_tr("context %1 tokens").replace("%1", f"{caps.context_length:,}"))
    if caps.parallel_slots:
        facts.append(_tr("%1 requests at once").replace("%1", str(caps.parallel_slots)))
    if facts:
        lines.append(html.escape(" · ".join(facts)))
    models = list(result.models)
    if models:
        shown = ", ".join(models[:MODELS_SHOWN])
        if len(models) > MODELS_SHOWN:
            shown += " " + _tr("and %1 more").replace("%1", str(len(models) - MODELS_SHOWN))
        title = _tr("Models (%1):").replace("%1", str(len(models)))
        lines.append(f"{html.escape(title)} {html.escape(shown)}")
    else:
        lines.append(_span(WARNING_COLOR, _tr("It lists no models.")))
    can = []
    for name, capability in CAPABILITY_TITLES.items():
        if caps.has(name):
            text = _tr(str(capability))
            if name == "logprobs" and caps.max_top_logprobs:
                text += " " + _tr("(up to %1 per token)").replace("%1", str(caps.max_top_logprobs))
            can.append(text)
    if can:
        lines.append(f"{html.escape(_tr('It offers:'))} {_span(OK_COLOR, ', '.join(can))}")
    # Without a tokenizer, "no token texts" says nothing more.
    skip = {"tokenizer_pieces"} if not caps.tokenizer else set()
    cannot = [
        message
        for name, message in caps.missing().items()
        if name in CAPABILITY_TITLES and name not in skip
    ]
    few = caps.why_not("logprobs") if caps.logprobs else None
    if few is not None:
        cannot.append(few)
    for message in cannot:
        lines.append("✗ " + _span(WARNING_COLOR, message_text(message)))
    for note in caps.notes:
        lines.append(html.escape(message_text(note)))
    for problem in result.problems:
        lines.append("⚠ " + _span(WARNING_COLOR, message_text(problem)))
    return "<br>".join(lines)


def error_html(text: str) -> str:
    return _span(ERROR_COLOR, text)
