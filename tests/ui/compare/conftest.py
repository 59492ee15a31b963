"""Compare page fixtures: the whole window with its pages (the Compare page among them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def compare_window(qtbot, ui_paths, ui_store) -> Iterator[object]:
    """The main window with its pages (built when shown); closing it stops every engine."""
    from desktop.app import build_main_window
    from desktop.core.engine.client import EngineClient

    window = build_main_window(ui_paths, ui_store, EngineClient, theme_preference="light")
    window.resize(1400, 850)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
