"""Everything a generate request needs for tools: template variables, messages, grammar.

`plan_tools` decides, for one model template, a tool list and a `tool_choice`:
- which family's call syntax the model writes (tool_families.detect_family);
- whether the template renders the tools itself (its `tools` variable) or a system message
  must describe them (templates without tool support: the generic JSON format);
- the grammar: `required` and a named function constrain the whole reply to one call;
  `auto` uses a lazy grammar that wakes when the model starts a call (its opening marker),
  so free text stays free and a call, once begun, is well-formed; `none` has no grammar.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop.core.engine.protocol import ChatMessage, GrammarSpec
from desktop.core.tools.schema_grammar import schema_to_gbnf
from desktop.core.tools.tool_defs import ToolChoice, ToolDef
from desktop.core.tools.tool_families import (
    DS_CALL_BEGIN,
    DS_CALL_END,
    DS_CALLS_BEGIN,
    DS_CALLS_END,
    DS_SEP,
    MISTRAL_CALLS,
    Family,
    detect_family,
    renders_tools,
)

GENERIC_INSTRUCTIONS = (
    "You can call the tools below. To call one, reply with only this: {syntax}\n\nTools:\n"
)
_JSON_CALL = '{{"name": <tool name>, "arguments": <an object matching its parameters>}}'
CALL_SYNTAX: dict[str, str] = {
    "hermes": "<tool_call>\n" + _JSON_CALL + "\n</tool_call>",
    "llama3": _JSON_CALL.replace("arguments", "parameters"),
    "mistral": MISTRAL_CALLS + "[" + _JSON_CALL + "]",
    "deepseek": DS_CALLS_BEGIN
    + DS_CALL_BEGIN
    + "<tool name>"
    + DS_SEP
    + "<arguments object>"
    + DS_CALL_END
    + DS_CALLS_END,
    "generic": _JSON_CALL,
}
_JSON_START = r'(\{\s*"name")'


@dataclass(frozen=True)
class ToolPlan:
    family: Family
    messages: tuple[ChatMessage, ...]
    template_tools: tuple[dict, ...] | None  # for the template's `tools` variable
    grammar: GrammarSpec | None
    parse_calls: bool  # False for tool_choice "none"


def plan_tools(
    template: str | None,
    messages: Sequence[ChatMessage],
    tools: Sequence[ToolDef],
    choice: ToolChoice,
) -> ToolPlan:
    msgs = tuple(messages)
    if not tools:
        return ToolPlan(detect_family(template), msgs, None, None, False)
    native = renders_tools(template)
    family = detect_family(template)
    openai = tuple(t.to_openai() for t in tools)
    if "tool_calls" not in (template or ""):
        msgs = _calls_as_text(msgs)
    if not native:
        msgs = _describe_tools(msgs, openai, family)
    if choice.mode == "none":
        return ToolPlan(family, msgs, openai if native else None, None, False)
    chosen = [t for t in tools if choice.mode != "function" or t.name == choice.name]
    gbnf = call_grammar(family, chosen)
    lazy = choice.mode == "auto"
    patterns, tokens = _triggers(family) if lazy else ((), ())
    grammar = GrammarSpec(gbnf, lazy=lazy, trigger_patterns=patterns, trigger_tokens=tokens)
    return ToolPlan(family, msgs, openai if native else None, grammar, True)


def _lit(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _alternatives(schemas: list[dict]) -> tuple[str, list[str]]:
    """(GBNF rules without a root, rule name of each schema): the converter names the members
    of a root anyOf `alternative-<i>`."""
    gbnf = schema_to_gbnf({"anyOf": schemas}).gbnf
    rules = [line for line in gbnf.splitlines() if not line.startswith("root ::=")]
    names = [f"alternative-{i}" for i in range(len(schemas))]
    return "\n".join(rules), names


def call_grammar(family: Family, tools: Sequence[ToolDef]) -> str:
    """GBNF for exactly one call of one of `tools`, in the family's own syntax."""
    if family == "deepseek":
        rules, names = _alternatives([t.parameters for t in tools])
        calls = " | ".join(
            f"{_lit(t.name + DS_SEP)} {n}" for t, n in zip(tools, names, strict=True)
        )
        root = (
            f"root ::= {_lit(DS_CALLS_BEGIN + DS_CALL_BEGIN)} ds-call "
            f"{_lit(DS_CALL_END + DS_CALLS_END)}\nds-call ::= {calls}"
        )
        return f"{root}\n{rules}"
    key = "parameters" if family == "llama3" else "arguments"
    objects = [
        {
            "type": "object",
            "properties": {"name": {"const": t.name}, key: t.parameters},
            "required": ["name", key],
        }
        for t in tools
    ]
    rules, names = _alternatives(objects)
    call = "call ::= " + " | ".join(names)
    if family == "hermes":
        root = f"root ::= {_lit('<tool_call>' + chr(10))} call {_lit(chr(10) + '</tool_call>')}"
    elif family == "mistral":
        root = f'root ::= {_lit(MISTRAL_CALLS)} "[" call "]"'
    else:
        root = "root ::= call"
    return f"{root}\n{call}\n{rules}"


def _triggers(family: Family) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if family == "hermes":
        return ("(<tool_call>)",), ()
    if family == "mistral":
        return (f"({re.escape(MISTRAL_CALLS)})",), (MISTRAL_CALLS,)
    if family == "deepseek":
        return (f"({re.escape(DS_CALLS_BEGIN)})",), (DS_CALLS_BEGIN,)
    return (_JSON_START,), ()


def _calls_as_text(messages: tuple[ChatMessage, ...]) -> tuple[ChatMessage, ...]:
    """For templates that know nothing of tool calls: past calls as the JSON the model is
    asked to write, results as user turns (many templates refuse unknown roles)."""
    out: list[ChatMessage] = []
    for m in messages:
        if m.tool_calls:
            calls = [{"name": c.name, "arguments": _loads(c.arguments)} for c in m.tool_calls]
            body = "\n".join(json.dumps(c, ensure_ascii=False) for c in calls)
            out.append(ChatMessage("assistant", (m.content + "\n" + body).strip()))
        elif m.role == "tool":
            label = f"Result of {m.name or 'the tool'} ({m.tool_call_id or ''}):\n"
            out.append(ChatMessage("user", label + m.content))
        else:
            out.append(m)
    return tuple(out)


def _describe_tools(
    messages: tuple[ChatMessage, ...], openai: tuple[dict, ...], family: Family
) -> tuple[ChatMessage, ...]:
    """The tool list and the family's call syntax in the system message, for templates that
    do not render `tools` themselves."""
    described = GENERIC_INSTRUCTIONS.format(syntax=CALL_SYNTAX[family]) + json.dumps(
        list(openai), ensure_ascii=False, indent=2
    )
    out = list(messages)
    if out and out[0].role == "system":
        out[0] = replace(out[0], content=out[0].content + "\n\n" + described)
    else:
        out.insert(0, ChatMessage("system", described))
    return tuple(out)


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return text
