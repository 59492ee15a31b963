"""Read and check the body of /v1/chat/completions and /v1/completions into a GenerationCall.

Every field OpenAI defines is either honoured, refused with a 400 naming it (n > 1, echo,
images...), or harmless to ignore (user, metadata, store...). Sampling values go through the
one SamplingParams conversion (engine.options.params_from_dict) after their ranges are
checked here. Fields nobody defined are ignored and listed in the request log, so a user can
see what their client sent that had no effect.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from desktop.core.engine.options import (
    MUST_BE_BOOL,
    MUST_BE_NUMBER,
    MUST_BE_TEXT,
    MUST_BE_TEXTS,
    MUST_BE_WHOLE,
    OptionsError,
    params_from_dict,
)
from desktop.core.engine.protocol import ChatMessage, SamplingParams
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec
from desktop.core.server import structured
from desktop.core.server.errors import APIError
from desktop.core.tools.request import RequestOptions

Endpoint = Literal["chat", "completion"]
MAX_TOP_LOGPROBS = 20
MAX_STOPS = 16

BAD_VALUE = MessageSpec(
    "server.bad_value", QT_TRANSLATE_NOOP("CoreMessages", "{param} {reason}, not {value}.")
)
MISSING = MessageSpec("server.missing", QT_TRANSLATE_NOOP("CoreMessages", "{param} is required."))
NEEDS = MessageSpec(
    "server.needs", QT_TRANSLATE_NOOP("CoreMessages", "{param} can only be used with {other}.")
)
NOT_SUPPORTED = MessageSpec(
    "server.not_supported",
    QT_TRANSLATE_NOOP("CoreMessages", "{param} is not supported here: {reason}"),
)
IN_RANGE = MessageSpec(
    "server.in_range", QT_TRANSLATE_NOOP("CoreMessages", "must be between {low} and {high}")
)
AT_LEAST = MessageSpec(
    "server.at_least", QT_TRANSLATE_NOOP("CoreMessages", "must be at least {low}")
)
MUST_BE_MESSAGES = MessageSpec(
    "server.messages", QT_TRANSLATE_NOOP("CoreMessages", "must be a non-empty list of messages")
)
MUST_BE_OBJECT = MessageSpec(
    "server.object", QT_TRANSLATE_NOOP("CoreMessages", "must be a JSON object")
)
BAD_ROLE = MessageSpec(
    "server.role",
    QT_TRANSLATE_NOOP("CoreMessages", "must be one of system, developer, user, assistant, tool"),
)
BAD_CONTENT = MessageSpec(
    "server.content",
    QT_TRANSLATE_NOOP("CoreMessages", "must be text or a list of text parts"),
)
BAD_PROMPT = MessageSpec(
    "server.prompt",
    QT_TRANSLATE_NOOP("CoreMessages", "must be text, or a list of token ids"),
)
MUST_BE_IDS = MessageSpec(
    "server.token_ids", QT_TRANSLATE_NOOP("CoreMessages", "must be a list of token ids")
)
BAD_BIAS = MessageSpec(
    "server.logit_bias",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "must map token ids to numbers between -100 and 100, as in {example}"
    ),
)
TOO_MANY_STOPS = MessageSpec(
    "server.stops", QT_TRANSLATE_NOOP("CoreMessages", "must hold at most {count} texts")
)
ONE_CHOICE = MessageSpec(
    "server.one_choice",
    QT_TRANSLATE_NOOP("CoreMessages", "this server generates one choice per request (n = 1)"),
)
ONE_PROMPT = MessageSpec(
    "server.one_prompt",
    QT_TRANSLATE_NOOP("CoreMessages", "this server completes one prompt per request"),
)
TEXT_ONLY = MessageSpec(
    "server.text_only",
    QT_TRANSLATE_NOOP("CoreMessages", "this server reads text only (no images or audio)"),
)
NO_ECHO = MessageSpec(
    "server.no_echo",
    QT_TRANSLATE_NOOP("CoreMessages", "the reply never repeats the prompt here"),
)
NO_SUFFIX = MessageSpec(
    "server.no_suffix",
    QT_TRANSLATE_NOOP("CoreMessages", "fill-in-the-middle is not available"),
)

_SAMPLING_KEYS = {
    "temperature",
    "top_p",
    "top_k",
    "min_p",
    "presence_penalty",
    "frequency_penalty",
    "repeat_penalty",
    "seed",
    "max_tokens",
    "max_completion_tokens",
    "stop",
    "logit_bias",
}
_COMMON_KEYS = _SAMPLING_KEYS | {"stream", "stream_options", "n", "logprobs"}
CHAT_KEYS = _COMMON_KEYS | {"messages", "top_logprobs", *structured.STRUCTURED_KEYS}
COMPLETION_KEYS = _COMMON_KEYS | {"prompt", "echo", "suffix", "best_of"}
_ROLES = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
}
# Ranges as OpenAI documents them; top_k, min_p and repeat_penalty are llama.cpp's.
_RANGES: dict[str, tuple[float, float]] = {
    "temperature": (0.0, 2.0),
    "top_p": (0.0, 1.0),
    "min_p": (0.0, 1.0),
    "presence_penalty": (-2.0, 2.0),
    "frequency_penalty": (-2.0, 2.0),
    "repeat_penalty": (0.0, 10.0),
}


@dataclass(frozen=True)
class GenerationCall:
    """One checked request: either `messages` (chat) or a prompt (`prompt_text` or
    `prompt_ids`). `top_logprobs` is what the client gets per token (-1: no logprobs at all)."""

    endpoint: Endpoint
    model: str | None
    params: SamplingParams
    stream: bool = False
    include_usage: bool = False
    top_logprobs: int = -1
    messages: tuple[ChatMessage, ...] | None = None
    prompt_text: str | None = None
    prompt_ids: tuple[int, ...] | None = None
    options: RequestOptions | None = None  # output format and tools; None: free text
    ignored: tuple[str, ...] = ()  # fields that had no effect

    @property
    def logprobs(self) -> bool:
        return self.top_logprobs >= 0


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def bad(param: str, reason: Message, value: Any) -> APIError:
    return APIError(400, BAD_VALUE(param=param, reason=reason, value=_shown(value)), param=param)


def _number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and not (isinstance(value, float) and not math.isfinite(value))
    )


def _whole(value: Any) -> bool:
    return _number(value) and float(value).is_integer()


def _given(body: Mapping[str, Any], key: str) -> bool:
    return body.get(key) is not None


def _check_ranges(body: Mapping[str, Any]) -> None:
    for key, (low, high) in _RANGES.items():
        if not _given(body, key):
            continue
        value = body[key]
        if not _number(value):
            raise bad(key, MUST_BE_NUMBER(), value)
        if not low <= value <= high:
            raise bad(key, IN_RANGE(low=f"{low:g}", high=f"{high:g}"), value)
    for key in ("top_k", "max_tokens", "max_completion_tokens", "seed"):
        if not _given(body, key):
            continue
        value = body[key]
        if not _whole(value):
            raise bad(key, MUST_BE_WHOLE(), value)
        low = {"top_k": 0, "seed": -(2**63)}.get(key, 1)
        if value < low:
            raise bad(key, AT_LEAST(low=low), value)


def _stops(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise bad("stop", MUST_BE_TEXTS(), value)
    if len(value) > MAX_STOPS:
        raise bad("stop", TOO_MANY_STOPS(count=MAX_STOPS), value)
    return [s for s in value if s]


def _logit_bias(value: Any) -> list[list[float]]:
    problem = bad("logit_bias", BAD_BIAS(example='{"50256": -100}'), value)
    if not isinstance(value, Mapping):
        raise problem
    pairs = []
    for key, bias in value.items():
        token = str(key).strip()
        if not token.isdigit() or not _number(bias) or not -100 <= bias <= 100:
            raise problem
        pairs.append([int(token), float(bias)])
    return pairs


def sampling(body: Mapping[str, Any]) -> SamplingParams:
    """SamplingParams from OpenAI's fields. Without max_tokens the reply runs until the model
    ends it or the context is full, as OpenAI's API does."""
    _check_ranges(body)
    data: dict[str, Any] = {
        key: body[key]
        for key in ("temperature", "top_p", "top_k", "min_p", "seed")
        if _given(body, key)
    }
    for ours, theirs in (
        ("presence_penalty", "presence_penalty"),
        ("frequency_penalty", "frequency_penalty"),
        ("repeat_penalty", "repeat_penalty"),
    ):
        if _given(body, theirs):
            data[ours] = body[theirs]
    limit = body.get("max_completion_tokens")
    if limit is None:
        limit = body.get("max_tokens")
    data["max_tokens"] = limit if limit is not None else 0
    if _given(body, "stop"):
        data["stop"] = _stops(body["stop"])
    if _given(body, "logit_bias"):
        data["logit_bias"] = _logit_bias(body["logit_bias"])
    try:
        return params_from_dict(data)
    except OptionsError as exc:  # the ranges above leave only shapes the converter knows
        raise APIError(400, exc.user_message, param=exc.name) from None


def _flag(body: Mapping[str, Any], key: str) -> bool:
    value = body.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise bad(key, MUST_BE_BOOL(), value)
    return value


def _streaming(body: Mapping[str, Any]) -> tuple[bool, bool]:
    stream = _flag(body, "stream")
    options = body.get("stream_options")
    if options is None:
        return stream, False
    if not stream:
        raise APIError(
            400, NEEDS(param="stream_options", other="stream: true"), param="stream_options"
        )
    if not isinstance(options, Mapping):
        raise bad("stream_options", MUST_BE_OBJECT(), options)
    usage = options.get("include_usage", False)
    if not isinstance(usage, bool):
        raise bad("stream_options.include_usage", MUST_BE_BOOL(), usage)
    return stream, usage


def _one_choice(body: Mapping[str, Any]) -> None:
    n = body.get("n")
    if n is not None and n != 1:
        raise APIError(400, NOT_SUPPORTED(param="n", reason=ONE_CHOICE()), param="n")


def _model(body: Mapping[str, Any]) -> str | None:
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise bad("model", MUST_BE_TEXT(), model)
    return model or None


def _ignored(body: Mapping[str, Any], known: frozenset[str] | set[str]) -> tuple[str, ...]:
    return tuple(sorted(k for k in body if k not in known and k != "model"))


def _content(value: Any, param: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        texts = []
        for part in value:
            if not isinstance(part, Mapping):
                raise bad(param, BAD_CONTENT(), value)
            if part.get("type") == "text" and isinstance(part.get("text"), str):
                texts.append(part["text"])
            elif part.get("type") in ("image_url", "input_audio", "file", "image"):
                raise APIError(400, NOT_SUPPORTED(param=param, reason=TEXT_ONLY()), param=param)
            else:
                raise bad(param, BAD_CONTENT(), part)
        return "\n".join(texts)
    raise bad(param, BAD_CONTENT(), value)


def chat_messages(value: Any) -> tuple[ChatMessage, ...]:
    if not isinstance(value, list) or not value:
        raise bad("messages", MUST_BE_MESSAGES(), value)
    out: list[ChatMessage] = []
    for i, item in enumerate(value):
        param = f"messages[{i}]"
        if not isinstance(item, Mapping):
            raise bad(param, MUST_BE_OBJECT(), item)
        role = item.get("role")
        if role not in _ROLES and role != "function":
            raise bad(f"{param}.role", BAD_ROLE(), role)
        content = item.get("content")
        if content is None and role == "assistant":
            content = ""  # a reply that only called tools
        text = _content(content, f"{param}.content")
        message = structured.tool_message(item, i, text, out)
        out.append(message if message is not None else ChatMessage(_ROLES[role], text))
    return tuple(out)


def parse_chat(body: Mapping[str, Any]) -> GenerationCall:
    if "messages" not in body:
        raise APIError(400, MISSING(param="messages"), param="messages")
    messages = chat_messages(body["messages"])
    options = structured.output_options(body)
    if body.get("parallel_tool_calls") is not None:
        _flag(body, "parallel_tool_calls")  # one call or several: the model decides
    _one_choice(body)
    stream, usage = _streaming(body)
    wants = _flag(body, "logprobs")
    top = body.get("top_logprobs")
    if top is not None:
        if not _whole(top) or not 0 <= top <= MAX_TOP_LOGPROBS:
            raise bad("top_logprobs", IN_RANGE(low=0, high=MAX_TOP_LOGPROBS), top)
        if not wants:
            raise APIError(
                400, NEEDS(param="top_logprobs", other="logprobs: true"), param="top_logprobs"
            )
    return GenerationCall(
        endpoint="chat",
        model=_model(body),
        params=sampling(body),
        stream=stream,
        include_usage=usage,
        top_logprobs=int(top or 0) if wants else -1,
        messages=messages,
        options=options,
        ignored=_ignored(body, CHAT_KEYS),
    )


def _prompt(value: Any) -> tuple[str | None, tuple[int, ...] | None]:
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], (str, list)):
        value = value[0]  # a batch of one
    if isinstance(value, str):
        return value, None
    if isinstance(value, list) and value and all(_whole(t) and t >= 0 for t in value):
        return None, tuple(int(t) for t in value)
    if isinstance(value, list) and len(value) > 1:
        raise APIError(400, NOT_SUPPORTED(param="prompt", reason=ONE_PROMPT()), param="prompt")
    raise bad("prompt", BAD_PROMPT(), value)


def parse_completion(body: Mapping[str, Any]) -> GenerationCall:
    if "prompt" not in body:
        raise APIError(400, MISSING(param="prompt"), param="prompt")
    text, ids = _prompt(body["prompt"])
    _one_choice(body)
    if _flag(body, "echo"):
        raise APIError(400, NOT_SUPPORTED(param="echo", reason=NO_ECHO()), param="echo")
    if body.get("suffix") not in (None, ""):
        raise APIError(400, NOT_SUPPORTED(param="suffix", reason=NO_SUFFIX()), param="suffix")
    if body.get("best_of") not in (None, 1):
        raise APIError(400, NOT_SUPPORTED(param="best_of", reason=ONE_CHOICE()), param="best_of")
    stream, usage = _streaming(body)
    top = body.get("logprobs")
    if top is not None and (not _whole(top) or not 0 <= top <= MAX_TOP_LOGPROBS):
        raise bad("logprobs", IN_RANGE(low=0, high=MAX_TOP_LOGPROBS), top)
    return GenerationCall(
        endpoint="completion",
        model=_model(body),
        params=sampling(body),
        stream=stream,
        include_usage=usage,
        top_logprobs=int(top) if top is not None else -1,
        prompt_text=text,
        prompt_ids=ids,
        ignored=_ignored(body, COMPLETION_KEYS),
    )
