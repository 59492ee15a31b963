"""GGUFError: why a file cannot be used as a model, as a translatable message with a kind."""

from __future__ import annotations

from typing import Literal

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

GGUFErrorKind = Literal["file_missing", "not_gguf", "corrupt", "unsupported_architecture"]

FILE_MISSING = MessageSpec(
    "gguf.file_missing", QT_TRANSLATE_NOOP("CoreMessages", "The model file {path} does not exist.")
)
FILE_MISSING_HINT = MessageSpec(
    "gguf.file_missing.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "It may have been moved or deleted; pick the file again or download it again.",
    ),
)
IS_FOLDER = MessageSpec(
    "gguf.is_folder", QT_TRANSLATE_NOOP("CoreMessages", "{path} is a folder, not a model file.")
)
PICK_GGUF = MessageSpec("gguf.pick_gguf", QT_TRANSLATE_NOOP("CoreMessages", "Pick a .gguf file."))
CANNOT_READ = MessageSpec(
    "gguf.cannot_read", QT_TRANSLATE_NOOP("CoreMessages", "Cannot read {path}: {reason}.")
)
EMPTY = MessageSpec(
    "gguf.empty",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a GGUF model file (it is empty)."),
)
TOO_SMALL = MessageSpec(
    "gguf.too_small",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a GGUF model file (it is too small)."),
)
DOWNLOAD_OR_PICK = MessageSpec(
    "gguf.download_or_pick",
    QT_TRANSLATE_NOOP("CoreMessages", "Download the model again, or pick a .gguf file."),
)
NOT_GGUF = MessageSpec(
    "gguf.not_gguf", QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a GGUF model file.")
)
NOT_GGUF_HINT = MessageSpec(
    "gguf.not_gguf.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera runs GGUF models (llama.cpp's format). Pick a file ending in .gguf, e.g. from "
        "a repository whose name contains 'GGUF'.",
    ),
)
BAD_VERSION = MessageSpec(
    "gguf.bad_version",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} uses GGUF version {version}, which llama.cpp cannot read."
    ),
)
BAD_VERSION_HINT = MessageSpec(
    "gguf.bad_version.hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Download a current conversion of the model."),
)
DAMAGED_HEADER = MessageSpec(
    "gguf.damaged_header", QT_TRANSLATE_NOOP("CoreMessages", "{name} has a damaged header.")
)
DAMAGED_TENSORS = MessageSpec(
    "gguf.damaged_tensors", QT_TRANSLATE_NOOP("CoreMessages", "{name} has a damaged tensor table.")
)
UNKNOWN_VALUE_TYPE = MessageSpec(
    "gguf.unknown_value_type",
    QT_TRANSLATE_NOOP("CoreMessages", "Unknown value type {type} in metadata key '{key}'."),
)
UNKNOWN_QUANT = MessageSpec(
    "gguf.unknown_quant",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "A tensor uses quantization type {type}, which this version does not know."
    ),
)
UNKNOWN_QUANT_HINT = MessageSpec(
    "gguf.unknown_quant.hint",
    QT_TRANSLATE_NOOP("CoreMessages", "The file may need a newer llama.cpp, or it is damaged."),
)
HEADER_CUT = MessageSpec(
    "gguf.header_cut",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is truncated: its header ends early."),
)
DATA_CUT = MessageSpec(
    "gguf.data_cut",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} is truncated: it has {size} but its tensors need {needed}."
    ),
)
REDOWNLOAD = MessageSpec(
    "gguf.redownload",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The download was probably interrupted or the file is damaged; download it again.",
    ),
)
NO_ARCHITECTURE = MessageSpec(
    "gguf.no_architecture",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} does not say which model architecture it holds."),
)
NOT_GENERATIVE = MessageSpec(
    "gguf.not_generative",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is a '{arch}' model, which cannot generate text."),
)
NOT_GENERATIVE_HINT = MessageSpec(
    "gguf.not_generative.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "It is a vision projector, audio decoder or embedding model; pick a chat or base "
        "language model instead.",
    ),
)
UNKNOWN_ARCHITECTURE = MessageSpec(
    "gguf.unknown_architecture",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{name} uses the '{arch}' architecture, which this llama.cpp build does not support.",
    ),
)
UNKNOWN_ARCHITECTURE_HINT = MessageSpec(
    "gguf.unknown_architecture.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Pick another model, or update Tessera (a newer llama-cpp-python may support it).",
    ),
)
VOCAB_ONLY = MessageSpec(
    "gguf.vocab_only",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} holds a vocabulary only, no model weights."),
)
VOCAB_ONLY_HINT = MessageSpec(
    "gguf.vocab_only.hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Its tokens can be shown in the tokenizer view; pick a full model to chat."
    ),
)


class GGUFError(UserError):
    """A file that cannot be used as a model; `kind` matches the engine's error kinds."""

    def __init__(self, kind: GGUFErrorKind, message: Message, hint: Message | None = None) -> None:
        super().__init__(message, hint)
        self.kind: GGUFErrorKind = kind


class GGUFHeaderTruncated(GGUFError):
    """The header runs past the end of the bytes given: a cut file, or a prefix too short
    (`parse_gguf_header` on the first MB of a download: fetch more and parse again)."""
