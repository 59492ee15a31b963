"""The Server page inside the window: it serves the model the chat loaded, the chat and the
API never cut each other off, and a saved API request opens in the chat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from PySide6.QtCore import Qt

from desktop.app import build_main_window
from desktop.core.engine.client import EngineClient
from desktop.ui.chat.conversation_list import ConversationIdRole, IsHeaderRole, TagRole
from tests.fixtures.memory_keyring import memory_keyring  # noqa: F401 - a fixture


@pytest.fixture
def window(qtbot, ui_paths, ui_store, tiny_model_path: Path, memory_keyring) -> Iterator:  # noqa: F811
    made = build_main_window(ui_paths, ui_store, EngineClient, theme_preference="light")
    made.resize(1280, 800)
    made.show()
    qtbot.waitExposed(made)
    made.chat.inspector.max_tokens.setValue(6)
    with qtbot.waitSignal(made.engine.loaded, timeout=30_000):
        made.model_loader.open_model_file(str(tiny_model_path))
    yield made
    made.close()


def test_the_server_page_serves_the_chats_model_in_turns(qtbot, window) -> None:
    window.show_page("server")
    page = window.page("server")
    assert "tessera-tiny-F16.gguf" in page.model_label.text()
    page.form.port.setValue(0)
    with qtbot.waitSignal(page.runner.started, timeout=30_000):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    client = openai.OpenAI(base_url=page.runner.url, api_key="x", max_retries=0, timeout=60)
    assert [m.id for m in client.models.list().data] == ["tessera-tiny-F16"]

    # A long streamed request is being answered; a chat message sent meanwhile waits for its
    # turn instead of cutting the request off (or being refused), and both complete.
    stream = iter(
        client.chat.completions.create(
            model="tessera-tiny-F16",
            messages=[{"role": "user", "content": "Tell me everything."}],
            seed=1,
            max_tokens=3000,  # long enough to still be running when the chat sends
            stream=True,
        )
    )
    next(stream)
    qtbot.waitUntil(page.busy_label.isVisible)
    window.show_page("chat")
    composer = window.chat.chat_panel.composer
    composer.set_text("Hello from the window")
    controller = window.chat.controller
    with qtbot.waitSignal(controller.notice) as waiting:
        composer.on_submit()
    assert "API server is answering a request" in waiting.args[0]
    assert controller.is_busy() and composer.text() == ""
    assert window.chat.transcript.item(0).text == "Hello from the window"
    with qtbot.waitSignal(controller.reply_finished, timeout=60_000) as replied:
        finish = [c.choices[0].finish_reason for c in stream if c.choices]
    assert finish[-1] == "length"  # the request ran to its end, uncut
    assert replied.args[0].status == "complete" and replied.args[0].text
    assert not window.chat.chat_panel.banner.isVisible()  # nothing went wrong

    # Now the saved API request opens in the chat.
    window.show_page("server")
    qtbot.waitUntil(lambda: page.model.rowCount() >= 2, timeout=30_000)
    streamed = next(
        page.model.item(r) for r in range(page.model.rowCount()) if page.model.item(r).stream
    )
    qtbot.waitUntil(
        lambda: page.model.record(streamed.id).conversation_id is not None, timeout=30_000
    )
    page.select_request(streamed.id)
    qtbot.mouseClick(page.detail.open_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.chat
    shown = window.chat.transcript
    assert shown.item(0).text == "Tell me everything."
    assert shown.item(1).text
    # It is listed among the chats, tagged as an API request, beside the window's own chat.
    listed = window.chat.conversations
    listed.refresh()
    rows = listed.model
    tags = {
        rows.data(rows.index(r, 0), ConversationIdRole): rows.data(rows.index(r, 0), TagRole)
        for r in range(rows.rowCount())
        if not rows.data(rows.index(r, 0), IsHeaderRole)
    }
    assert tags[page.model.record(streamed.id).conversation_id] == "API"
    assert sorted(tags.values()).count("") == 1  # the chat typed in the window has no tag


def test_stopping_a_chat_reply_that_waits_lets_the_requests_go(qtbot, window) -> None:
    window.show_page("server")
    page = window.page("server")
    page.form.port.setValue(0)
    with qtbot.waitSignal(page.runner.started, timeout=30_000):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    client = openai.OpenAI(base_url=page.runner.url, api_key="x", max_retries=0, timeout=60)
    stream = iter(
        client.chat.completions.create(
            model="tessera-tiny-F16",
            messages=[{"role": "user", "content": "Tell me everything."}],
            max_tokens=3000,  # long enough to still be running when the chat sends
            stream=True,
        )
    )
    next(stream)
    window.show_page("chat")
    composer = window.chat.chat_panel.composer
    composer.set_text("Never mind")
    controller = window.chat.controller
    with qtbot.waitSignal(controller.notice):
        composer.on_submit()
    with qtbot.waitSignal(controller.reply_finished) as stopped:
        window.chat.chat_panel.stop_or_cancel()  # Esc
    assert stopped.args[0].status == "cancelled" and not controller.is_busy()
    assert [c.choices[0].finish_reason for c in stream if c.choices][-1] == "length"
    # The next request does not wait for a chat reply that will never come.
    reply = client.chat.completions.create(
        model="tessera-tiny-F16", messages=[{"role": "user", "content": "Hi"}], max_tokens=2
    )
    assert reply.choices[0].finish_reason in ("stop", "length")
