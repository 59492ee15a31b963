"""Tools on servers: the OpenAI tool list goes out, the server's calls come back (streamed in
pieces or whole) as the ToolCalls the agent loop runs, and results go back as tool messages.
llama-server runs for real with Llama 3.2's template (--jinja); vLLM and Ollama answer through
the emulator in their documented shapes."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest

from desktop.core.backends.errors import BackendError
from desktop.core.backends.openai_chat import ToolCallStream
from desktop.core.engine.protocol import ChatMessage, SamplingParams, TokenBatch, ToolCall
from desktop.core.tools.agent import Agent, approve_all, backend_generate
from desktop.core.tools.registry import FunctionTool, ToolRegistry
from desktop.core.tools.request import RequestOptions, interpret_reply, prepare_for
from desktop.core.tools.tool_defs import ToolChoice, ToolDef, tools_from_openai
from tests.fixtures import recorded_shapes as docs
from tests.fixtures.backends import backend_for

_ids = itertools.count(1)
ASK = (ChatMessage("user", "What is the weather in Paris?"),)
WEATHER = ToolDef(
    "get_weather",
    "The weather in a city",
    {
        "type": "object",
        "properties": {"city": {"type": "string", "enum": ["Paris", "Oslo", "北京"]}},
        "required": ["city"],
    },
)
TIME = ToolDef(
    "get_time",
    "The time in a city",
    {
        "type": "object",
        "properties": {"hour": {"type": "integer", "minimum": 0, "maximum": 23}},
        "required": ["hour"],
    },
)


def registry(log: list[dict] | None = None) -> ToolRegistry:
    def weather(args: dict) -> str:
        if log is not None:
            log.append(args)
        return f"Sunny in {args['city']}"

    return ToolRegistry(
        [FunctionTool(WEATHER, weather), FunctionTool(TIME, lambda a: f"{a['hour']}:00")]
    )


def ask(backend: Any, choice: ToolChoice, params: SamplingParams, tools=(WEATHER, TIME)):
    prepared = prepare_for(
        backend, next(_ids), ASK, params, RequestOptions(tools=tools, tool_choice=choice)
    )
    generation = backend.generate(prepared.request)
    done = generation.wait(120)
    return generation, done, interpret_reply(prepared, done)


@pytest.fixture
def ls_tools(llama_server_tools_process) -> Iterator[Any]:
    with backend_for("llama-server", llama_server_tools_process) as made:
        yield made.backend


def opening_brace_bias(backend: Any) -> tuple[tuple[int, float], ...]:
    """Llama 3's call is a bare JSON object after any text: a bias on "{" makes the random
    model open it soon (the server's grammar then holds it to a valid call)."""
    (brace,) = backend.tokenize("{").ids
    return ((brace, 10.0),)


def test_llama_server_probe_tells_which_models_can_call_tools(ls_tools, llama_server_process):
    assert ls_tools.capabilities().tools and ls_tools.capabilities().why_not("tools") is None
    # The tiny model's ChatML template does not render tools: the server is asked for none.
    with backend_for("llama-server", llama_server_process) as made:
        assert not made.backend.capabilities().tools
        with pytest.raises(BackendError) as refused:
            ask(made.backend, ToolChoice("required"), SamplingParams(max_tokens=10))
        assert "The server (llama-server) does not offer tool calling" in str(refused.value)


def test_llama_server_streams_a_required_call_that_comes_back_whole(ls_tools) -> None:
    params = SamplingParams(seed=1, max_tokens=300, logit_bias=opening_brace_bias(ls_tools))
    generation, done, outcome = ask(ls_tools, ToolChoice("required"), params)
    assert done.finish_reason == "stop", done
    (call,) = done.tool_calls
    assert outcome.tool_calls == done.tool_calls
    assert call.name in ("get_weather", "get_time") and call.id
    arguments = json.loads(call.arguments)
    assert arguments in ({"city": c} for c in ("Paris", "Oslo", "北京")) or (
        set(arguments) == {"hour"} and 0 <= arguments["hour"] <= 23
    )
    # The call is not part of the reply's text, nor of what streamed as tokens.
    streamed = "".join(t.text for t in generation.tokens)
    assert streamed == done.text == outcome.content and call.name not in streamed


def test_llama_server_calls_the_named_tool(ls_tools) -> None:
    params = SamplingParams(seed=2, max_tokens=300, logit_bias=opening_brace_bias(ls_tools))
    _gen, done, _ = ask(ls_tools, ToolChoice("function", "get_time"), params)
    (call,) = done.tool_calls
    assert call.name == "get_time" and 0 <= json.loads(call.arguments)["hour"] <= 23


def test_llama_server_still_calls_a_tool_when_probabilities_are_asked_for(ls_tools) -> None:
    """The chat asks for probabilities by default; llama-server refuses logprobs with tools
    while streaming (HTTP 400), so with tools the request goes without them."""
    params = SamplingParams(seed=1, max_tokens=300, logit_bias=opening_brace_bias(ls_tools))
    options = RequestOptions(tools=(WEATHER, TIME), tool_choice=ToolChoice("required"))
    prepared = prepare_for(ls_tools, next(_ids), ASK, params, options, top_logprobs=3)
    done = ls_tools.generate(prepared.request).wait(120)
    (call,) = done.tool_calls
    assert call.name in ("get_weather", "get_time")


def test_the_agent_loop_runs_over_llama_server_with_results_fed_back(ls_tools) -> None:
    params = SamplingParams(seed=3, max_tokens=300, logit_bias=opening_brace_bias(ls_tools))
    seen: list[dict] = []
    generate = backend_generate(ls_tools, params, RequestOptions(tools=(WEATHER,)))
    run = Agent(generate, registry(seen), approve_all, max_steps=1).run(
        list(ASK), ToolChoice("required")
    )
    assert run.stop == "step_limit" and len(run.steps) == 1, run.message
    assert [m.role for m in run.messages] == ["assistant", "tool"]
    call = run.messages[0].tool_calls[0]
    assert run.messages[1].tool_call_id == call.id and seen == [json.loads(call.arguments)]
    # The server renders the call and its result with the model's template and goes on.
    # (Llama 3's auto mode has no grammar in llama-server: free text that opens a "{" fails
    # the server's own parser, so the next step is asked as required too.)
    prepared = prepare_for(
        ls_tools, next(_ids), [*ASK, *run.messages], params,
        RequestOptions(tools=(WEATHER,), tool_choice=ToolChoice("required")),
    )  # fmt: skip
    done = ls_tools.generate(prepared.request).wait(120)
    assert len(done.tool_calls) == 1 and done.tool_calls[0].name == "get_weather"


@pytest.fixture
def vllm(vllm_emulator) -> Iterator[Any]:
    with backend_for("vllm", vllm_emulator) as made:
        made.backend.capabilities()
        vllm_emulator.requests.clear()
        yield made


@pytest.fixture
def ollama(ollama_emulator) -> Iterator[Any]:
    with backend_for("ollama", ollama_emulator) as made:
        made.backend.capabilities()
        ollama_emulator.requests.clear()
        yield made


def test_vllm_call_deltas_reassemble_and_the_loop_answers(vllm) -> None:
    backend, server = vllm.backend, vllm.server
    assert backend.capabilities().tools
    params = SamplingParams(seed=4, max_tokens=200)
    _gen, done, _ = ask(backend, ToolChoice(), params)
    (call,) = done.tool_calls
    assert call.id.startswith("chatcmpl-tool-") and json.loads(call.arguments)
    sent = server.requests_to("/v1/chat/completions")[-1].body
    assert sent["tool_choice"] == "auto"
    assert tools_from_openai(sent["tools"]) == (WEATHER, TIME)

    seen: list[dict] = []
    generate = backend_generate(backend, params, RequestOptions(tools=(WEATHER,)))
    run = Agent(generate, registry(seen), approve_all).run(list(ASK))
    assert run.stop == "answered" and len(run.steps) == 1 and run.answer
    history = server.requests_to("/v1/chat/completions")[-1].body["messages"]
    call = run.messages[0].tool_calls[0]
    assert history[-2]["tool_calls"][0]["id"] == call.id
    assert history[-1] == {
        "role": "tool",
        "content": f"Sunny in {seen[0]['city']}",
        "tool_call_id": call.id,
        "name": "get_weather",
    }


def test_vllm_gets_a_named_call_as_openai_writes_it(vllm) -> None:
    _gen, done, _ = ask(vllm.backend, ToolChoice("function", "get_time"), SamplingParams(seed=5))
    (call,) = done.tool_calls
    assert call.name == "get_time"
    sent = vllm.server.requests_to("/v1/chat/completions")[-1].body
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "get_time"}}


def test_ollama_calls_come_whole_and_results_go_back_by_name(ollama) -> None:
    backend, server = ollama.backend, ollama.server
    assert backend.capabilities().tools
    seen: list[dict] = []
    params = SamplingParams(seed=6, max_tokens=200)
    generate = backend_generate(backend, params, RequestOptions(tools=(WEATHER,)))
    run = Agent(generate, registry(seen), approve_all).run(list(ASK))
    assert run.stop == "answered" and len(run.steps) == 1
    call = run.messages[0].tool_calls[0]
    assert call.name == "get_weather" and json.loads(call.arguments) == seen[0]
    history = server.requests_to("/api/chat")[-1].body["messages"]
    assert history[-2]["tool_calls"] == [
        {"function": {"name": "get_weather", "arguments": seen[0]}}
    ]
    assert history[-1] == {
        "role": "tool",
        "content": f"Sunny in {seen[0]['city']}",
        "tool_name": "get_weather",
    }


def test_ollama_cannot_force_a_call_and_says_so(ollama) -> None:
    for choice, shown in ((ToolChoice("required"), "required"), (ToolChoice("function", "get_time"), "get_time")):  # fmt: skip
        with pytest.raises(BackendError) as refused:
            ask(ollama.backend, choice, SamplingParams(max_tokens=10))
        assert f"The server (Ollama) cannot force a tool call (tool_choice {shown})" in str(
            refused.value
        )
    assert ollama.server.requests_to("/api/chat") == []


def test_documented_call_deltas_reassemble_into_one_call() -> None:
    stream = ToolCallStream()
    for chunk in docs.VLLM_TOOL_CALL_CHUNKS:
        stream.feed(chunk["choices"][0]["delta"].get("tool_calls"))
    assert stream.calls() == (
        ToolCall(
            "chatcmpl-tool-1",
            "get_weather",
            '{"location": "San Francisco, CA", "unit": "fahrenheit"}',
        ),
    )
    ollama = ToolCallStream()
    ollama.feed(docs.OLLAMA_TOOL_CALL_CHUNK["message"]["tool_calls"])
    (call,) = ollama.calls()
    assert call.name == "get_current_weather"
    assert json.loads(call.arguments) == {"format": "celsius", "location": "Toronto"}
    assert len(call.id) == 9  # Ollama gives no id: one any template accepts is made


def test_parallel_calls_sharing_index_zero_stay_apart() -> None:
    stream = ToolCallStream()
    stream.feed([{"index": 0, "id": "a", "function": {"name": "f", "arguments": "{}"}}])
    stream.feed([{"index": 0, "id": "b", "function": {"name": "g", "arguments": '{"x"'}}])
    stream.feed([{"index": 0, "function": {"arguments": ": 1}"}}])
    assert [(c.id, c.name, c.arguments) for c in stream.calls()] == [
        ("a", "f", "{}"),
        ("b", "g", '{"x": 1}'),
    ]


def test_tokens_stream_while_the_server_writes_a_reply_after_a_result(vllm) -> None:
    history = [
        *ASK,
        ChatMessage("assistant", "", (ToolCall("abc123def", "get_weather", '{"city": "Oslo"}'),)),
        ChatMessage("tool", "Rain in Oslo", tool_call_id="abc123def", name="get_weather"),
    ]
    prepared = prepare_for(
        vllm.backend, next(_ids), history, SamplingParams(seed=7, max_tokens=12),
        RequestOptions(tools=(WEATHER,)),
    )  # fmt: skip
    generation = vllm.backend.generate(prepared.request)
    batches = [e for e in generation if isinstance(e, TokenBatch)]
    assert batches and generation.done.tool_calls == () and generation.done.text
