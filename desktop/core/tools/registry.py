"""The tools an agent may call: built-ins, MCP servers' tools, and hooks other features add.

A `Tool` is a definition (what the model sees) and a `call(arguments) -> ToolResult`. The
registry names them uniquely, lists their definitions for the request, and runs a call with a
timeout, so one hanging tool cannot hang the agent. `register_provider` is the point where
other features add tools (knowledge search, from desktop/core/knowledge, registers
`knowledge_tool(search)` here).
"""

from __future__ import annotations

import concurrent.futures
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError
from desktop.core.tools.calculator import calculate
from desktop.core.tools.file_access import FileAccess
from desktop.core.tools.tool_defs import ToolDef
from desktop.core.tools.validation import schema_violations

DEFAULT_TIMEOUT = 30.0

UNKNOWN_TOOL = MessageSpec(
    "tools.unknown_tool",
    QT_TRANSLATE_NOOP("CoreMessages", "The model called {name}, which is not an available tool."),
)
BAD_ARGUMENTS = MessageSpec(
    "tools.bad_arguments",
    QT_TRANSLATE_NOOP("CoreMessages", "The arguments for {name} are not a JSON object: {error}"),
)
ARGUMENTS_INVALID = MessageSpec(
    "tools.arguments_invalid",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The arguments for {name} do not fit its parameters: {problems}"
    ),
)
TOOL_TIMEOUT = MessageSpec(
    "tools.timeout",
    QT_TRANSLATE_NOOP("CoreMessages", "The tool {name} did not answer within {seconds} seconds."),
)
TOOL_FAILED = MessageSpec(
    "tools.failed",
    QT_TRANSLATE_NOOP("CoreMessages", "The tool {name} failed: {error}"),
)


@dataclass(frozen=True)
class ToolResult:
    text: str  # what goes back to the model
    is_error: bool = False
    message: Message | None = None  # the error for the user, translated in the UI


class Tool(Protocol):
    @property
    def definition(self) -> ToolDef: ...

    def call(self, arguments: dict[str, Any]) -> ToolResult: ...


@dataclass(frozen=True)
class FunctionTool:
    """A tool backed by a Python function of the parsed arguments returning text."""

    definition: ToolDef
    function: Callable[[dict[str, Any]], str]

    def call(self, arguments: dict[str, Any]) -> ToolResult:
        try:
            return ToolResult(self.function(arguments))
        except UserError as exc:
            return ToolResult(str(exc), True, exc.user_message)


def _obj(properties: dict[str, Any], required: Iterable[str] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required)}


def calculator_tool() -> FunctionTool:
    return FunctionTool(
        ToolDef(
            "calculator",
            "Evaluate an arithmetic expression (+ - * / // % **, parentheses, sqrt, log, "
            "sin, cos, tan, exp, abs, round, floor, ceil, min, max, pi, e).",
            _obj({"expression": {"type": "string", "maxLength": 200}}, ["expression"]),
        ),
        lambda args: str(calculate(str(args.get("expression", "")))),
    )


def datetime_tool(now: Callable[[], datetime] | None = None) -> FunctionTool:
    clock = now or (lambda: datetime.now().astimezone())

    def run(_args: dict[str, Any]) -> str:
        local = clock()
        return json.dumps(
            {
                "local": local.isoformat(timespec="seconds"),
                "utc": local.astimezone(timezone.utc).isoformat(timespec="seconds"),
                "weekday": local.strftime("%A"),
            }
        )

    return FunctionTool(
        ToolDef(
            "current_datetime", "The current local date, time, weekday and UTC time.", _obj({})
        ),
        run,
    )


def read_file_tool(access: FileAccess) -> FunctionTool:
    def run(args: dict[str, Any]) -> str:
        text, cut = access.read_text(str(args.get("path", "")))
        return text + ("\n[... cut: the file is longer]" if cut else "")

    folders = ", ".join(f.name for f in access.folders) or "none"
    return FunctionTool(
        ToolDef(
            "read_file",
            f"Read a UTF-8 text file by its path relative to an allowed folder ({folders}).",
            _obj({"path": {"type": "string"}}, ["path"]),
        ),
        run,
    )


KnowledgeSearch = Callable[[str, int], list[Mapping[str, Any]]]


def knowledge_tool(search: KnowledgeSearch, name: str = "knowledge_search") -> FunctionTool:
    """The hook for desktop/core/knowledge: `search(query, k)` returns passages (dicts with at
    least "text", ideally "source"); the model gets them as JSON."""

    def run(args: dict[str, Any]) -> str:
        k = args.get("k", 5)
        hits = search(str(args.get("query", "")), int(k) if isinstance(k, int) else 5)
        return json.dumps([dict(h) for h in hits], ensure_ascii=False)

    return FunctionTool(
        ToolDef(
            name,
            "Search the user's documents; returns the most relevant passages with sources.",
            _obj(
                {
                    "query": {"type": "string"},
                    "k": {"type": "integer", "minimum": 1, "maximum": 20},
                },
                ["query"],
            ),
        ),
        run,
    )


def builtin_tools(allowed_folders: Iterable[str] = ()) -> list[Tool]:
    """Calculator, date/time, and (when folders are allowed) the file reader."""
    tools: list[Tool] = [calculator_tool(), datetime_tool()]
    folders = list(allowed_folders)
    if folders:
        tools.append(read_file_tool(FileAccess(folders)))
    return tools


class ToolRegistry:
    def __init__(self, tools: Iterable[Tool] = ()) -> None:
        self._tools: dict[str, Tool] = {}
        self._pool = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="tessera-tool")
        for tool in tools:
            self.register(tool)

    def register(self, tool: Tool) -> str:
        """Adds `tool`; returns the name the model sees (suffixed when already taken)."""
        name = tool.definition.name
        if name in self._tools:
            i = 2
            while f"{name}_{i}" in self._tools:
                i += 1
            name = f"{name}_{i}"
            tool = _Renamed(tool, name)
        self._tools[name] = tool
        return name

    def register_provider(self, provider: Callable[[], Iterable[Tool]]) -> None:
        """A feature's tools (e.g. knowledge search), added now."""
        for tool in provider():
            self.register(tool)

    def definitions(self) -> tuple[ToolDef, ...]:
        return tuple(t.definition for t in self._tools.values())

    def get(self, name: str) -> Tool | None:
        return self._tools.get(name)

    def call(self, name: str, arguments_json: str, timeout: float = DEFAULT_TIMEOUT) -> ToolResult:
        """Checks the arguments against the tool's parameters, runs it with a timeout; every
        failure is a ToolResult with is_error (the model reads it and may try again)."""
        tool = self._tools.get(name)
        if tool is None:
            return _error(UNKNOWN_TOOL(name=name))
        try:
            args = json.loads(arguments_json or "{}")
        except ValueError as exc:
            return _error(BAD_ARGUMENTS(name=name, error=str(exc)))
        if not isinstance(args, dict):
            return _error(BAD_ARGUMENTS(name=name, error=type(args).__name__))
        problems = schema_violations(tool.definition.parameters, args)
        if problems:
            return _error(ARGUMENTS_INVALID(name=name, problems="; ".join(map(str, problems))))
        future = self._pool.submit(tool.call, args)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            return _error(TOOL_TIMEOUT(name=name, seconds=f"{timeout:g}"))
        except Exception as exc:  # noqa: BLE001 - a tool's own failure is a result the model sees
            return _error(TOOL_FAILED(name=name, error=str(exc) or type(exc).__name__))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _error(message: Message) -> ToolResult:
    return ToolResult(str(message), True, message)


@dataclass(frozen=True)
class _Renamed:
    inner: Tool
    name: str

    @property
    def definition(self) -> ToolDef:
        d = self.inner.definition
        return ToolDef(self.name, d.description, d.parameters)

    def call(self, arguments: dict[str, Any]) -> ToolResult:
        return self.inner.call(arguments)
