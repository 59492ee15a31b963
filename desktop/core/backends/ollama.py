"""Ollama's native API: /api/tags, /api/show, /api/chat and /api/generate (NDJSON streams).

Shapes follow Ollama's API reference (docs/api.md in the ollama repository); `logprobs` and
`top_logprobs` (up to 20) exist since Ollama 0.12.11 and are probed, not assumed. Ollama has
no tokenize endpoint and no token ids in its logprobs: token ids are -1 and counts fall back
to an estimate (Capabilities says so). Raw completion is `/api/generate` with `raw: true`.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Sequence
from typing import Any

from desktop.core.backends import formats
from desktop.core.backends.base import BackendKind, BackendModel
from desktop.core.backends.capabilities import NO_TOKENIZER, Capabilities
from desktop.core.backends.errors import BackendError, unsupported
from desktop.core.backends.generation import Finish, ServerTimings, StreamGeneration
from desktop.core.backends.openai_chat import ToolCallStream
from desktop.core.backends.probe import Detection
from desktop.core.backends.remote import PROBE_WARNING, RemoteBackend
from desktop.core.backends.sse import ndjson_events
from desktop.core.engine.protocol import (
    ChatMessage,
    FinishReason,
    GenerateRequest,
    SamplingParams,
    Token,
    TopToken,
)
from desktop.core.messages import Message

MAX_TOP_LOGPROBS = 20  # Ollama's own limit
NS = 1e-9

_FINISH: dict[str, FinishReason] = {"stop": "stop", "length": "length"}


def options(params: SamplingParams) -> dict[str, Any]:
    """SamplingParams as Ollama `options` (it has no logit bias: that one is not sent)."""
    out: dict[str, Any] = {
        "temperature": params.temperature,
        "top_k": params.top_k,
        "top_p": params.top_p,
        "min_p": params.min_p,
        "repeat_penalty": params.repeat_penalty,
        "repeat_last_n": params.repeat_last_n,
        "presence_penalty": params.presence_penalty,
        "frequency_penalty": params.frequency_penalty,
        "num_predict": params.max_tokens if params.max_tokens > 0 else -1,
    }
    if params.seed is not None:
        out["seed"] = params.seed
    if params.stop:
        out["stop"] = list(params.stop)
    return out


def parameter_count(text: str | None) -> int | None:
    """ "8.0B" / "135M" -> a number of parameters."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMBT])\s*", text or "")
    if not match:
        return None
    scale = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}[match.group(2)]
    return int(float(match.group(1)) * scale)


def _tops(entry: dict[str, Any]) -> tuple[TopToken, ...]:
    tops = [
        TopToken(-1, str(a.get("token", "")), float(a.get("logprob", -math.inf)))
        for a in entry.get("top_logprobs") or ()
        if isinstance(a, dict)
    ]
    tops.sort(key=lambda t: t.logprob, reverse=True)
    return tuple(tops)


def ollama_messages(messages: Sequence[ChatMessage]) -> list[dict[str, Any]]:
    """Chat messages as /api/chat takes them: an assistant's calls with their arguments as
    objects, a tool's result with `tool_name` (Ollama matches results to calls by name)."""
    out: list[dict[str, Any]] = []
    for m in messages:
        item: dict[str, Any] = {"role": m.role, "content": m.content}
        if m.tool_calls:
            item["tool_calls"] = [
                {"function": {"name": c.name, "arguments": _arguments(c.arguments)}}
                for c in m.tool_calls
            ]
        if m.role == "tool" and m.name:
            item["tool_name"] = m.name
        out.append(item)
    return out


def _arguments(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


class OllamaBackend(RemoteBackend):
    kind: BackendKind = "ollama"

    # ----------------------------------------------------------------- description

    def _capabilities(
        self, detection: Detection, models: list[BackendModel], problems: list[Message]
    ) -> Capabilities:
        model = self.config.default_model or (models[0].id if models else None)
        caps = Capabilities(
            server_kind="ollama",
            server_version=detection.version,
            raw_completion=True,
            embeddings=True,
            json_schema=True,
        )
        if model is None:
            return caps
        info = self.model_info(model)
        logprobs = False
        try:
            answer = self.session.call(
                "POST",
                "/api/chat",
                {
                    "model": model,
                    "messages": [{"role": "user", "content": "Hi"}],
                    "stream": False,
                    "logprobs": True,
                    "top_logprobs": MAX_TOP_LOGPROBS,
                    "options": {"num_predict": 1},
                },
                model=model,
            )
            logprobs = bool((answer or {}).get("logprobs"))
        except BackendError as exc:
            problems.append(PROBE_WARNING(what="/api/chat", reason=exc.user_message))
        # /api/show lists what the model can do ("tools" among them) since Ollama 0.6.x;
        # an older server does not say, and answers a tool request with an error if it cannot.
        said = info.details.get("capabilities")
        return dataclasses.replace(
            caps,
            tools="tools" in said if isinstance(said, list) else True,
            chat_template=bool(info.chat_template),
            context_length=info.context_length,
            logprobs=logprobs,
            max_top_logprobs=MAX_TOP_LOGPROBS if logprobs else 0,
        )

    def _list_models(self) -> list[BackendModel]:
        data = self.session.call("GET", "/api/tags")
        out = []
        for m in (data or {}).get("models") or ():
            if not isinstance(m, dict):
                continue
            ident = str(m.get("model") or m.get("name") or "")
            if not ident:
                continue
            details = m.get("details") or {}
            out.append(
                BackendModel(
                    id=ident,
                    name=str(m.get("name") or ident),
                    backend=self.name,
                    n_params=parameter_count(details.get("parameter_size")),
                    size_bytes=m.get("size"),
                    quantization=details.get("quantization_level"),
                    architecture=details.get("family"),
                    details=dict(details),
                )
            )
        return out

    def model_info(self, model: str | None = None) -> BackendModel:
        base = super().model_info(model)
        data = self.session.call("POST", "/api/show", {"model": base.id}, model=base.id) or {}
        info = data.get("model_info") or {}
        arch = info.get("general.architecture") or base.architecture
        return dataclasses.replace(
            base,
            architecture=arch,
            context_length=info.get(f"{arch}.context_length") or base.context_length,
            n_vocab=info.get(f"{arch}.vocab_size") or base.n_vocab,
            n_params=info.get("general.parameter_count") or base.n_params,
            chat_template=data.get("template") or None,
            details={
                **base.details,
                "parameters": data.get("parameters", ""),
                **({"capabilities": data["capabilities"]} if "capabilities" in data else {}),
            },
        )

    # ----------------------------------------------------------------- generate

    def _check_request(self, request: GenerateRequest) -> None:
        if request.forced_tokens or request.token_ids is not None:
            raise unsupported(self.name, NO_TOKENIZER())
        super()._check_request(request)

    async def _produce(self, gen: StreamGeneration, request: GenerateRequest, model: str) -> Finish:
        body: dict[str, Any] = {"model": model, "stream": True, "options": options(request.params)}
        want = request.top_logprobs > 0 and self.capabilities().logprobs
        if want:
            body.update(logprobs=True, top_logprobs=min(request.top_logprobs, MAX_TOP_LOGPROBS))
        fmt = formats.ollama_format(request.output_format)
        if fmt is not None:
            body["format"] = fmt
        if request.messages is not None:
            body["messages"] = ollama_messages(request.messages)
            if formats.sends_tools(request):
                body["tools"] = list(request.tools or ())
            path = "/api/chat"
        else:
            body.update(prompt=request.text or "", raw=True)
            path = "/api/generate"
        calls = ToolCallStream()
        async with self.session.stream_lines("POST", path, body, model=model) as lines:
            gen.responded()
            async for chunk in ndjson_events(lines):
                if not isinstance(chunk, dict):
                    continue
                message = chunk.get("message")
                if isinstance(message, dict):
                    # Whole calls, each in one chunk (streamed since Ollama 0.8).
                    calls.feed([c for c in message.get("tool_calls") or () if isinstance(c, dict)])
                gen.emit(self._tokens(chunk))
                if chunk.get("done"):
                    return Finish(
                        _FINISH.get(str(chunk.get("done_reason", "stop")), "stop"),
                        ServerTimings(
                            prompt_tokens=chunk.get("prompt_eval_count"),
                            prompt_seconds=(chunk.get("prompt_eval_duration") or 0) * NS or None,
                            completion_tokens=chunk.get("eval_count"),
                            decode_seconds=(chunk.get("eval_duration") or 0) * NS or None,
                        ),
                        calls.calls(),
                    )
        return Finish("interrupted")

    @staticmethod
    def _tokens(chunk: dict[str, Any]) -> list[Token]:
        message = chunk.get("message")
        content = str(
            (message.get("content") if isinstance(message, dict) else chunk.get("response")) or ""
        )
        entries = [e for e in chunk.get("logprobs") or () if isinstance(e, dict)]
        if not entries:
            return [Token(-1, content, content.encode())] if content else []
        parts = [str(e.get("token", "")) for e in entries]
        texts = parts if "".join(parts) == content else [""] * (len(parts) - 1) + [content]
        out = []
        for entry, text in zip(entries, texts, strict=True):
            raw = entry.get("bytes")
            out.append(
                Token(
                    -1,
                    text,
                    bytes(raw) if isinstance(raw, list) else text.encode(),
                    float(entry["logprob"]) if "logprob" in entry else None,
                    _tops(entry),
                )
            )
        return out
