"""llama.cpp's llama-server: the native API, which gives token ids, bytes and probabilities.

Chats are rendered by the server's own template (`/apply-template`) and completed raw through
`/completion`, so every reply carries token ids, their bytes and top-N probabilities (raw, or
after the sampler chain with `post_sampling_probs`), and `cache_prompt` lets the server reuse
its KV cache across turns as the local engine does. Branches from a chosen token send the
prompt as token ids, exactly.

One quirk of llama-server (as of the build vendored in llama-cpp-python 0.3.36): a token
whose bytes end inside a UTF-8 character is not streamed on its own; its text arrives with
the next token and its id and probabilities are dropped. `tokens_predicted` still counts it,
so it appears here as a token with id -1 and no probability (never silently lost).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from desktop.core.backends import formats
from desktop.core.backends.base import BackendKind, BackendModel, TokenPieces
from desktop.core.backends.capabilities import Capabilities
from desktop.core.backends.errors import bad_answer
from desktop.core.backends.generation import Finish, ServerTimings, StreamGeneration
from desktop.core.backends.openai_chat import openai_messages, read_stream
from desktop.core.backends.probe import Detection
from desktop.core.backends.remote import RemoteBackend, forced_tokens
from desktop.core.backends.sse import sse_events
from desktop.core.backends.templating import continuation_messages, cut_continuation
from desktop.core.engine.protocol import (
    ChatMessage,
    FinishReason,
    GenerateRequest,
    SamplingParams,
    Token,
    TopToken,
)
from desktop.core.messages import Message

MAX_TOP_LOGPROBS = 20  # what Tessera shows; the server itself has no cap
PROBE_TOOL = {
    "type": "function",
    "function": {"name": "probe", "parameters": {"type": "object", "properties": {}}},
}


def sampling_body(params: SamplingParams) -> dict[str, Any]:
    """SamplingParams as /completion fields (a -inf bias is llama-server's `false`: banned)."""
    body: dict[str, Any] = {
        "temperature": params.temperature,
        "top_k": params.top_k,
        "top_p": params.top_p,
        "min_p": params.min_p,
        "repeat_penalty": params.repeat_penalty,
        "repeat_last_n": params.repeat_last_n,
        "presence_penalty": params.presence_penalty,
        "frequency_penalty": params.frequency_penalty,
        "n_predict": params.max_tokens if params.max_tokens > 0 else -1,
        "stop": list(params.stop),
        "seed": params.seed if params.seed is not None else -1,
    }
    if params.logit_bias:
        body["logit_bias"] = [
            [tid, False if math.isinf(bias) and bias < 0 else bias]
            for tid, bias in params.logit_bias
        ]
    return body


def _logprob(entry: dict[str, Any]) -> float | None:
    if "logprob" in entry:
        return float(entry["logprob"])
    if "prob" in entry:
        prob = float(entry["prob"])
        return math.log(prob) if prob > 0 else float("-inf")
    return None


def _top(entry: dict[str, Any]) -> tuple[TopToken, ...] | None:
    alts = entry.get("top_logprobs", entry.get("top_probs"))
    if not isinstance(alts, list):
        return None
    tops = [
        TopToken(int(a.get("id", -1)), str(a.get("token", "")), lp)
        for a in alts
        if isinstance(a, dict) and (lp := _logprob(a)) is not None
    ]
    tops.sort(key=lambda t: t.logprob, reverse=True)
    return tuple(tops)


_STOP_TYPES: dict[str, FinishReason] = {"eos": "stop", "word": "stop", "limit": "length"}


class LlamaServerBackend(RemoteBackend):
    kind: BackendKind = "llama-server"

    # ----------------------------------------------------------------- description

    def _capabilities(
        self, detection: Detection, models: list[BackendModel], problems: list[Message]
    ) -> Capabilities:
        props = detection.facts.get("props") or {}
        settings = props.get("default_generation_settings") or {}
        n_ctx = settings.get("n_ctx")
        template = props.get("chat_template")
        apply_template = self.session.run(
            self.session.json_or_none("POST", "/apply-template", {"messages": []})
        )
        # Tools need --jinja (else the server refuses them) and a template that renders them.
        with_tools = self.session.run(
            self.session.json_or_none("POST", "/apply-template", {"messages": [
                {"role": "user", "content": "a"}], "tools": [PROBE_TOOL]})
        )  # fmt: skip
        template_caps = props.get("chat_template_caps")
        renders_tools = not isinstance(template_caps, dict) or bool(
            template_caps.get("supports_tools") or template_caps.get("supports_tool_calls")
        )
        return Capabilities(
            server_kind="llama-server",
            server_version=detection.version,
            tokenizer=True,
            tokenizer_pieces=True,
            logprobs=True,
            max_top_logprobs=MAX_TOP_LOGPROBS,
            raw_completion=True,
            token_prompt=True,
            chat_template=bool(template),
            apply_template=apply_template is not None,
            grammar=True,
            json_schema=True,
            tools=with_tools is not None and renders_tools,
            context_length=int(n_ctx) if isinstance(n_ctx, int) else None,
            parallel_slots=props.get("total_slots") if isinstance(props.get("total_slots"), int) else None,
        )  # fmt: skip

    def _list_models(self) -> list[BackendModel]:
        data = self.session.call("GET", "/v1/models")
        out = []
        for m in (data or {}).get("data") or ():
            if not isinstance(m, dict) or "id" not in m:
                continue
            meta = m.get("meta") or {}
            out.append(
                BackendModel(
                    id=str(m["id"]),
                    name=str(m["id"]).replace("\\", "/").rsplit("/", 1)[-1],
                    backend=self.name,
                    context_length=meta.get("n_ctx_train"),
                    n_params=meta.get("n_params"),
                    size_bytes=meta.get("size"),
                    quantization=meta.get("ftype"),
                    n_vocab=meta.get("n_vocab"),
                    details=dict(meta),
                )
            )
        return out

    def model_info(self, model: str | None = None) -> BackendModel:
        import dataclasses

        base = super().model_info(model)
        props = self.session.call("GET", "/props") or {}
        return dataclasses.replace(base, chat_template=props.get("chat_template") or None)

    # ----------------------------------------------------------------- text

    async def _tokenize(self, text: str, add_special: bool, parse_special: bool) -> TokenPieces:
        data = await self.session.json(
            "POST",
            "/tokenize",
            {
                "content": text,
                "add_special": add_special,
                "parse_special": parse_special,
                "with_pieces": True,
            },
        )
        tokens = (data or {}).get("tokens")
        if not isinstance(tokens, list):
            raise bad_answer(self.session.url("/tokenize"), "no token list")
        ids, pieces = [], []
        for t in tokens:
            if isinstance(t, dict):
                ids.append(int(t["id"]))
                piece = t.get("piece", "")
                # A piece that is not valid UTF-8 arrives as a list of byte values.
                pieces.append(bytes(piece) if isinstance(piece, list) else str(piece).encode())
            else:
                ids.append(int(t))
        return TokenPieces(tuple(ids), tuple(pieces) if len(pieces) == len(ids) else None)

    def tokenize(
        self,
        text: str,
        *,
        add_special: bool = False,
        parse_special: bool = True,
        model: str | None = None,
    ) -> TokenPieces:
        return self.session.run(self._tokenize(text, add_special, parse_special))

    async def _detokenize(self, ids: Sequence[int]) -> str:
        data = await self.session.json("POST", "/detokenize", {"tokens": [int(i) for i in ids]})
        return str((data or {}).get("content", ""))

    def detokenize(self, ids: Sequence[int], *, model: str | None = None) -> str:
        return self.session.run(self._detokenize(ids))

    async def _apply_template(
        self, messages: Sequence[ChatMessage], add_generation_prompt: bool, continue_last: bool
    ) -> str:
        sent, marker = continuation_messages(messages) if continue_last else (messages, None)
        body = {
            "messages": [{"role": m.role, "content": m.content} for m in sent],
            "add_generation_prompt": add_generation_prompt and not continue_last,
        }
        data = await self.session.json("POST", "/apply-template", body)
        prompt = str((data or {}).get("prompt", ""))
        return cut_continuation(prompt, marker) if marker else prompt

    def apply_template(
        self,
        messages: Sequence[ChatMessage],
        *,
        add_generation_prompt: bool = True,
        model: str | None = None,
    ) -> str:
        return self.session.run(self._apply_template(messages, add_generation_prompt, False))

    # ----------------------------------------------------------------- generate

    async def _prompt(self, request: GenerateRequest) -> tuple[str | list[int], list[Token]]:
        """The prompt as text (KV-cache friendly) or, with forced tokens, as exact ids; and
        the forced tokens to show first."""
        if request.messages is not None:
            prompt: str | list[int] = await self._apply_template(
                request.messages, request.add_generation_prompt, request.continue_last
            )
        elif request.token_ids is not None:
            prompt = list(request.token_ids)
        else:
            prompt = request.text or ""
        if not request.forced_tokens:
            return prompt, []
        if isinstance(prompt, str):
            prompt = list((await self._tokenize(prompt, True, True)).ids)
        texts = [await self._detokenize([t]) for t in request.forced_tokens]
        return prompt + list(request.forced_tokens), forced_tokens(request.forced_tokens, texts)

    async def _produce(self, gen: StreamGeneration, request: GenerateRequest, model: str) -> Finish:
        if formats.sends_tools(request):
            return await self._produce_with_tools(gen, request, model)
        prompt, forced = await self._prompt(request)
        body = {
            "prompt": prompt,
            "stream": True,
            "cache_prompt": True,
            "return_tokens": True,
            "n_probs": request.top_logprobs,
            "post_sampling_probs": request.logprob_source == "filtered",
            **sampling_body(request.params),
            **formats.llama_server_fields(request),
        }
        if forced and request.params.max_tokens > 0:
            body["n_predict"] = max(1, request.params.max_tokens - len(forced))
        seen = 0
        async with self.session.stream_lines("POST", "/completion", body, model=model) as lines:
            gen.responded()
            gen.emit(forced)
            async for chunk in sse_events(lines):
                if not isinstance(chunk, dict):
                    continue
                if chunk.get("stop"):
                    # Tokens the server held back to the end (an unfinished UTF-8 character).
                    gen.emit(self._tokens({**chunk, "tokens": []}, seen, False))
                    return Finish(self._finish_reason(chunk), self._timings(chunk))
                tokens = self._tokens(chunk, seen, request.top_logprobs > 0)
                seen += len(tokens)
                gen.emit(tokens)
        return Finish("interrupted")  # the stream ended without its final chunk

    async def _produce_with_tools(
        self, gen: StreamGeneration, request: GenerateRequest, model: str
    ) -> Finish:
        """Tools go through the OpenAI-style chat: the server renders them with the model's
        template, constrains the call with its own grammar and parses it (token ids and
        post-sampling probabilities are not given there)."""
        assert request.messages is not None
        params = request.params
        body: dict[str, Any] = {
            "messages": openai_messages(request.messages),
            "stream": True,
            "cache_prompt": True,
            **sampling_body(params),
            **formats.openai_tools(request, "llama-server"),
        }
        body.pop("n_predict")
        if params.max_tokens > 0:
            body["max_tokens"] = params.max_tokens
        if params.logit_bias:  # /v1 reads a token id -> bias object
            body["logit_bias"] = {str(t): b for t, b in body["logit_bias"]}
        if request.output_format is not None and request.output_format.kind != "grammar":
            body["response_format"] = formats.response_format(request.output_format, "")
        # llama-server answers HTTP 400 "logprobs is not supported with tools + stream": with
        # tools the reply streams without probabilities rather than not at all.
        if request.top_logprobs > 0 and not request.tools:
            body.update(logprobs=True, top_logprobs=request.top_logprobs)
        async with self.session.stream_lines(
            "POST", "/v1/chat/completions", body, model=model
        ) as lines:
            gen.responded()
            return await read_stream(gen, lines)

    @staticmethod
    def _tokens(chunk: dict[str, Any], seen: int, with_probs: bool) -> list[Token]:
        content = str(chunk.get("content") or "")
        ids = [int(i) for i in chunk.get("tokens") or ()]
        probs = [p for p in chunk.get("completion_probabilities") or () if isinstance(p, dict)]
        predicted = chunk.get("tokens_predicted")
        held = predicted - seen - len(ids) if isinstance(predicted, int) else 0
        out = [Token(-1, "", b"") for _ in range(max(0, held))]
        if not ids:
            if content and out:
                out[-1] = Token(-1, content, content.encode())
            elif content:
                out.append(Token(-1, content, content.encode()))
            return out
        for k, tid in enumerate(ids):
            entry = probs[k] if k < len(probs) and probs[k].get("id", tid) == tid else {}
            raw = entry.get("bytes")
            last = k == len(ids) - 1
            text = content if last else ""
            piece = bytes(raw) if isinstance(raw, list) else (text.encode() if last else b"")
            out.append(
                Token(
                    tid,
                    text,
                    piece,
                    _logprob(entry) if with_probs else None,
                    _top(entry) if with_probs else None,
                )
            )
        return out

    @staticmethod
    def _finish_reason(chunk: dict[str, Any]) -> FinishReason:
        stop_type = str(chunk.get("stop_type", ""))
        if stop_type == "limit" and chunk.get("truncated"):
            return "context_full"
        return _STOP_TYPES.get(stop_type, "stop")

    @staticmethod
    def _timings(chunk: dict[str, Any]) -> ServerTimings | None:
        return ServerTimings.from_llama_server(chunk.get("timings"))
