"""MCP servers as tools: connect (stdio or streamable HTTP), list their tools, call them.

The `mcp` SDK is asyncio; the agent loop is not. `McpHub` runs one event loop on its own
thread; each server lives in one task there (the SDK's contexts must open and close in the
same task) and serves calls sent to it. Calls carry the SDK's own read timeout, so a hung tool
fails its call without blocking the others; `close()` stops every server (stdio children are
terminated by the SDK).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError
from desktop.core.tools.mcp_config import McpServerConfig
from desktop.core.tools.registry import ToolResult
from desktop.core.tools.tool_defs import ToolDef

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 30.0

MCP_CONNECT_FAILED = MessageSpec(
    "tools.mcp_connect_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "Could not start or reach the MCP server {name}: {error}"),
)
MCP_CALL_FAILED = MessageSpec(
    "tools.mcp_call_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "The MCP tool {name} failed: {error}"),
)


class McpError(UserError, ConnectionError):
    pass


@dataclass(frozen=True)
class McpTool:
    """One tool of a connected server, callable from any thread."""

    definition: ToolDef
    server: str
    remote_name: str
    hub: McpHub
    timeout: float = 30.0

    def call(self, arguments: dict[str, Any]) -> ToolResult:
        return self.hub.call(self.server, self.remote_name, arguments, self.timeout)


class _Server:
    def __init__(self, config: McpServerConfig) -> None:
        self.config = config
        self.queue: asyncio.Queue[Any] = asyncio.Queue()
        self.tools: list[Any] = []
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def run(self) -> None:
        from mcp import ClientSession

        try:
            async with contextlib.AsyncExitStack() as stack:
                read, write = await stack.enter_async_context(self._transport())
                session = await stack.enter_async_context(ClientSession(read, write))
                await session.initialize()
                self.tools = list((await session.list_tools()).tools)
                self.ready.set_result(None)
                pending: set[asyncio.Task[Any]] = set()
                while True:
                    job = await self.queue.get()
                    if job is None:
                        break
                    task = asyncio.create_task(self._call(session, *job))
                    pending.add(task)
                    task.add_done_callback(pending.discard)
                for task in pending:
                    task.cancel()
        except BaseException as exc:
            if not self.ready.done():
                self.ready.set_exception(exc if isinstance(exc, Exception) else RuntimeError())
            if not isinstance(exc, (Exception, asyncio.CancelledError)):
                raise

    def _transport(self) -> Any:
        cfg = self.config
        if cfg.transport == "stdio":
            from mcp.client.stdio import StdioServerParameters, stdio_client

            params = StdioServerParameters(
                command=cfg.command, args=list(cfg.args), env=cfg.env or None, cwd=cfg.cwd
            )
            return stdio_client(params)

        @contextlib.asynccontextmanager
        async def http() -> Any:
            from mcp.client.streamable_http import streamablehttp_client

            async with streamablehttp_client(cfg.url, headers=cfg.headers or None) as (r, w, _):
                yield r, w

        return http()

    async def _call(
        self, session: Any, name: str, args: dict, timeout: float, fut: asyncio.Future
    ) -> None:
        try:
            result = await session.call_tool(
                name, args, read_timeout_seconds=timedelta(seconds=timeout)
            )
        except Exception as exc:  # noqa: BLE001 - handed to the waiting caller
            if not fut.done():
                fut.set_exception(exc)
            return
        if not fut.done():
            fut.set_result(result)


def _result_text(result: Any) -> str:
    parts = []
    for item in getattr(result, "content", None) or ():
        text = getattr(item, "text", None)
        parts.append(text if isinstance(text, str) else json.dumps(item.model_dump(), default=str))
    if not parts and getattr(result, "structuredContent", None) is not None:
        parts.append(json.dumps(result.structuredContent, ensure_ascii=False))
    return "\n".join(parts)


class McpHub:
    """Connected MCP servers; thread-safe; close() when done."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="tessera-mcp", daemon=True
        )
        self._thread.start()
        self._servers: dict[str, _Server] = {}
        self._tasks: list[Any] = []

    def connect(self, config: McpServerConfig, timeout: float = CONNECT_TIMEOUT) -> list[ToolDef]:
        """Start/reach one server and list its tools. Raises McpError."""

        async def start() -> _Server:
            server = _Server(config)
            self._tasks.append(asyncio.create_task(server.run()))
            await asyncio.wait_for(asyncio.shield(server.ready), timeout)
            return server

        try:
            server = asyncio.run_coroutine_threadsafe(start(), self._loop).result(timeout + 5)
        except Exception as exc:  # noqa: BLE001 - the SDK and the server raise any type; reported as a Message
            text = str(exc) or type(exc).__name__
            if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
                text = f"no answer within {timeout:g} s"
            raise McpError(MCP_CONNECT_FAILED(name=config.name, error=text)) from None
        self._servers[config.name] = server
        return [
            ToolDef(t.name, t.description or "", t.inputSchema or {"type": "object"})
            for t in server.tools
        ]

    def tools(self, configs: Iterable[McpServerConfig], timeout: float = 30.0) -> list[McpTool]:
        """Connect every enabled server; their tools, ready for a ToolRegistry."""
        out = []
        for cfg in configs:
            if cfg.disabled:
                continue
            for d in self.connect(cfg):
                out.append(McpTool(d, cfg.name, d.name, self, timeout))
        return out

    def call(self, server: str, name: str, arguments: dict, timeout: float) -> ToolResult:
        srv = self._servers.get(server)
        if srv is None:
            message = MCP_CALL_FAILED(name=name, error="not connected")
            return ToolResult(str(message), True, message)

        async def submit() -> Any:
            fut = asyncio.get_running_loop().create_future()
            await srv.queue.put((name, arguments, timeout, fut))
            return await fut

        try:
            result = asyncio.run_coroutine_threadsafe(submit(), self._loop).result(timeout + 5)
        except Exception as exc:  # noqa: BLE001 - a failed call is a tool result the model sees
            message = MCP_CALL_FAILED(name=name, error=str(exc) or type(exc).__name__)
            return ToolResult(str(message), True, message)
        text = _result_text(result)
        return ToolResult(text, bool(getattr(result, "isError", False)))

    def close(self) -> None:
        if self._loop.is_closed():
            return

        async def stop() -> None:
            for srv in self._servers.values():
                await srv.queue.put(None)
            if self._tasks:
                await asyncio.wait(self._tasks, timeout=5)
            current = asyncio.current_task()
            for t in asyncio.all_tasks():
                if t is not current:
                    t.cancel()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()
        self._servers.clear()

    def __enter__(self) -> McpHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
