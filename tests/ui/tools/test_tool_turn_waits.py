"""A tool turn sent while the Server page's API answers a request on the same engine waits for
its turn, then runs as usual (nothing refused as "busy", nothing cut off)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from PySide6.QtCore import Qt

from tests.fixtures.memory_keyring import memory_keyring  # noqa: F401 - a fixture
from tests.ui.tools.test_tool_calls import enable, finish, rows


@pytest.fixture
def served_window(qtbot, ui_paths, ui_store, hermes_model_path: Path, memory_keyring) -> Iterator:  # noqa: F811
    """The whole window (its pages too) with the tool-calling model loaded, tools listed."""
    from desktop.app import build_main_window
    from desktop.core.engine.client import EngineClient

    window = build_main_window(ui_paths, ui_store, EngineClient, theme_preference="light")
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    inspector = window.chat.inspector
    inspector.max_tokens.setValue(300)
    inspector.temperature.setValue(1.0)
    inspector.seed.setValue(3)
    group = window.chat.tools.tools_group
    if not group.model.entries():
        with qtbot.waitSignal(group.catalog_loaded, timeout=30_000):
            group.load()
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        window.model_loader.open_model_file(str(hermes_model_path))
    yield window
    window.close()


def test_a_tool_turn_waits_for_the_api_request_then_runs(qtbot, served_window) -> None:
    window = served_window
    window.show_page("server")
    page = window.page("server")
    page.form.port.setValue(0)
    with qtbot.waitSignal(page.runner.started, timeout=30_000):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    client = openai.OpenAI(base_url=page.runner.url, api_key="x", max_retries=0, timeout=60)
    model = client.models.list().data[0].id
    stream = iter(
        client.chat.completions.create(
            model=model,
            messages=[{"role": "user", "content": "Tell me everything."}],
            max_tokens=3000,  # long enough to still be running when the chat sends
            stream=True,
        )
    )
    next(stream)
    qtbot.waitUntil(page.busy_label.isVisible)

    window.show_page("chat")
    enable(window, "calculator")
    composer = window.chat.chat_panel.composer
    composer.set_text("What is 6*7?")
    controller = window.chat.controller
    turn = window.chat.tools.agent_turn
    with qtbot.waitSignal(controller.notice, timeout=30_000) as waiting:
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "API server is answering a request" in waiting.args[0]
    with qtbot.waitSignal(turn.approval_requested, timeout=60_000):
        finish_reasons = [c.choices[0].finish_reason for c in stream if c.choices]
    assert finish_reasons[-1] == "length"  # the request ran to its end, uncut

    card = window.chat.tools.approval_card
    qtbot.waitUntil(card.isVisible)
    card.arguments.setPlainText('{"expression": "6*7"}')
    run = finish(
        qtbot, window, lambda: qtbot.mouseClick(card.allow_button, Qt.MouseButton.LeftButton)
    )
    assert run.stop == "answered"
    assert [r.role for r in rows(window)] == ["user", "assistant", "tool", "assistant"]
    assert rows(window)[2].text == "42"
    assert not window.chat.chat_panel.banner.isVisible()  # no "busy" error on the way
