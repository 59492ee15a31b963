"""GGUF files: header reading, model metadata, validation, the vocabulary walk, the tiny model.

header.py    the bytes of a header: metadata key/values and the tensor table
meta.py      GGUFMeta, what a model is (sizes, tokens, chat templates)
validate.py  whether llama.cpp can run it (architecture, weights)
files.py     read_gguf_meta(path) (validated, cached per file), parse_gguf_header(bytes)
errors.py    GGUFError and its translatable messages
"""

from desktop.core.gguf.errors import GGUFError, GGUFHeaderTruncated
from desktop.core.gguf.files import clear_header_cache, parse_gguf_header, read_gguf_meta
from desktop.core.gguf.header import TensorInfo
from desktop.core.gguf.meta import GGUFMeta

__all__ = [
    "GGUFError",
    "GGUFHeaderTruncated",
    "GGUFMeta",
    "TensorInfo",
    "clear_header_cache",
    "parse_gguf_header",
    "read_gguf_meta",
]
