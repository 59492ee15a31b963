"""One loaded model inside the worker: llama.cpp model + context, tokenizer, and the KV cache.

Lives only in the engine process. Keeps the token list of what the KV cache holds so a new
request evaluates only the tokens after the common prefix (a new chat turn costs its new
tokens). Everything here is llama.cpp's low-level API through llama-cpp-python's ctypes.
"""

from __future__ import annotations

import ctypes
import logging
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from desktop.core.engine import errors as E
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import LoadOptions, ModelInfo
from desktop.core.messages import Message
from desktop.core.templates.choice import choose_chat_template, looks_like_base_model

log = logging.getLogger(__name__)


def default_threads() -> int:
    """Physical cores when known: llama.cpp decodes slower with hyper-threads."""
    try:
        import psutil
    except ImportError:  # a bare checkout running `tessera bench`
        n = None
    else:
        n = psutil.cpu_count(logical=False)
    return max(1, n or os.cpu_count() or 1)


class ModelRuntime:
    def __init__(
        self, llama: Any, options: LoadOptions, on_progress: Callable[[float], None] | None = None
    ) -> None:
        from desktop.core.gguf import GGUFError, read_gguf_meta

        self.L = llama
        started = time.perf_counter()
        try:
            self.meta = read_gguf_meta(options.path)
        except GGUFError as exc:
            raise EngineError.from_user_error(exc.kind, exc) from None
        self.options = options
        self.model: Any = None
        self.ctx: Any = None
        self.batch: Any = None
        warnings: list[Message] = []
        offload_ok = bool(llama.llama_supports_gpu_offload())
        n_gpu = options.n_gpu_layers
        if n_gpu != 0 and not offload_ok:
            warnings.append(E.CPU_ONLY_BUILD())
            n_gpu = 0

        mparams = llama.llama_model_default_params()
        mparams.n_gpu_layers = n_gpu if n_gpu >= 0 else 999_999
        if not options.use_mmap:
            mparams.load_mode = llama.LLAMA_LOAD_MODE_NONE
        if on_progress is not None:

            def progress(value: float, _user: Any) -> bool:
                try:  # called from C: an exception must not unwind through llama.cpp
                    on_progress(float(value))
                except Exception:
                    log.exception("the load progress callback failed")
                return True

            self._progress_cb = llama.llama_progress_callback(progress)
            mparams.progress_callback = self._progress_cb
        self.model = llama.llama_model_load_from_file(os.fsencode(options.path), mparams)
        if not self.model:
            raise EngineError(
                "corrupt",
                E.LLAMA_LOAD_FAILED(name=os.path.basename(options.path)),
                E.LLAMA_LOAD_FAILED_HINT(),
            )
        self.vocab = llama.llama_model_get_vocab(self.model)
        self.n_vocab = int(llama.llama_vocab_n_tokens(self.vocab))
        n_ctx_train = int(llama.llama_model_n_ctx_train(self.model))
        n_ctx = options.n_ctx if options.n_ctx > 0 else n_ctx_train
        if n_ctx_train and n_ctx > n_ctx_train:
            warnings.append(E.CONTEXT_BEYOND_TRAINED(n_ctx=n_ctx, n_ctx_train=n_ctx_train))
        n_threads = options.n_threads or default_threads()
        cparams = llama.llama_context_default_params()
        cparams.n_ctx = n_ctx
        cparams.n_batch = max(1, min(options.n_batch, n_ctx))
        cparams.n_ubatch = cparams.n_batch
        cparams.n_seq_max = 1
        cparams.n_threads = n_threads
        cparams.n_threads_batch = n_threads
        cparams.no_perf = True
        cparams.flash_attn_type = _flash_attn_type(llama, options.flash_attn)
        cparams.type_k = _cache_type(llama, options.type_k)
        cparams.type_v = _cache_type(llama, options.type_v)
        if options.type_v != "f16" and options.flash_attn == "off":
            self.close()
            raise EngineError("bad_request", E.V_CACHE_NEEDS_FLASH(), E.V_CACHE_NEEDS_FLASH_HINT())
        self.ctx = llama.llama_init_from_model(self.model, cparams)
        if not self.ctx:
            self.close()
            if options.type_k != "f16" or options.type_v != "f16":
                raise EngineError(
                    "bad_request",
                    E.KV_CACHE_TYPES(type_k=options.type_k, type_v=options.type_v),
                    E.KV_CACHE_TYPES_HINT(),
                )
            raise EngineError(
                "out_of_memory", E.CONTEXT_NO_MEMORY(n_ctx=n_ctx), E.CONTEXT_NO_MEMORY_HINT()
            )
        self.n_ctx = int(llama.llama_n_ctx(self.ctx))
        self.n_batch = int(cparams.n_batch)
        self.mem = llama.llama_get_memory(self.ctx)
        self.can_shift = bool(llama.llama_memory_can_shift(self.mem))
        self.batch = llama.llama_batch_init(self.n_batch, 0, 1)
        self.cached: list[int] = []  # tokens whose keys/values the KV cache holds, in order
        self._piece_buf = ctypes.create_string_buffer(256)
        self._pieces: dict[int, bytes] = {}
        self._logits_addr = 0
        self._logits: np.ndarray | None = None

        n_layer = int(llama.llama_model_n_layer(self.model))
        offloaded = min(n_gpu if n_gpu >= 0 else n_layer + 1, n_layer + 1) if offload_ok else 0
        from desktop.core.engine.buildinfo import describe_build

        backends = [b for b in describe_build().backends if b != "CPU"]
        backend = _backend_name(backends[0]) if (offloaded > 0 and backends) else "CPU"
        choice = choose_chat_template(self.meta, options.chat_template_override, self.has_token)
        self.template = choice
        self.info = ModelInfo(
            path=str(options.path),
            name=self.meta.name,
            architecture=self.meta.architecture,
            n_params=int(llama.llama_model_n_params(self.model)),
            file_type=self.meta.file_type,
            n_layers=n_layer,
            n_ctx_train=n_ctx_train,
            n_ctx=self.n_ctx,
            n_vocab=self.n_vocab,
            n_embd=int(llama.llama_model_n_embd(self.model)),
            chat_template=choice.template,
            bos_token=self.meta.bos_token,
            eos_token=self.meta.eos_token,
            special_tokens=dict(self.meta.control_tokens),
            backend=backend,  # type: ignore[arg-type]
            gpu_offload_supported=offload_ok,
            n_gpu_layers_requested=options.n_gpu_layers,
            n_gpu_layers_offloaded=offloaded,
            size_bytes=self.meta.size_bytes,
            warnings=tuple(warnings),
            load_seconds=time.perf_counter() - started,
            template=choice,
            looks_base=choice.source != "override" and looks_like_base_model(self.meta),
        )

    # ----------------------------------------------------------------- lifecycle

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

    def tokenize(self, text: str, add_special: bool, parse_special: bool) -> list[int]:
        data = text.encode("utf-8")
        cap = len(data) + 8
        buf = (self.L.llama_token * cap)()
        n = self.L.llama_tokenize(self.vocab, data, len(data), buf, cap, add_special, parse_special)
        if n < 0:
            cap = -n
            buf = (self.L.llama_token * cap)()
            n = self.L.llama_tokenize(
                self.vocab, data, len(data), buf, cap, add_special, parse_special
            )
        return list(buf[:n])

    def piece(self, token: int) -> bytes:
        """The token's raw bytes (control tokens rendered as their text), cached per id."""
        cached = self._pieces.get(token)
        if cached is not None:
            return cached
        buf = self._piece_buf
        n = self.L.llama_token_to_piece(self.vocab, token, buf, len(buf), 0, True)
        if n < 0:
            buf = ctypes.create_string_buffer(-n)
            n = self.L.llama_token_to_piece(self.vocab, token, buf, len(buf), 0, True)
        value = buf.raw[:n]
        self._pieces[token] = value
        return value

    def detokenize(self, ids: Sequence[int]) -> str:
        for t in ids:
            if not 0 <= int(t) < self.n_vocab:
                raise EngineError("bad_request", E.TOKEN_NOT_IN_VOCAB(id=t))
        return b"".join(self.piece(int(t)) for t in ids).decode("utf-8", errors="replace")

    def has_token(self, text: str) -> bool:
        """Whether `text` is one special (control or user-defined) token of this vocabulary."""
        ids = self.tokenize(text, False, True)
        if len(ids) != 1:
            return False
        attr = int(self.L.llama_vocab_get_attr(self.vocab, ids[0]))
        special = self.L.LLAMA_TOKEN_ATTR_CONTROL | self.L.LLAMA_TOKEN_ATTR_USER_DEFINED
        return bool(attr & special)

    def is_eog(self, token: int) -> bool:
        return bool(self.L.llama_vocab_is_eog(self.vocab, token))

    def add_bos(self) -> bool:
        return bool(self.L.llama_vocab_get_add_bos(self.vocab))

    # ----------------------------------------------------------------- evaluation

    def logits(self) -> np.ndarray:
        """Zero-copy view of the last evaluated token's logits."""
        ptr = self.L.llama_get_logits_ith(self.ctx, -1)
        addr = ctypes.cast(ptr, ctypes.c_void_p).value or 0
        if addr != self._logits_addr or self._logits is None:
            self._logits = np.ctypeslib.as_array(ptr, shape=(self.n_vocab,))
            self._logits_addr = addr
        return self._logits

    def reuse_prefix(self, tokens: Sequence[int]) -> int:
        """Drop the KV cache after the longest prefix shared with `tokens`; returns its length.

        At least one token is always left to evaluate, because sampling needs fresh logits.
        """
        n = 0
        limit = min(len(self.cached), len(tokens) - 1)
        cached = self.cached
        while n < limit and cached[n] == tokens[n]:
            n += 1
        if n < len(cached):
            if not self.L.llama_memory_seq_rm(self.mem, 0, n, -1):
                # Recurrent models cannot drop a partial sequence: start over.
                self.L.llama_memory_clear(self.mem, True)
                n = 0
            del cached[n:]
        return n

    def decode(self, tokens: Sequence[int], should_stop: Callable[[], bool] | None = None) -> bool:
        """Evaluate `tokens` after the cache in batches; logits only for the last one.

        Returns False when `should_stop` asked to stop between batches.
        """
        L, batch = self.L, self.batch
        total = len(tokens)
        start = 0
        while start < total:
            if should_stop is not None and start and should_stop():
                return False
            chunk = tokens[start : start + self.n_batch]
            n = len(chunk)
            pos0 = len(self.cached)
            for i, tok in enumerate(chunk):
                batch.token[i] = tok
                batch.pos[i] = pos0 + i
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                batch.logits[i] = 0
            batch.logits[n - 1] = 1 if start + n == total else 0
            batch.n_tokens = n
            self._check(L.llama_decode(self.ctx, batch))
            self.cached.extend(chunk)
            start += n
        return True

    def decode_one(self, token: int) -> None:
        batch = self.batch
        batch.token[0] = token
        batch.pos[0] = len(self.cached)
        batch.n_seq_id[0] = 1
        batch.seq_id[0][0] = 0
        batch.logits[0] = 1
        batch.n_tokens = 1
        rc = self.L.llama_decode(self.ctx, batch)
        if rc:
            self._check(rc)
        self.cached.append(token)

    def shift_out(self, n_keep: int, n_discard: int) -> None:
        """Forget `n_discard` tokens after the first `n_keep` and slide the rest back."""
        L = self.L
        L.llama_memory_seq_rm(self.mem, 0, n_keep, n_keep + n_discard)
        L.llama_memory_seq_add(self.mem, 0, n_keep + n_discard, -1, -n_discard)
        del self.cached[n_keep : n_keep + n_discard]

    def _check(self, rc: int) -> None:
        if rc == 0:
            return
        if rc == 1:
            raise EngineError("out_of_memory", E.KV_FULL(), E.KV_FULL_HINT())
        raise EngineError("internal", E.DECODE_FAILED(code=rc))


def _flash_attn_type(llama: Any, mode: str) -> int:
    return {
        "on": llama.LLAMA_FLASH_ATTN_TYPE_ENABLED,
        "off": llama.LLAMA_FLASH_ATTN_TYPE_DISABLED,
    }.get(mode, llama.LLAMA_FLASH_ATTN_TYPE_AUTO)


def _cache_type(llama: Any, name: str) -> int:
    return {"q8_0": llama.GGML_TYPE_Q8_0, "q4_0": llama.GGML_TYPE_Q4_0}.get(
        name, llama.GGML_TYPE_F16
    )


def _backend_name(reg_name: str) -> str:
    upper = reg_name.upper()
    for name in ("CUDA", "Metal", "Vulkan", "SYCL"):
        if upper.startswith(name.upper()):
            return name
    if upper.startswith(("HIP", "ROCM")):
        return "ROCm"
    return "unknown"
