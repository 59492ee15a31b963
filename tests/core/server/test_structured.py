"""Structured output and tool calling through the API, read by the official openai client: the
random-weight tiny model answers in the JSON its schema asks for (a random model is the
harshest test of a grammar), and a tiny model carrying Qwen's real template returns parsed
tool calls, whole and streamed, and reads tool results back in its history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.protocol import LoadOptions
from tests.fixtures.tool_models import write_family_model

from .conftest import MODEL_ID, Api, running

CHAT = [{"role": "user", "content": "Describe a city as JSON."}]
SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 12},
        "population": {"type": "integer", "minimum": 0, "maximum": 100000},
        "capital": {"type": "boolean"},
        "tags": {"type": "array", "items": {"enum": ["old", "new", "河"]}, "maxItems": 3},
    },
    "required": ["name", "population", "capital", "tags"],
    "additionalProperties": False,
}
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather for a city",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"enum": ["北京", "Paris", "Lagos"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["city", "days"],
        },
    },
}
NOW = {
    "type": "function",
    "function": {
        "name": "now",
        "parameters": {"type": "object", "properties": {}, "additionalProperties": False},
    },
}
ASK = [{"role": "user", "content": "Weather in 北京 for 3 days?"}]


def test_a_json_schema_reply_parses_and_validates(api: Api) -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "city", "schema": SCHEMA, "strict": True}}
    for seed in range(3):
        reply = api.client.chat.completions.create(
            model=MODEL_ID, messages=CHAT, response_format=fmt, seed=seed, max_tokens=300
        )
        choice = reply.choices[0]
        assert choice.finish_reason == "stop", choice.message.content
        jsonschema.validate(json.loads(choice.message.content or ""), SCHEMA)
    streamed = api.client.chat.completions.create(
        model=MODEL_ID, messages=CHAT, response_format=fmt, seed=1, max_tokens=300, stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in streamed if c.choices)
    jsonschema.validate(json.loads(text), SCHEMA)


def test_json_object_replies_are_objects(api: Api) -> None:
    """Any object allows endless strings, which a random model likes to write: every reply
    that ends by itself is an object, and some do end."""
    finished = 0
    for seed in range(4):
        reply = api.client.chat.completions.create(
            model=MODEL_ID, messages=CHAT, response_format={"type": "json_object"}, seed=seed,
            max_tokens=300, temperature=0.8,
        )  # fmt: skip
        choice = reply.choices[0]
        if choice.finish_reason == "stop":
            finished += 1
            assert isinstance(json.loads(choice.message.content or ""), dict)
        else:
            assert choice.finish_reason == "length"
            assert (choice.message.content or "").startswith("{")
    assert finished


def test_a_reply_cut_short_keeps_its_reason_and_the_log_says_why_it_is_not_json(
    api: Api,
) -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "city", "schema": SCHEMA}}
    reply = api.client.chat.completions.create(
        model=MODEL_ID, messages=CHAT, response_format=fmt, seed=2, max_tokens=3
    )
    assert reply.choices[0].finish_reason == "length"
    record = api.wait_for(lambda r: r.finished and r.finish_reason == "length")
    problems = " ".join(str(p) for p in record.format_problems)
    assert "ended early" in problems and "not valid JSON" in problems


# --------------------------------------------------------------------------- tools


@pytest.fixture(scope="module")
def qwen_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBackend]:
    path = write_family_model("hermes", tmp_path_factory.mktemp("qwen"))
    backend = LocalBackend()
    backend.load(LoadOptions(path=str(path), n_ctx=2048, n_threads=1))
    yield backend
    backend.close()


@pytest.fixture
def qwen(qwen_backend: LocalBackend) -> Iterator[Api]:
    with running(qwen_backend) as api:
        yield api


def _arguments(call) -> dict:
    args = json.loads(call.function.arguments)
    jsonschema.validate(args, WEATHER["function"]["parameters"])
    return args


def test_a_named_function_comes_back_as_a_parsed_tool_call(qwen: Api) -> None:
    named = {"type": "function", "function": {"name": "get_weather"}}
    reply = qwen.client.chat.completions.create(
        model="tiny-hermes", messages=ASK, tools=[WEATHER, NOW], tool_choice=named, seed=3,
        max_tokens=200,
    )  # fmt: skip
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    (call,) = choice.message.tool_calls or []
    assert call.type == "function" and call.function.name == "get_weather" and call.id
    _arguments(call)
    record = qwen.wait_for(lambda r: r.finished and r.tool_calls)
    assert "<tool_call>" in record.text and record.reply_content == ""
    # The template rendered the tools itself: the prompt the model read lists them.
    assert record.prompt_text is not None and '"name": "get_weather"' in record.prompt_text


def test_streamed_tool_calls_arrive_as_deltas_and_accumulate(qwen: Api) -> None:
    chunks = list(
        qwen.client.chat.completions.create(
            model="tiny-hermes",
            messages=ASK,
            tools=[WEATHER, NOW],
            tool_choice="required",
            seed=5,
            max_tokens=200,
            stream=True,
        )  # fmt: skip
    )
    assert not "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    deltas = [d for c in chunks if c.choices for d in c.choices[0].delta.tool_calls or ()]
    assert deltas and deltas[0].id and deltas[0].function.name in ("get_weather", "now")
    assert chunks[-1].choices[0].finish_reason == "tool_calls"

    named = {"type": "function", "function": {"name": "get_weather"}}
    with qwen.client.chat.completions.stream(
        model="tiny-hermes", messages=ASK, tools=[WEATHER], tool_choice=named, seed=6,
        max_tokens=200,
    ) as stream:  # fmt: skip
        final = stream.get_final_completion()
    (call,) = final.choices[0].message.tool_calls or []
    assert call.function.name == "get_weather"
    _arguments(call)


def test_tool_results_in_the_history_reach_the_template(qwen: Api) -> None:
    history = [
        *ASK,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "abcDEF123",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "北京", "days": 3}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "abcDEF123", "content": '{"temp": 21}'},
    ]
    reply = qwen.client.chat.completions.create(
        model="tiny-hermes", messages=history, tools=[WEATHER], tool_choice="none", seed=1,
        max_tokens=8,
    )  # fmt: skip
    assert reply.choices[0].finish_reason in ("stop", "length")
    assert not reply.choices[0].message.tool_calls
    record = qwen.wait_for(lambda r: r.finished and r.messages and len(r.messages) == 3)
    prompt = record.prompt_text or ""
    assert '<tool_response>\n{"temp": 21}' in prompt and '"city": "北京"' in prompt
    assert record.messages is not None and record.messages[2].name == "get_weather"


def test_auto_streams_prose_and_parses_calls_the_same_way_whole_or_streamed(qwen: Api) -> None:
    """With tool_choice auto the random model may write prose or a call: a streamed reply
    and a whole one of the same seed mean the same thing."""
    for seed in range(3):
        args = {
            "model": "tiny-hermes", "messages": ASK, "tools": [WEATHER, NOW], "seed": seed,
            "max_tokens": 24, "temperature": 0,
        }  # fmt: skip
        whole = qwen.client.chat.completions.create(**args).choices[0]
        chunks = [c for c in qwen.client.chat.completions.create(**args, stream=True) if c.choices]
        content = "".join(c.choices[0].delta.content or "" for c in chunks)
        calls = [d for c in chunks for d in c.choices[0].delta.tool_calls or ()]
        assert content == (whole.message.content or "")
        assert [c.function.name for c in calls] == [
            c.function.name for c in whole.message.tool_calls or ()
        ]
        assert chunks[-1].choices[0].finish_reason == whole.finish_reason


def test_a_tool_call_is_saved_as_the_chat_keeps_tool_calls(qwen_backend, data_dir: Path) -> None:
    from desktop.core.paths import DataPaths
    from desktop.core.server.recorder import ConversationRecorder
    from desktop.core.store import open_store
    from desktop.core.tools.stored import chat_message

    store = open_store(DataPaths(data_dir))
    try:
        with running(qwen_backend) as api:
            recorder = ConversationRecorder(store, api.service.log)
            named = {"type": "function", "function": {"name": "get_weather"}}
            reply = api.client.chat.completions.create(
                model="tiny-hermes", messages=ASK, tools=[WEATHER], tool_choice=named, seed=3,
                max_tokens=200,
            )  # fmt: skip
            record = api.wait_for(lambda r: r.conversation_id is not None)
            recorder.close()
        saved = [
            chat_message(m.role, m.content, m.params)
            for m in store.messages.active_path(record.conversation_id)
        ]
        assert [m.role for m in saved] == ["user", "assistant"]
        (call,) = saved[1].tool_calls
        sent = (reply.choices[0].message.tool_calls or [])[0]
        assert (call.id, call.name, call.arguments) == (
            sent.id,
            sent.function.name,
            sent.function.arguments,
        )
    finally:
        store.close()
