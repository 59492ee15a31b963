"""Fixtures for the hub tests: a loopback Hub (tests/hub_server.py) reached via HF_ENDPOINT."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.core.hub import DownloadManager, HubConfig, HubService
from desktop.core.paths import DataPaths
from tests.hub_server import HubServer, make_payload

REPO = "acme/Tiny-GGUF"


payload = make_payload


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        yield server


@pytest.fixture
def tiny_repo(hub: HubServer) -> dict[str, bytes]:
    files = {
        "tiny-Q4_K_M.gguf": payload(3_000_000, 1),
        "tiny-Q8_0.gguf": payload(5_000_000, 2),
        "big/tiny-F16-00001-of-00002.gguf": payload(700_000, 3),
        "big/tiny-F16-00002-of-00002.gguf": payload(600_000, 4),
        "mmproj-tiny-F16.gguf": payload(1000, 5),
        "config.json": b"{}",
    }
    hub.add_repo(
        REPO,
        files,
        tags=["gguf", "license:apache-2.0", "base_model:quantized:acme/Tiny"],
        card="---\nlicense: apache-2.0\n---\n# Tiny GGUF\n\n你好, **world**\n",
        downloads=1234,
        likes=56,
        gguf={"total": 1_500_000_000, "architecture": "llama", "context_length": 4096},
    )
    return files


@pytest.fixture
def service() -> HubService:
    # HubConfig.from_settings() with no setting reads HF_ENDPOINT, as the app does.
    return HubService(HubConfig.from_settings(), backoff_base=0.01)


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data").ensure()


@pytest.fixture
def make_manager(paths: DataPaths) -> Iterator[Callable[..., DownloadManager]]:
    managers: list[DownloadManager] = []

    def make(config: HubConfig | None = None, **kwargs) -> DownloadManager:
        kwargs.setdefault("backoff_base", 0.01)
        manager = DownloadManager(paths, config or HubConfig.from_settings(), **kwargs)
        managers.append(manager)
        return manager

    yield make
    for manager in managers:
        manager.shutdown()


def installed_files(paths: DataPaths) -> list[str]:
    return sorted(
        p.relative_to(paths.models).as_posix() for p in paths.models.rglob("*") if p.is_file()
    )


def assert_no_endpoint_leak() -> None:
    assert os.environ.get("HF_ENDPOINT", "").startswith("http://127.0.0.1:")
