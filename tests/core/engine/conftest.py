"""Engine fixtures: one worker process per test module (a spawn costs about a second)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.engine.protocol import LoadOptions

N_CTX = 512


def standard_options(model: Path) -> LoadOptions:
    return LoadOptions(path=str(model), n_ctx=N_CTX, n_threads=1)


@pytest.fixture(scope="module")
def engine(tiny_model_path: Path) -> Iterator[EngineClient]:
    """A client with the tiny model loaded; tests that reload must call `reload_standard`."""
    client = EngineClient()
    client.load(standard_options(tiny_model_path))
    yield client
    client.close()
    assert not client.is_alive


@pytest.fixture
def loaded(engine: EngineClient, tiny_model_path: Path) -> EngineClient:
    """The module's client, back on the standard load options if a test changed them."""
    wanted = standard_options(tiny_model_path)
    if not engine.is_loaded or engine.last_load_options != wanted:
        engine.load(wanted)
    return engine
