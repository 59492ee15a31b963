"""Plain frozen dataclasses the repositories return: never live ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# What reading a stored value can raise when an older version (or another program) stored
# something out of range: a date beyond datetime's years, a number where text belongs, bad JSON.
UNREADABLE = (ValueError, OverflowError, OSError, TypeError)


def to_datetime(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=timezone.utc)


def utc(epoch: float) -> datetime:
    """A stored epoch timestamp (never NULL) as an aware UTC datetime."""
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


@dataclass(frozen=True)
class UnreadableRecord:
    """A stored row that could not be read; `reason` says which value and why (English)."""

    id: int
    reason: str


class RecordList(list[T], Generic[T]):
    """A list of records plus the rows that had to be skipped to read the others.

    A plain list for every caller that does not care; `skipped` lets the CLI and the window
    say which rows are damaged (and offer to delete them) instead of showing nothing.
    """

    def __init__(self, items: Any = (), skipped: Any = ()) -> None:
        super().__init__(items)
        self.skipped: tuple[UnreadableRecord, ...] = tuple(skipped)


@dataclass(frozen=True)
class ConversationSummary:
    """One row of the history list."""

    id: int
    title: str
    pinned: bool
    model: str | None
    updated_at: datetime
    message_count: int
    kind: str = "chat"  # "chat" or "completion"
    source: str | None = None  # "api": a request to the API server


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    title_is_auto: bool
    pinned: bool
    model: str | None
    system_prompt: str
    sampling_params: dict[str, Any]
    overflow_policy: str
    created_at: datetime
    updated_at: datetime
    kind: str = "chat"  # "chat" or "completion" (prompt + continuations)
    source: str | None = None  # "api": a request to the API server


@dataclass(frozen=True)
class TokenAlternative:
    id: int
    text: str
    logprob: float


@dataclass(frozen=True)
class TokenLogprob:
    """One generated token with its log-probability and the top alternatives at that step."""

    id: int
    text: str
    logprob: float | None
    alternatives: tuple[TokenAlternative, ...] = ()
    forced: bool = False


@dataclass(frozen=True)
class MessageLogprobs:
    """Per-token probabilities of one reply; `source` is "raw" or "filtered" (after sampler)."""

    tokens: tuple[TokenLogprob, ...]
    source: str = "raw"


@dataclass(frozen=True)
class Message:
    """A node of the conversation tree.

    `sibling_index` / `sibling_count` drive the `< 2/3 >` switcher (0-based index among the
    messages sharing this parent, oldest first). `has_logprobs` says whether
    `store.messages.logprobs(id)` has data; the blob itself is loaded on demand.
    """

    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str
    status: str
    created_at: datetime
    updated_at: datetime
    error: str | None = None
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    ttft_seconds: float | None = None
    tokens_per_second: float | None = None
    stats: dict[str, Any] | None = None
    model: str | None = None
    params: dict[str, Any] | None = None
    has_logprobs: bool = False
    active_child_id: int | None = None
    backend: str | None = None  # "local" or a backend's name; None before revision 0004
    server_version: str | None = None
    sibling_index: int = 0
    sibling_count: int = 1


@dataclass(frozen=True)
class Siblings:
    """The messages sharing a parent (oldest first) and where `message_id` sits among them."""

    message_id: int
    ids: tuple[int, ...]
    index: int

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class ConversationTree:
    """A whole conversation: every message (any branch) plus the ids of the active path."""

    conversation: Conversation
    messages: dict[int, Message]
    active_path_ids: tuple[int, ...]

    @property
    def active_path(self) -> list[Message]:
        return [self.messages[i] for i in self.active_path_ids]

    def children(self, parent_id: int | None) -> list[Message]:
        return sorted(
            (m for m in self.messages.values() if m.parent_id == parent_id), key=lambda m: m.id
        )


@dataclass(frozen=True)
class SearchHit:
    """A message matching a full-text query; `highlights` are (start, end) spans in `snippet`."""

    conversation_id: int
    conversation_title: str
    message_id: int
    role: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    created_at: datetime

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with every highlight wrapped in `before`/`after`."""
        out, pos = [], 0
        for start, end in self.highlights:
            out += [self.snippet[pos:start], before, self.snippet[start:end], after]
            pos = end
        out.append(self.snippet[pos:])
        return "".join(out)


@dataclass(frozen=True)
class ModelFile:
    id: int
    path: str
    added_at: datetime
    hub_repo: str | None = None
    hub_file: str | None = None
    hub_revision: str | None = None
    size_bytes: int | None = None
    sha256: str | None = None
    quantization: str | None = None
    architecture: str | None = None
    n_params: int | None = None
    context_length: int | None = None
    n_gpu_layers: int | None = None
    n_ctx: int | None = None
    chat_template_override: str | None = None  # a llama.cpp built-in's name, or Jinja
    last_used_at: datetime | None = None
    flash_attn: str | None = None  # auto | on | off
    cache_type_k: str | None = None  # f16 | q8_0 | q4_0
    cache_type_v: str | None = None

    def load_settings(self) -> dict[str, object]:
        """The remembered load settings as LoadOptions fields (`load_options_from_dict`),
        only those set."""
        values = {
            "n_gpu_layers": self.n_gpu_layers,
            "n_ctx": self.n_ctx,
            "flash_attn": self.flash_attn,
            "type_k": self.cache_type_k,
            "type_v": self.cache_type_v,
            "chat_template_override": self.chat_template_override,
        }
        return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class PromptTemplate:
    id: int
    name: str
    description: str
    tags: tuple[str, ...]
    kind: str
    created_at: datetime
    updated_at: datetime
    latest_version: int = 0


@dataclass(frozen=True)
class TemplateVersion:
    id: int
    template_id: int
    number: int
    body: str
    system: str | None
    default_params: dict[str, Any] = field(default_factory=dict)
    parent_version_id: int | None = None
    note: str = ""
    created_at: datetime | None = None
