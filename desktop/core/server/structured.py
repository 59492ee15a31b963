"""Where structured output and tool calling enter a request: `response_format`, `tools`,
`tool_choice`, tool messages in the history, and `tool_calls` in the reply.

Both of OpenAI's JSON shapes (`{"type": "json_object"}` and `{"type": "json_schema",
"json_schema": {...}}`) become an OutputFormat the engine enforces with a grammar, and tools
become ToolDefs planned for the model's own chat template (desktop.core.tools): nothing a
client asks for is silently ignored, and whatever cannot be read is a 400 naming the field.
The legacy `functions`/`function_call` fields are refused with a pointer to `tools`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.core.engine.protocol import ChatMessage, ToolCall
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError
from desktop.core.server.errors import APIError
from desktop.core.tools.output_format import format_from_response_format
from desktop.core.tools.request import RequestOptions
from desktop.core.tools.tool_defs import choice_from_openai, tools_from_openai

USE_TOOLS = MessageSpec(
    "server.use_tools",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{param} is OpenAI's retired way to call functions: send tools and tool_choice instead.",
    ),
)
BAD_TOOL_CALLS = MessageSpec(
    "server.bad_tool_calls",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        '{param} must be a list of {{"id": ..., "type": "function", "function": {{"name": ..., '
        '"arguments": "..."}}}}.',
    ),
)
NEEDS_CALL_ID = MessageSpec(
    "server.needs_call_id",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{param} needs tool_call_id: the id of the tool call it answers."
    ),
)

# Request keys that ask for something other than free text.
STRUCTURED_KEYS = (
    "response_format",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "functions",
    "function_call",
)
LEGACY_KEYS = ("functions", "function_call")


def _refused(param: str, error: UserError) -> APIError:
    return APIError(400, error.user_message, param=param)


def output_options(body: Mapping[str, Any]) -> RequestOptions | None:
    """The output format and tools a request asks for; None: free text (what clients send
    by default: no field, null, {"type": "text"}, an empty tool list). APIError 400 for
    anything that cannot be read, naming the field."""
    for key in LEGACY_KEYS:
        if body.get(key) is not None:
            raise APIError(400, USE_TOOLS(param=key), code="unsupported", param=key)
    try:
        fmt = format_from_response_format(body.get("response_format"))
    except UserError as exc:
        raise _refused("response_format", exc) from None
    raw_tools = body.get("tools")
    try:
        tools = tools_from_openai(raw_tools) if raw_tools is not None else ()
    except UserError as exc:
        raise _refused("tools", exc) from None
    try:
        choice = choice_from_openai(body.get("tool_choice"), tools)
    except UserError as exc:
        raise _refused("tool_choice", exc) from None
    if not fmt.constrained and not tools:
        return None
    return RequestOptions(output_format=fmt, tools=tools, tool_choice=choice)


def option_param(options: RequestOptions | None) -> str | None:
    """The request field a backend's refusal is about (tools first: they bring a grammar)."""
    if options is None:
        return None
    if options.tools:
        return "tools"
    if options.output_format.constrained:
        return "response_format"
    return None


def _calls(value: Any, param: str) -> tuple[ToolCall, ...]:
    problem = APIError(400, BAD_TOOL_CALLS(param=param), param=param)
    if not isinstance(value, list):
        raise problem
    calls = []
    for item in value:
        fn = item.get("function") if isinstance(item, Mapping) else None
        if not isinstance(fn, Mapping) or not isinstance(fn.get("name"), str):
            raise problem
        arguments = fn.get("arguments", "{}")
        if isinstance(arguments, Mapping):  # some clients send the object itself
            arguments = json.dumps(arguments, ensure_ascii=False)
        if not isinstance(arguments, str):
            raise problem
        call_id = item.get("id")
        calls.append(ToolCall(call_id if isinstance(call_id, str) else "", fn["name"], arguments))
    return tuple(calls)


def tool_message(
    item: Mapping[str, Any], index: int, content: str, earlier: Sequence[ChatMessage]
) -> ChatMessage | None:
    """A tool result, or an assistant message with tool calls, as a ChatMessage; None for
    any other message. A tool result without `name` takes the name of the call it answers."""
    param = f"messages[{index}]"
    role = item.get("role")
    if role == "function":
        raise APIError(400, USE_TOOLS(param=f"{param}.role"), code="unsupported", param=param)
    if item.get("function_call") is not None:
        raise APIError(
            400, USE_TOOLS(param=f"{param}.function_call"), code="unsupported", param=param
        )
    if role == "tool":
        call_id = item.get("tool_call_id")
        if not isinstance(call_id, str) or not call_id:
            raise APIError(400, NEEDS_CALL_ID(param=param), param=f"{param}.tool_call_id")
        name = item.get("name")
        if not isinstance(name, str):
            name = next(
                (c.name for m in reversed(earlier) for c in m.tool_calls if c.id == call_id), None
            )
        return ChatMessage("tool", content, tool_call_id=call_id, name=name)
    if role == "assistant" and item.get("tool_calls"):
        calls = _calls(item["tool_calls"], f"{param}.tool_calls")
        return ChatMessage("assistant", content, calls)
    return None


def openai_tool_calls(calls: Sequence[ToolCall]) -> list[dict[str, Any]]:
    """A reply's `message.tool_calls`."""
    return [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
        for c in calls
    ]


def tool_call_deltas(calls: Sequence[ToolCall]) -> list[dict[str, Any]]:
    """Stream deltas, one per call: each carries its index, id, name and whole arguments
    (clients concatenate `arguments` across deltas of one index, so one piece is enough)."""
    return [
        {
            "tool_calls": [
                {
                    "index": i,
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                }
            ]
        }
        for i, c in enumerate(calls)
    ]
