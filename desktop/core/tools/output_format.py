"""The output format of a reply: free text, any JSON object, a JSON Schema, or a GBNF grammar.

One value travels from wherever the user chose it (chat settings, a completion, an experiment
file, the CLI, an HTTP request's `response_format`) to the engine as a `GrammarSpec` (or to a
server as a `FormatSpec`, which the backend translates), and back to the validator that
checks the reply. Plain data in and out (`format_from_dict`,
`format_to_dict`, `format_from_response_format`) so the store, experiment files and the server
all read it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from desktop.core.engine.protocol import FormatSpec, GrammarSpec
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError
from desktop.core.tools.gbnf import check_gbnf
from desktop.core.tools.schema_grammar import json_object_gbnf, parse_schema, schema_to_gbnf

FormatKind = Literal["text", "json", "json_schema", "grammar"]
FORMAT_KINDS: tuple[str, ...] = ("text", "json", "json_schema", "grammar")
# The keys that carry an output format in plain data (experiment files and configs, saved chat
# settings, a template's default params): what `format_from_dict` reads.
FORMAT_KEYS = frozenset({"format", "json_schema", "grammar", "schema_name"})

UNKNOWN_FORMAT = MessageSpec(
    "tools.unknown_format",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Unknown output format {name}: use text, json, json_schema or grammar."
    ),
)
FORMAT_NEEDS = MessageSpec(
    "tools.format_needs",
    QT_TRANSLATE_NOOP("CoreMessages", "The output format {kind} needs {key}."),
)
FORMAT_CONFLICT = MessageSpec(
    "tools.format_conflict",
    QT_TRANSLATE_NOOP("CoreMessages", "Give either a JSON Schema or a grammar, not both."),
)
GRAMMAR_NOT_TEXT = MessageSpec(
    "tools.grammar_not_text", QT_TRANSLATE_NOOP("CoreMessages", "A grammar must be text.")
)
BAD_RESPONSE_FORMAT = MessageSpec(
    "tools.bad_response_format",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        'response_format must be {{"type": "text"}}, {{"type": "json_object"}} or '
        '{{"type": "json_schema", "json_schema": {{"name": ..., "schema": {{...}}}}}}.',
    ),
)


class FormatError(UserError, ValueError):
    """An output format given with a missing or wrong part."""


@dataclass(frozen=True)
class OutputFormat:
    kind: FormatKind = "text"
    schema: dict[str, Any] | None = None  # json_schema
    grammar: str | None = None  # grammar (GBNF)
    name: str = ""  # the schema's name (OpenAI's json_schema.name), shown and saved
    not_enforced: tuple[Message, ...] = field(default=(), compare=False)

    @property
    def is_json(self) -> bool:
        return self.kind in ("json", "json_schema")

    @property
    def constrained(self) -> bool:
        return self.kind != "text"

    def gbnf(self) -> str | None:
        """The grammar the sampler runs (None for free text): what "show grammar" displays."""
        if self.kind == "json":
            return json_object_gbnf()
        if self.kind == "json_schema":
            return schema_to_gbnf(self.schema).gbnf
        if self.kind == "grammar":
            return self.grammar
        return None

    def grammar_spec(self) -> GrammarSpec | None:
        gbnf = self.gbnf()
        return GrammarSpec(gbnf) if gbnf else None

    def format_spec(self) -> FormatSpec | None:
        """The format as a server takes it (None for free text)."""
        if self.kind == "text":
            return None
        return FormatSpec(self.kind, schema=self.schema, grammar=self.grammar, name=self.name)


TEXT = OutputFormat()


def json_schema_format(schema: Any, name: str = "") -> OutputFormat:
    """A checked JSON Schema format (SchemaError if the schema is malformed or unsupported)."""
    parsed = parse_schema(schema)
    converted = schema_to_gbnf(parsed)
    return OutputFormat(
        "json_schema", schema=parsed, name=name, not_enforced=converted.not_enforced
    )


def grammar_format(text: Any) -> OutputFormat:
    """A checked GBNF format (GrammarError with line and column when llama.cpp would refuse it)."""
    if not isinstance(text, str):
        raise FormatError(GRAMMAR_NOT_TEXT())
    check_gbnf(text)
    return OutputFormat("grammar", grammar=text)


def format_from_dict(data: Mapping[str, Any]) -> OutputFormat:
    """From the keys `format` (text|json|json_schema|grammar), `json_schema` (object or JSON
    text) and `grammar` (GBNF text), as experiment files and saved settings write them.
    `json_schema` or `grammar` alone imply their kind. Raises FormatError/SchemaError/
    GrammarError, each with a user-facing Message."""
    kind = data.get("format")
    schema = data.get("json_schema")
    grammar = data.get("grammar")
    if schema is not None and grammar is not None:
        raise FormatError(FORMAT_CONFLICT())
    if kind is None:
        kind = "json_schema" if schema is not None else "grammar" if grammar is not None else "text"
    if kind not in FORMAT_KINDS:
        raise FormatError(UNKNOWN_FORMAT(name=repr(kind)))
    if kind == "json_schema":
        if schema is None:
            raise FormatError(FORMAT_NEEDS(kind=kind, key="json_schema"))
        return json_schema_format(schema, str(data.get("schema_name") or ""))
    if kind == "grammar":
        if grammar is None:
            raise FormatError(FORMAT_NEEDS(kind=kind, key="grammar"))
        return grammar_format(grammar)
    return OutputFormat(kind)  # type: ignore[arg-type]


def has_format(data: Mapping[str, Any]) -> bool:
    """Whether `data` names an output format at all (free text included)."""
    return any(key in data for key in FORMAT_KEYS)


def format_part(data: Mapping[str, Any]) -> dict[str, Any]:
    """Only the output format's keys of `data` (e.g. a config's params)."""
    return {k: v for k, v in data.items() if k in FORMAT_KEYS}


def format_to_dict(fmt: OutputFormat) -> dict[str, Any]:
    """Plain data that `format_from_dict` reads back equal ({} for free text)."""
    if fmt.kind == "text":
        return {}
    out: dict[str, Any] = {"format": fmt.kind}
    if fmt.schema is not None:
        out["json_schema"] = fmt.schema
    if fmt.name:
        out["schema_name"] = fmt.name
    if fmt.grammar is not None:
        out["grammar"] = fmt.grammar
    return out


def format_from_response_format(value: Any) -> OutputFormat:
    """OpenAI's `response_format`: {"type": "text"}, {"type": "json_object"} or
    {"type": "json_schema", "json_schema": {"name", "schema", "strict"}}. Both JSON shapes are
    enforced (strict or not: a grammar is the only way we constrain)."""
    if value is None:
        return TEXT
    if not isinstance(value, Mapping):
        raise FormatError(BAD_RESPONSE_FORMAT())
    kind = value.get("type")
    if kind == "text":
        return TEXT
    if kind == "json_object":
        return OutputFormat("json")
    if kind == "json_schema":
        spec = value.get("json_schema")
        if not isinstance(spec, Mapping) or "schema" not in spec:
            raise FormatError(BAD_RESPONSE_FORMAT())
        return json_schema_format(spec["schema"], str(spec.get("name") or ""))
    raise FormatError(BAD_RESPONSE_FORMAT())
