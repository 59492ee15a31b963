"""TokenBytes: the exact bytes of a token id, for OpenAI's `bytes` fields and `bytes:` names.

A generated token carries its own bytes (`Token.piece`), but an alternative carries only its
display text, which shows a token cut inside a UTF-8 character as <0xNN> marks. For the local
engine the model's vocabulary (loaded vocabulary-only, no weights) gives each id's bytes
exactly; a server's alternatives come as the text it sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from desktop.core.backends.base import Backend
from desktop.core.engine.errors import EngineError

log = logging.getLogger(__name__)


class TokenBytes:
    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._vocab: Any = None
        self._vocab_path: str | None = None
        self._failed: str | None = None
        self._lock = threading.Lock()

    def _local_vocab(self) -> Any:
        path: str | None
        try:
            path = self._backend.model_info(None).id
        except EngineError:
            path = self._vocab_path  # restarting: the same model comes back
        if path is None or path == self._failed:
            return None
        with self._lock:
            if path != self._vocab_path:
                from desktop.core.tokenizers.base import TokenizerError
                from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer

                old, self._vocab = self._vocab, None
                if old is not None:
                    old.close()
                try:
                    self._vocab = ModelVocabTokenizer(path)
                except TokenizerError:
                    log.exception("the vocabulary of %s cannot be read", path)
                    self._failed = path
                    return None
                self._vocab_path = path
            return self._vocab

    def prepare(self) -> None:
        """Load the vocabulary now (the first request with alternatives does otherwise)."""
        if self._backend.kind == "local":
            self._local_vocab()

    def lookup(self) -> Callable[[int, str], bytes]:
        """`lookup(token_id, text)`: the bytes of a token whose display text is `text`, for
        one reply (the vocabulary is looked up once, not per token). Blocking the first time
        a model's vocabulary loads: call it off the event loop."""
        vocab = self._local_vocab() if self._backend.kind == "local" else None
        if vocab is None:
            return _text_bytes
        n_vocab = vocab.n_vocab

        def of(token_id: int, text: str) -> bytes:
            if 0 <= token_id < n_vocab:
                return bytes(vocab.token_bytes(token_id))
            return text.encode("utf-8")

        return of

    def close(self) -> None:
        with self._lock:
            vocab, self._vocab = self._vocab, None
        if vocab is not None:
            vocab.close()


def _text_bytes(token_id: int, text: str) -> bytes:
    return text.encode("utf-8")
