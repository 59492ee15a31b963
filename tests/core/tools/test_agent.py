"""The agent loop with a real MCP server over stdio, built-ins, approvals and limits."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from desktop.core.engine.protocol import ChatMessage, SamplingParams, ToolCall
from desktop.core.tools.agent import Agent, Approval, GenerationResult, approve_all, engine_generate
from desktop.core.tools.calculator import CalculatorError, calculate
from desktop.core.tools.file_access import FileAccess, FileAccessError
from desktop.core.tools.mcp_client import McpError, McpHub
from desktop.core.tools.mcp_config import McpConfigError, servers_from_json
from desktop.core.tools.registry import ToolRegistry, builtin_tools
from desktop.core.tools.request import RequestOptions
from desktop.core.tools.tool_defs import ToolChoice

SERVER = Path(__file__).with_name("mcp_demo_server.py")
CONFIG = {"mcpServers": {"demo": {"command": sys.executable, "args": [str(SERVER)]}}}


@pytest.fixture(scope="module")
def hub() -> Iterator[McpHub]:
    with McpHub() as h:
        yield h


@pytest.fixture(scope="module")
def mcp_registry(hub: McpHub) -> ToolRegistry:
    return ToolRegistry(hub.tools(servers_from_json(CONFIG), timeout=3) + builtin_tools())


def test_mcp_tools_are_listed_and_called_over_stdio(mcp_registry: ToolRegistry) -> None:
    names = {d.name for d in mcp_registry.definitions()}
    assert {"add", "shout", "hang", "calculator", "current_datetime"} <= names
    assert mcp_registry.call("add", '{"a": 2, "b": 40}').text == "42"
    assert mcp_registry.call("shout", '{"text": "hi 你好"}').text == "HI 你好"


def test_a_hanging_tool_times_out_and_others_still_answer(mcp_registry: ToolRegistry) -> None:
    result = mcp_registry.call("hang", '{"seconds": 60}', timeout=1)
    assert result.is_error and result.message is not None
    assert mcp_registry.call("add", '{"a": 1, "b": 1}').text == "2"


def test_bad_arguments_go_back_to_the_model(mcp_registry: ToolRegistry) -> None:
    result = mcp_registry.call("add", '{"a": "x"}')
    assert result.is_error and result.message.code == "tools.arguments_invalid"
    assert mcp_registry.call("nope", "{}").message.code == "tools.unknown_tool"


def test_unreachable_server_is_a_message(hub: McpHub) -> None:
    cfg = servers_from_json({"mcpServers": {"x": {"command": "/nonexistent/tessera-mcp"}}})
    with pytest.raises(McpError, match="Could not start or reach the MCP server x"):
        hub.connect(cfg[0], timeout=5)
    with pytest.raises(McpConfigError, match="mcpServers"):
        servers_from_json("{}")
    with pytest.raises(McpConfigError, match="command"):
        servers_from_json({"mcpServers": {"y": {"args": []}}})


class ScriptedModel:
    """A model stand-in that always calls `add` (the loop, not the model, is under test)."""

    def __init__(self, calls_before_answer: int = 1000) -> None:
        self.turns = 0
        self.calls_before_answer = calls_before_answer
        self.seen: list[Sequence[ChatMessage]] = []

    def __call__(self, messages: Sequence[ChatMessage], choice: ToolChoice) -> GenerationResult:
        self.seen.append(list(messages))
        self.turns += 1
        if self.turns > self.calls_before_answer:
            return GenerationResult("the answer", ())
        return GenerationResult("", (ToolCall(f"id{self.turns:07d}", "add", '{"a": 1, "b": 2}'),))


def test_loop_stops_at_the_step_limit(mcp_registry: ToolRegistry) -> None:
    saved: list[ChatMessage] = []
    agent = Agent(ScriptedModel(), mcp_registry, approve_all, max_steps=3, on_message=saved.append)
    run = agent.run([ChatMessage("user", "add forever")])
    assert run.stop == "step_limit" and len(run.steps) == 3
    assert [m.role for m in saved] == ["assistant", "tool"] * 3  # every step saved as it came
    assert saved[1].content == "3" and saved[1].tool_call_id == saved[0].tool_calls[0].id


def test_approval_deny_edit_and_always(mcp_registry: ToolRegistry) -> None:
    asked: list[ToolCall] = []
    answers = iter([Approval("deny"), Approval("allow", '{"a": 10, "b": 5}'), Approval("always")])

    def approver(call: ToolCall) -> Approval:
        asked.append(call)
        return next(answers)

    agent = Agent(ScriptedModel(calls_before_answer=5), mcp_registry, approver)
    run = agent.run([ChatMessage("user", "add")])
    results = [s.result for s in run.steps]
    assert results[0].is_error and results[0].message.code == "tools.denied"
    assert results[1].text == "15"  # the user's edited arguments ran
    assert [r.text for r in results[2:]] == ["3", "3", "3"]
    assert len(asked) == 3  # "always" stopped the questions for this tool
    assert run.stop == "answered" and run.answer == "the answer"


def test_cancel_stops_between_steps(mcp_registry: ToolRegistry) -> None:
    model = ScriptedModel()
    agent = Agent(model, mcp_registry, approve_all)

    def approver(call: ToolCall) -> Approval:
        agent.cancel()
        return Approval("allow")

    agent.approver = approver
    run = agent.run([ChatMessage("user", "x")])
    assert run.stop == "cancelled" and model.turns == 1


def test_cancel_during_the_last_steps_call_is_cancelled_not_the_step_limit(
    mcp_registry: ToolRegistry,
) -> None:
    """Stop pressed while the last allowed step's call waits for approval."""
    agent = Agent(ScriptedModel(), mcp_registry, approve_all, max_steps=1)

    def approver(call: ToolCall) -> Approval:
        agent.cancel()
        return Approval("deny")

    agent.approver = approver
    run = agent.run([ChatMessage("user", "x")])
    assert run.stop == "cancelled" and run.message is None


def test_agent_over_the_engine_runs_a_forced_call(engine, mcp_registry: ToolRegistry) -> None:
    calc = tuple(d for d in mcp_registry.definitions() if d.name == "calculator")
    options = RequestOptions(tools=calc)
    generate = engine_generate(engine, SamplingParams(seed=2, max_tokens=400), options)
    agent = Agent(generate, mcp_registry, approve_all, max_steps=2)
    run = agent.run([ChatMessage("user", "What is 2+40?")], ToolChoice("function", "calculator"))
    assert run.steps and run.steps[0].call.name == "calculator"
    assert run.messages[1].role == "tool"


def test_calculator_does_arithmetic_and_refuses_code() -> None:
    assert calculate("2 + 3 * (4 - 1) ** 2") == 29
    assert calculate("sqrt(16) + max(1, 2)") == 6.0
    for code in (
        "__import__('os').system('true')",
        "open('/etc/passwd')",
        "(1).__class__",
        "[x for x in range(3)]",
        "lambda: 1",
        "9 ** 9 ** 9",
        "'a' * 3",
    ):
        with pytest.raises(CalculatorError):
            calculate(code)


def test_file_tool_reads_inside_and_refuses_escapes(tmp_path: Path) -> None:
    allowed = tmp_path / "notes"
    (allowed / "sub").mkdir(parents=True)
    (allowed / "sub" / "a.txt").write_text("你好 notes", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", allowed / "link.txt")
    os.symlink(tmp_path, allowed / "dirlink")
    (allowed / "bin.dat").write_bytes(b"\xff\xfe\x00")
    access = FileAccess([allowed])
    assert access.read_text("sub/a.txt") == ("你好 notes", False)
    refused = {
        "../secret.txt": "tools.path_escapes",
        "sub/../../secret.txt": "tools.path_escapes",
        str(tmp_path / "secret.txt"): "tools.path_absolute",
        "link.txt": "tools.path_symlink",
        "dirlink/secret.txt": "tools.path_symlink",
        "missing.txt": "tools.path_missing",
        "bin.dat": "tools.path_not_text",
    }
    for path, code in refused.items():
        with pytest.raises(FileAccessError) as info:
            access.read_text(path)
        assert info.value.user_message.code == code, path
    registry = ToolRegistry(builtin_tools([str(allowed)]))
    result = registry.call("read_file", json.dumps({"path": "../secret.txt"}))
    assert result.is_error and "secret" not in result.text.replace("secret.txt", "")
