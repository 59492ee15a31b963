"""Knowledge fixtures: the tiny BERT embedder GGUF, a store, a library that stops its engines."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.knowledge.library import KnowledgeLibrary
from desktop.core.store import Store, open_store


@pytest.fixture(scope="session")
def tiny_embedder_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random-weight BERT embedding GGUF (mean pooling, WordPiece vocabulary, ~200 KB)."""
    from desktop.core.gguf.tiny_embedder import write_tiny_embedder

    return write_tiny_embedder(tmp_path_factory.mktemp("embedders") / "tiny-embed-F32.gguf")


@pytest.fixture(scope="session")
def tiny_reranker_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.core.gguf.tiny_embedder import write_tiny_embedder

    return write_tiny_embedder(
        tmp_path_factory.mktemp("rerankers") / "tiny-rerank-F32.gguf", reranker=True
    )


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
