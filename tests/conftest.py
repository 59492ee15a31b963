"""Session-wide fixtures: the tiny GGUF model, its broken variants, an isolated data dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.hub", "tests.fixtures.memory_keyring", "tests.fixtures.backends"]

# Qt runs offscreen, nothing reaches the network, and the suite never touches the user's data.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_OFFLINE"] = os.environ.get("HF_HUB_OFFLINE", "0")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deterministic llama-architecture GGUF (~400 KB) with a ChatML template."""
    from desktop.core.gguf.tiny_model import write_tiny_gguf

    return write_tiny_gguf(tmp_path_factory.mktemp("models") / "tessera-tiny-F16.gguf")


@pytest.fixture(scope="session")
def tiny_model_no_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.core.gguf.tiny_model import write_tiny_gguf

    return write_tiny_gguf(
        tmp_path_factory.mktemp("models-nt") / "tessera-tiny-no-template.gguf", chat_template=None
    )


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
def tiny_split_model(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The tiny model split in two real parts (as gguf-split writes them): both parts, in order."""
    from desktop.core.gguf.tiny_model import write_tiny_gguf

    first = write_tiny_gguf(
        tmp_path_factory.mktemp("models-split") / "tessera-tiny-split-F16.gguf",
        split_max_tensors=12,
    )
    return [first, first.with_name(first.name.replace("-00001-of-", "-00002-of-"))]


@pytest.fixture(scope="session")
def broken_models(
    tiny_model_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """truncated, wrong_magic, not_gguf, empty: files derived from the tiny model."""
    from desktop.core.gguf.tiny_model import derive_broken_variants

    return derive_broken_variants(tiny_model_path, tmp_path_factory.mktemp("broken"))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh TESSERA_DATA_DIR for one test."""
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("TESSERA_DATA_DIR", str(root))
    return root


@pytest.fixture
def paths(tmp_path: Path):
    """A fresh, created DataPaths for one test (models/, downloads/, cache/ under tmp)."""
    from desktop.core.paths import DataPaths

    return DataPaths(tmp_path / "data").ensure()
