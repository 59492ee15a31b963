"""What a backend can do, and what to say in place of what it cannot.

Chat, the tokenizer view, probability shading, branch-from-token and experiments ask
`Capabilities` before they offer a feature; where a capability is missing, `why_not(name)`
gives the Message to show there instead of hiding or faking the feature. Plain data: it is
stored with a backend's config (the probe result) and read back with `from_dict`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

NO_TOKENIZER = MessageSpec(
    "backends.no_tokenizer",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server does not expose its tokenizer: counts use tiktoken o200k as an estimate.",
    ),
)
NO_TOKEN_PIECES = MessageSpec(
    "backends.no_token_pieces",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server gives token ids but not their text: each token's text is looked up one "
        "by one.",
    ),
)
NO_LOGPROBS = MessageSpec(
    "backends.no_logprobs",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server does not return token probabilities: its replies have no probability "
        "shading or alternatives.",
    ),
)
FEW_LOGPROBS = MessageSpec(
    "backends.few_logprobs",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server returns at most {count} alternatives per token (vLLM: raise it with "
        "--max-logprobs).",
    ),
)
NO_RAW_COMPLETION = MessageSpec(
    "backends.no_raw_completion",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server only takes chat messages, not a raw prompt: completion mode and "
        "branching from a chosen token are not possible here.",
    ),
)
NO_TOKEN_PROMPT = MessageSpec(
    "backends.no_token_prompt",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server takes prompts as text, not token ids: a branch from a chosen token sends "
        "the token's text, which the server may cut into different tokens.",
    ),
)
NO_CHAT_TEMPLATE = MessageSpec(
    "backends.no_chat_template",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server does not show its chat template: the exact prompt the model reads "
        "cannot be displayed.",
    ),
)
NO_APPLY_TEMPLATE = MessageSpec(
    "backends.no_apply_template",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server cannot render a chat into its prompt text: the rendered prompt view is "
        "not available.",
    ),
)
NO_LOAD_UNLOAD = MessageSpec(
    "backends.no_load_unload",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server decides which models are loaded: pick one of its models instead.",
    ),
)
NO_EMBEDDINGS = MessageSpec(
    "backends.no_embeddings",
    QT_TRANSLATE_NOOP("CoreMessages", "This server does not compute embeddings."),
)
NO_GRAMMAR = MessageSpec(
    "backends.no_grammar",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server ({server}) does not take GBNF grammars: choose JSON or a JSON Schema, or "
        "run the grammar on the local engine or llama-server.",
    ),
)
NO_JSON_SCHEMA = MessageSpec(
    "backends.no_json_schema",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server ({server}) is not known to enforce JSON output or a JSON Schema: use the "
        "local engine, llama-server, vLLM, SGLang, Ollama or OpenAI for output formats.",
    ),
)
NO_TOOLS = MessageSpec(
    "backends.no_tools",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server ({server}) does not offer tool calling for this model: its chat template "
        "does not render tools, or the server runs without tool support (llama-server: --jinja).",
    ),
)

# Capability name -> the Message shown where it is missing (see Capabilities.why_not).
_MISSING = {
    "tokenizer": NO_TOKENIZER,
    "tokenizer_pieces": NO_TOKEN_PIECES,
    "logprobs": NO_LOGPROBS,
    "raw_completion": NO_RAW_COMPLETION,
    "token_prompt": NO_TOKEN_PROMPT,
    "chat_template": NO_CHAT_TEMPLATE,
    "apply_template": NO_APPLY_TEMPLATE,
    "load_unload": NO_LOAD_UNLOAD,
    "embeddings": NO_EMBEDDINGS,
    "grammar": NO_GRAMMAR,
    "json_schema": NO_JSON_SCHEMA,
    "tools": NO_TOOLS,
}
FLAGS = tuple(_MISSING)
ESTIMATE_TOKENIZER = "tiktoken:o200k_base"  # what counts fall back to without a tokenizer
# Raised when a probe learns something new: saved probes of an older version are redone.
PROBE_VERSION = 2

# server_kind -> the name shown to users.
SERVER_NAMES = {
    "local": "local engine",
    "llama-server": "llama-server",
    "vllm": "vLLM",
    "sglang": "SGLang",
    "ollama": "Ollama",
    "lmstudio": "LM Studio",
    "llama-cpp-python": "llama-cpp-python",
    "openai": "OpenAI",
    "openai-compatible": "OpenAI-compatible",
}


@dataclass(frozen=True)
class Capabilities:
    """`server_kind`: local, llama-server, vllm, sglang, ollama, lmstudio, llama-cpp-python,
    openai or openai-compatible (an OpenAI-style server we could not name)."""

    server_kind: str
    server_version: str = ""
    tokenizer: bool = False
    tokenizer_pieces: bool = False  # tokenize answers with each token's text/bytes
    logprobs: bool = False
    max_top_logprobs: int = 0  # alternatives per token the server returns at most
    raw_completion: bool = False  # a raw prompt, no chat template (completion mode, branching)
    token_prompt: bool = False  # a prompt given as token ids (exact forced-token branches)
    chat_template: bool = False  # the template's source is readable
    apply_template: bool = False  # the server renders messages into the prompt text
    load_unload: bool = False
    embeddings: bool = False
    grammar: bool = False  # takes a GBNF grammar
    json_schema: bool = False  # enforces JSON output and JSON Schemas
    tools: bool = False  # takes `tools` and returns the calls it parsed
    context_length: int | None = None
    parallel_slots: int | None = None  # requests the server decodes at once, when it says
    notes: tuple[Message, ...] = ()  # other facts the probe found worth showing
    probe_version: int = PROBE_VERSION  # saved probes from before carry what they knew then

    @property
    def server_name(self) -> str:
        """The server's name for users ("vLLM", "llama-server"...)."""
        return SERVER_NAMES.get(self.server_kind, self.server_kind or "?")

    def has(self, name: str) -> bool:
        return bool(getattr(self, name))

    def why_not(self, name: str) -> Message | None:
        """What to show where capability `name` would be used; None when it is there (for
        logprobs: a note when the server caps the alternatives below 20)."""
        if name not in _MISSING:
            raise KeyError(name)
        if self.has(name):
            if name == "logprobs" and 0 < self.max_top_logprobs < 20:
                return FEW_LOGPROBS(count=self.max_top_logprobs)
            return None
        return _MISSING[name](server=self.server_name)

    def missing(self) -> dict[str, Message]:
        """Every missing capability and its Message (for a backend's "test connection")."""
        out = {}
        for name in FLAGS:
            message = self.why_not(name)
            if message is not None:
                out[name] = message
        return out

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "notes"
        }
        data["notes"] = [
            {"code": n.code, "template": n.template, "params": _plain(n.params)} for n in self.notes
        ]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Capabilities:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known and k != "notes"}
        values.setdefault("probe_version", 0)  # saved before probes had versions
        notes = tuple(
            Message(str(n.get("code", "")), str(n.get("template", "")), dict(n.get("params") or {}))
            for n in data.get("notes") or ()
            if isinstance(n, Mapping)
        )
        return cls(**values, notes=notes)


def _plain(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Message) else v for k, v in params.items()}


LOCAL_CAPABILITIES = Capabilities(
    server_kind="local",
    tokenizer=True,
    tokenizer_pieces=True,
    logprobs=True,
    max_top_logprobs=20,
    raw_completion=True,
    token_prompt=True,
    chat_template=True,
    apply_template=True,
    load_unload=True,
    grammar=True,
    json_schema=True,
    tools=True,
)
"""The local engine: everything but embeddings (a separate embedder process does those)."""
