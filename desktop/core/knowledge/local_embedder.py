"""LocalEmbedder: a llama.cpp embedding GGUF in an engine process of its own.

llama.cpp never loads in the caller's process (the window, the CLI): the engine's worker loads
the model with `embedding=True` and the GGUF's pooling, and answers embed / token-count calls
over the pipe. The process starts on first use, so a base whose embedder is never needed (a
lexical search) costs nothing; if it crashes, the next call starts a fresh one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

from desktop.core.engine.embeddings import EmbedderLoadOptions, EmbedderModelInfo
from desktop.core.knowledge.embedder import IS_RERANKER, EmbedderError, EmbedderInfo
from desktop.core.messages import plain


class LocalEmbedder:
    def __init__(self, path: str, *, n_threads: int | None = None, n_gpu_layers: int = 0) -> None:
        self.path = path
        self._options = EmbedderLoadOptions(path, n_gpu_layers=n_gpu_layers, n_threads=n_threads)
        self._lock = threading.Lock()
        self._client: Any = None
        self._model: EmbedderModelInfo | None = None

    def _ready(self) -> Any:
        from desktop.core.engine.client import EngineClient
        from desktop.core.engine.errors import EngineError

        if self._client is not None and self._client.embedder_info is not None:
            return self._client
        if self._client is None:
            self._client = EngineClient()
        try:
            self._model = self._client.load_embedder(self._options)
        except EngineError as exc:
            raise EmbedderError(plain(str(exc), "knowledge.embedder_failed")) from exc
        if self._model.is_reranker:
            raise EmbedderError(IS_RERANKER(name=self._model.name))
        return self._client

    @property
    def model(self) -> EmbedderModelInfo:
        with self._lock:
            self._ready()
            assert self._model is not None
            return self._model

    @property
    def info(self) -> EmbedderInfo:
        model = self.model
        st = os.stat(self.path)
        return EmbedderInfo(
            spec=f"model:{self.path}",
            name=model.name,
            dimension=model.dimension,
            identity=f"gguf:{model.name}:{model.dimension}:{st.st_size}:{model.pooling}",
            max_tokens=model.max_tokens,
            exact_tokens=True,
        )

    def embed(self, texts: Sequence[str]) -> Any:
        from desktop.core.engine.errors import EngineError

        with self._lock:
            try:
                return self._ready().embed(texts, timeout=600).vectors
            except EngineError as exc:
                raise EmbedderError(plain(str(exc), "knowledge.embedder_failed")) from exc

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        from desktop.core.engine.errors import EngineError

        with self._lock:
            try:
                return self._ready().embed_count_tokens(texts)
            except EngineError as exc:
                raise EmbedderError(plain(str(exc), "knowledge.embedder_failed")) from exc

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None


class LocalReranker:
    """A reranker GGUF (a cross-encoder with rank pooling, e.g. bge-reranker-v2-m3) in an
    engine process; call it as `reranker(query, texts) -> scores` (higher = more relevant).

    llama-cpp-python 0.3.36 exposes llama.cpp's rank pooling through the low-level API:
    `llama_get_embeddings_seq` returns the classifier's score per sequence."""

    def __init__(self, path: str, *, n_threads: int | None = None) -> None:
        self.path = path
        self._options = EmbedderLoadOptions(path, n_threads=n_threads)
        self._lock = threading.Lock()
        self._client: Any = None

    def __call__(self, query: str, texts: list[str]) -> list[float]:
        from desktop.core.engine import errors as E
        from desktop.core.engine.client import EngineClient
        from desktop.core.engine.errors import EngineError

        with self._lock:
            try:
                if self._client is None or self._client.embedder_info is None:
                    self._client = self._client or EngineClient()
                    info = self._client.load_embedder(self._options)
                    if not info.is_reranker:
                        raise EngineError("bad_request", E.NOT_A_RERANKER(name=info.name))
                return self._client.rerank(query, texts)
            except EngineError as exc:
                raise EmbedderError(plain(str(exc), "knowledge.reranker_failed")) from exc

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
