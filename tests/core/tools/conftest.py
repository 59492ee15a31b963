"""Tools fixtures: one engine per module on the tiny model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.engine.protocol import LoadOptions


@pytest.fixture(scope="module")
def engine(tiny_model_path: Path) -> Iterator[EngineClient]:
    client = EngineClient()
    client.load(LoadOptions(path=str(tiny_model_path), n_ctx=1024, n_threads=1))
    yield client
    client.close()
