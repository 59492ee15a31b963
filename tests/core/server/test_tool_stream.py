"""A streamed reply with tools: prose goes out as it comes, a call never goes out as text."""

from __future__ import annotations

from desktop.core.engine.protocol import ChatMessage, Done, GenerationStats, SamplingParams
from desktop.core.server.tool_stream import ToolCallHoldback
from desktop.core.tools.request import RequestOptions, interpret_reply, prepare_request
from desktop.core.tools.tool_defs import tools_from_openai
from tests.fixtures.tool_models import template_text

TOOLS = tools_from_openai(
    [{"type": "function", "function": {"name": "now", "parameters": {"type": "object"}}}]
)


def _outcome(text: str):
    prepared = prepare_request(
        1,
        (ChatMessage("user", "time?"),),
        SamplingParams(),
        template_text("hermes"),
        RequestOptions(tools=TOOLS),
    )
    stats = GenerationStats(1, 1, 0.0, 0.0, 1, 0.0, 0.0, 0.0, 0.0)
    return interpret_reply(prepared, Done(1, "stop", stats, text))


def _stream(pieces: list[str], hold_all: bool = False) -> tuple[list[str], str]:
    holdback = ToolCallHoldback("hermes", hold_all)
    sent = [holdback.feed(p) for p in pieces]
    text = "".join(pieces)
    return sent, holdback.rest(_outcome(text), text)


def test_prose_streams_as_it_comes() -> None:
    sent, rest = _stream(["It is ", "late, ", "go to bed."])
    assert sent == ["It is ", "late, ", "go to bed."] and rest == ""


def test_a_call_is_held_back_from_its_marker_and_never_sent_as_text() -> None:
    pieces = ["Let me check. ", "<tool", "_call>\n", '{"name": "now", ', '"arguments": {}}\n', "</tool_call>"]  # fmt: skip
    sent, rest = _stream(pieces)
    assert "".join(sent) == "Let me check. "
    assert sent[1] == ""  # "<tool" might begin the marker: held until it is clear
    assert rest == ""
    assert [c.name for c in _outcome("".join(pieces)).tool_calls] == ["now"]


def test_a_false_start_is_sent_once_it_is_clear() -> None:
    sent, rest = _stream(["a <to", "y> b"])
    assert "".join(sent) + rest == "a <toy> b" and sent == ["a ", "<toy> b"]


def test_json_that_is_not_a_call_arrives_at_the_end() -> None:
    sent, rest = _stream(['Use {"x": ', "1} here"])
    assert "".join(sent) == "Use " and rest == '{"x": 1} here'


def test_a_forced_call_holds_everything() -> None:
    sent, rest = _stream(['<tool_call>\n{"name": "now", "arguments": {}}\n</tool_call>'], True)
    assert sent == [""] and rest == ""
