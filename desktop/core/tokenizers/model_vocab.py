"""A GGUF model's own tokenizer through llama.cpp, loading the vocabulary only (no weights).

Vocab-only loading reads the GGUF header and builds llama.cpp's tokenizer tables, no tensor
data touched, no GPU: about 250 ms for a 128k vocabulary on a slow 2-core machine, nearly all
of it inside llama.cpp (hash maps of tokens and merges). It runs in the calling process (the
GUI's, for the tokenizer panel) because it is that cheap; the file is checked first by
`desktop.core.gguf` (~10 ms for 128k tokens, cached per file: missing, foreign, truncated files) so a
wrong pick gives a message, not a crash in native code. Ids are exactly llama.cpp's, so they
match what the engine feeds the model."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import sys
import threading
from pathlib import Path

import numpy as np

from desktop.core.tokenizers import base as E
from desktop.core.tokenizers.base import (
    Tokenization,
    TokenizerError,
    TokenKind,
    clean_text,
    offsets_from_pieces,
)

log = logging.getLogger(__name__)


def read_checked_meta(path: Path):
    """The header as `read_gguf_meta` reads it; its GGUFError becomes a TokenizerError."""
    from desktop.core.gguf import GGUFError, read_gguf_meta

    try:
        # Any architecture's vocabulary is worth showing (embedding models too); llama.cpp
        # itself refuses architectures it cannot read.
        return read_gguf_meta(path, check_architecture=False)
    except GGUFError as exc:
        raise TokenizerError(exc.user_message, exc.user_hint) from None


def _llama():
    import llama_cpp
    from llama_cpp import _logger

    # llama.cpp prints every metadata key while loading; only errors are worth a terminal line.
    if _logger.logger.level == 0:
        _logger.set_verbose(False)
    return llama_cpp


_quiet_lock = threading.Lock()
_quiet_depth = 0


@contextlib.contextmanager
def _native_log_silenced(llama_cpp):
    """No Python log callback while llama.cpp loads a vocabulary.

    A load logs ~300 lines, and llama-cpp-python's callback for each needs the GIL: while
    another thread runs Python (the GUI painting, a chat streaming), every line waits for a
    switch interval and a 250 ms load takes over a second. Meanwhile the callback is a native
    function that reads none of its arguments (llama_max_devices: no parameters, no effects),
    which the C calling conventions of every 64-bit target allow. llama.cpp's error lines are
    not printed then; a failed load still raises a TokenizerError.
    """
    global _quiet_depth
    from llama_cpp import _logger

    if sys.maxsize <= 2**32:  # 32-bit Windows' stdcall is the one convention it would break
        yield
        return
    with _quiet_lock:
        if _quiet_depth == 0:
            noop = ctypes.cast(llama_cpp.llama_max_devices, llama_cpp.llama_log_callback)
            llama_cpp.llama_log_set(noop, None)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                llama_cpp.llama_log_set(_logger.llama_log_callback, ctypes.c_void_p(0))


class ModelVocabTokenizer:
    """`model:PATH`. Close it (or let the registry do it) to free llama.cpp's vocabulary."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path).expanduser()
        meta = read_checked_meta(self._path)
        llama_cpp = _llama()
        self._lib = llama_cpp
        params = llama_cpp.llama_model_default_params()
        params.vocab_only = True
        params.use_mmap = True
        with _native_log_silenced(llama_cpp):
            model = llama_cpp.llama_model_load_from_file(str(self._path).encode("utf-8"), params)
        if not model:
            raise TokenizerError(
                E.VOCAB_UNREADABLE(name=self._path.name), E.VOCAB_UNREADABLE_HINT()
            )
        self._model = model
        self._vocab = llama_cpp.llama_model_get_vocab(model)
        self._n_vocab = int(llama_cpp.llama_vocab_n_tokens(self._vocab))
        self._lock = threading.Lock()
        self._bytes: list[bytes | None] = [None] * self._n_vocab
        self._kinds: list[TokenKind | None] = [None] * self._n_vocab
        self._piece_buf = ctypes.create_string_buffer(256)
        self._name = meta.name or self._path.stem
        self._context_length = meta.n_ctx_train or None
        self._chat_template = meta.chat_template
        self._specials: dict[str, int] | None = dict(meta.control_tokens) or None

    # ------------------------------------------------------------------ metadata

    @property
    def spec(self) -> str:
        return f"model:{self._path}"

    @property
    def name(self) -> str:
        return self._name

    @property
    def path(self) -> Path:
        return self._path

    @property
    def n_vocab(self) -> int:
        return self._n_vocab

    @property
    def context_length(self) -> int | None:
        return self._context_length

    @property
    def chat_template(self) -> str | None:
        return self._chat_template

    @property
    def bos_token(self) -> str | None:
        return self._token_text(self._lib.llama_vocab_bos(self._vocab))

    @property
    def eos_token(self) -> str | None:
        return self._token_text(self._lib.llama_vocab_eos(self._vocab))

    @property
    def adds_bos(self) -> bool:
        return bool(self._lib.llama_vocab_get_add_bos(self._vocab))

    def _token_text(self, token_id: int) -> str | None:
        if token_id < 0 or token_id >= self._n_vocab:
            return None
        return self.token_bytes(token_id).decode("utf-8", "replace")

    # ------------------------------------------------------------------ per token

    def _check_open(self) -> None:
        if not self._model:
            raise TokenizerError(E.CLOSED(name=self._name))

    def token_bytes(self, token_id: int) -> bytes:
        cached = self._bytes[token_id]
        if cached is not None:
            return cached
        with self._lock:
            self._check_open()
            buf = self._piece_buf
            n = self._lib.llama_token_to_piece(self._vocab, token_id, buf, len(buf), 0, True)
            if n < 0:
                buf = ctypes.create_string_buffer(-n)
                n = self._lib.llama_token_to_piece(self._vocab, token_id, buf, len(buf), 0, True)
            value = buf.raw[: max(n, 0)]
        self._bytes[token_id] = value
        return value

    def piece(self, token_id: int) -> str:
        with self._lock:
            self._check_open()
            raw = self._lib.llama_vocab_get_text(self._vocab, token_id)
        return (raw or b"").decode("utf-8", "replace")

    def kind(self, token_id: int) -> TokenKind:
        cached = self._kinds[token_id]
        if cached is not None:
            return cached
        lib = self._lib
        with self._lock:
            self._check_open()
            attr = int(lib.llama_vocab_get_attr(self._vocab, token_id))
        kind: TokenKind
        if attr & lib.LLAMA_TOKEN_ATTR_BYTE:
            kind = "byte"
        elif attr & lib.LLAMA_TOKEN_ATTR_CONTROL:
            kind = "control"
        elif attr & lib.LLAMA_TOKEN_ATTR_USER_DEFINED:
            kind = "user_defined"
        elif attr & lib.LLAMA_TOKEN_ATTR_UNKNOWN:
            kind = "unknown"
        elif attr & lib.LLAMA_TOKEN_ATTR_UNUSED:
            kind = "unused"
        else:
            kind = "normal"
        self._kinds[token_id] = kind
        return kind

    def special_tokens(self) -> dict[str, int]:
        if self._specials is None:
            specials = {}
            for token_id in range(self._n_vocab):
                if self.kind(token_id) == "control":
                    specials[self.token_bytes(token_id).decode("utf-8", "replace")] = token_id
            self._specials = specials
        return dict(self._specials)

    # ------------------------------------------------------------------ encoding

    def encode_bytes(self, data: bytes, *, parse_special: bool = True, add_special: bool = False):
        lib = self._lib
        capacity = len(data) + 16
        with self._lock:
            self._check_open()
            while True:
                out = (lib.llama_token * capacity)()
                n = lib.llama_tokenize(
                    self._vocab, data, len(data), out, capacity, add_special, parse_special
                )
                if n >= 0:
                    return out[:n]
                if -n <= capacity:  # not a size problem: llama.cpp refused the text
                    raise TokenizerError(E.TOKENIZE_FAILED(code=n))
                capacity = -n

    def encode(
        self, text: str, *, parse_special: bool = True, add_special: bool = False
    ) -> list[int]:
        data = clean_text(text).encode("utf-8")
        return self.encode_bytes(data, parse_special=parse_special, add_special=add_special)

    def count_tokens(self, text: str, *, parse_special: bool = True) -> int:
        return len(self.encode(text, parse_special=parse_special, add_special=self.adds_bos))

    def tokenize(
        self, text: str, *, parse_special: bool = True, add_special: bool = False
    ) -> Tokenization:
        text = clean_text(text)
        data = text.encode("utf-8")
        ids = self.encode_bytes(data, parse_special=parse_special, add_special=add_special)
        pieces = [self.token_bytes(i) for i in ids]
        if b"".join(pieces) == data:  # the usual case (byte-level BPE): offsets are sums
            lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
            cumulative = np.cumsum(lengths)
            return Tokenization(self, text, data, ids, cumulative - lengths, cumulative)
        # A control token whose text is not next in the input was added by the tokenizer
        # (BOS/EOS): it takes no room in the text.
        zero_width = [self.kind(i) == "control" for i in ids]
        starts, ends = offsets_from_pieces(data, pieces, zero_width)
        return Tokenization(self, text, data, ids, starts, ends)

    def close(self) -> None:
        with self._lock:
            if self._model:
                self._lib.llama_model_free(self._model)
                self._model = None
                self._vocab = None

    def __del__(self) -> None:  # last resort; the registry closes explicitly
        try:
            self.close()
        except Exception:
            log.debug("closing a vocabulary on garbage collection failed", exc_info=True)
