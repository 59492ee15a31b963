"""Every refusal reaches the client as OpenAI's error JSON with the status its client maps to
an exception: 400 for bad JSON and parameters, 401, 404, 413, and OpenAI's error shape for
routes that do not exist."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from .conftest import MODEL_ID, Api

CHAT = [{"role": "user", "content": "Hi"}]


def _error(exc: openai.APIStatusError) -> dict:
    body = exc.response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"message", "type", "param", "code"}
    return body["error"]


def test_invalid_json_is_a_400(api: Api) -> None:
    answer = api.http.post(
        api.url + "/chat/completions",
        content=b'{"model": "x", "messages": [',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error" and error["code"] == "invalid_json"
    assert "not valid JSON" in error["message"]
    listed = api.http.post(api.url + "/completions", json=["not", "an", "object"])
    assert listed.status_code == 400 and "JSON object" in listed.json()["error"]["message"]


@pytest.mark.parametrize(
    ("extra", "param", "words"),
    [
        ({"temperature": 3}, "temperature", "between 0 and 2"),
        ({"temperature": "hot"}, "temperature", "must be a number"),
        ({"max_tokens": 0}, "max_tokens", "at least 1"),
        ({"top_logprobs": 3}, "top_logprobs", "logprobs: true"),
        ({"logprobs": True, "top_logprobs": 21}, "top_logprobs", "between 0 and 20"),
        ({"n": 2}, "n", "one choice per request"),
        ({"stop": ["a"] * 17}, "stop", "at most 16"),
        ({"logit_bias": {"x": 1}}, "logit_bias", "token ids"),
        ({"logit_bias": {"5": 500}}, "logit_bias", "between -100 and 100"),
        ({"stream_options": {"include_usage": True}}, "stream_options", "stream: true"),
        ({"messages": []}, "messages", "non-empty list"),
        ({"messages": [{"role": "robot", "content": "x"}]}, "messages[0].role", "one of"),
        (
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]},
            "messages[0].content",
            "text only",
        ),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(
    api: Api, extra: dict, param: str, words: str
) -> None:
    body = {"model": MODEL_ID, "messages": CHAT, **extra}
    with pytest.raises(openai.BadRequestError) as caught:
        api.client.chat.completions.create(**body)
    error = _error(caught.value)
    assert error["param"] == param and words in error["message"]


def test_a_completion_needs_a_prompt_and_refuses_what_it_cannot_do(api: Api) -> None:
    for extra, param in (
        ({}, "prompt"),
        ({"prompt": "x", "echo": True}, "echo"),
        ({"prompt": "x", "suffix": "y"}, "suffix"),
        ({"prompt": ["a", "b"]}, "prompt"),
        ({"prompt": "x", "logprobs": 21}, "logprobs"),
    ):
        answer = api.http.post(api.url + "/completions", json={"model": MODEL_ID, **extra})
        assert answer.status_code == 400, extra
        assert answer.json()["error"]["param"] == param


TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}


@pytest.mark.parametrize(
    ("extra", "param", "words"),
    [
        ({"response_format": {"type": "xml"}}, "response_format", "json_schema"),
        ({"response_format": {"type": "json_schema"}}, "response_format", "json_schema"),
        (
            {"response_format": {"type": "json_schema", "json_schema": {"schema": []}}},
            "response_format",
            "",
        ),
        (
            {"tools": [{"type": "function", "function": {"name": "no spaces"}}]},
            "tools",
            "no spaces",
        ),
        (
            {"tools": [TOOL], "tool_choice": {"type": "function", "function": {"name": "g"}}},
            "tool_choice",
            "not among the tools",
        ),  # fmt: skip
        ({"tool_choice": "required"}, "tool_choice", "at least one tool"),
        ({"functions": [TOOL["function"]]}, "functions", "tools and tool_choice"),
        ({"messages": [{"role": "tool", "content": "42"}]}, "messages[0].tool_call_id", "id"),
        (
            {"messages": [{"role": "assistant", "content": None, "tool_calls": [{"id": "1"}]}]},
            "messages[0].tool_calls",
            "function",
        ),
    ],
    ids=[
        "unknown_format",
        "schema_missing",
        "schema_not_object",
        "bad_tool_name",
        "unknown_choice",
        "choice_without_tools",
        "legacy_functions",
        "tool_result_without_id",
        "bad_tool_calls",
    ],
)
def test_structured_output_and_tools_that_cannot_be_read_are_a_400(
    api: Api, extra: dict, param: str, words: str
) -> None:
    """Never ignored silently: a client asking for JSON must not get prose back."""
    with pytest.raises(openai.BadRequestError) as caught:
        api.client.chat.completions.create(**{"model": MODEL_ID, "messages": CHAT, **extra})
    error = _error(caught.value)
    assert error["param"] == param
    assert words in error["message"]


def test_free_text_defaults_of_structured_fields_are_accepted(api: Api) -> None:
    reply = api.client.chat.completions.create(
        model=MODEL_ID,
        messages=CHAT,
        max_tokens=2,
        response_format={"type": "text"},
        tools=[],
        tool_choice="none",
    )
    assert reply.choices[0].message.content is not None


def test_a_prompt_longer_than_the_context_is_a_400(api: Api) -> None:
    long = [{"role": "user", "content": "word " * 3000}]  # the tiny model's context: 1024
    with pytest.raises(openai.BadRequestError) as caught:
        api.client.chat.completions.create(model=MODEL_ID, messages=long, max_tokens=4)
    assert _error(caught.value)["code"] == "context_length_exceeded"


def test_an_unknown_model_is_a_404(api: Api) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        api.client.chat.completions.create(model="gpt-9", messages=CHAT)
    error = _error(caught.value)
    assert error["code"] == "model_not_found" and "gpt-9" in error["message"]
    with pytest.raises(openai.NotFoundError):
        api.client.models.retrieve("gpt-9")


def test_an_unknown_route_is_a_404_in_openai_shape(api: Api) -> None:
    answer = api.http.get(api.url + "/embeddings")
    assert (
        answer.status_code == 404 and "no GET /v1/embeddings" in answer.json()["error"]["message"]
    )
    wrong_method = api.http.get(api.url + "/chat/completions")
    assert wrong_method.status_code == 405 and "error" in wrong_method.json()


@pytest.fixture
def keyed(serve) -> Iterator[Api]:
    with serve(api_key="s3cret-key") as made:
        yield made


def test_a_missing_or_wrong_key_is_a_401(keyed: Api) -> None:
    assert keyed.client.models.list().data  # the right key
    wrong = openai.OpenAI(base_url=keyed.url, api_key="guess", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        wrong.chat.completions.create(model=MODEL_ID, messages=CHAT)
    assert _error(caught.value)["code"] == "invalid_api_key"
    missing = keyed.http.get(keyed.url + "/models")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in missing.json()["error"]["message"]
    assert keyed.http.post(keyed.root + "/tokenize", json={"content": "x"}).status_code == 401
    assert keyed.http.get(keyed.root + "/health").json() == {"status": "ok"}
    refused = [r for r in keyed.service.log.records() if r.http_status == 401]
    assert len(refused) == 3 and all(r.status == "rejected" for r in refused)


def test_a_body_over_the_limit_is_a_413(serve) -> None:
    with serve(max_body_bytes=4096) as api:
        big = [{"role": "user", "content": "x" * 10_000}]
        with pytest.raises(openai.APIStatusError) as caught:
            api.client.chat.completions.create(model=MODEL_ID, messages=big)
        assert caught.value.status_code == 413
        assert _error(caught.value)["code"] == "request_too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
            yield b'{"model": "x", "messages": [{"role": "user", "content": "'
            for _ in range(10):
                yield b"y" * 1000
            yield b'"}]}'

        streamed = api.http.post(
            api.url + "/chat/completions",
            content=chunks(),
            headers={"content-type": "application/json"},
        )
        assert streamed.status_code == 413
