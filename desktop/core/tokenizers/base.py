"""What every tokenizer gives back: token ids with byte offsets, kinds, pieces and counts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

TokenKind = Literal["normal", "control", "byte", "user_defined", "unknown", "unused"]

# Kinds drawn as "special" (not plain text) in views.
SPECIAL_KINDS: frozenset[str] = frozenset({"control", "user_defined", "unknown", "unused"})


NOT_A_TOKENIZER = MessageSpec(
    "tokenizers.not_a_tokenizer", QT_TRANSLATE_NOOP("CoreMessages", "'{spec}' is not a tokenizer.")
)
NOT_A_TOKENIZER_HINT = MessageSpec(
    "tokenizers.not_a_tokenizer.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Use model:PATH.gguf, tiktoken:NAME (e.g. tiktoken:cl100k_base) or backend:NAME.",
    ),
)
NOT_A_TOKEN_ID = MessageSpec(
    "tokenizers.not_a_token_id",
    QT_TRANSLATE_NOOP("CoreMessages", "{id} is not a token id of {name}."),
)
CLOSED = MessageSpec(
    "tokenizers.closed", QT_TRANSLATE_NOOP("CoreMessages", "The tokenizer of {name} was closed.")
)
VOCAB_UNREADABLE = MessageSpec(
    "tokenizers.vocab_unreadable",
    QT_TRANSLATE_NOOP("CoreMessages", "llama.cpp could not read the vocabulary of {name}."),
)
VOCAB_UNREADABLE_HINT = MessageSpec(
    "tokenizers.vocab_unreadable.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The file may be damaged, incomplete, or of an architecture this llama.cpp does not know.",
    ),
)
TOKENIZE_FAILED = MessageSpec(
    "tokenizers.tokenize_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "llama.cpp could not tokenize this text ({code})."),
)
NOT_RANKS_FILE = MessageSpec(
    "tokenizers.not_ranks_file",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{source} is not a tiktoken ranks file (line {line} is not 'base64 rank')."
    ),
)
NO_TOKENS = MessageSpec(
    "tokenizers.no_tokens", QT_TRANSLATE_NOOP("CoreMessages", "{source} holds no tokens.")
)
CANNOT_READ = MessageSpec(
    "tokenizers.cannot_read", QT_TRANSLATE_NOOP("CoreMessages", "Cannot read {path}: {reason}.")
)
UNKNOWN_ENCODING = MessageSpec(
    "tokenizers.unknown_encoding",
    QT_TRANSLATE_NOOP("CoreMessages", "tiktoken has no encoding named '{name}'."),
)
KNOWN_ENCODINGS = MessageSpec(
    "tokenizers.known_encodings", QT_TRANSLATE_NOOP("CoreMessages", "Known: {names}.")
)
OLD_FORMAT = MessageSpec(
    "tokenizers.old_format",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The tiktoken encoding '{name}' uses an older file format Tessera does not load.",
    ),
)
OLD_FORMAT_HINT = MessageSpec(
    "tokenizers.old_format.hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Use r50k_base, which has the same tokens."),
)
ENCODING_OFFLINE = MessageSpec(
    "tokenizers.encoding_offline",
    QT_TRANSLATE_NOOP("CoreMessages", "The tiktoken encoding '{name}' is not available offline."),
)
ENCODING_OFFLINE_BECAUSE = MessageSpec(
    "tokenizers.encoding_offline.because",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The tiktoken encoding '{name}' is not available offline ({reason})."
    ),
)
ENCODING_OFFLINE_HINT = MessageSpec(
    "tokenizers.encoding_offline.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Connect to the internet once to download it, or copy {name}.tiktoken into {folder}.",
    ),
)


BACKENDS_UNAVAILABLE = MessageSpec(
    "tokenizers.backends_unavailable",
    QT_TRANSLATE_NOOP("CoreMessages", "'{spec}' needs the app's backends, not available here."),
)
NO_REMOTE_TOKENIZER = MessageSpec(
    "tokenizers.no_remote_tokenizer",
    QT_TRANSLATE_NOOP("CoreMessages", "The backend {name} does not expose its tokenizer."),
)


class TokenizerError(UserError):
    """A tokenizer could not be loaded or used; `str(err)` is one sentence a user can act on
    (`user_message` / `user_hint` in the user's language)."""

    def __init__(self, message: Message, hint: Message | None = None) -> None:
        super().__init__(message, hint)


def clean_text(text: str) -> str:
    """Lone surrogates (possible in a pasted QString) cannot be UTF-8: they become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


class Tokenizer(Protocol):
    """One vocabulary. Implementations are thread-safe for reading and encoding."""

    @property
    def spec(self) -> str:
        """How to ask for it again: `model:PATH` or `tiktoken:NAME`."""

    @property
    def name(self) -> str:
        """Short label for pickers and tables."""

    @property
    def n_vocab(self) -> int: ...

    @property
    def context_length(self) -> int | None:
        """The model's training context, when known."""

    @property
    def chat_template(self) -> str | None: ...

    def encode(
        self, text: str, *, parse_special: bool = True, add_special: bool = False
    ) -> list[int]:
        """Token ids for `text`. `parse_special` turns `<|im_start|>`-like text into control tokens;
        `add_special` adds what the model adds by itself (e.g. BOS)."""

    def count_tokens(self, text: str, *, parse_special: bool = True) -> int: ...

    def token_bytes(self, token_id: int) -> bytes:
        """The bytes this token stands for in text (a control token's own text)."""

    def piece(self, token_id: int) -> str:
        """The token as stored in the vocabulary (e.g. `Ġhello`, `▁hello`, `<0x0A>`)."""

    def kind(self, token_id: int) -> TokenKind: ...

    def special_tokens(self) -> dict[str, int]:
        """Text -> id for every control token."""

    def tokenize(
        self, text: str, *, parse_special: bool = True, add_special: bool = False
    ) -> Tokenization: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class TokenSpan:
    """One token as a user sees it."""

    index: int
    id: int
    piece: str
    raw: bytes
    kind: TokenKind
    start: int  # byte offset in the UTF-8 text
    end: int  # exclusive; start == end for a token with no text (e.g. an added BOS)

    @property
    def hex(self) -> str:
        return self.raw.hex(" ").upper()

    @property
    def is_special(self) -> bool:
        return self.kind in SPECIAL_KINDS


@dataclass(frozen=True)
class TokenCounts:
    tokens: int
    characters: int
    bytes: int

    @property
    def chars_per_token(self) -> float:
        return self.characters / self.tokens if self.tokens else 0.0

    def ratio_to(self, other: TokenCounts) -> float | None:
        """How many of our tokens per token of `other` (None when `other` has none)."""
        return self.tokens / other.tokens if other.tokens else None


@dataclass(frozen=True, eq=False)
class Tokenization:
    """A text cut by one tokenizer. Arrays, not objects: a 10 MB text has millions of tokens."""

    tokenizer: Tokenizer
    text: str
    data: bytes  # text as UTF-8
    ids: list[int]
    starts: Sequence[int] | np.ndarray  # byte offsets; numpy where it saves a copy
    ends: Sequence[int] | np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def counts(self) -> TokenCounts:
        return TokenCounts(tokens=len(self.ids), characters=len(self.text), bytes=len(self.data))

    def span(self, index: int) -> TokenSpan:
        token_id = self.ids[index]
        tok = self.tokenizer
        return TokenSpan(
            index=index,
            id=token_id,
            piece=tok.piece(token_id),
            raw=tok.token_bytes(token_id),
            kind=tok.kind(token_id),
            start=int(self.starts[index]),
            end=int(self.ends[index]),
        )

    def spans(self) -> Iterator[TokenSpan]:
        for index in range(len(self.ids)):
            yield self.span(index)


def offsets_from_pieces(
    data: bytes, pieces: list[bytes], zero_width: list[bool]
) -> tuple[list[int], list[int]]:
    """Byte offsets of each token in `data`, given the bytes each token renders to.

    Exact when the pieces concatenate to the input (byte-level BPE, tiktoken). Tolerates what
    other vocabularies do: a space the tokenizer prefixes to the text (SentencePiece), tokens
    with no text (an added BOS), and pieces that do not appear verbatim (an unknown token, a
    normalised character): those cover the input up to where the next piece is found.
    """
    n = len(pieces)
    starts = [0] * n
    ends = [0] * n
    pos = 0
    size = len(data)
    pending: list[int] = []  # tokens whose text could not be matched yet
    for i, piece in enumerate(pieces):
        length = len(piece)
        if length and data.startswith(piece, pos):
            found = pos
        elif zero_width[i] or not length:
            starts[i] = ends[i] = pos
            continue
        elif piece[:1] == b" " and data.startswith(piece[1:], pos):
            piece = piece[1:]
            length -= 1
            found = pos
        else:
            window = data.find(piece, pos, pos + 256 + length) if pending else -1
            if window < 0:
                pending.append(i)
                continue
            found = window
        if pending:
            _spread(pending, starts, ends, pos, found)
            pending.clear()
        starts[i] = found
        ends[i] = pos = found + length
    if pending:
        _spread(pending, starts, ends, pos, size)
    return starts, ends


def _spread(indices: list[int], starts: list[int], ends: list[int], lo: int, hi: int) -> None:
    """Unmatched tokens share the unmatched bytes: the first gets them, the rest sit at its end."""
    for k, i in enumerate(indices):
        starts[i] = lo if k == 0 else hi
        ends[i] = hi
