"""The toolbox: built-ins and MCP servers' tools from the saved settings, per-chat choices."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.core.tools.mcp_config import servers_from_json
from desktop.core.tools.tool_settings import ChatToolChoices, ToolSettings, chat_key
from desktop.core.tools.toolbox import BUILTIN, Toolbox

SERVER = Path(__file__).with_name("mcp_demo_server.py")


def settings(tmp_path: Path, **servers: dict) -> ToolSettings:
    return ToolSettings(
        servers_from_json({"mcpServers": servers}), allowed_folders=(str(tmp_path),), timeout=5
    )


def test_catalog_lists_builtins_and_server_tools_and_says_which_server_failed(
    tmp_path: Path,
) -> None:
    toolbox = Toolbox(
        settings(
            tmp_path,
            demo={"command": sys.executable, "args": [str(SERVER)]},
            broken={"command": str(tmp_path / "no-such-server")},
            off={"command": "x", "disabled": True},
        )
    )
    try:
        catalog = toolbox.catalog()
        sources = {e.definition.name: e.source for e in catalog.entries}
        assert {n: s for n, s in sources.items() if s == BUILTIN} == {
            "calculator": BUILTIN,
            "current_datetime": BUILTIN,
            "read_file": BUILTIN,
        }
        assert {"add", "shout", "hang"} <= {n for n, s in sources.items() if s == "demo"}
        assert [(name, m.code) for name, m in catalog.problems] == [
            ("broken", "tools.mcp_connect_failed")
        ]
        registry = toolbox.registry(["add", "calculator", "nope"])
        try:
            assert {d.name for d in registry.definitions()} == {"add", "calculator"}
            assert registry.call("add", '{"a": 40, "b": 2}').text == "42"
        finally:
            registry.close()
        # Changing the settings stops the servers; the next listing starts them again.
        toolbox.configure(settings(tmp_path))
        assert set(toolbox.catalog().names()) == {"calculator", "current_datetime", "read_file"}
    finally:
        toolbox.close()


def test_settings_round_trip_and_damaged_values_fall_back() -> None:
    saved = ToolSettings(
        servers_from_json({"mcpServers": {"web": {"url": "http://127.0.0.1:9/mcp"}}}),
        ("/data/notes",),
        12.0,
    )
    assert ToolSettings.from_dict(saved.to_dict()) == saved
    assert ToolSettings.from_dict({"mcpServers": {"x": 3}, "timeout": "soon"}) == ToolSettings()
    choices = ChatToolChoices({"format": "json"}, ("calculator",), ("calculator",), "required", 3)
    assert ChatToolChoices.from_dict(choices.to_dict()) == choices
    assert ChatToolChoices.from_dict({"max_steps": 10**9, "tools": "calculator"}) == (
        ChatToolChoices(max_steps=100)
    )
    assert chat_key(7) == "tools.chat.7"
