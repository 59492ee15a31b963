"""The everyday flow: the composer has the keyboard, Send loads the picked model, a new pick
loads on the next send, and a load shows its percentage above the composer."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import send


@pytest.fixture
def two_models(ui_paths, tiny_model_path) -> tuple[str, str]:
    """Two models in the library's folder, neither loaded."""
    folder = ui_paths.models / "someone" / "tiny-GGUF"
    folder.mkdir(parents=True)
    first = folder / "tiny-a-F16.gguf"
    second = folder / "tiny-b-F16.gguf"
    shutil.copyfile(tiny_model_path, first)
    shutil.copyfile(tiny_model_path, second)
    return str(first), str(second)


@pytest.fixture
def window(qtbot, main_window, two_models) -> object:
    """The main window, active, with two models listed and none loaded."""
    main_window.model_loader.refresh_models()
    main_window.chat.inspector.max_tokens.setValue(8)
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    return main_window


def pick(window, path: str) -> None:
    combo = window.chat.inspector.model_combo
    combo.setCurrentIndex(combo.findData(path))


def test_send_with_a_picked_model_loads_it_shows_its_progress_and_replies(
    qtbot, window, two_models
) -> None:
    chat = window.chat
    panel = chat.chat_panel
    assert chat.chat_stack.currentWidget() is panel
    assert not window.engine.is_loaded()
    pick(window, two_models[0])
    shown: list[str] = []
    window.engine.load_progress.connect(
        lambda _f: shown.append(
            panel.load_strip.label.text() if panel.load_strip.isVisible() else ""
        )
    )
    composer = panel.composer
    assert QApplication.focusWidget() is composer.edit  # start, type, Ctrl+Enter
    qtbot.keyClicks(composer.edit, "Hi there")
    with (
        qtbot.waitSignal(window.engine.loaded, timeout=30_000) as loaded,
        qtbot.waitSignal(chat.controller.reply_finished, timeout=30_000),
    ):
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        # While the model loads, the message waits in the composer and the strip says so.
        assert panel.load_strip.isVisible()
        assert "tiny-a-F16.gguf" in panel.load_strip.label.text()
        assert panel.load_strip.waiting_note.isVisible()
        assert composer.stop_button.isVisible()
    assert loaded.args[0].path == two_models[0]
    # llama.cpp's own progress callback, as a percentage where the user looks.
    assert any(text.startswith("Loading tiny-a-F16.gguf… ") and text.count("%") for text in shown)
    assert "100%" in shown[-1]
    assert not panel.load_strip.isVisible()
    assert not panel.banner.isVisible()
    assert [item.role for item in chat.transcript.items()] == ["user", "assistant"]
    assert chat.transcript.item(0).text == "Hi there"
    assert composer.text() == ""
    assert QApplication.focusWidget() is composer.edit  # after the reply too


def test_a_new_pick_loads_on_the_next_send_without_asking(qtbot, window, two_models) -> None:
    first, second = two_models
    pick(window, first)
    send(qtbot, window, "One")
    assert window.engine.info.path == first
    pick(window, second)
    assert window.engine.info.path == first  # nothing happens until the next send
    started: list[str] = []
    window.engine.load_started.connect(lambda options: started.append(options.path))
    send(qtbot, window, "Two")
    assert started == [second]
    assert window.engine.info.path == second
    assert [item.text for item in window.chat.transcript.items() if item.role == "user"] == [
        "One",
        "Two",
    ]
    assert window.chat.transcript.items()[-1].model  # the reply names the model that wrote it
    assert not window.chat.chat_panel.banner.isVisible()


def test_a_model_loads_with_its_remembered_settings(qtbot, window, two_models, ui_store) -> None:
    record = ui_store.models.by_path(two_models[1])
    ui_store.models.set_load_defaults(
        record.id, n_gpu_layers=0, n_ctx=1024, chat_template_override=None
    )
    window.chat.inspector.ctx_spin.setValue(2048)
    pick(window, two_models[1])
    started = []
    window.engine.load_started.connect(started.append)
    send(qtbot, window, "Hello")
    assert started[0].n_ctx == 1024
    assert window.engine.info.n_ctx == 1024


def test_stop_while_the_model_loads_keeps_the_message_unsent(qtbot, window, two_models) -> None:
    panel = window.chat.chat_panel
    pick(window, two_models[0])
    panel.composer.set_text("Not yet")
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        qtbot.keyClick(panel.composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window, Qt.Key.Key_Escape)  # Stop: the load goes on, the send does not
        assert not panel.composer.stop_button.isVisible()
    assert window.chat.transcript.items() == []
    assert panel.composer.text() == "Not yet"


def test_no_model_at_all_still_says_so(qtbot, main_window) -> None:
    chat = main_window.chat
    chat.show_chat()  # e.g. an old conversation opened after every model was removed
    chat.chat_panel.composer.set_text("Hello?")
    chat.chat_panel.composer.on_submit()
    banner = chat.chat_panel.banner
    assert banner.isVisible() and banner.message.text() == "No model is loaded."
    assert chat.chat_panel.composer.text() == "Hello?"


def test_the_composer_has_the_keyboard_after_new_chat_and_after_a_reply(
    qtbot, loaded_window
) -> None:
    window = loaded_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    panel = window.chat.chat_panel
    composer = panel.composer
    panel.view.setFocus()  # the user clicked into the transcript
    composer.set_text("First")
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is composer.edit

    window.chat.conversations.search.setFocus()  # the user was searching the chats
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New chat
    assert window.chat.transcript.items() == []
    assert QApplication.focusWidget() is composer.edit

    # Typing in the system prompt while a reply streams: the reply does not take the keyboard.
    send(qtbot, window, "Second")  # (puts the keyboard in the composer first)
    system = window.chat.inspector.system_prompt
    composer.set_text("Third")
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        system.setFocus()
    assert QApplication.focusWidget() is system

    # Back from another page, the composer has it again.
    window.show_page("tokenizer")
    window.show_page("chat")
    assert QApplication.focusWidget() is composer.edit


def test_typing_at_start_loads_the_picked_model_while_the_user_types(
    qtbot, window, two_models
) -> None:
    pick(window, two_models[1])
    composer = window.chat.chat_panel.composer
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000) as loaded:
        qtbot.keyClicks(composer.edit, "H")  # the first key, long before Send
    assert loaded.args[0].path == two_models[1]
    assert window.chat.transcript.items() == []  # nothing sent

    # Once the user has unloaded a model, typing loads nothing (a load would have started at
    # the first key, synchronously): only Send does.
    with qtbot.waitSignal(window.engine.unloaded, timeout=15_000):
        window.chat.inspector.unload_requested.emit()
    qtbot.keyClicks(composer.edit, "ello")
    assert not window.engine.is_loading() and not window.engine.is_loaded()
