"""Check a finished reply against its output format: does it parse, does it fit the schema.

A grammar guarantees the syntax it describes, not every schema keyword (see
schema_grammar.unenforced_keywords), and a reply cut by max_tokens or a stop string is not
finished JSON; so every constrained reply is validated with `jsonschema` and the violations are
returned as Messages the chat shows under the reply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec
from desktop.core.tools.output_format import OutputFormat

NOT_JSON = MessageSpec(
    "tools.reply_not_json",
    QT_TRANSLATE_NOOP("CoreMessages", "The reply is not valid JSON: {error}"),
)
NOT_OBJECT = MessageSpec(
    "tools.reply_not_object",
    QT_TRANSLATE_NOOP("CoreMessages", "The reply is JSON but not an object."),
)
VIOLATION = MessageSpec(
    "tools.schema_violation",
    QT_TRANSLATE_NOOP("CoreMessages", "At {where}: {error}"),
)
CUT_SHORT = MessageSpec(
    "tools.reply_cut_short",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The reply ended early ({reason}), so it may not be complete."
    ),
)
MAX_VIOLATIONS = 20


@dataclass(frozen=True)
class FormatCheck:
    ok: bool
    value: Any = None  # the parsed JSON, when it parsed
    problems: tuple[Message, ...] = ()


def check_reply(fmt: OutputFormat, text: str, finish_reason: str = "stop") -> FormatCheck:
    """Parse and validate `text` against `fmt`; free text and grammars only report a reply
    that ended early."""
    early = (
        (CUT_SHORT(reason=finish_reason),)
        if fmt.constrained and finish_reason not in ("stop", "")
        else ()
    )
    if not fmt.is_json:
        return FormatCheck(not early, None, early)
    try:
        value = json.loads(text)
    except ValueError as exc:
        return FormatCheck(False, None, early + (NOT_JSON(error=str(exc)),))
    if fmt.kind == "json":
        if not isinstance(value, dict):
            return FormatCheck(False, value, early + (NOT_OBJECT(),))
        return FormatCheck(not early, value, early)
    problems = list(early) + schema_violations(fmt.schema or {}, value)
    return FormatCheck(not problems, value, tuple(problems))


def schema_violations(schema: dict[str, Any], value: Any) -> list[Message]:
    """Every way `value` breaks `schema` (at most MAX_VIOLATIONS), in document order."""
    from jsonschema import validators

    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    errors = sorted(cls(schema).iter_errors(value), key=lambda e: list(map(str, e.path)))
    return [
        VIOLATION(where="/" + "/".join(str(p) for p in e.path), error=e.message)
        for e in errors[:MAX_VIOLATIONS]
    ]
