"""SamplingParams and LoadOptions to and from plain data (JSON, YAML, the store): the one way.

Sampling settings arrive from many places: the store (a conversation's or an experiment's
saved settings), experiment files, imports, the CLI, presets, and later HTTP requests. Each
goes through `params_from_dict`, which checks every value's type once and turns JSON shapes
(lists) into the dataclass's (tuples); `params_to_dict` is its inverse.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from desktop.core.engine.protocol import (
    CACHE_TYPES,
    FLASH_ATTENTION_MODES,
    LoadOptions,
    SamplingParams,
)
from desktop.core.messages import (
    QT_TRANSLATE_NOOP,
    Message,
    MessageSpec,
    UserError,
)

SAMPLING_FIELDS = frozenset(f.name for f in dataclasses.fields(SamplingParams))
LOAD_FIELDS = frozenset(f.name for f in dataclasses.fields(LoadOptions)) - {"path"}

_DEFAULTS: dict[str, Any] = {
    **dataclasses.asdict(SamplingParams()),
    **dataclasses.asdict(LoadOptions(path="")),
}
_OPTIONAL_INT = {"seed", "n_threads"}  # None or a whole number
# Settings that take one of a few words. flash_attn also reads the true/false of older files.
_CHOICES: dict[str, tuple[str, ...]] = {
    "flash_attn": FLASH_ATTENTION_MODES,
    "type_k": CACHE_TYPES,
    "type_v": CACHE_TYPES,
}

MUST_BE_WHOLE = MessageSpec(
    "options.whole_number", QT_TRANSLATE_NOOP("CoreMessages", "must be a whole number")
)
MUST_BE_NUMBER = MessageSpec(
    "options.number", QT_TRANSLATE_NOOP("CoreMessages", "must be a number")
)
MUST_BE_BOOL = MessageSpec(
    "options.bool", QT_TRANSLATE_NOOP("CoreMessages", "must be true or false")
)
MUST_BE_TEXT = MessageSpec("options.text", QT_TRANSLATE_NOOP("CoreMessages", "must be text"))
MUST_BE_TEXTS = MessageSpec(
    "options.texts", QT_TRANSLATE_NOOP("CoreMessages", "must be text or a list of texts")
)
MUST_BE_BIAS = MessageSpec(
    "options.logit_bias",
    QT_TRANSLATE_NOOP("CoreMessages", "must be a list of [token id, bias] pairs"),
)
MUST_BE_ONE_OF = MessageSpec(
    "options.one_of", QT_TRANSLATE_NOOP("CoreMessages", "must be one of {choices}")
)
BAD_SETTING = MessageSpec(
    "options.bad_setting",
    QT_TRANSLATE_NOOP("CoreMessages", "The setting {name} {reason}, not {value}."),
)


class OptionsError(UserError, ValueError):
    """A sampling or load setting has a value of the wrong type (the first one found)."""

    def __init__(self, name: str, reason: Message, value: Any) -> None:
        super().__init__(BAD_SETTING(name=name, reason=reason, value=_shown(value)))
        self.name = name


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and not (isinstance(value, float) and not math.isfinite(value))
    )


def type_problem(key: str, value: Any) -> Message | None:
    """Why `value` does not fit the sampling or load option `key` (None if it does, or if the
    key is not an option at all: callers report unknown keys themselves)."""
    if key not in _DEFAULTS:
        return None
    default = _DEFAULTS[key]
    if key == "stop":
        ok = isinstance(value, str) or (
            isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value)
        )
        return None if ok else MUST_BE_TEXTS()
    if key == "logit_bias":
        return None if _bias_pairs(value) is not None else MUST_BE_BIAS()
    if key in _CHOICES:
        ok = value in _CHOICES[key] or (key == "flash_attn" and isinstance(value, bool))
        return None if ok else MUST_BE_ONE_OF(choices=", ".join(_CHOICES[key]))
    if isinstance(default, bool):
        return None if isinstance(value, bool) else MUST_BE_BOOL()
    if key in _OPTIONAL_INT:
        return None if value is None or _whole(value) else MUST_BE_WHOLE()
    if isinstance(default, int):
        return None if _whole(value) else MUST_BE_WHOLE()
    if isinstance(default, float):
        return None if _is_number(value) else MUST_BE_NUMBER()
    if default is None or isinstance(default, str):
        return None if value is None or isinstance(value, str) else MUST_BE_TEXT()
    return None


def _whole(value: Any) -> bool:
    return _is_number(value) and float(value).is_integer() and abs(value) < 2**63


def _bias_pairs(value: Any) -> list[tuple[int, float]] | None:
    """[(token id, bias)] from [[id, bias], ...] or {id: bias} (JSON keys are strings);
    None when the shape is wrong. A bias of -inf bans the token."""
    items = list(value.items()) if isinstance(value, Mapping) else value
    if not isinstance(items, (list, tuple)):
        return None
    out = []
    for item in items:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            return None
        token, bias = item
        if isinstance(token, str) and token.strip().lstrip("-").isdigit():
            token = int(token)
        if not _whole(token):
            return None
        if isinstance(bias, bool) or not isinstance(bias, (int, float)) or math.isnan(bias):
            return None
        out.append((int(token), float(bias)))
    return out


def _coerced(key: str, value: Any) -> Any:
    """`value` (already type-checked) in the dataclass's exact type."""
    default = _DEFAULTS[key]
    if key == "stop":
        return (value,) if isinstance(value, str) else tuple(value)
    if key == "logit_bias":
        return tuple(_bias_pairs(value) or ())
    if key == "flash_attn" and isinstance(value, bool):
        return "on" if value else "off"
    if value is None or isinstance(default, bool):
        return value
    if isinstance(default, int) or key in _OPTIONAL_INT:
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def checked(values: Mapping[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    """The known `fields` of `values`, type-checked and in exact types (unknown keys dropped).
    Raises OptionsError on the first value of a wrong type."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in fields:
            continue
        problem = type_problem(key, value)
        if problem is not None:
            raise OptionsError(key, problem, value)
        out[key] = _coerced(key, value)
    return out


def params_from_dict(data: Mapping[str, Any], base: SamplingParams | None = None) -> SamplingParams:
    """SamplingParams from plain data over `base` (defaults when None); unknown keys ignored."""
    return dataclasses.replace(base or SamplingParams(), **checked(data, SAMPLING_FIELDS))


def params_to_dict(params: SamplingParams) -> dict[str, Any]:
    """Plain, JSON-ready data (lists for tuples) that `params_from_dict` reads back equal."""
    data = dataclasses.asdict(params)
    data["stop"] = list(params.stop)
    data["logit_bias"] = [[token, bias] for token, bias in params.logit_bias]
    return data


def load_options_from_dict(path: str, data: Mapping[str, Any]) -> LoadOptions:
    """LoadOptions for `path` from plain data; unknown keys ignored, wrong types refused."""
    return LoadOptions(path=path, **checked(data, LOAD_FIELDS))
