"""`--backend NAME [--remote-model ID]`: one option for every command that generates.

add_backend_options(parser)              # in register()
with BackendChoice.open(args, store) as choice:
    choice.backend, choice.model         # None backend: use the local engine
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

from desktop.core.backends.base import LOCAL_NAME


def add_backend_options(parser: argparse.ArgumentParser, *, model_option: bool = True) -> None:
    group = parser.add_argument_group("remote backends")
    group.add_argument(
        "--backend",
        metavar="NAME",
        help="generate on a saved backend (tessera backends list) instead of this machine; "
        f"'{LOCAL_NAME}' is the local engine",
    )
    if model_option:
        group.add_argument(
            "--remote-model",
            metavar="ID",
            help="the model on that backend (default: the backend's default model, or the "
            "first one it lists)",
        )


def wants_remote(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "backend", None)) and args.backend != LOCAL_NAME


def open_registry(store: Any, local: Any = None) -> Any:
    """The app's BackendRegistry over `store` (close it when done)."""
    from desktop.core.backends.registry import BackendRegistry
    from desktop.core.store.backends import BackendRepository

    return BackendRegistry(BackendRepository(store.db), local=local)


@dataclass
class BackendChoice:
    """The backend a command runs on, opened; `close()` closes what was opened here."""

    registry: Any
    backend: Any  # desktop.core.backends.Backend, or None for the local engine
    model: str | None
    _owned: list[Any] = field(default_factory=list)

    @classmethod
    def open(cls, args: argparse.Namespace, store: Any) -> BackendChoice:
        """Raises BackendNotFound / BackendError (print them with `str()`)."""
        registry = open_registry(store)
        if not wants_remote(args):
            return cls(registry, None, None, [registry])
        try:
            backend = registry.open(args.backend)
            model = backend.resolve_model(getattr(args, "remote_model", None))
        except Exception:
            registry.close()
            raise
        return cls(registry, backend, model, [registry])

    def close(self) -> None:
        for thing in self._owned:
            thing.close()
        self._owned.clear()

    def __enter__(self) -> BackendChoice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
