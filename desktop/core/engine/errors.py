"""EngineError: the one exception the engine client raises, with a kind and translatable texts.

Every sentence the engine shows a user is declared here once (code + English template), so the
worker, the client and the UI agree on it and a zh_CN user reads it in Chinese.
"""

from __future__ import annotations

from desktop.core.engine.protocol import EngineErrorEvent, ErrorKind
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

NOT_LOADED = MessageSpec(
    "engine.not_loaded", QT_TRANSLATE_NOOP("CoreMessages", "No model is loaded.")
)
STOPPED = MessageSpec(
    "engine.stopped", QT_TRANSLATE_NOOP("CoreMessages", "The engine has stopped.")
)
LOAD_FIRST = MessageSpec(
    "engine.load_first", QT_TRANSLATE_NOOP("CoreMessages", "Load a model first.")
)
CLOSED = MessageSpec("engine.closed", QT_TRANSLATE_NOOP("CoreMessages", "The engine was closed."))
UNKNOWN_COMMAND = MessageSpec(
    "engine.unknown_command", QT_TRANSLATE_NOOP("CoreMessages", "Unknown engine command '{op}'.")
)
FAILED = MessageSpec(
    "engine.failed", QT_TRANSLATE_NOOP("CoreMessages", "The engine failed: {error}")
)
NO_ANSWER = MessageSpec(
    "engine.no_answer",
    QT_TRANSLATE_NOOP("CoreMessages", "The engine did not answer '{op}' in time."),
)
REPLY_TIMEOUT = MessageSpec(
    "engine.reply_timeout", QT_TRANSLATE_NOOP("CoreMessages", "The reply did not finish in time.")
)
DIED_EXIT_CODE = MessageSpec(
    "engine.died.exit_code",
    QT_TRANSLATE_NOOP("CoreMessages", "The engine process exited with code {code}."),
)
DIED_SIGNAL = MessageSpec(
    "engine.died.signal",
    QT_TRANSLATE_NOOP("CoreMessages", "The engine process was killed by signal {signal}."),
)
DIED_OUT_OF_MEMORY = MessageSpec(
    "engine.died.out_of_memory",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The engine process was killed by signal {signal}. The system may have run out of memory.",
    ),
)
DIED_UNRESPONSIVE = MessageSpec(
    "engine.died.unresponsive",
    QT_TRANSLATE_NOOP("CoreMessages", "The engine process stopped responding."),
)
DIED_HINT = MessageSpec(
    "engine.died.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Load the model again. If it keeps happening, try fewer GPU layers, a smaller context, "
        "or another quantization.",
    ),
)
ALREADY_RUNNING = MessageSpec(
    "engine.already_running", QT_TRANSLATE_NOOP("CoreMessages", "Request {id} is already running.")
)
LLAMA_LOAD_FAILED = MessageSpec(
    "engine.llama_load_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "llama.cpp could not load {name}."),
)
LLAMA_LOAD_FAILED_HINT = MessageSpec(
    "engine.llama_load_failed.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The file may be damaged or use features this llama.cpp build lacks; download it again "
        "or pick another quantization.",
    ),
)
CONTEXT_NO_MEMORY = MessageSpec(
    "engine.context_no_memory",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Not enough memory for a {n_ctx}-token context with this model."
    ),
)
CONTEXT_NO_MEMORY_HINT = MessageSpec(
    "engine.context_no_memory.hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Choose a smaller context size or fewer GPU layers."),
)
KV_FULL = MessageSpec(
    "engine.kv_full",
    QT_TRANSLATE_NOOP("CoreMessages", "The KV cache has no room for these tokens."),
)
KV_FULL_HINT = MessageSpec(
    "engine.kv_full.hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Start a new chat or load the model with a larger context."),
)
DECODE_FAILED = MessageSpec(
    "engine.decode_failed", QT_TRANSLATE_NOOP("CoreMessages", "llama_decode failed (code {code}).")
)
TOKEN_NOT_IN_VOCAB = MessageSpec(
    "engine.token_not_in_vocab",
    QT_TRANSLATE_NOOP("CoreMessages", "Token id {id} is not in this model's vocabulary."),
)
FORCED_NOT_IN_VOCAB = MessageSpec(
    "engine.forced_not_in_vocab",
    QT_TRANSLATE_NOOP("CoreMessages", "Forced token id {id} is not in the vocabulary."),
)
ONE_INPUT = MessageSpec(
    "engine.one_input",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "A request needs exactly one of text, token_ids or messages."
    ),
)
NO_MESSAGES = MessageSpec(
    "engine.no_messages", QT_TRANSLATE_NOOP("CoreMessages", "There are no messages to reply to.")
)
EMPTY_PROMPT = MessageSpec(
    "engine.empty_prompt", QT_TRANSLATE_NOOP("CoreMessages", "The prompt is empty.")
)
EMPTY_PROMPT_HINT = MessageSpec(
    "engine.empty_prompt.hint", QT_TRANSLATE_NOOP("CoreMessages", "Type something first.")
)
PROMPT_TOO_LONG = MessageSpec(
    "engine.prompt_too_long",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The prompt has {n_tokens} tokens but the context holds {n_ctx}."
    ),
)
PROMPT_TOO_LONG_HINT = MessageSpec(
    "engine.prompt_too_long.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Shorten the conversation, start a new chat, or load the model with a larger context.",
    ),
)
TOP_LOGPROBS_RANGE = MessageSpec(
    "engine.top_logprobs_range", QT_TRANSLATE_NOOP("CoreMessages", "top_logprobs must be 0-{max}.")
)

# Warnings in ModelInfo.warnings: the model loaded, but not quite as asked.
CPU_ONLY_BUILD = MessageSpec(
    "engine.warning.cpu_only_build",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This llama-cpp-python build is CPU-only, so the model runs on the CPU. To use a GPU, "
        "reinstall llama-cpp-python with GPU support (CMAKE_ARGS, see the README section "
        "'GPU').",
    ),
)
CONTEXT_BEYOND_TRAINED = MessageSpec(
    "engine.warning.context_beyond_trained",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The context ({n_ctx} tokens) is larger than the {n_ctx_train} tokens this model was "
        "trained on; replies may degrade past that length.",
    ),
)


class EngineError(UserError):
    """A failure a user can act on: `user_message` says what happened, `user_hint` what to do
    next (`message` / `hint` are their English texts); `detail` is a stderr tail or trace."""

    def __init__(
        self, kind: ErrorKind, message: Message, hint: Message | None = None, detail: str = ""
    ) -> None:
        super().__init__(message, hint)
        self.kind: ErrorKind = kind
        self.detail = detail

    @classmethod
    def from_event(cls, event: EngineErrorEvent) -> EngineError:
        return cls(event.kind, event.message, event.hint, event.detail)

    @classmethod
    def from_user_error(cls, kind: ErrorKind, error: UserError, detail: str = "") -> EngineError:
        """The same texts under an engine kind (a refused GGUF file, a chat template)."""
        return cls(kind, error.user_message, error.user_hint, detail)

    def to_event(self, request_id: int | None = None) -> EngineErrorEvent:
        return EngineErrorEvent(
            request_id, self.kind, self.user_message, self.user_hint, self.detail
        )


# ------------------------------------------------------------------ output formats (grammars)

GRAMMAR_UNUSABLE = MessageSpec(
    "engine.grammar.unusable",
    QT_TRANSLATE_NOOP("CoreMessages", "llama.cpp could not use this grammar."),
)
GRAMMAR_UNUSABLE_HINT = MessageSpec(
    "engine.grammar.unusable_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Check the grammar's syntax: every rule referenced must be defined, and the root "
        "rule must exist.",
    ),
)
GRAMMAR_DEAD_END = MessageSpec(
    "engine.grammar.dead_end",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The output format allows no token of this model's vocabulary at this point.",
    ),
)
GRAMMAR_DEAD_END_HINT = MessageSpec(
    "engine.grammar.dead_end_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The grammar asks for text this model cannot write; simplify the grammar or schema.",
    ),
)
GRAMMAR_FORCED_REFUSED = MessageSpec(
    "engine.grammar.forced_refused",
    QT_TRANSLATE_NOOP("CoreMessages", "The chosen token is not allowed by the output format here."),
)
GRAMMAR_FORCED_REFUSED_HINT = MessageSpec(
    "engine.grammar.forced_refused_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Pick an alternative the grammar allows, or turn the output format off."
    ),
)

# ------------------------------------------------------------------ embedding models

NO_EMBEDDER = MessageSpec(
    "engine.embed.not_loaded",
    QT_TRANSLATE_NOOP("CoreMessages", "No embedding model is loaded."),
)
NOT_A_RERANKER = MessageSpec(
    "engine.embed.not_reranker",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a reranker (no rank pooling)."),
)
VOCAB_ONLY = MessageSpec(
    "engine.embed.vocab_only",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} holds a vocabulary only, no model weights."),
)
EMBEDDER_LOAD_FAILED = MessageSpec(
    "engine.embed.load_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "llama.cpp could not load {name} as an embedding model."),
)
EMBEDDER_LOAD_FAILED_HINT = MessageSpec(
    "engine.embed.load_failed_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The file may be damaged or use an architecture this llama.cpp build lacks.",
    ),
)
EMBED_NO_MEMORY = MessageSpec(
    "engine.embed.no_memory",
    QT_TRANSLATE_NOOP("CoreMessages", "Not enough memory for a {tokens}-token embedding batch."),
)
EMBED_NO_MEMORY_HINT = MessageSpec(
    "engine.embed.no_memory_hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Close other programs or pick a smaller embedding model."),
)
EMBED_CANCELLED = MessageSpec(
    "engine.embed.cancelled", QT_TRANSLATE_NOOP("CoreMessages", "Embedding was cancelled.")
)
EMBED_DECODE_FAILED = MessageSpec(
    "engine.embed.decode_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "llama_decode failed while embedding (code {code})."),
)
EMBED_NONE = MessageSpec(
    "engine.embed.none", QT_TRANSLATE_NOOP("CoreMessages", "llama.cpp returned no embedding.")
)


NOT_THE_LOADED = MessageSpec(
    "engine.not_the_loaded", QT_TRANSLATE_NOOP("CoreMessages", "{name} is not the loaded model.")
)
LOAD_IT_FIRST = MessageSpec(
    "engine.load_it_first", QT_TRANSLATE_NOOP("CoreMessages", "Load it first.")
)


# ------------------------------------------------------------------ KV cache types

V_CACHE_NEEDS_FLASH = MessageSpec(
    "engine.kv.v_needs_flash",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "A quantized V cache needs flash attention, which is set to off."
    ),
)
V_CACHE_NEEDS_FLASH_HINT = MessageSpec(
    "engine.kv.v_needs_flash_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Set flash attention to auto or on, or keep the V cache at f16."
    ),
)
KV_CACHE_TYPES = MessageSpec(
    "engine.kv.types",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "llama.cpp could not set up a {type_k}/{type_v} KV cache (K/V) for this model.",
    ),
)
KV_CACHE_TYPES_HINT = MessageSpec(
    "engine.kv.types_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Quantized caches need attention heads of a multiple of 32 values, and a quantized V "
        "cache needs flash attention on this backend; keep f16.",
    ),
)
