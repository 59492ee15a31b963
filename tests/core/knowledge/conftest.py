"""Knowledge fixtures: a store per test and a library that stops its engine processes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.knowledge.library import KnowledgeLibrary
from desktop.core.store import Store, open_store


@pytest.fixture(scope="session")
def knowledge_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("knowledge-db") / "tessera.db"
    open_store(path).close()
    return path


@pytest.fixture
def kstore(tmp_path: Path, knowledge_db: Path) -> Iterator[Store]:
    db = tmp_path / "data" / "tessera.db"
    db.parent.mkdir()
    shutil.copyfile(knowledge_db, db)
    store = open_store(db)
    yield store
    store.close()


@pytest.fixture
def library(kstore: Store) -> Iterator[KnowledgeLibrary]:
    lib = KnowledgeLibrary(kstore, kstore.path.parent, embedder_threads=1)
    yield lib
    lib.close()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path
