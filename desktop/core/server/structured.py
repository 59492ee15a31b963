"""Where structured output and tool calling enter a request: `response_format`, `tools`,
`tool_choice`, and tool messages.

Today the server answers free text only, so anything else is refused with a 400 that says
so (never silently ignored: a client asking for JSON must not get prose it then fails to
parse). When desktop.core.tools (structured output, issue 17) is merged, `output_options`
returns its `RequestOptions` (format_from_response_format, tools_from_openai,
choice_from_openai) and `tool_message` turns tool calls and results into ChatMessages; the
pipeline then builds the request with `prepare_request` and reads the reply with
`interpret_reply` (see pipeline.build_request and shapes.chat_completion's `tool_calls`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec
from desktop.core.server.errors import APIError

NOT_YET = MessageSpec(
    "server.structured_not_yet",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{param} is not supported yet: structured output and tool calling come with a later "
        "version of Tessera.",
    ),
)

# Request keys that ask for something other than free text.
STRUCTURED_KEYS = (
    "response_format",
    "tools",
    "tool_choice",
    "functions",
    "function_call",
    "parallel_tool_calls",
)


def _free_text(key: str, value: Any) -> bool:
    """Whether `value` of `key` asks for nothing beyond free text (what clients send by
    default: null, an empty tool list, {"type": "text"}, tool_choice "none"/"auto")."""
    if value is None:
        return True
    if key == "response_format":
        return isinstance(value, Mapping) and value.get("type") == "text"
    if key in ("tools", "functions"):
        return isinstance(value, list) and not value
    if key in ("tool_choice", "function_call"):
        return value in ("none", "auto")
    return key == "parallel_tool_calls"  # meaningless without tools


def output_options(body: Mapping[str, Any]) -> Any:
    """The output format and tools a request asks for; None: free text. Raises APIError 400
    for anything else until structured output is merged."""
    for key in STRUCTURED_KEYS:
        if key in body and not _free_text(key, body[key]):
            raise APIError(400, NOT_YET(param=key), code="unsupported", param=key)
    return None


def tool_message(item: Mapping[str, Any], index: int) -> None:
    """A tool result or an assistant message with tool calls (refused until then)."""
    param = f"messages[{index}]"
    if item.get("role") in ("tool", "function"):
        raise APIError(400, NOT_YET(param=f"{param}.role"), code="unsupported", param=param)
    if item.get("tool_calls") or item.get("function_call"):
        raise APIError(400, NOT_YET(param=f"{param}.tool_calls"), code="unsupported", param=param)
