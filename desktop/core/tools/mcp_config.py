"""MCP server settings in the `mcpServers` JSON shape other apps use (Claude Desktop, Cursor,
LM Studio), so a user can import the file they already have.

    {"mcpServers": {
        "files": {"command": "npx", "args": ["-y", "some-server"], "env": {"K": "V"}},
        "remote": {"url": "http://127.0.0.1:8000/mcp", "headers": {"Authorization": "..."}}}}

A server with `command` runs over stdio; one with `url` over streamable HTTP. `disabled: true`
entries are kept but not started.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

MCP_NOT_JSON = MessageSpec(
    "tools.mcp_not_json",
    QT_TRANSLATE_NOOP("CoreMessages", "The MCP settings are not valid JSON: {error}"),
)
MCP_NO_SERVERS = MessageSpec(
    "tools.mcp_no_servers",
    QT_TRANSLATE_NOOP("CoreMessages", 'The MCP settings need an "mcpServers" object.'),
)
MCP_BAD_SERVER = MessageSpec(
    "tools.mcp_bad_server",
    QT_TRANSLATE_NOOP("CoreMessages", "The MCP server {name} needs {problem}."),
)
MCP_UNSUPPORTED = MessageSpec(
    "tools.mcp_unsupported",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The MCP server {name} uses the {kind} transport; Tessera speaks stdio and streamable "
        "HTTP.",
    ),
)
MCP_FILE = MessageSpec(
    "tools.mcp_file",
    QT_TRANSLATE_NOOP("CoreMessages", "Cannot read the MCP settings {path}: {error}"),
)


class McpConfigError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class McpServerConfig:
    name: str
    transport: Literal["stdio", "http"]
    command: str = ""
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    disabled: bool = False

    def to_dict(self) -> dict[str, Any]:
        if self.transport == "stdio":
            out: dict[str, Any] = {"command": self.command, "args": list(self.args)}
            if self.env:
                out["env"] = dict(self.env)
            if self.cwd:
                out["cwd"] = self.cwd
        else:
            out = {"url": self.url}
            if self.headers:
                out["headers"] = dict(self.headers)
        if self.disabled:
            out["disabled"] = True
        return out


def _strings(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def server_from_dict(name: str, data: Any) -> McpServerConfig:
    def bad(problem: str) -> McpConfigError:
        return McpConfigError(MCP_BAD_SERVER(name=name, problem=problem))

    if not isinstance(data, Mapping):
        raise bad("an object")
    kind = data.get("type") or data.get("transport")
    if kind in ("sse",):
        raise McpConfigError(MCP_UNSUPPORTED(name=name, kind=kind))
    disabled = bool(data.get("disabled", False))
    if "command" in data:
        args = data.get("args", [])
        if not isinstance(data["command"], str) or not data["command"]:
            raise bad('a "command" text')
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            raise bad('"args" as a list of texts')
        env = data.get("env", {})
        if not _strings(env):
            raise bad('"env" as an object of texts')
        cwd = data.get("cwd")
        return McpServerConfig(
            name, "stdio", data["command"], tuple(args), dict(env), cwd, disabled=disabled
        )
    if "url" in data:
        url = data["url"]
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise bad('an http(s) "url"')
        headers = data.get("headers", {})
        if not _strings(headers):
            raise bad('"headers" as an object of texts')
        return McpServerConfig(name, "http", url=url, headers=dict(headers), disabled=disabled)
    raise bad('a "command" (stdio) or a "url" (streamable HTTP)')


def servers_from_json(value: Any) -> tuple[McpServerConfig, ...]:
    """Servers from the `mcpServers` shape (dict or JSON text)."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise McpConfigError(MCP_NOT_JSON(error=str(exc))) from None
    servers = value.get("mcpServers") if isinstance(value, Mapping) else None
    if not isinstance(servers, Mapping):
        raise McpConfigError(MCP_NO_SERVERS())
    return tuple(server_from_dict(str(name), data) for name, data in servers.items())


def servers_from_file(path: str | Path) -> tuple[McpServerConfig, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise McpConfigError(MCP_FILE(path=str(path), error=exc.strerror or str(exc))) from None
    return servers_from_json(text)


def servers_to_json(servers: tuple[McpServerConfig, ...]) -> dict[str, Any]:
    return {"mcpServers": {s.name: s.to_dict() for s in servers}}
