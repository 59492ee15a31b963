"""A window with a model whose chat template calls tools (Qwen's, Hermes format)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.tool_models import write_family_model


@pytest.fixture(scope="session")
def hermes_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_family_model("hermes", tmp_path_factory.mktemp("tool-models"))


@pytest.fixture
def tool_window(qtbot, main_window, hermes_model_path: Path):
    """The main window with the tiny Qwen-template model loaded and the tools listed."""
    window = main_window
    inspector = window.chat.inspector
    inspector.max_tokens.setValue(300)  # a forced call must fit; later replies stay short
    inspector.temperature.setValue(1.0)
    inspector.seed.setValue(3)
    # Three tool turns of a random-weight model (each answer runs to max_tokens) must fit.
    inspector.ctx_spin.setValue(16384)
    group = window.chat.tools.tools_group
    if not group.model.entries():
        with qtbot.waitSignal(group.catalog_loaded, timeout=30_000):
            group.load()
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        window.model_loader.open_model_file(str(hermes_model_path))
    return window
