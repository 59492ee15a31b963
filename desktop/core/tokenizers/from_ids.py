"""A Tokenization of token ids made elsewhere (the prompt a server sent to its model), so the
token views can draw them exactly as the model read them, not as a second tokenization."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from desktop.core.tokenizers.base import Tokenization, Tokenizer, clean_text, offsets_from_pieces


def tokenization_of_ids(
    tokenizer: Tokenizer, ids: Sequence[int], text: str | None = None
) -> Tokenization:
    """`ids` over `text` (the text they were made from), or over their own bytes when the
    text is not known. Tokens absent from the text (an added BOS) take no room in it."""
    pieces = [bytes(tokenizer.token_bytes(int(i))) for i in ids]
    joined = b"".join(pieces)
    if text is None:
        text = joined.decode("utf-8", "replace")
    text = clean_text(text)
    data = text.encode("utf-8")
    if joined == data:
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        ends = np.cumsum(lengths)
        return Tokenization(tokenizer, text, data, [int(i) for i in ids], ends - lengths, ends)
    zero_width = [tokenizer.kind(int(i)) == "control" for i in ids]
    starts, stops = offsets_from_pieces(data, pieces, zero_width)
    return Tokenization(tokenizer, text, data, [int(i) for i in ids], starts, stops)
