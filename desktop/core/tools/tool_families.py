"""How each chat-template family writes a tool call, told from the template text, and parsed.

Models are trained on one call syntax each; the template shows it (it renders past calls).
Hermes/Qwen: `<tool_call>{"name", "arguments"}</tool_call>`; Llama 3.x: a bare
`{"name", "parameters"}` object, maybe after `<|python_tag|>`; Mistral:
`[TOOL_CALLS][{"name", "arguments", "id"}]`; DeepSeek: `<｜tool▁calls▁begin｜>` blocks with
`name<｜tool▁sep｜>{json}` (V3) or `function<｜tool▁sep｜>name` and a ```json block (R1);
anything else: a generic JSON object, with the tools described in a system message because
the template does not render them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from desktop.core.engine.protocol import ToolCall
from desktop.core.tools.tool_defs import new_call_id

Family = Literal["hermes", "llama3", "mistral", "deepseek", "generic"]
FAMILIES: tuple[Family, ...] = ("hermes", "llama3", "mistral", "deepseek", "generic")

DS_CALLS_BEGIN = "<｜tool▁calls▁begin｜>"
DS_CALLS_END = "<｜tool▁calls▁end｜>"
DS_CALL_BEGIN = "<｜tool▁call▁begin｜>"
DS_CALL_END = "<｜tool▁call▁end｜>"
DS_SEP = "<｜tool▁sep｜>"
PYTHON_TAG = "<|python_tag|>"
MISTRAL_CALLS = "[TOOL_CALLS]"


@dataclass(frozen=True)
class ParsedReply:
    content: str  # the reply's text outside the tool calls
    calls: tuple[ToolCall, ...]


def detect_family(template: str | None) -> Family:
    t = template or ""
    if "<tool_call>" in t:
        return "hermes"
    if "[TOOL_CALLS]" in t:
        return "mistral"
    if "tool▁calls▁begin" in t:
        return "deepseek"
    if "<|start_header_id|>" in t and "tools" in t:
        return "llama3"
    return "generic"


def renders_tools(template: str | None) -> bool:
    """Whether the template itself shows the tool definitions to the model."""
    t = template or ""
    return bool(re.search(r"\btools\b", t)) and detect_family(t) != "generic"


def parse_reply(text: str, family: Family) -> ParsedReply:
    """The tool calls in a reply and the text around them; a reply without calls comes back
    whole as content."""
    parser = {
        "hermes": _parse_hermes,
        "llama3": _parse_json_objects,
        "mistral": _parse_mistral,
        "deepseek": _parse_deepseek,
        "generic": _parse_json_objects,
    }[family]
    content, calls = parser(text)
    if not calls and family != "generic":  # models drift from their own format
        content, calls = _parse_json_objects(text)
        if not calls:
            content = text
    return ParsedReply(content.strip() if calls else content, tuple(calls))


def _call(obj: object, key_fallback: bool = True) -> ToolCall | None:
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("function"), dict):  # OpenAI's own shape
        inner = obj["function"]
        call = _call(inner)
        if call is not None and isinstance(obj.get("id"), str):
            return ToolCall(obj["id"], call.name, call.arguments)
        return call
    name = obj.get("name")
    if not isinstance(name, str) or not name:
        return None
    args = obj.get("arguments", obj.get("parameters", {} if key_fallback else None))
    if isinstance(args, str):
        try:
            parsed = json.loads(args)
        except ValueError:
            parsed = None
        args = parsed if isinstance(parsed, dict) else args
    if not isinstance(args, (dict, str)):
        return None
    text = args if isinstance(args, str) else json.dumps(args, ensure_ascii=False)
    given = obj.get("id")
    return ToolCall(given if isinstance(given, str) and given else new_call_id(), name, text)


def _json_objects(text: str) -> Iterator[tuple[int, int, object]]:
    """(start, end, value) of each top-level JSON value that starts with { or [."""
    decoder = json.JSONDecoder()
    i = 0
    while True:
        starts = [p for p in (text.find("{", i), text.find("[", i)) if p >= 0]
        if not starts:
            return
        start = min(starts)
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            i = start + 1
            continue
        yield start, end, value
        i = end


def _parse_json_objects(text: str) -> tuple[str, list[ToolCall]]:
    calls: list[ToolCall] = []
    kept: list[str] = []
    pos = 0
    body = text.replace(PYTHON_TAG, "")
    for start, end, value in _json_objects(body):
        items = value.get("tool_calls") if isinstance(value, dict) else value
        items = items if isinstance(items, list) else [value]
        found = [c for c in (_call(item, key_fallback=False) for item in items) if c]
        if found and len(found) == len(items):
            calls.extend(found)
            kept.append(body[pos:start])
            pos = end
    kept.append(body[pos:])
    return "".join(kept), calls


def _parse_hermes(text: str) -> tuple[str, list[ToolCall]]:
    calls: list[ToolCall] = []
    kept: list[str] = []
    pos = 0
    for m in re.finditer(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", text, re.DOTALL):
        try:
            value, _ = json.JSONDecoder().raw_decode(m.group(1))
        except ValueError:
            continue
        call = _call(value)
        if call is not None:
            calls.append(call)
            kept.append(text[pos : m.start()])
            pos = m.end()
    kept.append(text[pos:])
    return "".join(kept), calls


def _parse_mistral(text: str) -> tuple[str, list[ToolCall]]:
    at = text.find(MISTRAL_CALLS)
    if at < 0:
        return text, []
    rest = text[at + len(MISTRAL_CALLS) :].lstrip()
    try:
        value, end = json.JSONDecoder().raw_decode(rest)
    except ValueError:
        return text, []
    items = value if isinstance(value, list) else [value]
    calls = [c for c in (_call(item) for item in items) if c]
    return text[:at] + rest[end:], calls


def _parse_deepseek(text: str) -> tuple[str, list[ToolCall]]:
    at = text.find(DS_CALLS_BEGIN)
    first = text.find(DS_CALL_BEGIN)
    if at < 0 and first < 0:
        return text, []
    start = at if at >= 0 else first
    end_all = text.find(DS_CALLS_END, start)
    block = text[start : end_all if end_all >= 0 else len(text)]
    calls: list[ToolCall] = []
    pattern = re.escape(DS_CALL_BEGIN) + r"(.*?)(?:" + re.escape(DS_CALL_END) + r"|$)"
    for m in re.finditer(pattern, block, re.DOTALL):
        head, sep, tail = m.group(1).partition(DS_SEP)
        if not sep:
            continue
        if head.strip() == "function" and "\n" in tail:  # R1: function<sep>name\n```json ...```
            name, _, body = tail.partition("\n")
            body = body.strip().removeprefix("```json").removesuffix("```").strip()
        else:
            name, body = head, tail.strip()
        try:
            args = json.loads(body)
        except ValueError:
            continue
        if isinstance(args, str):  # templates that `tojson` a string
            try:
                args = json.loads(args)
            except ValueError:
                continue
        call = _call({"name": name.strip(), "arguments": args})
        if call is not None:
            calls.append(call)
    after = text[end_all + len(DS_CALLS_END) :] if end_all >= 0 else ""
    return text[:start] + after, calls
