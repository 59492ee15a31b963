"""RemoteTokenizer: a server's own tokenizer (llama-server, vLLM, llama-cpp-python) as a
Tokenizer, so the tokenizer view, the composer's count and `tessera tokenize -t backend:NAME`
show the ids the server's model really uses.

Each token's bytes come with the tokenize answer where the server gives them (llama-server's
`with_pieces`); otherwise they are looked up once per id with /detokenize and cached. A
server has no "vocabulary piece" distinct from the text, and no token kinds: pieces are the
token's text, and every token is "normal" unless its text looks like a control token.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from desktop.core.backends.base import Backend
from desktop.core.backends.errors import BackendError
from desktop.core.tokenizers.base import (
    Tokenization,
    TokenizerError,
    TokenKind,
    clean_text,
    offsets_from_pieces,
)

# <|im_start|>, <s>, </s>, [INST], <start_of_turn>...: how servers' control tokens read.
_CONTROL = re.compile(r"^(<\|[^|<>]{1,40}\|>|</?[a-z_]{1,20}>|\[/?[A-Z_]{2,20}\])$")


class RemoteTokenizer:
    def __init__(self, backend: Backend, model: str | None = None) -> None:
        self._backend = backend
        self._model = model
        self._bytes: dict[int, bytes] = {}
        self._lock = threading.Lock()
        try:
            self._info = backend.model_info(model)
        except BackendError as exc:
            raise TokenizerError(exc.user_message, exc.user_hint) from exc

    @property
    def spec(self) -> str:
        return f"backend:{self._backend.name}"

    @property
    def name(self) -> str:
        return f"{self._backend.name} ({self._info.name})"

    @property
    def n_vocab(self) -> int:
        return int(self._info.n_vocab or 0)

    @property
    def context_length(self) -> int | None:
        return self._info.context_length or self._backend.capabilities().context_length

    @property
    def chat_template(self) -> str | None:
        return self._info.chat_template

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BackendError as exc:
            raise TokenizerError(exc.user_message, exc.user_hint) from exc

    def encode(
        self, text: str, *, parse_special: bool = True, add_special: bool = False
    ) -> list[int]:
        result = self._call(
            self._backend.tokenize,
            clean_text(text),
            add_special=add_special,
            parse_special=parse_special,
            model=self._model,
        )
        if result.pieces is not None:
            with self._lock:
                self._bytes.update(zip(result.ids, result.pieces, strict=True))
        return list(result.ids)

    def count_tokens(self, text: str, *, parse_special: bool = True) -> int:
        return len(self.encode(text, parse_special=parse_special))

    def token_bytes(self, token_id: int) -> bytes:
        with self._lock:
            cached = self._bytes.get(token_id)
        if cached is not None:
            return cached
        value = self._call(self._backend.detokenize, [token_id], model=self._model).encode()
        with self._lock:
            self._bytes[token_id] = value
        return value

    def piece(self, token_id: int) -> str:
        return self.token_bytes(token_id).decode("utf-8", "replace")

    def kind(self, token_id: int) -> TokenKind:
        return "control" if _CONTROL.match(self.piece(token_id)) else "normal"

    def special_tokens(self) -> dict[str, int]:
        with self._lock:
            known = dict(self._bytes)
        return {
            raw.decode("utf-8", "replace"): tid
            for tid, raw in known.items()
            if _CONTROL.match(raw.decode("utf-8", "replace"))
        }

    def tokenize(
        self, text: str, *, parse_special: bool = True, add_special: bool = False
    ) -> Tokenization:
        text = clean_text(text)
        data = text.encode("utf-8")
        ids = self.encode(text, parse_special=parse_special, add_special=add_special)
        pieces = [self.token_bytes(i) for i in ids]
        zero_width = [
            self.kind(i) == "control" and not data.count(p)
            for i, p in zip(ids, pieces, strict=True)
        ]
        starts, ends = offsets_from_pieces(data, pieces, zero_width)
        return Tokenization(self, text, data, ids, starts, ends)

    def close(self) -> None:
        """The backend belongs to the backend registry: nothing to free here."""
