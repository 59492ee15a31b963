"""Commands and events that cross the pipe between the engine client and its worker process.

Plain frozen dataclasses: picklable, cheap, and the only vocabulary the rest of the app uses to
talk about inference. Tokens travel in batches (`TokenBatch`) so a fast model does not flood the
pipe; a consumer that wants one event per token iterates `TokenBatch.tokens`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from desktop.core.messages import Message
from desktop.core.templates.choice import TemplateChoice

# "interrupted": a remote stream was cut mid-reply (the text so far is kept, see Done.error).
FinishReason = Literal["stop", "length", "context_full", "cancelled", "error", "interrupted"]
Backend = Literal["CPU", "CUDA", "Metal", "Vulkan", "ROCm", "SYCL", "unknown"]
LogprobSource = Literal["raw", "filtered"]
OverflowPolicy = Literal["stop", "truncate_middle", "rolling_window"]
FlashAttention = Literal["auto", "on", "off"]
CacheType = Literal["f16", "q8_0", "q4_0"]
FLASH_ATTENTION_MODES: tuple[str, ...] = ("auto", "on", "off")
CACHE_TYPES: tuple[str, ...] = ("f16", "q8_0", "q4_0")


# --------------------------------------------------------------------------- load


@dataclass(frozen=True)
class LoadOptions:
    path: str
    n_gpu_layers: int = 0  # -1 = all layers
    n_ctx: int = 4096  # 0 = the model's training context
    flash_attn: FlashAttention = "auto"  # auto: on where the backend supports it (llama.cpp)
    n_threads: int | None = None  # None = the number of physical CPU cores
    n_batch: int = 512
    use_mmap: bool = True
    chat_template_override: str | None = None  # a llama.cpp built-in's name, or Jinja
    type_k: CacheType = "f16"  # KV cache element types; quantized V needs flash attention
    type_v: CacheType = "f16"


@dataclass(frozen=True)
class ModelInfo:
    path: str
    name: str
    architecture: str
    n_params: int
    file_type: str  # quantization as llama.cpp names it, e.g. "Q4_K_M", "F16"
    n_layers: int
    n_ctx_train: int
    n_ctx: int  # context actually allocated
    n_vocab: int
    n_embd: int
    chat_template: str | None
    bos_token: str | None
    eos_token: str | None
    special_tokens: dict[str, int]  # text -> id, for every control token
    backend: Backend
    gpu_offload_supported: bool
    n_gpu_layers_requested: int
    n_gpu_layers_offloaded: int
    size_bytes: int
    warnings: tuple[Message, ...] = ()  # e.g. context larger than trained, GPU on a CPU build
    load_seconds: float = 0.0
    # The template `chat_template` holds and why (from the file, an override, a built-in).
    template: TemplateChoice | None = None
    looks_base: bool = False  # no template, nothing says instruct/chat: Completion fits better


# --------------------------------------------------------------------------- generate


@dataclass(frozen=True)
class ToolCall:
    """One function call the model made: `arguments` is the JSON object text it wrote."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant" | "tool"
    content: str
    tool_calls: tuple[ToolCall, ...] = ()  # an assistant message that called tools
    tool_call_id: str | None = None  # a tool message: the call it answers
    name: str | None = None  # a tool message: the function's name


@dataclass(frozen=True)
class GrammarSpec:
    """A GBNF grammar for llama.cpp's grammar sampler, first in the sampler chain.

    `lazy`: the grammar waits until the text matches one of `trigger_patterns` (regexes; the
    first capture group marks where the constrained text starts) or one of `trigger_tokens`
    (special-token texts) is sampled; before that the model writes freely (tool calls in auto
    mode). Built by desktop.core.tools; the engine only runs it.
    """

    gbnf: str
    root: str = "root"
    lazy: bool = False
    trigger_patterns: tuple[str, ...] = ()
    trigger_tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormatSpec:
    """The user's output format as plain data, for servers that enforce formats themselves.

    Remote backends translate it into their server's own field (llama-server `json_schema` or
    `grammar`, OpenAI `response_format`, vLLM `structured_outputs`, Ollama `format`); the local
    engine runs `GenerateRequest.grammar` instead. Built by desktop.core.tools.
    """

    kind: Literal["json", "json_schema", "grammar"]
    schema: dict | None = None  # json_schema
    grammar: str | None = None  # grammar (GBNF)
    name: str = ""  # the schema's name (OpenAI's json_schema.name)


@dataclass(frozen=True)
class SamplingParams:
    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    repeat_penalty: float = 1.0
    repeat_last_n: int = 64
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    seed: int | None = None  # None = random
    max_tokens: int = 512  # 0 or negative = until the context is full
    stop: tuple[str, ...] = ()
    logit_bias: tuple[tuple[int, float], ...] = ()  # (token id, bias); -inf bans a token


@dataclass(frozen=True)
class GenerateRequest:
    """Exactly one of `text`, `token_ids`, `messages` is set.

    `messages` are rendered through the model's chat template (`ModelInfo.template`: its own,
    the user's override, or a llama.cpp built-in chosen for it) with a generation prompt; `text` is raw completion; `token_ids` is fed as is.
    `forced_tokens` are emitted first as if sampled (branch from an alternative), with their
    real logprobs. `top_logprobs` (0-20) asks for alternatives per token; `logprob_source`
    says whether they come from the raw distribution or after the sampler's filters.
    The worker keeps the KV cache of the previous request and evaluates only the tokens that
    differ from it (a new chat turn costs only its new tokens).
    """

    request_id: int
    params: SamplingParams = field(default_factory=SamplingParams)
    text: str | None = None
    token_ids: tuple[int, ...] | None = None
    messages: tuple[ChatMessage, ...] | None = None
    add_generation_prompt: bool = True
    continue_last: bool = False  # render messages so the last assistant message is continued
    forced_tokens: tuple[int, ...] = ()
    top_logprobs: int = 0
    logprob_source: LogprobSource = "raw"
    overflow: OverflowPolicy = "stop"
    grammar: GrammarSpec | None = None  # constrain the reply (structured output, tool calls)
    # OpenAI-shaped tool definitions ({"type": "function", "function": {...}}): the local
    # engine renders them through the chat template's `tools` variable; remote backends send
    # them to the server with `tool_choice` (OpenAI's shape: "auto", "none", "required" or
    # {"type": "function", "function": {"name": ...}}; None means auto).
    tools: tuple[dict, ...] | None = None
    tool_choice: str | dict | None = None
    output_format: FormatSpec | None = None  # for servers (see FormatSpec); None = free text


@dataclass(frozen=True)
class TopToken:
    id: int
    text: str
    logprob: float


@dataclass(frozen=True)
class Token:
    id: int
    text: str  # UTF-8-correct text delta ("" while a multi-byte character is incomplete)
    piece: bytes  # the token's raw bytes
    logprob: float | None = None
    top: tuple[TopToken, ...] | None = None
    forced: bool = False
    # With a grammar and top_logprobs: the share of the model's own probability (0-1) that
    # the grammar forbade at this step. None without a grammar (or while a lazy one waits).
    grammar_removed: float | None = None
    # ... and the most likely tokens the grammar allowed, with the model's own logprobs (not
    # renormalized): `top` (raw) vs `grammar_top` is what the grammar changed.
    grammar_top: tuple[TopToken, ...] | None = None


@dataclass(frozen=True)
class TokenBatch:
    request_id: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class GenerationStats:
    prompt_tokens: int  # tokens in the full prompt
    prompt_tokens_evaluated: int  # tokens actually evaluated (the rest came from the KV cache)
    prompt_eval_seconds: float
    ttft_seconds: float
    completion_tokens: int
    decode_seconds: float
    decode_tok_s: float
    prompt_tok_s: float
    total_seconds: float
    thinking_tokens: int = 0  # tokens of a leading <think>...</think> block, tags included


@dataclass(frozen=True)
class ConstraintCost:
    """What a grammar cost the model over one reply (measured only with top_logprobs).

    `nats` sums -ln(1 - removed) over the constrained tokens: how unlikely the model's own
    distribution found staying inside the grammar. 0 = the grammar never disagreed.
    """

    tokens: int  # sampling steps under the grammar (the end-of-turn step included)
    mean_removed: float  # average probability mass removed per token
    max_removed: float
    nats: float


@dataclass(frozen=True)
class Done:
    request_id: int
    finish_reason: FinishReason
    stats: GenerationStats
    text: str  # the whole reply, stop strings removed
    constraint: ConstraintCost | None = None
    error: Message | None = None  # why a reply ended early ("interrupted"/"error"), for the UI
    # Tool calls a server parsed out of the reply itself (remote backends with `tools`); they
    # are not in `text`. The local engine leaves this empty: desktop.core.tools parses `text`.
    tool_calls: tuple[ToolCall, ...] = ()


# --------------------------------------------------------------------------- errors


ErrorKind = Literal[
    "file_missing",
    "not_gguf",
    "corrupt",
    "unsupported_architecture",
    "out_of_memory",
    "context_full",
    "bad_request",
    "not_loaded",
    "worker_died",
    "internal",
    "busy",  # the window and the API server share the engine, and the other one generates
    # Remote backends (desktop/core/backends/errors.py says which situation each one is).
    "connection",
    "tls",
    "auth",
    "unknown_model",
    "rate_limited",
    "server_error",
    "timeout",
    "unsupported",
    "protocol",
]


@dataclass(frozen=True)
class EngineErrorEvent:
    request_id: int | None
    kind: ErrorKind
    message: Message  # one sentence a user can act on
    hint: Message | None = None  # what to do next
    detail: str = ""  # stderr tail, traceback summary

    @property
    def text(self) -> str:
        """Message and hint in English (CLI, logs, stored error notes)."""
        return f"{self.message} {self.hint}" if self.hint is not None else str(self.message)
