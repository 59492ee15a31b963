"""What the user set up for tools, as plain data: app-wide (MCP servers, allowed folders, the
timeout) and per chat (output format, enabled tools, tool choice, step limit, always-allowed).

Both live in the store's settings (key -> JSON), so no schema change is needed and they are
read back through one checked path (`from_dict`), whatever an older version or a hand edit
left there: a wrong value falls back to its default instead of failing a start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core.tools.agent import DEFAULT_MAX_STEPS
from desktop.core.tools.mcp_config import (
    McpConfigError,
    McpServerConfig,
    servers_from_json,
    servers_to_json,
)
from desktop.core.tools.registry import DEFAULT_TIMEOUT

SETTINGS_KEY = "tools.settings"
CHAT_KEY_PREFIX = "tools.chat."
MAX_STEPS_LIMIT = 100


def chat_key(conversation_id: int) -> str:
    """The settings key of one conversation's tool and format choices."""
    return f"{CHAT_KEY_PREFIX}{conversation_id}"


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(v for v in value if isinstance(v, str) and v)


def _number(value: Any, default: float, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return float(min(max(value, low), high))


@dataclass(frozen=True)
class ToolSettings:
    """Settings > Tools: MCP servers (the `mcpServers` shape), the folders read_file may read,
    and how long one call may take."""

    servers: tuple[McpServerConfig, ...] = ()
    allowed_folders: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT

    def to_dict(self) -> dict[str, Any]:
        return {
            **servers_to_json(self.servers),
            "allowed_folders": list(self.allowed_folders),
            "timeout": self.timeout,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ToolSettings:
        """Never raises: a damaged value reads as the defaults (servers that do not parse are
        dropped; the Settings dialog shows the JSON and says what is wrong when edited)."""
        if not isinstance(data, Mapping):
            return cls()
        try:
            servers = servers_from_json({"mcpServers": data.get("mcpServers") or {}})
        except McpConfigError:
            servers = ()
        return cls(
            servers,
            _texts(data.get("allowed_folders")),
            _number(data.get("timeout"), DEFAULT_TIMEOUT, 1, 3600),
        )


@dataclass(frozen=True)
class ChatToolChoices:
    """One conversation's choices. `output_format` is format_to_dict's shape ({} = free
    text); `tools` are the enabled tools' names; `always` the tools the user allowed for good
    in this chat; `choice` auto | required | none | a tool's name."""

    output_format: Mapping[str, Any] = field(default_factory=dict)
    tools: tuple[str, ...] = ()
    always: tuple[str, ...] = ()
    choice: str = "auto"
    max_steps: int = DEFAULT_MAX_STEPS

    def to_dict(self) -> dict[str, Any]:
        return {
            "output_format": dict(self.output_format),
            "tools": list(self.tools),
            "always": list(self.always),
            "choice": self.choice,
            "max_steps": self.max_steps,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ChatToolChoices:
        if not isinstance(data, Mapping):
            return cls()
        fmt = data.get("output_format")
        choice = data.get("choice")
        return cls(
            dict(fmt) if isinstance(fmt, Mapping) else {},
            _texts(data.get("tools")),
            _texts(data.get("always")),
            choice if isinstance(choice, str) and choice else "auto",
            int(_number(data.get("max_steps"), DEFAULT_MAX_STEPS, 1, MAX_STEPS_LIMIT)),
        )
