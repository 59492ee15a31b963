"""The tools the app offers a chat: the built-ins and the tools of every enabled MCP server.

Servers are started (stdio) or reached (streamable HTTP) the first time their tools are
listed, and kept until the settings change or the app closes. Every call that may connect
blocks: run it off the GUI thread. Thread-safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from desktop.core.messages import Message
from desktop.core.tools.mcp_client import McpError, McpHub, McpTool
from desktop.core.tools.registry import Tool, ToolRegistry, builtin_tools
from desktop.core.tools.tool_defs import ToolDef
from desktop.core.tools.tool_settings import ToolSettings

log = logging.getLogger(__name__)

BUILTIN = ""  # the source of a built-in tool


@dataclass(frozen=True)
class CatalogEntry:
    definition: ToolDef  # with the name the model sees (suffixed when two tools share one)
    source: str  # BUILTIN, or the MCP server's name


@dataclass(frozen=True)
class Catalog:
    entries: tuple[CatalogEntry, ...]
    problems: tuple[tuple[str, Message], ...] = ()  # (server, why it gave no tools)

    def names(self) -> tuple[str, ...]:
        return tuple(e.definition.name for e in self.entries)


class Toolbox:
    def __init__(
        self,
        settings: ToolSettings | None = None,
        hub_factory: Callable[[], McpHub] = McpHub,
    ) -> None:
        self._settings = settings or ToolSettings()
        self._hub_factory = hub_factory
        self._hub: McpHub | None = None
        self._servers: dict[str, list[McpTool] | McpError] = {}
        self._lock = threading.RLock()

    @property
    def settings(self) -> ToolSettings:
        return self._settings

    def configure(self, settings: ToolSettings) -> None:
        """New settings; servers whose entry changed are restarted on next use (blocks while
        the old servers stop)."""
        with self._lock:
            old = {s.name: s for s in self._settings.servers}
            new = {s.name: s for s in settings.servers}
            self._settings = settings
            if old != new and self._hub is not None:
                hub, self._hub = self._hub, None
                self._servers.clear()
                hub.close()

    def _connect(self) -> None:
        """Connect every enabled server not connected yet (failures are remembered, and tried
        again after the settings change)."""
        for config in self._settings.servers:
            if config.disabled or config.name in self._servers:
                continue
            if self._hub is None:
                self._hub = self._hub_factory()
            try:
                defs = self._hub.connect(config)
            except McpError as exc:
                log.warning("MCP server %s: %s", config.name, exc)
                self._servers[config.name] = exc
                continue
            timeout = self._settings.timeout
            self._servers[config.name] = [
                McpTool(d, config.name, d.name, self._hub, timeout) for d in defs
            ]

    def _all(self) -> tuple[list[tuple[Tool, str]], list[tuple[str, Message]]]:
        with self._lock:
            self._connect()
            tools: list[tuple[Tool, str]] = [
                (t, BUILTIN) for t in builtin_tools(self._settings.allowed_folders)
            ]
            problems: list[tuple[str, Message]] = []
            for config in self._settings.servers:
                got = self._servers.get(config.name)
                if isinstance(got, McpError):
                    problems.append((config.name, got.user_message))
                elif got:
                    tools.extend((t, config.name) for t in got)
            return tools, problems

    def catalog(self) -> Catalog:
        """Every tool on offer, built-ins first, then each server's in the settings' order.
        Blocks while servers connect."""
        tools, problems = self._all()
        registry = ToolRegistry(t for t, _ in tools)
        try:
            names = [d.name for d in registry.definitions()]
        finally:
            registry.close()
        entries = tuple(
            CatalogEntry(ToolDef(name, t.definition.description, t.definition.parameters), source)
            for name, (t, source) in zip(names, tools, strict=True)
        )
        return Catalog(entries, tuple(problems))

    def registry(self, names: Iterable[str]) -> ToolRegistry:
        """A registry of the named tools (names as `catalog` gives them; unknown ones are
        left out). The caller closes it."""
        tools, _ = self._all()
        full = ToolRegistry(t for t, _ in tools)
        try:
            chosen = [full.get(n) for n in dict.fromkeys(names)]
            return ToolRegistry(t for t in chosen if t is not None)
        finally:
            full.close()

    def close(self) -> None:
        with self._lock:
            hub, self._hub = self._hub, None
            self._servers.clear()
        if hub is not None:
            hub.close()
