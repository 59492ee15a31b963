"""One loaded embedding (or reranking) model inside the worker: batched, pooled, normalised.

Lives only in the engine process. The context is made with `embeddings=True` and the pooling
the GGUF declares (mean for BERT-likes, last token for Qwen3-Embedding, rank for rerankers).
Several texts go into one `llama_decode`, one sequence id each; every text must fit in one
micro-batch because encoder models attend over the whole sequence at once, so the batch size is
at least the longest text allowed. Causal embedders keep a KV cache, cleared between batches.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from desktop.core.engine import errors as E
from desktop.core.engine.embeddings import EmbedderLoadOptions, EmbedderModelInfo, EmbeddingBatch
from desktop.core.engine.errors import EngineError
from desktop.core.engine.runtime import default_threads

SMALL_BATCH_TOKENS = 64
_POOLING_NAMES = {-1: "unspecified", 0: "none", 1: "mean", 2: "cls", 3: "last", 4: "rank"}


class EmbeddingRuntime:
    def __init__(self, llama: Any, options: EmbedderLoadOptions) -> None:
        from desktop.core.gguf import GGUFError, read_gguf_meta

        self.L = L = llama
        started = time.perf_counter()
        try:
            meta = read_gguf_meta(options.path, check_architecture=False)
        except GGUFError as exc:
            raise EngineError.from_user_error(exc.kind, exc) from None
        self.model: Any = None
        self.ctx: Any = None
        self.batch: Any = None
        mparams = L.llama_model_default_params()
        offload = bool(L.llama_supports_gpu_offload())
        n_gpu = options.n_gpu_layers if offload else 0
        mparams.n_gpu_layers = n_gpu if n_gpu >= 0 else 999_999
        self.model = L.llama_model_load_from_file(os.fsencode(options.path), mparams)
        if not self.model:
            raise EngineError(
                "corrupt",
                E.EMBEDDER_LOAD_FAILED(name=os.path.basename(options.path)),
                E.EMBEDDER_LOAD_FAILED_HINT(),
            )
        self.vocab = L.llama_model_get_vocab(self.model)
        n_ctx_train = int(L.llama_model_n_ctx_train(self.model)) or 512
        self.max_tokens = min(n_ctx_train, 8192)
        n_batch = max(options.batch_tokens, self.max_tokens)
        self.max_sequences = max(1, min(options.max_sequences, 256))
        cparams = L.llama_context_default_params()
        cparams.embeddings = True
        cparams.pooling_type = L.LLAMA_POOLING_TYPE_UNSPECIFIED  # the GGUF's own
        cparams.n_ctx = n_batch
        cparams.n_batch = n_batch
        cparams.n_ubatch = n_batch
        cparams.n_seq_max = self.max_sequences
        cparams.kv_unified = True  # a causal embedder's sequences share the whole cache
        threads = options.n_threads or default_threads()
        self.threads = threads
        self._threads_now = threads
        cparams.n_threads = threads
        cparams.n_threads_batch = threads
        cparams.no_perf = True
        self.ctx = L.llama_init_from_model(self.model, cparams)
        if not self.ctx:
            self.close()
            raise EngineError(
                "out_of_memory", E.EMBED_NO_MEMORY(tokens=n_batch), E.EMBED_NO_MEMORY_HINT()
            )
        self.n_batch = n_batch
        self.memory = L.llama_get_memory(self.ctx)  # None for encoder-only models
        pooling = int(L.llama_pooling_type(self.ctx))
        self.pooling = _POOLING_NAMES.get(pooling, "unspecified")
        self.is_reranker = self.pooling == "rank"
        n_embd = int(L.llama_model_n_embd(self.model))
        self.dimension = (
            max(1, int(L.llama_model_n_cls_out(self.model))) if self.is_reranker else n_embd
        )
        self.n_embd = n_embd
        self.sep = int(L.llama_vocab_sep(self.vocab))
        self.eos = int(L.llama_vocab_eos(self.vocab))
        self.batch = L.llama_batch_init(n_batch, 0, 1)
        self.info = EmbedderModelInfo(
            path=str(options.path),
            name=meta.name,
            architecture=meta.architecture,
            dimension=self.dimension,
            pooling=self.pooling,  # type: ignore[arg-type]
            n_ctx_train=n_ctx_train,
            max_tokens=self.max_tokens,
            is_reranker=self.is_reranker,
            size_bytes=meta.size_bytes,
            load_seconds=time.perf_counter() - started,
        )

    def close(self) -> None:
        L = self.L
        if self.batch is not None:
            L.llama_batch_free(self.batch)
            self.batch = None
        if self.ctx:
            L.llama_free(self.ctx)
            self.ctx = None
        if self.model:
            L.llama_model_free(self.model)
            self.model = None

    # ----------------------------------------------------------------- tokens

    def tokenize(self, text: str, add_special: bool) -> list[int]:
        data = text.encode("utf-8", errors="replace")
        cap = len(data) + 8
        buf = (self.L.llama_token * cap)()
        n = self.L.llama_tokenize(self.vocab, data, len(data), buf, cap, add_special, False)
        if n < 0:
            cap = -n
            buf = (self.L.llama_token * cap)()
            n = self.L.llama_tokenize(self.vocab, data, len(data), buf, cap, add_special, False)
        return list(buf[: max(n, 0)])

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text without the specials the model adds (chunk sizing)."""
        return [len(self.tokenize(t, False)) for t in texts]

    # ----------------------------------------------------------------- evaluation

    def embed(
        self, texts: Sequence[str], should_stop: Callable[[], bool] | None = None
    ) -> EmbeddingBatch:
        sequences = [self.tokenize(t, True) for t in texts]
        return self._run(sequences, should_stop)

    def rerank(self, query: str, documents: Sequence[str]) -> list[float]:
        """One relevance score per document ([CLS] query [SEP] document [SEP])."""
        if not self.is_reranker:
            raise EngineError("bad_request", E.NOT_A_RERANKER(name=self.info.name))
        q = self.tokenize(query, True)
        end = self.sep if self.sep >= 0 else self.eos
        pairs = [q + self.tokenize(d, False) + ([end] if end >= 0 else []) for d in documents]
        result = self._run(pairs, None, normalize=False)
        return [float(v[0]) for v in result.vectors]

    def _run(
        self,
        sequences: list[list[int]],
        should_stop: Callable[[], bool] | None,
        normalize: bool = True,
    ) -> EmbeddingBatch:
        truncated = []
        for i, seq in enumerate(sequences):
            cut = len(seq) > self.max_tokens
            truncated.append(cut)
            if cut:
                # Keep the closing special token (e.g. [SEP]) that pooling may rely on.
                sequences[i] = seq[: self.max_tokens - 1] + seq[-1:]
        out = np.zeros((len(sequences), self.dimension), dtype=np.float32)
        start = 0
        while start < len(sequences):
            if should_stop is not None and start and should_stop():
                raise EngineError("bad_request", E.EMBED_CANCELLED())
            end, used = start, 0
            while (
                end < len(sequences)
                and end - start < self.max_sequences
                and (end == start or used + len(sequences[end]) <= self.n_batch)
            ):
                used += len(sequences[end])
                end += 1
            self._decode(sequences[start:end], out[start:end])
            start = end
        if normalize and not self.is_reranker:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            np.divide(out, norms, out=out, where=norms > 0)
        return EmbeddingBatch(out, tuple(len(s) for s in sequences), tuple(truncated))

    def _decode(self, group: list[list[int]], out: np.ndarray) -> None:
        L, batch = self.L, self.batch
        if self.memory:
            L.llama_memory_clear(self.memory, True)
        n = 0
        for seq_id, tokens in enumerate(group):
            for pos, tok in enumerate(tokens):
                batch.token[n] = tok
                batch.pos[n] = pos
                batch.n_seq_id[n] = 1
                batch.seq_id[n][0] = seq_id
                batch.logits[n] = 1
                n += 1
        batch.n_tokens = n
        if n == 0:
            return
        # A query of a few tokens is faster on one thread: waking the others costs more than
        # the work, most of all on a busy machine.
        threads = 1 if n <= SMALL_BATCH_TOKENS else self.threads
        if threads != self._threads_now:
            L.llama_set_n_threads(self.ctx, threads, threads)
            self._threads_now = threads
        rc = L.llama_decode(self.ctx, batch)
        if rc != 0:
            raise EngineError("internal", E.EMBED_DECODE_FAILED(code=rc))
        for seq_id, tokens in enumerate(group):
            if not tokens:
                continue
            if self.pooling == "none":  # average the token vectors ourselves
                rows = []
                first = sum(len(t) for t in group[:seq_id])
                for k in range(len(tokens)):
                    ptr = L.llama_get_embeddings_ith(self.ctx, first + k)
                    rows.append(np.ctypeslib.as_array(ptr, shape=(self.n_embd,)))
                out[seq_id] = np.mean(rows, axis=0)
            else:
                ptr = L.llama_get_embeddings_seq(self.ctx, seq_id)
                if not ptr:
                    raise EngineError("internal", E.EMBED_NONE())
                out[seq_id] = np.ctypeslib.as_array(ptr, shape=(self.dimension,))
