"""The chat's engine lent to an experiment run, so a GPU user holds a model's weights once.

A run asks its local backend to load each config's model. On the shared engine a model that
is already loaded the way the config asks is used as it is (no reload); another one is loaded
in its place, and `on_loaded` tells the engine's owner (the chat) what the engine holds now.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.protocol import LoadOptions, ModelInfo

OnLoaded = Callable[[ModelInfo, LoadOptions], None]


def already_loaded(wanted: LoadOptions, loaded: LoadOptions | None, info: ModelInfo) -> bool:
    """Whether the engine's model serves a config asking for `wanted`: the same file, and
    every option the config sets (differs from LoadOptions' default) equal to the loaded one."""
    if loaded is None or os.path.realpath(wanted.path) != os.path.realpath(info.path):
        return False
    default = LoadOptions(path=wanted.path)
    for field in dataclasses.fields(LoadOptions):
        if field.name == "path":
            continue
        value = getattr(wanted, field.name)
        if value != getattr(default, field.name) and value != getattr(loaded, field.name):
            return False
    return True


class SharedLocalBackend(LocalBackend):
    """A LocalBackend on a client owned by someone else (never closed here)."""

    def __init__(self, client: object, *, on_loaded: OnLoaded | None = None) -> None:
        super().__init__(client)  # type: ignore[arg-type]  # an EngineClient
        self._owns_client = False
        self._on_loaded = on_loaded

    def load(
        self, options: LoadOptions, on_progress: Callable[[float], None] | None = None
    ) -> ModelInfo:
        client = self.client
        info = client.model_info
        if (
            info is not None
            and client.is_loaded
            and already_loaded(options, client.last_load_options, info)
        ):
            return info
        info = super().load(options, on_progress)
        if self._on_loaded is not None:
            self._on_loaded(info, options)
        return info
