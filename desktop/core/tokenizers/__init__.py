"""Tokenizers: a GGUF model's own vocabulary (llama.cpp, vocab only) and tiktoken, one interface.

registry = TokenizerRegistry(TiktokenCache.for_data_paths(paths))
tok = registry.get("tiktoken:cl100k_base")      # or "model:/path/model.gguf"
tok.count_tokens("你好")                         # the composer's live count
result = tok.tokenize(text)                     # ids, byte offsets, pieces, kinds
"""

from desktop.core.tokenizers.base import (
    SPECIAL_KINDS,
    TokenCounts,
    Tokenization,
    Tokenizer,
    TokenizerError,
    TokenKind,
    TokenSpan,
)
from desktop.core.tokenizers.registry import (
    TokenizerChoice,
    TokenizerRegistry,
    TokenizerSpec,
    parse_spec,
)
from desktop.core.tokenizers.tiktoken_cache import (
    DEFAULT_ENCODINGS,
    TiktokenCache,
    TiktokenEncodingMissing,
)

__all__ = [
    "DEFAULT_ENCODINGS",
    "SPECIAL_KINDS",
    "TiktokenCache",
    "TiktokenEncodingMissing",
    "TokenCounts",
    "TokenKind",
    "TokenSpan",
    "Tokenization",
    "Tokenizer",
    "TokenizerChoice",
    "TokenizerError",
    "TokenizerRegistry",
    "TokenizerSpec",
    "count_tokens",
    "parse_spec",
]


def count_tokens(tokenizer: Tokenizer, text: str) -> int:
    """Tokens `text` costs, as the model would count it (BOS included where the model adds one)."""
    return tokenizer.count_tokens(text)
