"""Sampling presets: three built-in ones and the user's own, kept as one JSON setting.

The inspector shows and edits them; this module decides what they are and what is saved.
User presets are stored as `{name: params_to_dict(params)}` under the setting
`sampling.presets`; a built-in name can never be replaced, so "Balanced" always means the same.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol

from desktop.core.engine.options import OptionsError, params_from_dict, params_to_dict
from desktop.core.engine.protocol import SamplingParams
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

log = logging.getLogger(__name__)

PRESETS_KEY = "sampling.presets"
DEFAULT_PRESET = "Balanced"
TITLE_CONTEXT = "SamplingPresets"  # the translation context of the built-in names

BUILTIN_PRESETS: dict[str, SamplingParams] = {
    QT_TRANSLATE_NOOP("SamplingPresets", "Precise"): SamplingParams(
        temperature=0.2, top_k=40, top_p=0.9, min_p=0.05, repeat_penalty=1.1
    ),
    QT_TRANSLATE_NOOP("SamplingPresets", "Balanced"): SamplingParams(
        temperature=0.7, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.0
    ),
    QT_TRANSLATE_NOOP("SamplingPresets", "Creative"): SamplingParams(
        temperature=1.1, top_k=100, top_p=0.98, min_p=0.02, repeat_penalty=1.0
    ),
}

# The context is spelled out: pyside6-lupdate reads literals, not the CONTEXT constant.
EMPTY_NAME = MessageSpec(
    "presets.empty_name", QT_TRANSLATE_NOOP("CoreMessages", "A preset needs a name.")
)
BUILTIN_NAME = MessageSpec(
    "presets.builtin_name",
    QT_TRANSLATE_NOOP("CoreMessages", "Built-in presets cannot be replaced; pick another name."),
)


class PresetError(UserError, ValueError):
    """A preset cannot be saved under that name."""


class Settings(Protocol):
    """Where user presets live (the store's settings repository, or anything alike)."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def set(self, key: str, value: Any) -> None: ...


class SamplingPresets:
    """Built-in and user presets over `settings`; store errors propagate to the caller."""

    def __init__(self, settings: Settings | None) -> None:
        self._settings = settings

    def _stored(self) -> dict[str, Any]:
        if self._settings is None:
            return {}
        value = self._settings.get(PRESETS_KEY, {})
        return dict(value) if isinstance(value, dict) else {}

    @property
    def can_save(self) -> bool:
        """False without a settings store (a window without a database)."""
        return self._settings is not None

    def user_presets(self) -> dict[str, SamplingParams]:
        """The user's presets by name; an entry that no longer reads is skipped (and logged)."""
        out: dict[str, SamplingParams] = {}
        for name, data in self._stored().items():
            if not isinstance(data, dict):
                log.warning("sampling preset %r is not an object; skipped", name)
                continue
            try:
                out[name] = params_from_dict(data)
            except OptionsError as exc:
                log.warning("sampling preset %r skipped: %s", name, exc)
        return out

    def names(self, user: Mapping[str, SamplingParams] | None = None) -> list[str]:
        """Built-ins first (in their fixed order), then the user's presets sorted by name
        (`user`: what `user_presets()` returned, when the caller has it already)."""
        user = self.user_presets() if user is None else user
        return [*BUILTIN_PRESETS, *sorted(name for name in user if name not in BUILTIN_PRESETS)]

    @staticmethod
    def is_builtin(name: str) -> bool:
        return name in BUILTIN_PRESETS

    def get(self, name: str) -> SamplingParams | None:
        """The preset's parameters; a user preset wins over nothing, a built-in is fixed."""
        if name in BUILTIN_PRESETS:
            return BUILTIN_PRESETS[name]
        return self.user_presets().get(name)

    def save(self, name: str, params: SamplingParams) -> str:
        """Saves (or replaces) a user preset; returns the name as saved (trimmed).
        Raises PresetError for an empty or built-in name."""
        name = name.strip()
        if not name:
            raise PresetError(EMPTY_NAME())
        if name in BUILTIN_PRESETS:
            raise PresetError(BUILTIN_NAME())
        presets = self._stored()
        presets[name] = params_to_dict(params)
        self._write(presets)
        return name

    def delete(self, name: str) -> bool:
        """Forgets a user preset; False when there is none by that name."""
        presets = self._stored()
        if name not in presets:
            return False
        del presets[name]
        self._write(presets)
        return True

    def _write(self, presets: dict[str, Any]) -> None:
        if self._settings is None:
            raise RuntimeError("presets cannot be saved without a settings store")
        self._settings.set(PRESETS_KEY, presets)
