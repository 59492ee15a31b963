"""Shared UI fixtures: a store in a temp data dir, the main window with a real engine client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.paths import DataPaths


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp) -> object:
    """As in the app: cyclic garbage is collected on the GUI thread only (see desktop/ui/garbage.py)."""
    from desktop.ui.garbage import collect_on_gui_thread

    return collect_on_gui_thread()


@pytest.fixture(autouse=True)
def restore_app_look(qapp) -> Iterator[None]:
    """A test that applies a theme (the main window does) leaves the next test the default look."""
    palette, sheet = qapp.palette(), qapp.styleSheet()
    yield
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


@pytest.fixture(autouse=True)
def no_public_hub(monkeypatch: pytest.MonkeyPatch, memory_keyring) -> None:
    """A window on its first run asks the Hub for a model to suggest: never the public one in
    tests (nothing listens on this port, so the welcome panel reads "unreachable"), and never
    with a token from the user's own keyring. The `hub` fixture, set up later, points
    HF_ENDPOINT at the loopback Hub instead."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")


@pytest.fixture
def ui_paths(tmp_path: Path) -> DataPaths:
    """A fresh data folder for one test."""
    return DataPaths(tmp_path / "data").ensure()


@pytest.fixture
def ui_store(ui_paths: DataPaths) -> Iterator[object]:
    """A real store (SQLite file) in `ui_paths`; closed at teardown."""
    from desktop.core.store import open_store

    store = open_store(ui_paths)
    yield store
    store.close()


@pytest.fixture
def main_window(qtbot, ui_paths: DataPaths, ui_store) -> Iterator[object]:
    """The main window on a real store and a real (not yet started) engine client.

    The optional pages (hub, tokenizer, ...) are left out to keep it fast. Closing the window
    at teardown cancels any reply and stops the engine process.
    """
    from desktop.app import build_main_window
    from desktop.core.engine.client import EngineClient

    window = build_main_window(
        ui_paths, ui_store, EngineClient, theme_preference="light", with_pages=False
    )
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def loaded_window(qtbot, main_window, tiny_model_path: Path) -> object:
    """`main_window` with the tiny model loaded (greedy, short replies)."""
    window = main_window
    window.chat.inspector.max_tokens.setValue(12)
    window.chat.inspector.temperature.setValue(0.0)
    window.chat.inspector.seed.setValue(7)
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        window.model_loader.open_model_file(str(tiny_model_path))
    return window
