"""A reply's output format as the chat keeps it: what it was generated under, whether the
finished text fits (validated with jsonschema: a grammar guarantees syntax, not every
keyword), and what the grammar cost the model (ConstraintCost, measured with probabilities).

Stored without a schema change: the format in the reply's `params` ("output_format", the
shape of format_to_dict), the cost in its `stats` ("constraint"). The check is recomputed
when a conversation is opened (it is cheap, and a fixed validator fixes old replies too).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.engine.options import params_to_dict
from desktop.core.engine.protocol import ConstraintCost, Done, SamplingParams
from desktop.core.messages import UserError
from desktop.core.tools.output_format import (
    OutputFormat,
    format_from_dict,
    format_to_dict,
    has_format,
)
from desktop.core.tools.validation import check_reply
from desktop.ui.chat.transcript_model import MessageItem

log = logging.getLogger(__name__)

FORMAT_PARAM = "output_format"
CONSTRAINT_STAT = "constraint"


def constrained(fmt: OutputFormat | None) -> OutputFormat | None:
    """The format if it constrains anything (None for free text)."""
    return fmt if fmt is not None and fmt.constrained else None


def reply_params(params: SamplingParams, fmt: OutputFormat | None) -> dict[str, Any]:
    """What a reply's `params` record: the sampling values and, when one applies, the format."""
    out = params_to_dict(params)
    if constrained(fmt) is not None:
        assert fmt is not None
        out[FORMAT_PARAM] = format_to_dict(fmt)
    return out


def finished_format(item: MessageItem, text: str, done: Done | None) -> dict[str, Any]:
    """The item fields a finished reply gets: its format check and the grammar's cost."""
    fmt = constrained(item.output_format)
    reason = done.finish_reason if done is not None else "error"
    return {
        "format_check": check_reply(fmt, text, reason) if fmt is not None else None,
        "constraint": done.constraint if done is not None else None,
    }


def stats_for_store(stats: Any, constraint: ConstraintCost | None) -> Any:
    """GenerationStats as stored, with the constraint cost beside them when measured."""
    if constraint is None or stats is None:
        return stats
    if dataclasses.is_dataclass(stats) and not isinstance(stats, type):
        data = dataclasses.asdict(stats)
    else:
        data = dict(stats)
    data[CONSTRAINT_STAT] = dataclasses.asdict(constraint)
    return data


@functools.lru_cache(maxsize=64)
def _format(serialized: str) -> OutputFormat | None:
    try:
        return format_from_dict(json.loads(serialized))
    except UserError as exc:  # a hand-edited or future value: shown as free text
        log.info("a saved output format is not usable: %s", exc)
        return None


def restore_format(item: MessageItem, message: Any) -> None:
    """Fill the item's format fields from a stored message record."""
    params = message.params if isinstance(message.params, Mapping) else {}
    saved = params.get(FORMAT_PARAM)
    if isinstance(saved, Mapping) and has_format(saved):
        item.output_format = _format(json.dumps(saved, sort_keys=True))
        fmt = constrained(item.output_format)
        if fmt is not None and item.status != "streaming":
            reason = message.finish_reason or ("stop" if item.status == "complete" else "error")
            item.format_check = check_reply(fmt, item.text, reason)
    stats = message.stats if isinstance(message.stats, Mapping) else {}
    cost = stats.get(CONSTRAINT_STAT)
    if isinstance(cost, Mapping):
        try:
            item.constraint = ConstraintCost(**cost)
        except TypeError:
            log.info("a saved constraint cost is not usable: %r", cost)


def format_label(fmt: OutputFormat | None) -> str:
    """The format as the user reads it: "JSON Schema “person”", "GBNF grammar"..."""
    kind = fmt.kind if fmt is not None else "text"
    if kind == "json":
        return QCoreApplication.translate("ReplyFormat", "JSON object")
    if kind == "json_schema":
        assert fmt is not None
        if fmt.name:
            return QCoreApplication.translate("ReplyFormat", "JSON Schema “%1”").replace(
                "%1", fmt.name
            )
        return QCoreApplication.translate("ReplyFormat", "JSON Schema")
    if kind == "grammar":
        return QCoreApplication.translate("ReplyFormat", "GBNF grammar")
    return QCoreApplication.translate("ReplyFormat", "free text")
