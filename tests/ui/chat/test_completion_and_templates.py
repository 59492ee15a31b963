"""Completion sessions in the window, the template/base-model notice, thinking blocks, and
load settings remembered per model."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core.gguf.tiny_model import FORMAT_SPECIALS, write_tiny_gguf
from desktop.ui.chat.transcript_model import MessageItem

from .test_chat_flow import click_action


def generate(qtbot, window, text: str) -> None:
    panel = window.chat.chat_panel
    panel.composer.set_text(text)
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        panel.composer.on_submit()
    window.chat.controller.wait_for_saves()


def test_a_completion_session_is_saved_regenerated_as_branches_and_reopened(
    qtbot, loaded_window, ui_store
):
    window = loaded_window
    panel = window.chat.chat_panel
    panel.completion_mode.setChecked(True)
    window.chat.inspector.temperature.setValue(1.0)
    window.chat.inspector.seed.setValue(-1)
    generate(qtbot, window, "从前有座山，")
    first = window.chat.transcript.item(1).text
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        click_action(qtbot, window, 1, "regenerate")
    window.chat.controller.wait_for_saves()
    second = window.chat.transcript.item(1)
    assert (second.sibling_index, second.sibling_count) == (1, 2)
    session = window.chat.controller.conversation_id
    assert ui_store.conversations.get(session).kind == "completion"
    assert ui_store.search.messages("有座山")[0].conversation_id == session

    window.on_new_chat()
    assert panel.chat_mode.isChecked() and not window.chat.transcript.items()
    window.chat.open_conversation(session)
    assert panel.completion_mode.isChecked()
    assert [i.role for i in window.chat.transcript.items()] == ["prompt", "assistant"]
    assert window.chat.transcript.item(1).sibling_count == 2
    click_action(qtbot, window, 1, "prev")
    assert window.chat.transcript.item(1).text == first
    assert window.chat.transcript.item(0).role == "prompt"


@pytest.fixture(scope="module")
def gemma_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gguf(
        tmp_path_factory.mktemp("base") / "tiny-pretrained.gguf",
        chat_template=None,
        name="tiny-pretrained",
        architecture="gemma3",
        specials=FORMAT_SPECIALS["gemma"],
    )


def test_a_base_model_gets_a_notice_with_one_click_to_completion(qtbot, main_window, gemma_base):
    window = main_window
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        window.model_loader.open_model_file(str(gemma_base))
    notice = window.chat.chat_panel.model_notice
    assert notice.isVisible()
    assert "gemma chosen for architecture gemma3" in notice.template_label.text()
    assert "looks like a base model" in notice.base_label.text()
    assert "gemma" in window.chat.inspector.model_status.text()
    qtbot.mouseClick(notice.completion_button, Qt.MouseButton.LeftButton)
    assert window.chat.chat_panel.completion_mode.isChecked()
    assert not notice.isVisible()


def test_a_model_with_its_own_template_gets_no_notice(qtbot, loaded_window):
    assert not loaded_window.chat.chat_panel.model_notice.isVisible()
    assert "from the model file" in loaded_window.chat.inspector.model_status.text()


def test_thinking_is_one_line_that_opens_on_a_click(qtbot, main_window):
    window = main_window
    item = MessageItem(
        1, "assistant", "<think>\nFirst add two and two.\n</think>\n\nFour.", thinking_tokens=9
    )
    window.chat.transcript.set_items([MessageItem(None, "user", "2+2?"), item])
    view = window.chat.chat_panel.view
    qtbot.waitUntil(lambda: view.point_of_action(1, "thinking") is not None)
    doc_text = view.message_delegate.documents.layout(item).body.toPlainText()
    assert "Thinking · 9 token" in doc_text and "Four." in doc_text
    assert "add two" not in doc_text
    click_action(qtbot, window, 1, "thinking")
    assert item.thinking_open
    assert (
        "First add two and two." in view.message_delegate.documents.layout(item).body.toPlainText()
    )


def test_load_settings_are_remembered_per_model(qtbot, main_window, ui_store, tmp_path):
    from desktop.core.gguf.tiny_model import TinyShape

    # heads of 32 values: what quantized cache blocks need
    tiny_model_path = write_tiny_gguf(tmp_path / "h32.gguf", shape=TinyShape(n_embd=128, n_ff=256))
    window = main_window
    inspector = window.chat.inspector
    window.model_loader.register_model(str(tiny_model_path))
    inspector.reload_models()
    inspector.select_model_path(str(tiny_model_path))
    box = inspector.load_settings
    assert box.values()["flash_attn"] == "auto"  # llama.cpp's default
    box.flash_combo.setCurrentIndex(box.flash_combo.findData("on"))
    box.type_k.setCurrentIndex(box.type_k.findData("q8_0"))
    box.template_combo.setCurrentIndex(box.template_combo.findData("llama3"))
    inspector.ctx_spin.setValue(1024)
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000) as loaded:
        qtbot.mouseClick(inspector.load_button, Qt.MouseButton.LeftButton)
    assert loaded.args[0].template.builtin == "llama3"
    record = ui_store.models.by_path(str(Path(tiny_model_path).resolve()))
    assert record.load_settings()["type_k"] == "q8_0"
    assert record.load_settings()["chat_template_override"] == "llama3"

    box.set_values({})  # as for another model
    inspector.ctx_spin.setValue(4096)
    inspector.on_model_combo_current_index_changed(inspector.model_combo.currentIndex())
    assert box.values() == {
        "flash_attn": "on",
        "type_k": "q8_0",
        "type_v": "f16",
        "chat_template_override": "llama3",
    }
    assert inspector.ctx_spin.value() == 1024
