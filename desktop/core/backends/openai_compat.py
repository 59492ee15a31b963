"""OpenAI-compatible servers: vLLM, SGLang, LM Studio, llama-cpp-python, OpenAI, Ollama's /v1.

Chats go to `/v1/chat/completions`, raw prompts to `/v1/completions`, both streamed as SSE
with `stream_options.include_usage` (token counts in a last chunk) and `logprobs` /
`top_logprobs` when asked. What differs between servers is decided from the probe:
- vLLM and SGLang take sampling extensions (top_k, min_p, repetition_penalty) and vLLM's
  `/tokenize` and `/detokenize` (beside /v1, not under it); vLLM returns token ids with
  `return_tokens_as_token_ids` and caps top_logprobs at 20 unless started with --max-logprobs.
- llama-cpp-python's server tokenizes at `/extras/tokenize` and `/extras/detokenize`.
- OpenAI itself refuses unknown fields, takes at most 4 stop strings (the rest are applied
  here, client-side) and counts replies in `max_completion_tokens`.
Token ids are -1 where the server does not give them (most servers' chat logprobs).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

from desktop.core.backends import formats
from desktop.core.backends.base import BackendKind, BackendModel, TokenPieces
from desktop.core.backends.capabilities import Capabilities
from desktop.core.backends.errors import BackendError, bad_answer, unsupported
from desktop.core.backends.generation import Finish, StreamGeneration
from desktop.core.backends.openai_chat import (
    TOKEN_ID_PREFIX,
    chat_tokens,
    make_token,
    openai_messages,
    read_stream,
    sorted_tops,
    spread,
    token_id,
)
from desktop.core.backends.probe import Detection
from desktop.core.backends.remote import PROBE_WARNING, RemoteBackend, forced_tokens
from desktop.core.engine.protocol import (
    ChatMessage,
    GenerateRequest,
    SamplingParams,
    Token,
)
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

__all__ = ["TOKEN_ID_PREFIX", "OpenAICompatBackend", "token_id"]

ONE_AT_A_TIME = MessageSpec(
    "backends.one_at_a_time",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "llama-cpp-python's server stops a running reply when another request arrives: "
        "Tessera sends it one request at a time.",
    ),
)

TOOLS_NAMED_ONLY = MessageSpec(
    "backends.tools_named_only",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "llama-cpp-python's server returns tool calls only when one tool is forced "
        "(tool_choice naming it); with auto, a call stays in the reply's text.",
    ),
)
NO_AUTO_TOOLS = MessageSpec(
    "backends.no_auto_tools",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server calls tools only when a call is required or one tool is named: for "
        "tool_choice auto, vLLM needs --enable-auto-tool-choice and --tool-call-parser.",
    ),
)

CANNOT_CONTINUE = MessageSpec(
    "backends.cannot_continue",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server cannot continue an unfinished reply (it needs vLLM's "
        "continue_final_message or a raw-prompt endpoint with the rendered chat).",
    ),
)

# Servers that accept sampling fields beyond OpenAI's own.
EXTENDED_SAMPLING = frozenset({"vllm", "sglang", "llama-cpp-python", "lmstudio", "llama-server"})
JSON_SCHEMA_SERVERS = frozenset(
    {"vllm", "sglang", "openai", "lmstudio", "llama-server", "ollama", "llama-cpp-python"}
)
OPENAI_MAX_STOPS = 4
PROBE_TOP = 20
PROBE_TOOL = {
    "type": "function",
    "function": {
        "name": "probe",
        "description": "",
        "parameters": {"type": "object", "properties": {}},
    },
}


class OpenAICompatBackend(RemoteBackend):
    kind: BackendKind = "openai"

    @property
    def _server(self) -> str:
        return self.capabilities().server_kind

    # ----------------------------------------------------------------- description

    def _capabilities(
        self, detection: Detection, models: list[BackendModel], problems: list[Message]
    ) -> Capabilities:
        server = detection.server_kind
        model = self.config.default_model or (models[0].id if models else None)
        one_at_a_time = server == "llama-cpp-python"
        caps = Capabilities(
            server_kind=server,
            server_version=detection.version,
            parallel_slots=1 if one_at_a_time else None,
            notes=(ONE_AT_A_TIME(),) if one_at_a_time else (),
            json_schema=server in JSON_SCHEMA_SERVERS,
            grammar=server in formats.GBNF_SERVERS,
            context_length=next(
                (m.context_length for m in models if m.id == model and m.context_length), None
            ),
        )
        if model is None:
            return caps
        if server == "llama-cpp-python":
            tokens = self.session.call_or_none("POST", "/extras/tokenize", {"input": "a"})
        else:
            tokens = self.session.call_or_none("POST", "/tokenize", {"model": model, "prompt": "a"})
        if server == "llama-cpp-python" and isinstance(tokens, dict):
            caps = dataclasses.replace(caps, tokenizer=isinstance(tokens.get("tokens"), list))
        elif isinstance(tokens, dict) and isinstance(tokens.get("tokens"), list):
            chat = self.session.call_or_none(
                "POST", "/tokenize", {"model": model, "messages": [{"role": "user", "content": "a"}]}
            )  # fmt: skip
            caps = dataclasses.replace(
                caps,
                tokenizer=True,
                apply_template=isinstance(chat, dict) and isinstance(chat.get("tokens"), list),
                context_length=caps.context_length or tokens.get("max_model_len"),
            )
        raw = self._try(
            problems, "/v1/completions", {"model": model, "prompt": "a", "max_tokens": 1}
        )
        logprobs, top = self._probe_logprobs(model, problems, server)
        tools, notes = self._probe_tools(model, problems, server)
        return dataclasses.replace(
            caps,
            raw_completion=raw is not None,
            token_prompt=raw is not None and server in ("vllm", "sglang"),
            logprobs=logprobs,
            max_top_logprobs=top,
            tools=tools,
            notes=caps.notes + notes,
        )  # fmt: skip

    def _try(self, problems: list[Message], path: str, body: dict[str, Any]) -> Any:
        try:
            return self.session.call_or_none("POST", path, body)
        except BackendError as exc:
            problems.append(PROBE_WARNING(what=path, reason=exc.user_message))
            return None

    def _probe_logprobs(self, model: str, problems: list[Message], server: str) -> tuple[bool, int]:
        """Whether the server returns logprobs, and the most alternatives per token."""
        for top in (PROBE_TOP, 5, 1):
            body = {
                "model": model,
                "messages": [{"role": "user", "content": "Hi"}],
                self._max_tokens_field(server): 1,
                "logprobs": True,
                "top_logprobs": top,
            }
            answer = self._try(problems, "/v1/chat/completions", body)
            if answer is None:
                continue
            choice = ((answer or {}).get("choices") or [{}])[0]
            content = ((choice.get("logprobs") or {}).get("content")) or []
            if not content:
                return False, 0  # answered, but without logprobs: the server ignores the field
            # Counting what came back would mislead: servers that key alternatives by text
            # (llama-cpp-python) merge tokens with equal text. A server over its cap refuses.
            return True, top if content[0].get("top_logprobs") else 0
        return False, 0

    def _probe_tools(
        self, model: str, problems: list[Message], server: str
    ) -> tuple[bool, tuple[Message, ...]]:
        """Whether the server takes `tools` (one token asked with tool_choice auto, then
        required: vLLM answers auto only when started with --enable-auto-tool-choice)."""
        notes: tuple[Message, ...] = (TOOLS_NAMED_ONLY(),) if server == "llama-cpp-python" else ()
        for choice in ("auto", "required"):
            body = {
                "model": model,
                "messages": [{"role": "user", "content": "Hi"}],
                self._max_tokens_field(server): 1,
                "tools": [PROBE_TOOL],
                "tool_choice": choice,
            }
            try:
                answer = self.session.call_or_none("POST", "/v1/chat/completions", body)
            except BackendError:
                answer = None  # refused (400): the server does not take this tool_choice
            if answer is not None:
                return True, notes + ((NO_AUTO_TOOLS(),) if choice != "auto" else ())
        return False, ()

    @staticmethod
    def _max_tokens_field(server: str) -> str:
        return "max_completion_tokens" if server == "openai" else "max_tokens"

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
                    name=str(m["id"]),
                    backend=self.name,
                    context_length=m.get("max_model_len") or meta.get("n_ctx_train"),
                    n_params=meta.get("n_params"),
                    n_vocab=meta.get("n_vocab"),
                    details={k: v for k, v in m.items() if k not in ("id", "object")},
                )
            )
        return out

    # ----------------------------------------------------------------- text

    async def _tokenize(self, text: str, add_special: bool, model: str) -> TokenPieces:
        if self._server == "llama-cpp-python":
            # Its /extras/tokenize adds what the model adds by itself (BOS), always.
            data = await self.session.json("POST", "/extras/tokenize", {"input": text})
        else:
            data = await self.session.json(
                "POST",
                "/tokenize",
                {"model": model, "prompt": text, "add_special_tokens": add_special},
                model=model,
            )
        if not isinstance(data, dict) or not isinstance(data.get("tokens"), list):
            raise bad_answer(self.session.url("/tokenize"), "no token list")
        return TokenPieces(tuple(int(t) for t in data["tokens"]))

    def tokenize(
        self,
        text: str,
        *,
        add_special: bool = False,
        parse_special: bool = True,
        model: str | None = None,
    ) -> TokenPieces:
        self._require("tokenizer")
        return self.session.run(self._tokenize(text, add_special, self.resolve_model(model)))

    async def _detokenize(self, ids: Sequence[int], model: str) -> str:
        tokens = [int(i) for i in ids]
        if self._server == "llama-cpp-python":
            data = await self.session.json("POST", "/extras/detokenize", {"tokens": tokens})
            return str((data or {}).get("text", ""))
        data = await self.session.json(
            "POST", "/detokenize", {"model": model, "tokens": tokens}, model=model
        )
        return str((data or {}).get("prompt", ""))

    def detokenize(self, ids: Sequence[int], *, model: str | None = None) -> str:
        self._require("tokenizer")
        return self.session.run(self._detokenize(ids, self.resolve_model(model)))

    async def _apply_template(
        self, messages: Sequence[ChatMessage], add_generation_prompt: bool, model: str
    ) -> str:
        continuing = (
            not add_generation_prompt and bool(messages) and messages[-1].role == "assistant"
        )
        data = await self.session.json(
            "POST",
            "/tokenize",
            {
                "model": model,
                "messages": [{"role": m.role, "content": m.content} for m in messages],
                "add_generation_prompt": add_generation_prompt,
                "continue_final_message": continuing,
                "add_special_tokens": False,
            },
            model=model,
        )  # fmt: skip
        return await self._detokenize((data or {}).get("tokens") or [], model)

    def apply_template(
        self,
        messages: Sequence[ChatMessage],
        *,
        add_generation_prompt: bool = True,
        model: str | None = None,
    ) -> str:
        self._require("apply_template")
        return self.session.run(
            self._apply_template(messages, add_generation_prompt, self.resolve_model(model))
        )

    def _require(self, capability: str) -> None:
        reason = self.capabilities().why_not(capability)
        if reason is not None and not self.capabilities().has(capability):
            raise unsupported(self.name, reason)

    # ----------------------------------------------------------------- generate

    def _sampling(self, params: SamplingParams, server: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "temperature": params.temperature,
            "top_p": params.top_p,
            "presence_penalty": params.presence_penalty,
            "frequency_penalty": params.frequency_penalty,
        }
        if params.max_tokens > 0:
            body[self._max_tokens_field(server)] = params.max_tokens
        if params.seed is not None:
            body["seed"] = params.seed
        if params.stop:
            stops = list(params.stop)
            body["stop"] = stops[:OPENAI_MAX_STOPS] if server == "openai" else stops
        if params.logit_bias:
            body["logit_bias"] = {
                str(t): max(-100.0, min(100.0, b)) if not math.isinf(b) else -100.0
                for t, b in params.logit_bias
            }
        if server in EXTENDED_SAMPLING:
            body.update(
                top_k=params.top_k, min_p=params.min_p, repetition_penalty=params.repeat_penalty
            )
        if server in ("vllm", "sglang"):
            body["return_tokens_as_token_ids"] = True
        return body

    async def _raw_prompt(
        self, request: GenerateRequest, model: str, server: str
    ) -> tuple[str | list[int], list[Token]]:
        if request.messages is not None:
            prompt: str | list[int] = await self._apply_template(
                request.messages, request.add_generation_prompt and not request.continue_last,
                model,
            )  # fmt: skip
        elif request.token_ids is not None:
            prompt = list(request.token_ids)
        else:
            prompt = request.text or ""
        if not request.forced_tokens:
            return prompt, []
        texts = [await self._detokenize([t], model) for t in request.forced_tokens]
        forced = forced_tokens(request.forced_tokens, texts)
        if server in ("vllm", "sglang"):
            if isinstance(prompt, str):
                prompt = list((await self._tokenize(prompt, False, model)).ids)
            return prompt + list(request.forced_tokens), forced
        if isinstance(prompt, list):
            prompt = await self._detokenize(prompt, model)
        return prompt + "".join(texts), forced

    def _check_request(self, request: GenerateRequest) -> None:
        caps = self.capabilities()
        needs_template = request.messages is not None and request.forced_tokens
        if request.messages is not None and request.continue_last and caps.server_kind != "vllm":
            raise unsupported(self.name, CANNOT_CONTINUE())
        if request.forced_tokens and not caps.tokenizer:
            raise unsupported(self.name, caps.why_not("tokenizer") or CANNOT_CONTINUE())
        if needs_template and not caps.apply_template:
            raise unsupported(self.name, caps.why_not("apply_template") or CANNOT_CONTINUE())
        super()._check_request(request)

    async def _produce(self, gen: StreamGeneration, request: GenerateRequest, model: str) -> Finish:
        server = self._server
        caps = self.capabilities()
        want = request.top_logprobs > 0 and caps.logprobs
        top = min(request.top_logprobs, caps.max_top_logprobs)
        body: dict[str, Any] = {
            "model": model,
            "stream": True,
            "stream_options": {"include_usage": True},
            **self._sampling(request.params, server),
        }
        raw = request.messages is None or bool(request.forced_tokens)
        forced: list[Token] = []
        body.update(formats.openai_fields(request, caps, chat=not raw))
        if raw:
            body["prompt"], forced = await self._raw_prompt(request, model, server)
            if want:
                body["logprobs"] = top
            path = "/v1/completions"
        else:
            assert request.messages is not None
            body["messages"] = openai_messages(request.messages, tool_names=server != "openai")
            body.update(formats.openai_tools(request, server))
            if request.continue_last:
                body.update(add_generation_prompt=False, continue_final_message=True)
            if want:
                body.update(logprobs=True, top_logprobs=top)
            path = "/v1/chat/completions"
        async with self.session.stream_lines("POST", path, body, model=model) as lines:
            gen.responded()
            gen.emit(forced)
            return await read_stream(gen, lines, _completion_tokens if raw else chat_tokens)


def _completion_tokens(choice: dict[str, Any]) -> list[Token]:
    content = str(choice.get("text") or "")
    lp = choice.get("logprobs") or {}
    names = [str(t) for t in lp.get("tokens") or ()]
    if not names:
        return [Token(-1, content, content.encode())] if content else []
    values = list(lp.get("token_logprobs") or ())
    tops = list(lp.get("top_logprobs") or ())
    shown = [token_id(n)[1] for n in names]
    texts = spread(content, [s if s is not None else "" for s in shown])
    out = []
    for k, name in enumerate(names):
        alts = tops[k] if k < len(tops) and isinstance(tops[k], dict) else {}
        out.append(
            make_token(
                name,
                None,
                texts[k],
                values[k] if k < len(values) else None,
                sorted_tops([(str(t), float(v)) for t, v in alts.items()]),
            )
        )
    return out
