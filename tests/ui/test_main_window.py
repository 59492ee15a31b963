"""The window around the chat: engine crash, first run, presets, geometry, conversation list."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.app import build_main_window
from desktop.core.engine.client import EngineClient
from tests.ui.helpers import send


def test_engine_crash_mid_reply_keeps_the_window_and_the_partial_reply(
    qtbot, main_window, tiny_model_path, ui_store, monkeypatch
):
    window = main_window
    monkeypatch.setenv("TESSERA_ENGINE_CRASH_AFTER", "12")  # read by the worker when it starts
    window.chat.inspector.max_tokens.setValue(0)
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        window.model_loader.open_model_file(str(tiny_model_path))
    window.chat.chat_panel.composer.set_text("Crash, please")
    # The error shows at once; reply_finished follows when the partial reply is saved.
    with (
        qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000),
        qtbot.waitSignal(window.chat.controller.error_occurred, timeout=30_000) as blocker,
    ):
        window.chat.chat_panel.composer.on_submit()
    assert blocker.args[0] == "worker_died"
    assert window.isVisible()
    reply = window.chat.transcript.item(1)
    assert reply.status == "error"
    assert reply.text  # tokens that arrived before the crash stay
    saved = ui_store.messages.get(reply.message_id)
    assert (saved.status, saved.content) == ("error", reply.text)
    assert (
        ui_store.messages.get(window.chat.transcript.item(0).message_id).content == "Crash, please"
    )

    banner = window.chat.chat_panel.banner
    assert banner.isVisible()
    assert "stopped unexpectedly" in banner.message.text()
    assert not window.engine.is_loaded()
    assert window.status.model.text() == "No model loaded"
    # The offered action brings the model back.
    monkeypatch.delenv("TESSERA_ENGINE_CRASH_AFTER")
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        qtbot.mouseClick(banner.button("Reload on CPU"), Qt.MouseButton.LeftButton)
    assert window.engine.is_loaded()


def test_first_run_shows_the_welcome_panel_and_a_models_folder_ends_it(
    qtbot, main_window, tiny_model_path, tmp_path
):
    window = main_window
    assert window.chat.chat_stack.currentWidget() is window.chat.welcome
    welcome = window.chat.welcome
    for button in (welcome.open_button, welcome.folder_button):
        assert button.isVisible() and button.text()
    # Nothing listens at HF_ENDPOINT here (tests/ui/conftest.py): the panel says so, once.
    qtbot.waitUntil(welcome.is_offline, timeout=20_000)

    empty = tmp_path / "empty"
    empty.mkdir()
    window.model_loader.add_models_folder(str(empty))
    assert window.chat.chat_stack.currentWidget() is window.chat.welcome
    assert "No .gguf files" in welcome.status.text()

    folder = tmp_path / "my models"
    folder.mkdir()
    shutil.copy(tiny_model_path, folder / "tiny-chat.gguf")
    window.model_loader.add_models_folder(str(folder))
    assert window.chat.chat_stack.currentWidget() is window.chat.chat_panel
    assert window.chat.inspector.selected_path().endswith("tiny-chat.gguf")
    assert window.chat.inspector.gpu_slider.maximum() == 2  # the tiny model's layer count


def test_user_presets_are_saved_and_reapplied_after_a_restart(
    qtbot, main_window, ui_paths, ui_store
):
    inspector = main_window.chat.inspector
    assert inspector.preset_names()[:3] == ["Precise", "Balanced", "Creative"]
    inspector.apply_preset("Precise")
    assert inspector.temperature.value() == 0.2
    inspector.temperature.setValue(0.33)
    inspector.top_k.setValue(7)
    inspector.seed.setValue(99)
    assert inspector.save_preset("Mine 我的")
    assert not inspector.save_preset("Balanced")  # built-ins cannot be overwritten
    main_window.close()

    again = build_main_window(
        ui_paths, ui_store, EngineClient, theme_preference="light", with_pages=False
    )
    qtbot.addWidget(again)
    inspector = again.chat.inspector
    assert "Mine 我的" in inspector.preset_names()
    inspector.apply_preset("Creative")
    assert inspector.temperature.value() == 1.1
    inspector.apply_preset("Mine 我的")
    params = inspector.sampling_params()
    assert (params.temperature, params.top_k, params.seed) == (0.33, 7, 99)
    assert inspector.delete_preset("Mine 我的")
    assert "Mine 我的" not in inspector.preset_names()


def test_window_geometry_is_restored(qtbot, main_window, ui_paths, ui_store):
    main_window.resize(780, 560)
    main_window.close()
    again = build_main_window(
        ui_paths, ui_store, EngineClient, theme_preference="light", with_pages=False
    )
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (780, 560)


def test_conversation_list_groups_searches_renames_pins_and_deletes(qtbot, main_window, ui_store):
    conversations = ui_store.conversations
    messages = ui_store.messages
    ids = []
    for text in ("about cats", "关于机器学习的问题", "about dogs"):
        conv = conversations.create()
        messages.append_user(conv.id, text)
        ids.append(conv.id)
    panel = main_window.chat.conversations
    panel.refresh()
    model = panel.model
    shown = [model.index(r).data() for r in range(model.rowCount())]
    assert shown == ["Today", "about dogs", "关于机器学习的问题", "about cats"]

    assert panel.pin_conversation(ids[0], True)
    shown = [model.index(r).data() for r in range(model.rowCount())]
    assert shown[:2] == ["Pinned", "about cats"]

    assert panel.rename_conversation(ids[2], "about dogs", new_title="Dogs 狗")
    assert conversations.get(ids[2]).title == "Dogs 狗"

    qtbot.keyClick(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()
    panel.search.insert("机器")  # typed through an input method
    qtbot.waitUntil(lambda: model.rowCount() == 2 and model.index(1).data() == "关于机器学习的问题")
    assert "«机器»" in model.index(1).data(Qt.ItemDataRole.UserRole + 4)
    panel.search.clear()
    qtbot.waitUntil(lambda: model.index(0).data() == "Pinned")

    assert panel.delete_conversation(ids[1], confirm=False)
    shown = [model.index(r).data() for r in range(model.rowCount())]
    assert "关于机器学习的问题" not in shown
    assert conversations.count() == 2


def test_inspector_says_when_gpu_layers_cannot_be_used(qtbot, main_window, tiny_model_path):
    inspector = main_window.chat.inspector
    main_window.model_loader.register_model(str(tiny_model_path))
    main_window.model_loader.refresh_models()
    inspector.gpu_all.setChecked(True)
    qtbot.waitUntil(lambda: inspector._gpu_supported is not None)  # asked in the background
    if inspector._gpu_supported:
        assert inspector.gpu_note.isHidden()
    else:
        assert inspector.gpu_note.isVisible()
        assert "no GPU support" in inspector.gpu_note.text()
        assert "GPU" in inspector.gpu_note.text()
    options = inspector.load_options()
    assert options.n_gpu_layers == -1 and options.path == str(tiny_model_path)


def test_status_bar_and_context_meter_after_a_reply(qtbot, loaded_window):
    window = loaded_window
    info = window.engine.info
    assert info.name in window.status.model.text()
    assert window.status.backend.text() == info.backend
    assert "GPU layers" in window.status.layers.text()
    send(qtbot, window, "hi")
    meter = window.chat.inspector.context_meter
    assert meter.maximum() == info.n_ctx and 0 < meter.value() < meter.maximum()
    window.status.on_memory_timer_timeout()
    assert "MB" in window.status.memory.text()


def test_all_pages_are_placed_and_templates_reach_the_chat(qtbot, ui_paths, ui_store, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens: no network
    window = build_main_window(ui_paths, ui_store, EngineClient, theme_preference="dark")
    qtbot.addWidget(window)
    window.show()
    for name in ("models", "tokenizer", "templates", "experiments"):
        window.show_page(name)
        page = window.page_widgets[name]
        assert not page.objectName().startswith(("placeholder", "pending")), name
        assert page.isVisible()
    templates = window.page_widgets["templates"]
    templates.sendToChat.emit("Be brief.", "Summarise: 你好")
    assert window.pages.currentWidget() is window.chat
    assert window.chat.inspector.system_prompt.toPlainText() == "Be brief."
    assert window.chat.chat_panel.composer.text() == "Summarise: 你好"
    # The status bar's downloads lead to the Models page.
    window.show_page("chat")
    window.status.findChild(QWidget, "downloadStatus").clicked.emit()
    assert window.page_widgets["models"].isVisible()
    window.close()


def test_the_chinese_translation_loads(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale

    from desktop.app import install_translator

    translators = install_translator(qapp, QLocale("zh_CN"))
    assert translators
    try:
        assert QCoreApplication.translate("MainWindow", "Chat") == "聊天"
        assert QCoreApplication.translate("Composer", "Send") == "发送"
        # Qt's own buttons too (qtbase_zh_CN.qm from PySide6).
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_file_menu_opens_the_log_folder(qtbot, main_window, ui_paths):
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class Opened(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[QUrl] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.urls.append(url)

    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")  # Qt's own hook for file URLs
    try:
        file_menu = main_window.menuBar().actions()[0].menu()
        action = next(a for a in file_menu.actions() if a.objectName() == "openLogFolder")
        assert action.text() == "Open &log folder"
        action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    folder = ui_paths.root / "logs"
    assert folder.is_dir()  # made when missing
    assert [u.toLocalFile() for u in opened.urls] == [str(folder)]


def test_the_models_page_leads_to_a_models_chat_template(
    qtbot, ui_paths, ui_store, monkeypatch, tiny_model_no_template
):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens: no network
    window = build_main_window(ui_paths, ui_store, EngineClient, theme_preference="light")
    qtbot.addWidget(window)
    window.show()
    window.model_loader.register_model(str(tiny_model_no_template))
    window.show_page("models")
    panel = window.page_widgets["models"].library_panel
    qtbot.waitUntil(lambda: panel.models_model.rowCount() == 1)
    panel.models_view.setCurrentIndex(panel.models_model.index(0, 0))
    assert "looks like a base model" in panel.details_label.text()
    qtbot.mouseClick(panel.template_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.chat
    chosen = window.chat.inspector.selected_path()
    assert Path(chosen).resolve() == Path(tiny_model_no_template).resolve()
    window.close()
