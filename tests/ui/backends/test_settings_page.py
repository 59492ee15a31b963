"""Settings > Backends on real servers: add, test connection, edit, remove; keys in the keyring."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer

from desktop.core.backends.capabilities import NO_LOGPROBS, NO_TOKENIZER
from desktop.core.backends.config import BAD_NAME
from desktop.ui.i18n import message_text
from tests.fixtures.model_servers import free_port


def fill(page, name: str, url: str, kind: str, key: str = "", model: str = "") -> None:
    page.name_edit.setText(name)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))
    page.url_edit.setText(url)
    page.key_edit.setText(key)
    page.model_combo.setEditText(model)


def test_adding_a_llama_server_in_the_settings_dialog_shows_what_it_can_do(
    qtbot, remote_window, llama_server_process, backend_registry, memory_keyring
) -> None:
    window = remote_window
    seen: dict[str, object] = {}

    def use_dialog() -> None:
        dialog = window.settings_dialog
        page = dialog.backends_page
        assert dialog.tabs.currentWidget() is page  # File > Backends… opens on its tab
        page.on_add_button_clicked()
        fill(page, "gpu-box", llama_server_process.url + "/v1/", "llama-server", key="sk-local")
        with qtbot.waitSignal(page.probed, timeout=30_000) as probed:
            qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        seen["probe"] = probed.args[0]
        seen["report"] = page.report.text()
        seen["models"] = [page.model_combo.itemText(i) for i in range(page.model_combo.count())]
        with qtbot.waitSignal(page.saved, timeout=10_000):
            qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        seen["rows"] = [page.list_model.data(page.list_model.index(0, c)) for c in range(5)]
        dialog.accept()

    QTimer.singleShot(0, use_dialog)
    window.backends_action.trigger()

    probe = seen["probe"]
    assert probe.capabilities.server_kind == "llama-server" and probe.models
    report = seen["report"]
    assert "Connected: llama-server" in report
    assert "token probabilities and alternatives" in report and "its own tokenizer" in report
    assert seen["models"] == list(probe.models)  # the default model is picked from them
    name, kind, url, _default, server = seen["rows"]
    # The trailing /v1 a user copies from an OpenAI client is dropped.
    assert (name, kind, url) == ("gpu-box", "llama-server", llama_server_process.url)
    assert server.startswith("llama-server")
    config = backend_registry.config("gpu-box")
    assert config.probe is not None and config.probe.models == probe.models  # tested = saved
    assert memory_keyring.data == {("tessera", "backend:gpu-box"): "sk-local"}
    assert "sk-local" not in str(config)
    # Closing the dialog lists the new server's models in the chat's picker.
    qtbot.waitUntil(
        lambda: any(e.kind == "remote" for e in window.chat.inspector.picker_model.entries()),
        timeout=30_000,
    )


def test_a_server_without_probabilities_or_tokenizer_says_so_before_it_is_used(
    qtbot, remote_window, ollama_emulator
) -> None:
    page = remote_window.backends_page()
    qtbot.addWidget(page)
    fill(page, "ollama", ollama_emulator.url, "ollama")
    with qtbot.waitSignal(page.probed, timeout=30_000):
        assert page.test_connection()
    report = page.report.text()
    assert "Connected: ollama" in report
    caps = page._tested[2].capabilities
    assert not caps.tokenizer  # Ollama has no /tokenize
    # Said with the sentence the chat shows where the feature would be.
    assert message_text(NO_TOKENIZER()) in report
    assert (message_text(NO_LOGPROBS()) in report) == (not caps.logprobs)
    page.shutdown()


def test_a_wrong_address_says_why_in_place_and_nothing_is_saved(
    qtbot, remote_window, backend_registry
) -> None:
    page = remote_window.backends_page()
    qtbot.addWidget(page)
    fill(page, "nobody", f"http://127.0.0.1:{free_port()}", "openai")
    with qtbot.waitSignal(page.probed, timeout=30_000) as probed:
        page.test_connection()
    assert probed.args[0].code == "backends.refused"
    assert "connection was refused" in page.report.text()
    assert page.test_button.isEnabled()  # a failed test leaves the form usable
    fill(page, "local", "http://127.0.0.1:1", "openai")  # "local" names this computer
    assert not page.save()
    assert html.escape(message_text(BAD_NAME(name="local"))) in page.report.text()
    assert backend_registry.configs() == []
    page.shutdown()


def test_editing_keeps_the_saved_key_and_renaming_moves_it(
    qtbot, remote_window, vllm_emulator, backend_registry, memory_keyring
) -> None:
    page = remote_window.backends_page()
    qtbot.addWidget(page)
    fill(page, "vllm", vllm_emulator.url, "openai", key="sk-1", model="tiny")
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save()
    page.table.selectRow(0)
    assert page.name_edit.text() == "vllm" and page.key_edit.text() == ""
    page.name_edit.setText("vllm-2")
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save()
    assert [c.name for c in backend_registry.configs()] == ["vllm-2"]
    assert backend_registry.config("vllm-2").default_model == "tiny"
    assert memory_keyring.data == {("tessera", "backend:vllm-2"): "sk-1"}
    with qtbot.waitSignal(page.removed, timeout=10_000):
        page.remove("vllm-2")
    assert backend_registry.configs() == [] and memory_keyring.data == {}
    assert page.list_model.rowCount() == 0 and not page.empty_label.isHidden()
    page.shutdown()


def test_the_backends_table_is_a_sound_item_model(qtmodeltester, remote_window) -> None:
    page = remote_window.backends_page()
    qtmodeltester.check(page.list_model)
    page.shutdown()
