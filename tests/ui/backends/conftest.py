"""A main window whose saved backends answer fast (short retries) and keep keys in memory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def backend_registry(ui_store, memory_keyring) -> Iterator[object]:
    """The window's BackendRegistry on the test store, with the test suite's retry policy."""
    from desktop.core.backends.registry import BackendRegistry
    from desktop.core.store.backends import BackendRepository
    from tests.fixtures.backends import FAST_RETRY, TEST_TIMEOUTS

    registry = BackendRegistry(
        BackendRepository(ui_store.db), retry=FAST_RETRY, timeouts=TEST_TIMEOUTS
    )
    yield registry
    registry.close()


@pytest.fixture
def remote_window(qtbot, ui_paths, ui_store, backend_registry) -> Iterator[object]:
    """The main window (no optional pages) on `backend_registry`; closed at teardown."""
    from desktop.app import build_main_window
    from desktop.core.engine.client import EngineClient

    window = build_main_window(
        ui_paths,
        ui_store,
        EngineClient,
        theme_preference="light",
        with_pages=False,
        backends=lambda: backend_registry,
    )
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def picker_rows(window) -> list[tuple[str, str, bool]]:
    """(kind, label, can be chosen) of every row of the chat's model picker."""
    model = window.chat.inspector.picker_model
    return [(e.kind, e.label, e.selectable) for e in model.entries()]


def remote_rows(window, backend: str) -> list[object]:
    return [
        e
        for e in window.chat.inspector.picker_model.entries()
        if e.backend == backend and e.kind in ("remote", "note")
    ]
