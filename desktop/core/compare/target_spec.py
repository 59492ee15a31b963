"""Target SPECs: the text a user types for one pane, read into a CompareTarget.

    model:PATH[,temperature=T,top_p=P,seed=N,...]
    backend:NAME[/MODEL][,...]

After the model come `key=value` settings: any SamplingParams field (temperature, top_p,
top_k, min_p, seed, max_tokens, stop, ...), for local files also load settings (n_ctx,
n_gpu_layers, n_threads, flash_attn, ...), and `system=TEXT`, `template=NAME[@N]` (a saved
or built-in prompt template version), `label=TEXT`. A value holding a comma is quoted:
`system="Be brief, and kind."` (`\\"` for a quote inside). `stop` may be given more than once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.core.backends.base import LOCAL_NAME
from desktop.core.compare.target import CompareTarget, TargetSpecError
from desktop.core.engine.options import LOAD_FIELDS, SAMPLING_FIELDS, OptionsError, checked
from desktop.core.experiments.spec import PromptVersion
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, plain

# (template name, version number or None for the latest) -> PromptVersion, or LookupError.
TemplateResolver = Callable[[str, "int | None"], PromptVersion]

EXTRA_KEYS = ("system", "template", "label")

NOT_A_TARGET = MessageSpec(
    "compare.not_a_target",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A target is model:PATH or backend:NAME[/MODEL], then optional key=value settings "
        "separated by commas: {spec!r} is neither.",
    ),
)
NO_PATH = MessageSpec(
    "compare.no_path",
    QT_TRANSLATE_NOOP("CoreMessages", "The target {spec!r} names no model file after model:."),
)
NO_BACKEND = MessageSpec(
    "compare.no_backend",
    QT_TRANSLATE_NOOP("CoreMessages", "The target {spec!r} names no backend after backend:."),
)
NO_VALUE = MessageSpec(
    "compare.no_value",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "In the target {spec!r}, {item!r} is not a setting: write key=value."
    ),
)
UNKNOWN_KEY = MessageSpec(
    "compare.unknown_key",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "In the target {spec!r}, {key!r} is not a setting. Settings: {known}.",
    ),
)
TWICE = MessageSpec(
    "compare.twice",
    QT_TRANSLATE_NOOP("CoreMessages", "In the target {spec!r}, {key} is given twice."),
)
LOCAL_ONLY = MessageSpec(
    "compare.local_only",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "In the target {spec!r}, {key} is a load setting for local model files: a server "
        "loads its models itself.",
    ),
)
BAD_VALUE = MessageSpec(
    "compare.bad_value",
    QT_TRANSLATE_NOOP("CoreMessages", "In the target {spec!r}: {reason}"),
)
UNCLOSED_QUOTE = MessageSpec(
    "compare.unclosed_quote",
    QT_TRANSLATE_NOOP("CoreMessages", "The target {spec!r} has a quote that is never closed."),
)
NO_TEMPLATES = MessageSpec(
    "compare.no_templates",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Prompt templates are not available here, so template={name} cannot be used.",
    ),
)
UNKNOWN_TEMPLATE = MessageSpec(
    "compare.unknown_template",
    QT_TRANSLATE_NOOP("CoreMessages", "In the target {spec!r}: {reason}"),
)
BAD_TEMPLATE_VERSION = MessageSpec(
    "compare.bad_template_version",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "In the target {spec!r}, template={value} has no version number after @ "
        "(write template=NAME or template=NAME@3).",
    ),
)


def _items(spec: str) -> list[str]:
    """Comma-separated items; double quotes protect commas (`\\"` is a quote inside)."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    while i < len(spec):
        ch = spec[i]
        if quoted and ch == "\\" and i + 1 < len(spec) and spec[i + 1] == '"':
            current.append('"')
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    if quoted:
        raise TargetSpecError(UNCLOSED_QUOTE(spec=spec))
    items.append("".join(current).strip())
    return items


def _value(text: str) -> Any:
    """A setting's text as the JSON value it stands for (type checks come after)."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("none", "null"):
        return None
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            continue
    return text


def parse_target(spec: str, templates: TemplateResolver | None = None) -> CompareTarget:
    """A CompareTarget from its SPEC text; raises TargetSpecError saying what is wrong."""
    items = _items(spec.strip())
    head, settings = items[0], items[1:]
    kind, _, rest = head.partition(":")
    kind = kind.strip().lower()
    if not _ or kind not in ("model", "backend"):
        raise TargetSpecError(NOT_A_TARGET(spec=spec))
    rest = rest.strip()
    backend: str | None = None
    model: str | None
    if kind == "backend":
        name, _, model_id = rest.partition("/")
        if not name.strip():
            raise TargetSpecError(NO_BACKEND(spec=spec))
        backend, model = name.strip(), model_id.strip() or None
        if backend == LOCAL_NAME:  # backend:local/PATH is a local file like model:PATH
            if model is None:
                raise TargetSpecError(NO_PATH(spec=spec))
            kind, backend = "model", None
    else:
        model = rest
    if kind == "model":
        if not model:
            raise TargetSpecError(NO_PATH(spec=spec))
        model = str(Path(model).expanduser().resolve())

    values: dict[str, Any] = {}
    stops: list[str] = []
    known = sorted(SAMPLING_FIELDS) + (sorted(LOAD_FIELDS) if kind == "model" else [])
    for item in settings:
        if not item:
            continue
        key, eq, raw = item.partition("=")
        key = key.strip()
        if not eq or not key:
            raise TargetSpecError(NO_VALUE(spec=spec, item=item))
        raw = raw.strip()
        if key == "stop":
            stops.append(raw)
            continue
        if key in values:
            raise TargetSpecError(TWICE(spec=spec, key=key))
        if key in LOAD_FIELDS and kind == "backend":
            raise TargetSpecError(LOCAL_ONLY(spec=spec, key=key))
        if key not in SAMPLING_FIELDS and key not in LOAD_FIELDS and key not in EXTRA_KEYS:
            raise TargetSpecError(
                UNKNOWN_KEY(spec=spec, key=key, known=", ".join([*known, *EXTRA_KEYS]))
            )
        values[key] = raw if key in EXTRA_KEYS else _value(raw)
    if stops:
        values["stop"] = stops
    try:
        params = checked(values, SAMPLING_FIELDS)
        load = checked(values, LOAD_FIELDS)
    except OptionsError as exc:
        raise TargetSpecError(BAD_VALUE(spec=spec, reason=exc.user_message)) from None
    if "stop" in params:
        params["stop"] = list(params["stop"])
    if "logit_bias" in params:
        params["logit_bias"] = [list(pair) for pair in params["logit_bias"]]
    template = None
    if "template" in values:
        template = _template(spec, values["template"], templates)
    target = CompareTarget(
        kind="model" if kind == "model" else "backend",
        model=model,
        backend=backend,
        params=params,
        load=load,
        system=values.get("system"),
        template=template,
        label=values.get("label", ""),
    )
    target.check_template()
    return target


def _template(spec: str, value: str, templates: TemplateResolver | None) -> PromptVersion:
    name, at, number = value.rpartition("@") if "@" in value else (value, "", "")
    version: int | None = None
    if at:
        if not number.strip().isdigit():
            raise TargetSpecError(BAD_TEMPLATE_VERSION(spec=spec, value=value))
        version = int(number)
    if templates is None:
        raise TargetSpecError(NO_TEMPLATES(name=name))
    try:
        return templates(name.strip(), version)
    except LookupError as exc:
        # KeyError's str() adds quotes around its text: its argument is the sentence.
        text = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        reason: Message = plain(text)
        raise TargetSpecError(UNKNOWN_TEMPLATE(spec=spec, reason=reason)) from None
