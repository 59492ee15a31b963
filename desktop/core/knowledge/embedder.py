"""The Embedder interface, embedder specs, and the query/document prefixes models expect.

A knowledge base names its embedder by a spec string stored in the database:
- `model:/path/to/embedder.gguf`: a llama.cpp embedding GGUF in an engine process
  (local_embedder.LocalEmbedder);
- `backend:NAME`: a configured backend's /v1/embeddings (http_embedder.HttpEmbedder); until
  the backends registry exists, NAME may be an http(s) base URL, optionally `URL#MODEL`.
No spec: the base is searched lexically only.

Several embedders are trained with a prefix telling queries from passages and score poorly
without it; `default_prefixes()` knows the common families by name. The prefixes are stored
with the base (and shown), so a user can correct them for a model this table does not know.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

BAD_SPEC = MessageSpec(
    "knowledge.bad_embedder",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "'{spec}' is not an embedder: give a .gguf file or backend:NAME"
    ),
)
NOT_FOUND = MessageSpec(
    "knowledge.embedder_missing",
    QT_TRANSLATE_NOOP("CoreMessages", "The embedding model {path} does not exist."),
)
IS_RERANKER = MessageSpec(
    "knowledge.embedder_is_reranker",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is a reranker, not an embedding model."),
)


class EmbedderError(UserError):
    """An embedder could not be set up or failed; the base stays searchable lexically."""


@dataclass(frozen=True)
class EmbedderInfo:
    spec: str  # as stored: "model:PATH" or "backend:NAME"
    name: str  # shown to the user, e.g. "bge-small-zh-v1.5"
    dimension: int
    identity: str  # changes when the vectors would change (another model, another file)
    max_tokens: int  # longest text it embeds whole
    exact_tokens: bool  # whether count_tokens is the model's own tokenizer


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors. Thread-safe; `close()` when done."""

    @property
    def info(self) -> EmbedderInfo: ...

    def embed(self, texts: Sequence[str]) -> Any:
        """numpy float32 array (len(texts), dimension), rows of length 1. Prefixes are the
        caller's (see `EmbeddingPrefixes`)."""

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Each text's length in the model's tokens (an estimate where exact_tokens is False)."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class EmbeddingPrefixes:
    query: str = ""
    document: str = ""


# (name pattern, query prefix, document prefix); first match wins.
_KNOWN_PREFIXES: tuple[tuple[str, str, str], ...] = (
    (r"nomic-embed", "search_query: ", "search_document: "),
    (r"(^|[^a-z])e5([^a-z]|$)", "query: ", "passage: "),
    (r"bge-.*zh", "为这个句子生成表示以用于检索相关文章：", ""),
    (r"bge-(small|base|large)-en", "Represent this sentence for searching relevant passages: ", ""),
    (r"mxbai-embed", "Represent this sentence for searching relevant passages: ", ""),
    (r"snowflake-arctic-embed", "Represent this sentence for searching relevant passages: ", ""),
    (
        r"qwen3-embedding",
        "Instruct: Given a web search query, retrieve relevant passages that answer the query\n"
        "Query:",
        "",
    ),
)


def default_prefixes(model_name: str) -> EmbeddingPrefixes:
    """The prefixes a model family was trained with ("" for bge-m3, MiniLM and the like)."""
    name = model_name.lower()
    for pattern, query, document in _KNOWN_PREFIXES:
        if re.search(pattern, name):
            return EmbeddingPrefixes(query, document)
    return EmbeddingPrefixes()


@dataclass(frozen=True)
class EmbedderSpec:
    kind: str  # "model" | "backend"
    target: str  # absolute path, or backend name / URL

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.target}"


def parse_embedder_spec(spec: str) -> EmbedderSpec:
    """`PATH.gguf`, `model:PATH` or `backend:NAME`. Raises EmbedderError."""
    spec = spec.strip()
    prefix, sep, rest = spec.partition(":")
    if sep and prefix == "backend" and rest.strip():
        return EmbedderSpec("backend", rest.strip())
    if sep and prefix == "model" and rest.strip():
        path = Path(rest.strip()).expanduser()
    elif spec.lower().endswith(".gguf"):
        path = Path(spec).expanduser()
    else:
        raise EmbedderError(BAD_SPEC(spec=spec))
    if not path.is_file():
        raise EmbedderError(NOT_FOUND(path=str(path)))
    return EmbedderSpec("model", str(path.resolve()))


# --------------------------------------------------------------------------- estimates

_APPROX = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\W_]+|[^\w\s]",
    re.UNICODE,
)


def approximate_tokens(text: str) -> int:
    """A tokenizer-free estimate: one per CJK character or punctuation mark, one per common
    word and one more per 6 letters of a long word (roughly what BPE vocabularies do)."""
    return sum(1 + (len(m.group()) - 1) // 6 for m in _APPROX.finditer(text))


def approximate_counts(texts: Sequence[str]) -> list[int]:
    return [approximate_tokens(t) for t in texts]
