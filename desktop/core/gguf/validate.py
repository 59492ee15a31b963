"""Whether llama.cpp can run a model: a known, generative architecture, and weights."""

from __future__ import annotations

from pathlib import Path

from desktop.core.gguf import errors as E
from desktop.core.gguf.errors import GGUFError
from desktop.core.gguf.meta import NON_GENERATIVE_ARCHITECTURES, GGUFMeta


def check_runnable(path: Path, meta: GGUFMeta) -> None:
    """What the engine needs beyond a readable header: a known, generative architecture and
    weights (llama.cpp's vocabulary-only files have none; the tokenizer view reads them)."""
    check_architecture(path, meta.architecture)
    if not meta.n_tensors:
        raise GGUFError(
            "unsupported_architecture", E.VOCAB_ONLY(name=path.name), E.VOCAB_ONLY_HINT()
        )


def check_architecture(path: Path, arch: str) -> None:
    try:
        from gguf import MODEL_ARCH_NAMES

        known = set(MODEL_ARCH_NAMES.values())
    except ImportError:  # without the gguf package, llama.cpp itself is the judge
        known = {arch}

    if not arch:
        raise GGUFError("corrupt", E.NO_ARCHITECTURE(name=path.name), E.REDOWNLOAD())
    if arch in NON_GENERATIVE_ARCHITECTURES:
        raise GGUFError(
            "unsupported_architecture",
            E.NOT_GENERATIVE(name=path.name, arch=arch),
            E.NOT_GENERATIVE_HINT(),
        )
    if arch not in known:
        raise GGUFError(
            "unsupported_architecture",
            E.UNKNOWN_ARCHITECTURE(name=path.name, arch=arch),
            E.UNKNOWN_ARCHITECTURE_HINT(),
        )
