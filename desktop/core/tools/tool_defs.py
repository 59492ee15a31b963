"""Tool definitions (OpenAI's `tools` list shape) and `tool_choice`, checked once.

Tools arrive from an OpenAI tool list file (`tessera chat --tools`), an HTTP request, MCP
servers and the built-ins; all become `ToolDef`s here, and go to the chat template in the
shape Hugging Face templates expect: {"type": "function", "function": {name, description,
parameters}}.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError
from desktop.core.tools.schema_grammar import SchemaError, parse_schema

ChoiceMode = Literal["auto", "none", "required", "function"]
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")

BAD_TOOL = MessageSpec(
    "tools.bad_tool",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        'Tool {index} is not a function definition ({{"type": "function", "function": '
        '{{"name": ..., "parameters": {{...}}}}}}): {problem}',
    ),
)
BAD_TOOL_NAME = MessageSpec(
    "tools.bad_tool_name",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The tool name {name} must be 1-64 letters, digits, _ . or -."
    ),
)
DUPLICATE_TOOL = MessageSpec(
    "tools.duplicate_tool",
    QT_TRANSLATE_NOOP("CoreMessages", "Two tools are named {name}."),
)
BAD_TOOL_LIST = MessageSpec(
    "tools.bad_tool_list",
    QT_TRANSLATE_NOOP("CoreMessages", "The tools must be a JSON list of tool definitions."),
)
BAD_CHOICE = MessageSpec(
    "tools.bad_choice",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        'tool_choice must be "auto", "none", "required" or {{"type": "function", '
        '"function": {{"name": ...}}}}.',
    ),
)
UNKNOWN_CHOICE = MessageSpec(
    "tools.unknown_choice",
    QT_TRANSLATE_NOOP("CoreMessages", "tool_choice names {name}, which is not among the tools."),
)
CHOICE_NEEDS_TOOLS = MessageSpec(
    "tools.choice_needs_tools",
    QT_TRANSLATE_NOOP("CoreMessages", "tool_choice {mode} needs at least one tool."),
)


class ToolDefError(UserError, ValueError):
    """A tool list or tool_choice that cannot be used."""


@dataclass(frozen=True)
class ToolDef:
    name: str
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=lambda: {"type": "object", "properties": {}})

    def to_openai(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            },
        }


@dataclass(frozen=True)
class ToolChoice:
    mode: ChoiceMode = "auto"
    name: str | None = None  # mode "function": the one function the reply must call

    def to_openai(self) -> str | dict[str, Any]:
        """OpenAI's `tool_choice` (what `choice_from_openai` reads back)."""
        if self.mode == "function":
            return {"type": "function", "function": {"name": self.name}}
        return self.mode


def tool_from_openai(item: Any, index: int = 0) -> ToolDef:
    def bad(problem: str) -> ToolDefError:
        return ToolDefError(BAD_TOOL(index=index, problem=problem))

    if not isinstance(item, Mapping):
        raise bad("not an object")
    fn = item.get("function", item if "name" in item else None)
    if item.get("type", "function") != "function" or not isinstance(fn, Mapping):
        raise bad("no function")
    name = fn.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ToolDefError(BAD_TOOL_NAME(name=repr(name)))
    params = fn.get("parameters", {"type": "object", "properties": {}})
    try:
        params = parse_schema(params)
    except SchemaError as exc:
        raise bad(str(exc)) from None
    description = fn.get("description") or ""
    if not isinstance(description, str):
        raise bad("description must be text")
    return ToolDef(name, description, params)


def tools_from_openai(value: Any) -> tuple[ToolDef, ...]:
    """ToolDefs from an OpenAI `tools` list (a list, or JSON text of one)."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except ValueError:
            raise ToolDefError(BAD_TOOL_LIST()) from None
    if isinstance(value, Mapping) and isinstance(value.get("tools"), list):
        value = value["tools"]
    if not isinstance(value, list):
        raise ToolDefError(BAD_TOOL_LIST())
    tools = tuple(tool_from_openai(item, i) for i, item in enumerate(value))
    names = [t.name for t in tools]
    for name in names:
        if names.count(name) > 1:
            raise ToolDefError(DUPLICATE_TOOL(name=name))
    return tools


def choice_from_openai(value: Any, tools: Sequence[ToolDef]) -> ToolChoice:
    """OpenAI's `tool_choice` (None = "auto"), checked against `tools`."""
    if value is None:
        value = "auto"
    if isinstance(value, str):
        if value not in ("auto", "none", "required"):
            raise ToolDefError(BAD_CHOICE())
        choice = ToolChoice(value)  # type: ignore[arg-type]
    elif isinstance(value, Mapping) and isinstance(value.get("function"), Mapping):
        name = value["function"].get("name")
        if not isinstance(name, str):
            raise ToolDefError(BAD_CHOICE())
        if name not in {t.name for t in tools}:
            raise ToolDefError(UNKNOWN_CHOICE(name=name))
        choice = ToolChoice("function", name)
    else:
        raise ToolDefError(BAD_CHOICE())
    if choice.mode in ("required", "function") and not tools:
        raise ToolDefError(CHOICE_NEEDS_TOOLS(mode=choice.mode))
    return choice


_ID_CHARS = string.ascii_letters + string.digits


def new_call_id() -> str:
    """Nine letters and digits: the one id shape every template accepts (Mistral's demands it)."""
    return "".join(secrets.choice(_ID_CHARS) for _ in range(9))
