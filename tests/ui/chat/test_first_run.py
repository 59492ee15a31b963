"""First run against a loopback Hub that serves the suggested model: one click to a loaded model
and a composer with the keyboard; Cancel; a Hub without the suggestions; downloads in the
status bar wherever they started."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import build_main_window
from desktop.core.engine.client import EngineClient
from tests.fixtures.hub import add_suggested_repos

SMALL_REPO = "Qwen/Qwen2.5-0.5B-Instruct-GGUF"
SMALL_FILE = "qwen2.5-0.5b-instruct-q4_k_m.gguf"


@pytest.fixture
def suggested(hub, tiny_model_path) -> object:
    """The suggestion ladder on the loopback Hub (before the window asks for it)."""
    add_suggested_repos(hub, tiny_model_path.read_bytes())
    return hub


@pytest.fixture
def hub_window(qtbot, hub, ui_paths, ui_store) -> Iterator[object]:
    """A first-run window (no models) whose Hub is the loopback one (HF_ENDPOINT set by `hub`)."""
    window = build_main_window(
        ui_paths, ui_store, EngineClient, theme_preference="light", with_pages=False
    )
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    yield window
    window.close()


def test_one_click_downloads_loads_and_hands_the_keyboard_to_the_composer(
    qtbot, suggested, hub_window, ui_store
) -> None:
    hub = suggested
    hub.state.slow.add(SMALL_FILE)  # ~5 MB/s: the progress is there to be seen
    window = hub_window
    welcome = window.chat.welcome
    qtbot.waitUntil(lambda: "Qwen2.5 0.5B Instruct" in welcome.suggestion.text(), timeout=30_000)
    # On this CPU-only test machine: the small model, and the reason in one line.
    assert "Q4_K_M" in welcome.suggestion.text()
    assert welcome.why.isVisible() and "No usable GPU" in welcome.why.text()

    with qtbot.waitSignal(window.engine.loaded, timeout=60_000) as loaded:
        qtbot.mouseClick(welcome.download_button, Qt.MouseButton.LeftButton)
        # Progress on the panel itself: bytes of the total, and a way out.
        assert welcome.cancel_button.isVisible()
        assert " of " in welcome.progress_text.text()
    path = loaded.args[0].path
    assert path.endswith(f"models/Qwen/Qwen2.5-0.5B-Instruct-GGUF/{SMALL_FILE}")
    record = ui_store.models.by_path(path)
    assert record.hub_repo == SMALL_REPO and record.n_gpu_layers == 0  # the fit's choice, kept

    chat = window.chat
    assert chat.chat_stack.currentWidget() is chat.chat_panel
    composer = chat.chat_panel.composer
    assert QApplication.focusWidget() is composer.edit
    # Typing goes where the keyboard is, and Ctrl+Enter sends: the whole first exchange.
    typed_into = QApplication.focusWidget()
    qtbot.keyClicks(typed_into, "Hello")
    with qtbot.waitSignal(chat.controller.reply_finished, timeout=30_000) as finished:
        qtbot.keyClick(typed_into, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert finished.args[0].status == "complete"
    assert [item.role for item in chat.transcript.items()] == ["user", "assistant"]
    assert chat.transcript.item(0).text == "Hello"
    assert not chat.chat_panel.banner.isVisible()


def test_cancel_stops_the_download_and_offers_it_again(
    qtbot, suggested, hub_window, ui_paths
) -> None:
    hub = suggested
    hub.fault(SMALL_FILE, "stall")  # half the file, then silence
    welcome = hub_window.chat.welcome
    qtbot.waitUntil(lambda: welcome.download_button.isEnabled() and welcome.why.isVisible())
    qtbot.mouseClick(welcome.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "(50%)" in welcome.progress_text.text(), timeout=20_000)
    assert not welcome.download_button.isEnabled()

    qtbot.mouseClick(welcome.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: welcome.download_button.isEnabled(), timeout=20_000)
    assert not welcome.cancel_button.isVisible() and not welcome.progress.isVisible()
    assert "Qwen2.5 0.5B Instruct" in welcome.suggestion.text()
    assert not any(ui_paths.downloads.iterdir())  # the partial file is gone
    assert hub_window.chat.chat_stack.currentWidget() is welcome


def test_a_click_before_the_suggestion_is_known_starts_it_once_it_is(
    qtbot, hub, hub_window, tiny_model_path
) -> None:
    window = hub_window
    welcome = window.chat.welcome
    # This Hub has none of the suggestions yet: said once, with the local ways first.
    qtbot.waitUntil(welcome.is_offline, timeout=30_000)
    assert "has none of the suggested models" in welcome.hub_notice.text()
    assert welcome.open_button.isVisible() and welcome.folder_button.isVisible()
    assert not welcome.download_button.isVisible()
    assert welcome.open_button.y() < welcome.folder_button.y()

    add_suggested_repos(hub, tiny_model_path.read_bytes())
    with qtbot.waitSignal(window.engine.loaded, timeout=60_000):
        qtbot.mouseClick(welcome.retry_button, Qt.MouseButton.LeftButton)
        assert not welcome.is_offline()
        # Clicked while Tessera still looks: the download follows by itself.
        qtbot.mouseClick(welcome.download_button, Qt.MouseButton.LeftButton)
    assert window.chat.chat_stack.currentWidget() is window.chat.chat_panel


def test_a_download_started_on_the_models_page_shows_in_the_status_bar(
    qtbot, hub, tiny_repo, ui_paths, ui_store
) -> None:
    hub.fault("tiny-Q4_K_M.gguf", "stall")
    window = build_main_window(ui_paths, ui_store, EngineClient, theme_preference="light")
    window.show()
    qtbot.waitExposed(window)
    try:
        status = window.status.findChild(QWidget, "downloadStatus")
        assert not status.isVisible()
        window.show_page("models")
        page = window.page_widgets["models"]
        page.preselect("acme/Tiny-GGUF", "tiny-Q4_K_M.gguf")
        qtbot.waitUntil(page.hub_panel.download_button.isEnabled, timeout=20_000)
        qtbot.mouseClick(page.hub_panel.download_button, Qt.MouseButton.LeftButton)
        window.show_page("chat")  # the download goes on out of sight; the status bar says so
        qtbot.waitUntil(lambda: "(50%)" in status.label.toolTip(), timeout=20_000)
        assert status.isVisible() and "tiny-Q4_K_M.gguf" in status.label.toolTip()
        job = page.downloads.snapshots()[0].job_id
        page.downloads.cancel(job)
        qtbot.waitUntil(lambda: not status.isVisible(), timeout=20_000)
    finally:
        window.close()
