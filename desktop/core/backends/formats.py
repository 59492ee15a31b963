"""Output formats and tools on servers: each server's own fields, and what it cannot take.

A request carries the user's format as a `FormatSpec` and tools in OpenAI's shape; here they
become what each server reads (the Capabilities from its probe decide, `refusal` says no
before anything is sent, naming the server):
- llama-server `/completion`: `json_schema` (any object: {"type": "object"}) or `grammar`
  (GBNF); its `/v1/chat/completions` (used for tools): `response_format` and OpenAI tools.
- OpenAI-style chat: `response_format` {"type": "json_object"} or {"type": "json_schema",
  "json_schema": {name, schema, strict}}. llama-cpp-python's server enforces only its own
  {"type": "json_object", "schema": ...} (it ignores "json_schema") and takes GBNF as
  `grammar`; LM Studio takes json_schema only.
- OpenAI-style raw completions (no response_format there): vLLM `structured_outputs`
  {"json": schema} (`guided_json` before 0.11), SGLang `json_schema` (a JSON string),
  llama-server `json_schema`/`grammar`, llama-cpp-python `grammar`.
- Ollama: `format`, "json" or the schema itself; `tools` on /api/chat (it cannot force a call).
A GBNF grammar goes only to servers whose grammars are llama.cpp's (llama-server,
llama-cpp-python): vLLM's and SGLang's grammar dialects differ, so theirs are refused.
The reply is checked against the format afterwards either way (desktop.core.tools).
"""

from __future__ import annotations

import json
import re
from typing import Any

from desktop.core.backends.capabilities import Capabilities
from desktop.core.engine.protocol import FormatSpec, GenerateRequest
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

NO_RAW_FORMAT = MessageSpec(
    "backends.no_raw_format",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server ({server}) enforces output formats on chat messages only, not on a raw prompt.",
    ),
)
NO_RAW_TOOLS = MessageSpec(
    "backends.no_raw_tools",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tools need chat messages: a raw prompt or a branch from a chosen token cannot call "
        "tools on a server.",
    ),
)
NO_FORCED_CALL = MessageSpec(
    "backends.no_forced_call",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server ({server}) cannot force a tool call (tool_choice {choice}): use auto, or a "
        "backend that can (the local engine, llama-server, vLLM).",
    ),
)
NO_LAZY_GRAMMAR = MessageSpec(
    "backends.no_lazy_grammar",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server ({server}) was sent a tool-call grammar made for the local engine: tools "
        "on a server go to the server itself.",
    ),
)

# Servers whose `grammar` is llama.cpp's GBNF.
GBNF_SERVERS = frozenset({"llama-server", "llama-cpp-python"})
# Servers that take an output format on a raw prompt (/v1/completions), and how.
RAW_FORMAT_SERVERS = frozenset({"vllm", "sglang", "llama-server", "llama-cpp-python"})
ANY_OBJECT: dict[str, Any] = {"type": "object"}


def choice_mode(choice: Any) -> str:
    """ "auto", "none", "required" or "function" for an OpenAI tool_choice (None: auto)."""
    if choice is None:
        return "auto"
    if isinstance(choice, dict):
        return "function"
    return str(choice)


def chosen_name(choice: Any) -> str | None:
    if isinstance(choice, dict) and isinstance(choice.get("function"), dict):
        name = choice["function"].get("name")
        return str(name) if name is not None else None
    return None


def sends_tools(request: GenerateRequest) -> bool:
    """Whether the server gets `tools` (tool_choice none sends none: nothing to call)."""
    return bool(request.tools) and choice_mode(request.tool_choice) != "none"


def refusal(caps: Capabilities, request: GenerateRequest, *, raw: bool) -> Message | None:
    """Why this server cannot take the request's format or tools (None: it can). `raw`: the
    request goes out as a raw prompt (completion mode, forced tokens)."""
    spec = request.output_format
    if spec is not None:
        flag = "grammar" if spec.kind == "grammar" else "json_schema"
        if not caps.has(flag):
            return caps.why_not(flag)
        if raw and caps.server_kind not in RAW_FORMAT_SERVERS:
            return NO_RAW_FORMAT(server=caps.server_name)
    elif request.grammar is not None:
        if request.grammar.lazy:
            return NO_LAZY_GRAMMAR(server=caps.server_name)
        if not caps.grammar:
            return caps.why_not("grammar")
    if sends_tools(request):
        if not caps.tools:
            return caps.why_not("tools")
        if raw:
            return NO_RAW_TOOLS()
        mode = choice_mode(request.tool_choice)
        if caps.server_kind == "ollama" and mode in ("required", "function"):
            shown = chosen_name(request.tool_choice) if mode == "function" else mode
            return NO_FORCED_CALL(server=caps.server_name, choice=shown)
    return None


def _grammar_text(request: GenerateRequest) -> str | None:
    """The GBNF to send: the user's grammar, or the one the engine would run."""
    spec = request.output_format
    if spec is not None and spec.kind == "grammar":
        return spec.grammar
    return request.grammar.gbnf if request.grammar is not None else None


def _schema(spec: FormatSpec) -> dict[str, Any]:
    return spec.schema if spec.kind == "json_schema" and spec.schema is not None else ANY_OBJECT


def llama_server_fields(request: GenerateRequest) -> dict[str, Any]:
    """/completion fields (llama-server turns a JSON Schema into its own grammar)."""
    spec = request.output_format
    if spec is not None and spec.kind != "grammar":
        return {"json_schema": _schema(spec)}
    gbnf = _grammar_text(request)
    return {"grammar": gbnf} if gbnf else {}


def schema_name(spec: FormatSpec) -> str:
    """OpenAI wants 1-64 letters, digits, _ or -."""
    name = re.sub(r"[^A-Za-z0-9_-]", "_", spec.name or "")[:64]
    return name or "reply"


def response_format(spec: FormatSpec, server: str) -> dict[str, Any]:
    """OpenAI's `response_format` as `server` enforces it."""
    if server == "llama-cpp-python":
        body: dict[str, Any] = {"type": "json_object"}
        if spec.kind == "json_schema":
            body["schema"] = _schema(spec)
        return body
    if spec.kind == "json" and server != "lmstudio":
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "json_schema": {"name": schema_name(spec), "schema": _schema(spec), "strict": True},
    }


def _vllm_structured(version: str) -> bool:
    """vLLM 0.11 renamed guided_json & co. to structured_outputs (0.12 dropped the old)."""
    match = re.match(r"(\d+)\.(\d+)", version or "")
    return match is None or (int(match.group(1)), int(match.group(2))) >= (0, 11)


def openai_fields(request: GenerateRequest, caps: Capabilities, *, chat: bool) -> dict[str, Any]:
    """The fields carrying the output format on /v1/chat/completions (`chat`) or
    /v1/completions; call `refusal` first."""
    spec = request.output_format
    server = caps.server_kind
    gbnf = _grammar_text(request)
    if spec is None or spec.kind == "grammar":
        return {"grammar": gbnf} if gbnf and server in GBNF_SERVERS else {}
    if chat:
        return {"response_format": response_format(spec, server)}
    schema = _schema(spec)
    if server == "vllm":
        if _vllm_structured(caps.server_version):
            return {"structured_outputs": {"json": schema}}
        return {"guided_json": schema}
    if server == "sglang":
        return {"json_schema": json.dumps(schema)}
    if server == "llama-server":
        return {"json_schema": schema}
    if server == "llama-cpp-python" and gbnf:
        return {"grammar": gbnf}
    return {}


def openai_tools(request: GenerateRequest, server: str) -> dict[str, Any]:
    """`tools` and `tool_choice` for an OpenAI-style chat ({} when none are sent).
    llama-server reads tool_choice as a string only: a named function is sent as
    "required" with that one tool."""
    if not sends_tools(request):
        return {}
    tools = list(request.tools or ())
    choice = request.tool_choice if request.tool_choice is not None else "auto"
    name = chosen_name(choice)
    if name is not None and server == "llama-server":
        tools = [t for t in tools if (t.get("function") or {}).get("name") == name]
        choice = "required"
    return {"tools": tools, "tool_choice": choice}


def ollama_format(spec: FormatSpec | None) -> str | dict[str, Any] | None:
    """Ollama's `format`: "json" for any object, else the schema itself."""
    if spec is None or spec.kind == "grammar":
        return None
    return "json" if spec.kind == "json" else _schema(spec)
