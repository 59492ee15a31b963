"""A tiktoken encoding behind the common Tokenizer interface (`tiktoken:NAME`)."""

from __future__ import annotations

import contextlib

import numpy as np

from desktop.core.tokenizers import base as E
from desktop.core.tokenizers.base import Tokenization, TokenizerError, TokenKind, clean_text


class TiktokenTokenizer:
    """Wraps a `tiktoken.Encoding`. tiktoken is lossless: token bytes concatenate to the text."""

    def __init__(self, encoding, spec: str | None = None) -> None:
        self._enc = encoding
        self._spec = spec or f"tiktoken:{encoding.name}"
        self._specials = {
            text: encoding.encode_single_token(text) for text in encoding.special_tokens_set
        }
        self._special_ids = frozenset(self._specials.values())
        self._special_array = np.array(sorted(self._special_ids), dtype=np.int64)
        self._lengths: np.ndarray | None = None

    def _token_lengths(self) -> np.ndarray:
        """Byte length of every id: offsets become one numpy gather instead of a decode."""
        if self._lengths is None:
            lengths = np.zeros(self._enc.n_vocab, dtype=np.int64)
            ranks = getattr(self._enc, "_mergeable_ranks", None)
            if isinstance(ranks, dict) and len(ranks) <= len(lengths):
                lengths[np.fromiter(ranks.values(), np.int64, len(ranks))] = np.fromiter(
                    map(len, ranks), np.int64, len(ranks)
                )
            else:  # an Encoding built some other way: ask it token by token, once
                for token_id in range(self._enc.n_vocab):
                    with contextlib.suppress(KeyError):
                        lengths[token_id] = len(self._enc.decode_single_token_bytes(token_id))
            for text, token_id in self._specials.items():
                lengths[token_id] = len(text.encode("utf-8"))
            self._lengths = lengths
        return self._lengths

    def special_id_array(self) -> np.ndarray:
        return self._special_array

    @property
    def encoding(self):
        return self._enc

    @property
    def spec(self) -> str:
        return self._spec

    @property
    def name(self) -> str:
        return self._enc.name

    @property
    def n_vocab(self) -> int:
        return int(self._enc.n_vocab)

    @property
    def context_length(self) -> int | None:
        return None

    @property
    def chat_template(self) -> str | None:
        return None

    def _check_id(self, token_id: int) -> None:
        if not 0 <= token_id < self._enc.n_vocab:
            raise TokenizerError(E.NOT_A_TOKEN_ID(id=token_id, name=self.name))

    def token_bytes(self, token_id: int) -> bytes:
        self._check_id(token_id)
        try:
            return self._enc.decode_single_token_bytes(token_id)
        except KeyError as exc:  # a gap in the ids (e.g. between ranks and specials)
            raise TokenizerError(E.NOT_A_TOKEN_ID(id=token_id, name=self.name)) from exc

    def piece(self, token_id: int) -> str:
        # tiktoken stores raw bytes; show them as text where they are text.
        return self.token_bytes(token_id).decode("utf-8", "backslashreplace")

    def kind(self, token_id: int) -> TokenKind:
        return "control" if token_id in self._special_ids else "normal"

    def special_tokens(self) -> dict[str, int]:
        return dict(self._specials)

    def encode(
        self, text: str, *, parse_special: bool = True, add_special: bool = False
    ) -> list[int]:
        # add_special: tiktoken encodings add nothing by themselves.
        text = clean_text(text)
        if parse_special:
            return self._enc.encode(text, allowed_special="all")
        return self._enc.encode(text, disallowed_special=())

    def count_tokens(self, text: str, *, parse_special: bool = True) -> int:
        return len(self.encode(text, parse_special=parse_special))

    def tokenize(
        self, text: str, *, parse_special: bool = True, add_special: bool = False
    ) -> Tokenization:
        text = clean_text(text)
        data = text.encode("utf-8")
        ids = self.encode(text, parse_special=parse_special)
        lengths = self._token_lengths()[np.asarray(ids, dtype=np.int64)]
        ends = np.cumsum(lengths)
        starts = ends - lengths
        return Tokenization(self, text, data, ids, starts, ends)

    def close(self) -> None:
        """Nothing to free: the encoding is plain memory."""
