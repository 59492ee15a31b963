"""Which chat template a model gets, and why: its own, the user's override, or a built-in.

A GGUF without `tokenizer.chat_template` used to get ChatML, which most such models never saw
(a Gemma base model then writes `<|im_end|>user` lines for 512 tokens). Now the choice follows
what the file says about itself: its architecture, its name, its special tokens, in that
order of trust, and ChatML only when nothing points anywhere. The choice carries its reason
as a `Message` the chat and the model panel show, and the built-in's turn markers as stop
strings. `looks_like_base_model` tells when chat is probably the wrong mode altogether.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec
from desktop.core.templates.builtin_chat import CHATML, BuiltinChatFormat, builtin_format

TemplateSource = Literal["file", "override", "architecture", "name", "tokens", "fallback"]

FROM_FILE = MessageSpec(
    "template.from_file", QT_TRANSLATE_NOOP("CoreMessages", "Chat template from the model file.")
)
OVERRIDE_BUILTIN = MessageSpec(
    "template.override_builtin",
    QT_TRANSLATE_NOOP("CoreMessages", "Chat template {name}, chosen by you for this model."),
)
OVERRIDE_CUSTOM = MessageSpec(
    "template.override_custom",
    QT_TRANSLATE_NOOP("CoreMessages", "Your own chat template for this model."),
)
FOR_ARCHITECTURE = MessageSpec(
    "template.for_architecture",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The file has no chat template: {name} chosen for architecture {architecture}.",
    ),
)
FOR_NAME = MessageSpec(
    "template.for_name",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The file has no chat template: {name} chosen for the name {model}."
    ),
)
FOR_TOKENS = MessageSpec(
    "template.for_tokens",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The file has no chat template: {name} chosen for its special tokens {tokens}.",
    ),
)
FALLBACK = MessageSpec(
    "template.fallback",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "ChatML fallback: the file has no chat template and nothing in it says which format "
        "the model was trained with.",
    ),
)
BASE_MODEL = MessageSpec(
    "template.base_model",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{model} looks like a base model: it has no chat template and nothing in its name or "
        "metadata says instruct or chat. Base models continue text; Completion mode is the "
        "place for them.",
    ),
)

# One-line forms of the reasons, for a column of the Models page.
SHORT_FILE = MessageSpec(
    "template.short.file", QT_TRANSLATE_NOOP("CoreMessages", "From the GGUF file")
)
SHORT_OVERRIDE = MessageSpec(
    "template.short.override", QT_TRANSLATE_NOOP("CoreMessages", "{name}: chosen by you")
)
SHORT_CUSTOM = MessageSpec(
    "template.short.custom", QT_TRANSLATE_NOOP("CoreMessages", "Your own Jinja template")
)
SHORT_ARCHITECTURE = MessageSpec(
    "template.short.architecture",
    QT_TRANSLATE_NOOP("CoreMessages", "{name}: known architecture {architecture}"),
)
SHORT_NAME = MessageSpec(
    "template.short.name", QT_TRANSLATE_NOOP("CoreMessages", "{name}: known family {family}")
)
SHORT_TOKENS = MessageSpec(
    "template.short.tokens", QT_TRANSLATE_NOOP("CoreMessages", "{name}: from its special tokens")
)
SHORT_FALLBACK = MessageSpec(
    "template.short.fallback",
    QT_TRANSLATE_NOOP("CoreMessages", "ChatML: fallback, nothing in the file says"),
)
SHORT_BASE = MessageSpec(
    "template.short.base",
    QT_TRANSLATE_NOOP("CoreMessages", "None: base model, Completion mode ({name} if chatted)"),
)


@dataclass(frozen=True)
class TemplateChoice:
    """The chat template in use. `template` is the Jinja text rendered; `builtin` names the
    llama.cpp format when it is one; `stops` end a reply for built-ins the file did not ship;
    `strip_thinking` removes `<think>` blocks from earlier replies (the model's own template
    decides that itself, so only for templates it did not ship). `summary` is `reason` in a
    few words."""

    template: str
    source: TemplateSource
    reason: Message
    builtin: str | None = None
    stops: tuple[str, ...] = ()
    strip_thinking: bool = False
    summary: Message | None = None

    @property
    def from_file(self) -> bool:
        return self.source == "file"

    @property
    def is_fallback(self) -> bool:
        """A template the model did not ship and the user did not pick."""
        return self.source in ("architecture", "name", "tokens", "fallback")


# Architectures whose chat format is unambiguous.
_ARCHITECTURES: dict[str, str] = {
    "gemma": "gemma",
    "gemma2": "gemma",
    "gemma3": "gemma",
    "gemma3n": "gemma",
    "llama4": "llama4",
    "command-r": "command-r",
    "cohere2": "command-r",
    "exaone": "exaone3",
    "granite": "granite",
    "granitemoe": "granite",
}

# Names, most specific first: a DeepSeek-R1 distill runs on the qwen2 or llama architecture.
_NAMES: tuple[tuple[str, str], ...] = (
    (r"deepseek.?r1|r1.?distill", "deepseek3"),
    (r"deepseek.?v3", "deepseek3"),
    (r"deepseek.?v2", "deepseek2"),
    (r"deepseek.?coder", "deepseek"),
    (r"llama.?4", "llama4"),
    (r"llama.?3", "llama3"),
    (r"llama.?2", "llama2-sys"),
    (r"phi.?4", "phi4"),
    (r"phi.?3", "phi3"),
    (r"gemma", "gemma"),
    (r"mistral|mixtral|ministral|magistral|devstral", "mistral-v3"),
    (r"falcon.?3", "falcon3"),
    (r"zephyr", "zephyr"),
    (r"qwen|smollm|hermes", "chatml"),
    (r"granite", "granite"),
    (r"exaone", "exaone3"),
    (r"command.?r|c4ai|aya", "command-r"),
)

# Marker tokens a vocabulary holds for its chat format (all must be single tokens).
_TOKENS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("<start_of_turn>", "<end_of_turn>"), "gemma"),
    (("<|start_header_id|>", "<|eot_id|>"), "llama3"),
    (("<|header_start|>", "<|eot|>"), "llama4"),
    (("<|im_start|>", "<|im_sep|>"), "phi4"),
    (("<|im_start|>", "<|im_end|>"), "chatml"),
    (("<|user|>", "<|assistant|>", "<|end|>"), "phi3"),
    (("[SYSTEM_PROMPT]", "[INST]"), "mistral-v7"),
    (("[INST]", "[/INST]"), "mistral-v3"),
    (("<\uff5cUser\uff5c>", "<\uff5cAssistant\uff5c>"), "deepseek3"),
    (("<|START_OF_TURN_TOKEN|>", "<|CHATBOT_TOKEN|>"), "command-r"),
    (("<|start_of_role|>", "<|end_of_role|>"), "granite"),
)

# Architectures that mostly, but not always, mean one format: after names and tokens.
_ARCHITECTURE_DEFAULTS: dict[str, str] = {
    "qwen": "chatml",
    "qwen2": "chatml",
    "qwen2moe": "chatml",
    "qwen3": "chatml",
    "qwen3moe": "chatml",
    "phi3": "phi3",
    "deepseek2": "deepseek2",
}

_TEKKEN = "tekken"


def model_names(meta: Any) -> str:
    """Every name the file gives itself, lower case, for matching."""
    md: Mapping[str, Any] = getattr(meta, "metadata", {}) or {}
    parts = [str(getattr(meta, "name", "") or "")]
    for key in ("general.basename", "general.finetune", "general.base_model.0.name"):
        value = md.get(key)
        if isinstance(value, str):
            parts.append(value)
    path = str(getattr(meta, "path", "") or "")
    if path:
        parts.append(re.split(r"[\\/]", path)[-1].removesuffix(".gguf"))
    return " ".join(parts).lower()


def _with_tokenizer_variant(name: str, meta: Any) -> str:
    md = getattr(meta, "metadata", {}) or {}
    if name in ("mistral-v3", "mistral-v7") and md.get("tokenizer.ggml.pre") == _TEKKEN:
        return name + "-tekken"
    return name


def _builtin_choice(
    fmt: BuiltinChatFormat, source: TemplateSource, reason: Message, summary: Message
) -> TemplateChoice:
    return TemplateChoice(
        template=fmt.template,
        source=source,
        reason=reason,
        builtin=fmt.name,
        stops=fmt.stops,
        strip_thinking=True,
        summary=summary,
    )


def choose_chat_template(
    meta: Any,
    override: str | None = None,
    has_token: Callable[[str], bool] | None = None,
) -> TemplateChoice:
    """The template for the model `meta` describes (a GGUFMeta, or anything with its
    `architecture`, `name`, `chat_template`, `control_tokens`, `metadata`).

    `override` is the user's choice: a built-in's name or Jinja text. `has_token(text)` says
    whether the vocabulary has `text` as one token (default: among the control tokens).
    """
    if override and override.strip():
        fmt = builtin_format(override)
        if fmt is not None:
            return _builtin_choice(
                fmt, "override", OVERRIDE_BUILTIN(name=fmt.name), SHORT_OVERRIDE(name=fmt.name)
            )
        return TemplateChoice(override, "override", OVERRIDE_CUSTOM(), summary=SHORT_CUSTOM())
    own = getattr(meta, "chat_template", None)
    if isinstance(own, str) and own.strip():
        return TemplateChoice(own, "file", FROM_FILE(), summary=SHORT_FILE())

    architecture = str(getattr(meta, "architecture", "") or "")
    if architecture in _ARCHITECTURES:
        fmt = builtin_format(_with_tokenizer_variant(_ARCHITECTURES[architecture], meta))
        assert fmt is not None
        return _builtin_choice(
            fmt,
            "architecture",
            FOR_ARCHITECTURE(name=fmt.name, architecture=architecture),
            SHORT_ARCHITECTURE(name=fmt.name, architecture=architecture),
        )

    names = model_names(meta)
    if has_token is None:
        control = set(getattr(meta, "control_tokens", {}) or {})
        has_token = control.__contains__
    for pattern, builtin in _NAMES:
        found = re.search(pattern, names)
        if found:
            if builtin == "mistral-v3" and has_token("[SYSTEM_PROMPT]"):
                builtin = "mistral-v7"
            fmt = builtin_format(_with_tokenizer_variant(builtin, meta))
            assert fmt is not None
            shown = str(getattr(meta, "name", "") or names)
            return _builtin_choice(
                fmt,
                "name",
                FOR_NAME(name=fmt.name, model=shown),
                SHORT_NAME(name=fmt.name, family=found.group(0)),
            )

    for markers, builtin in _TOKENS:
        if all(has_token(t) for t in markers):
            fmt = builtin_format(_with_tokenizer_variant(builtin, meta))
            assert fmt is not None
            return _builtin_choice(
                fmt,
                "tokens",
                FOR_TOKENS(name=fmt.name, tokens=" ".join(markers)),
                SHORT_TOKENS(name=fmt.name),
            )

    if architecture in _ARCHITECTURE_DEFAULTS:
        fmt = builtin_format(_ARCHITECTURE_DEFAULTS[architecture])
        assert fmt is not None
        return _builtin_choice(
            fmt,
            "architecture",
            FOR_ARCHITECTURE(name=fmt.name, architecture=architecture),
            SHORT_ARCHITECTURE(name=fmt.name, architecture=architecture),
        )
    return _builtin_choice(CHATML, "fallback", FALLBACK(), SHORT_FALLBACK())


# Words that mark a chat-tuned model in names, fine-tune labels and tags.
_CHAT_WORDS = re.compile(
    r"(?<![a-z])(instruct|instruction|chat|it|sft|dpo|orpo|kto|rlhf|assistant|conversational|"
    r"hermes|distill|r1|thinking|reasoning|coder-instruct|tulu|zephyr|vicuna|openchat)(?![a-z])"
)


def looks_like_base_model(meta: Any) -> bool:
    """No chat template in the file, and nothing in its names, fine-tune label or tags says
    it was tuned to chat: most likely a base (pretrained-only) model."""
    own = getattr(meta, "chat_template", None)
    if isinstance(own, str) and own.strip():
        return False
    if getattr(meta, "chat_templates", None):
        return False
    md: Mapping[str, Any] = getattr(meta, "metadata", {}) or {}
    texts = [model_names(meta)]
    for key in ("general.tags", "general.type"):
        value = md.get(key)
        if isinstance(value, str):
            texts.append(value.lower())
        elif isinstance(value, Iterable):
            texts.extend(str(v).lower() for v in value)
    return not any(_CHAT_WORDS.search(text) for text in texts)


def base_model_notice(meta: Any) -> Message:
    return BASE_MODEL(model=str(getattr(meta, "name", "") or "This model"))


def choice_summary(choice: TemplateChoice, looks_base: bool) -> Message:
    """The choice in a few words; a base model's says chat is not its place."""
    if looks_base and choice.source != "override":
        return SHORT_BASE(name=choice.builtin or "?")
    return choice.summary or choice.reason
