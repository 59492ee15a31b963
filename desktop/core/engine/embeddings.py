"""What crosses the pipe for embedding models: load options, model facts, embedded vectors.

An embedding GGUF runs in an engine process of its own (an `EngineClient` whose worker loaded
it with `load_embedder`), so indexing never competes with the chat model's KV cache and a crash
in either never takes the other (or the window) down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Pooling = Literal["none", "mean", "cls", "last", "rank", "unspecified"]


@dataclass(frozen=True)
class EmbedderLoadOptions:
    path: str
    n_gpu_layers: int = 0
    n_threads: int | None = None  # None = the number of physical CPU cores
    batch_tokens: int = 2048  # tokens evaluated per llama_decode (several texts at once)
    max_sequences: int = 32  # texts per llama_decode


@dataclass(frozen=True)
class EmbedderModelInfo:
    path: str
    name: str
    architecture: str
    dimension: int  # length of each vector (1 score for a reranker)
    pooling: Pooling  # as the GGUF says
    n_ctx_train: int  # longest text the model was trained on, in tokens
    max_tokens: int  # longest text embedded without cutting (specials included)
    is_reranker: bool
    size_bytes: int
    load_seconds: float = 0.0


@dataclass(frozen=True)
class EmbeddingBatch:
    """`vectors` is float32 (n_texts, dimension), L2-normalised (cosine = dot product)."""

    vectors: Any  # numpy.ndarray; Any so this module imports without numpy
    token_counts: tuple[int, ...]  # tokens each text took (specials included, after cutting)
    truncated: tuple[bool, ...]  # whether a text was cut to `max_tokens`
