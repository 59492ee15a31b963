"""JSON Schema -> GBNF for the grammar sampler, and the keywords a grammar cannot hold.

The converter is llama-cpp-python's own (`llama_cpp/llama_grammar.py`, a port of llama.cpp's
json-schema-to-grammar). It is loaded from its file without importing the `llama_cpp`
package, whose import loads llama.cpp's native libraries: the GUI process never does that.
Two changes on our private copy: a JSON string may not contain raw control characters (the
converter allows them, so a random model writes strings `json.loads` refuses), and integer
`minimum`/`maximum`/`exclusive*` bounds become exact digit rules (the converter drops them).
Everything else it cannot enforce is listed by `unenforced_keywords`, so the user learns up
front which parts of a schema only the validator checks.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError
from desktop.core.tools.integer_range import integer_range_rule

SCHEMA_NOT_OBJECT = MessageSpec(
    "tools.schema_not_object",
    QT_TRANSLATE_NOOP("CoreMessages", "A JSON Schema must be a JSON object, not {kind}."),
)
SCHEMA_NOT_JSON = MessageSpec(
    "tools.schema_not_json",
    QT_TRANSLATE_NOOP("CoreMessages", "The JSON Schema is not valid JSON: {error}"),
)
SCHEMA_INVALID = MessageSpec(
    "tools.schema_invalid",
    QT_TRANSLATE_NOOP("CoreMessages", "The JSON Schema is not valid: {error} (at {where})."),
)
SCHEMA_UNSUPPORTED = MessageSpec(
    "tools.schema_unsupported",
    QT_TRANSLATE_NOOP("CoreMessages", "This JSON Schema cannot be turned into a grammar: {error}"),
)
SCHEMA_EMPTY_RANGE = MessageSpec(
    "tools.schema_empty_range",
    QT_TRANSLATE_NOOP("CoreMessages", "No integer fits the bounds at {where}."),
)
SCHEMA_HINT = MessageSpec(
    "tools.schema_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Supported: type, properties, required, additionalProperties, items, prefixItems, "
        "minItems, maxItems, enum, const, anyOf, oneOf, allOf of objects, $ref to #/$defs, "
        "minLength, maxLength, pattern (^...$), format date/time/date-time/uuid, integer "
        "minimum/maximum.",
    ),
)
NOT_ENFORCED = MessageSpec(
    "tools.keyword_not_enforced",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The grammar does not enforce {keyword} at {where}; the reply is checked against it "
        "afterwards.",
    ),
)

# Keywords the converter ignores (or only half-enforces), checked only by the validator.
_IGNORED = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedProperties",
    "unevaluatedItems",
)
_FORMATS = frozenset({"date", "time", "date-time", "uuid", "uuid1", "uuid3", "uuid4", "uuid5"})
_INT_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
# JSON strings: no raw control characters (RFC 8259), escapes as usual.
_CHAR_RULE = (
    r'[^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] '
    r"[0-9a-fA-F])"
)


class SchemaError(UserError, ValueError):
    """A JSON Schema that is malformed or cannot become a grammar."""


@dataclass(frozen=True)
class SchemaGrammar:
    gbnf: str
    not_enforced: tuple[Message, ...]  # keywords only the validator checks


@cache
def _converter_module() -> Any:
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        raise SchemaError(SCHEMA_UNSUPPORTED(error="llama-cpp-python is not installed"))
    folder = list(spec.submodule_search_locations)[0]
    file_spec = importlib.util.spec_from_file_location(
        "tessera_llama_grammar", f"{folder}/llama_grammar.py"
    )
    assert file_spec is not None and file_spec.loader is not None
    module: Any = importlib.util.module_from_spec(file_spec)
    file_spec.loader.exec_module(module)
    module.PRIMITIVE_RULES["char"] = module.BuiltinRule(_CHAR_RULE, [])
    module.SchemaConverter = _bounded_converter(module)
    return module


def _bounded_converter(module: ModuleType) -> type:
    space_rule = module.SPACE_RULE
    base: Any = module.SchemaConverter

    class BoundedIntegers(base):
        def visit(self, schema: Any, name: str) -> str:
            if (
                isinstance(schema, dict)
                and schema.get("type") == "integer"
                and any(k in schema for k in _INT_BOUNDS)
                and not any(k in schema for k in ("enum", "const", "$ref", "anyOf", "oneOf"))
            ):
                lo, hi = integer_bounds(schema)
                rule = integer_range_rule(lo, hi)
                if rule is None:
                    raise _EmptyRange(name)
                rule_name = name + "-" if name in ("root", "integer") else name or "root"
                self._add_rule("space", space_rule)
                return str(self._add_rule(rule_name, f"({rule}) space"))
            return str(super().visit(schema, name))

    return BoundedIntegers


class _EmptyRange(Exception):
    pass


def integer_bounds(schema: dict[str, Any]) -> tuple[int | None, int | None]:
    """The inclusive integer range of a schema's minimum/maximum/exclusive* keywords."""
    lo: int | None = None
    hi: int | None = None

    def num(key: str) -> float | None:
        value = schema.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value)

    if (v := num("minimum")) is not None:
        lo = math.ceil(v)
    if (v := num("exclusiveMinimum")) is not None:
        cand = math.floor(v) + 1
        lo = cand if lo is None else max(lo, cand)
    if (v := num("maximum")) is not None:
        hi = math.floor(v)
    if (v := num("exclusiveMaximum")) is not None:
        cand = math.ceil(v) - 1
        hi = cand if hi is None else min(hi, cand)
    return lo, hi


def parse_schema(value: Any) -> dict[str, Any]:
    """A schema from a dict or JSON text, checked against the JSON Schema meta-schema."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise SchemaError(SCHEMA_NOT_JSON(error=str(exc))) from None
    if not isinstance(value, dict):
        raise SchemaError(SCHEMA_NOT_OBJECT(kind=type(value).__name__))
    from jsonschema import exceptions, validators

    cls = validators.validator_for(value, default=validators.Draft202012Validator)
    try:
        cls.check_schema(value)
    except exceptions.SchemaError as exc:
        where = "/" + "/".join(str(p) for p in exc.path)
        raise SchemaError(SCHEMA_INVALID(error=exc.message, where=where)) from None
    return value


def schema_to_gbnf(schema: Any) -> SchemaGrammar:
    """The GBNF grammar for `schema` (dict or JSON text) and what it leaves to the validator.
    Raises SchemaError with a user-facing Message."""
    schema = parse_schema(schema)
    module = _converter_module()
    converter = module.SchemaConverter(
        prop_order={}, allow_fetch=False, dotall=False, raw_pattern=False
    )
    try:
        resolved = converter.resolve_refs(json.loads(json.dumps(schema)), "input")
        converter.visit(resolved, "")
    except _EmptyRange as exc:
        raise SchemaError(SCHEMA_EMPTY_RANGE(where=str(exc) or "/"), SCHEMA_HINT()) from None
    except RecursionError:
        raise SchemaError(SCHEMA_UNSUPPORTED(error="nested too deeply"), SCHEMA_HINT()) from None
    except Exception as exc:  # noqa: BLE001 - the converter asserts on what it does not understand
        text = str(exc) or type(exc).__name__
        raise SchemaError(SCHEMA_UNSUPPORTED(error=text), SCHEMA_HINT()) from None
    return SchemaGrammar(converter.format_grammar(), tuple(unenforced_keywords(schema)))


def json_object_gbnf() -> str:
    """Any JSON object (OpenAI's `response_format: {"type": "json_object"}`)."""
    return schema_to_gbnf({"type": "object"}).gbnf


def unenforced_keywords(schema: Any) -> Iterator[Message]:
    """One Message per keyword in `schema` that the grammar does not enforce."""
    yield from _walk(schema, "")


def _walk(node: Any, where: str) -> Iterator[Message]:
    if not isinstance(node, dict):
        return
    here = where or "/"
    bounded_int = node.get("type") == "integer"
    for key in _IGNORED:
        if key in node and not (bounded_int and key in _INT_BOUNDS):
            yield NOT_ENFORCED(keyword=key, where=here)
    if "format" in node and node.get("format") not in _FORMATS:
        yield NOT_ENFORCED(keyword=f"format: {node['format']}", where=here)
    if "oneOf" in node:
        yield NOT_ENFORCED(keyword="oneOf (exactly one)", where=here)
    for key in ("properties", "$defs", "definitions"):
        for name, sub in (node.get(key) or {}).items() if isinstance(node.get(key), dict) else ():
            yield from _walk(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from _walk(node[key], f"{where}/{key}")
    for key in ("prefixItems", "anyOf", "oneOf", "allOf"):
        if isinstance(node.get(key), list):
            for i, sub in enumerate(node[key]):
                yield from _walk(sub, f"{where}/{key}/{i}")
