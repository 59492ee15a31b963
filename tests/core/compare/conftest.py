"""Compare fixtures: a fresh store, machines with known free memory, engines that are counted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.backends.local import LocalBackend
from desktop.core.models.fit import RAM_RESERVE
from desktop.core.models.hardware import Hardware
from desktop.core.store import Store, open_store

GB = 1024**3
ROOMY = Hardware(64 * GB, 32 * GB)  # every tiny model fits beside the others
TIGHT = Hardware(64 * GB, RAM_RESERVE + 1024)  # no two local models fit together


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "tessera.db")
    yield s
    s.close()


class Engines:
    """A local_factory that keeps every engine it starts (the session closes them)."""

    def __init__(self) -> None:
        self.started: list[LocalBackend] = []

    def __call__(self) -> LocalBackend:
        engine = LocalBackend()
        self.started.append(engine)
        return engine


@pytest.fixture
def engines() -> Iterator[Engines]:
    made = Engines()
    yield made
    for engine in made.started:  # already closed by the session; closing twice is harmless
        engine.close()
