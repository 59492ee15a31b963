"""The Hub panel on a loopback Hub: search, paging, repo view with fit, downloads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.core.hub import DownloadManager, HubConfig, HubService, TokenStore
from desktop.core.models.hardware import GpuInfo, Hardware
from desktop.core.paths import DataPaths
from tests.fixtures.hub_server import HubServer, make_payload

REPO = "acme/Tiny-GGUF"
GB = 1024**3


@pytest.fixture
def hub(monkeypatch) -> Iterator[HubServer]:
    with HubServer() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        server.add_repo(
            REPO,
            {
                "tiny-Q4_K_M.gguf": make_payload(400_000, 1),
                "tiny-Q8_0.gguf": make_payload(700_000, 2),
                "tiny-F16-00001-of-00002.gguf": make_payload(500_000, 3),
                "tiny-F16-00002-of-00002.gguf": make_payload(500_000, 4),
            },
            tags=["gguf", "license:mit"],
            card="# Tiny\n\nA **tiny** model. 中文说明。",
            downloads=10_000,
            gguf={"total": 8_000_000_000, "architecture": "llama", "context_length": 8192},
        )
        for i in range(40):
            server.add_repo(f"user{i}/Other{i}-GGUF", {"m-Q4_0.gguf": b"x"}, downloads=i)
        yield server


@pytest.fixture
def panel(qtbot, hub, tmp_path, memory_keyring) -> Iterator[object]:
    from desktop.ui.models.hub_panel import HubPanel

    config = HubConfig.from_settings()
    manager = DownloadManager(DataPaths(tmp_path / "data"), config, backoff_base=0.01)
    # 8B-class files on a 32 GB machine with a 12 GB GPU: Q8_0 (the best that fits) wins.
    hardware = Hardware(32 * GB, 32 * GB, (GpuInfo("GPU", "nvidia", 12 * GB, 12 * GB),), True)
    widget = HubPanel(
        HubService(config, backoff_base=0.01),
        manager,
        hardware=hardware,
        token_store=TokenStore(),
        poll_ms=30,
    )
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()
    manager.shutdown()


def test_item_models_pass_the_model_tester(qtmodeltester, panel, qtbot) -> None:
    panel.search_edit.setText("GGUF")
    panel.search_button.click()
    qtbot.waitUntil(lambda: panel.results_model.rowCount() == 30)
    qtmodeltester.check(panel.results_model)
    panel.open_repo(REPO)
    qtbot.waitUntil(lambda: panel.files_model.rowCount() == 3)
    qtmodeltester.check(panel.files_model)
    panel.on_download_clicked()
    qtbot.waitUntil(lambda: panel.queue.model.rowCount() == 1)
    qtmodeltester.check(panel.queue.model)


def test_search_pages_with_load_more_and_sort(panel, qtbot) -> None:
    panel.search_edit.setText("gguf")
    panel.search_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: panel.results_model.rowCount() == 30)
    assert panel.results_model.result(0).repo_id == REPO  # most downloads first
    assert panel.more_button.isEnabled()
    panel.more_button.click()
    qtbot.waitUntil(lambda: panel.results_model.rowCount() == 41)
    assert not panel.more_button.isEnabled()
    assert "41" in panel.status_label.text()
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData("likes"))
    qtbot.waitUntil(lambda: panel.results_model.rowCount() == 30)
    panel.search_edit.setText("nothing-like-this")
    panel.search_button.click()
    qtbot.waitUntil(lambda: "No GGUF models" in panel.status_label.text())


def test_repo_view_shows_files_fit_recommendation_and_card(panel, qtbot) -> None:
    panel.search_edit.setText("Tiny")
    panel.search_button.click()
    qtbot.waitUntil(lambda: panel.results_model.rowCount() == 1)
    panel.results_view.setCurrentIndex(panel.results_model.index(0, 0))
    qtbot.waitUntil(lambda: panel.files_model.rowCount() == 3)
    names = [panel.files_model.index(r, 0).data() for r in range(3)]
    assert "tiny-F16-00001-of-00002.gguf (2 parts)" in names
    best = panel.files_model.recommended_row()
    assert best is not None and panel.files_model.item(best).model.name == "tiny-Q8_0.gguf"
    assert panel.files_model.index(best, 0).data().startswith("★")
    assert panel.files_view.currentIndex().row() == best  # preselected for download
    fits = {
        panel.files_model.item(r).model.quantization: panel.files_model.index(r, 3).data()
        for r in range(3)
    }
    assert fits["Q8_0"].startswith("fits on the GPU")
    qtbot.waitUntil(lambda: "中文说明" in panel.card_view.toPlainText())
    assert "**" not in panel.card_view.toPlainText()  # rendered, not raw Markdown
    # A long context no longer fits beside the weights on the GPU.
    panel.context_spin.setValue(131072)
    assert (
        "partial offload"
        in panel.files_model.index(panel.files_model.recommended_row() or 0, 3).data()
    )


def test_download_progress_pause_resume_and_finish(panel, hub, qtbot) -> None:
    hub.state.slow.add("tiny-Q8_0.gguf")
    panel.open_repo(REPO)
    qtbot.waitUntil(lambda: panel.download_button.isEnabled())
    with qtbot.waitSignal(panel.download_finished, timeout=20_000) as finished:
        panel.download_button.click()
        qtbot.waitUntil(lambda: panel.queue.model.rowCount() == 1)
        qtbot.waitUntil(lambda: panel.queue.model.item(0).downloaded > 0)
        assert panel.queue.pause_button.isEnabled()
        panel.queue.pause_button.click()
        qtbot.waitUntil(lambda: panel.queue.model.index(0, 1).data() == "Paused")
        assert panel.queue.resume_button.isEnabled()
        hub.state.slow.discard("tiny-Q8_0.gguf")
        panel.queue.resume_button.click()
    assert finished.args[0].state == "done"
    qtbot.waitUntil(lambda: panel.queue.model.index(0, 1).data() == "Installed")
    panel.queue.clear_button.click()
    qtbot.waitUntil(lambda: panel.queue.model.rowCount() == 0)


def test_errors_are_shown_in_words(panel, hub, qtbot) -> None:
    hub.add_repo("locked/Gated-GGUF", {"g-Q4_0.gguf": b"x"}, gated="manual", token="t")
    panel.open_repo("locked/Gated-GGUF")
    qtbot.waitUntil(lambda: "accept the license" in panel.repo_title.text())
    qtbot.waitUntil(lambda: panel.download_button.isEnabled())
    panel.download_button.click()
    qtbot.waitUntil(lambda: panel.queue.model.rowCount() == 1)
    qtbot.waitUntil(lambda: panel.queue.model.index(0, 1).data() == "Failed", timeout=10_000)
    panel.queue.view.setCurrentIndex(panel.queue.model.index(0, 0))
    qtbot.waitUntil(lambda: "accept its license" in panel.queue.error_label.text())
    panel.queue.clear_button.click()
    qtbot.waitUntil(lambda: panel.queue.model.rowCount() == 0)
    with qtbot.waitSignal(panel.error_shown) as shown:
        panel.open_repo("nobody/Nothing-GGUF")
    assert "was not found" in shown.args[0]
    hub.state.corrupt.add("tiny-Q4_K_M.gguf")
    panel.open_repo(REPO)
    qtbot.waitUntil(lambda: panel.files_model.rowCount() == 3)
    for r in range(3):
        if panel.files_model.item(r).model.name == "tiny-Q4_K_M.gguf":
            panel.files_view.setCurrentIndex(panel.files_model.index(r, 0))
    panel.download_button.click()
    qtbot.waitUntil(lambda: panel.queue.model.rowCount() == 1)
    qtbot.waitUntil(lambda: panel.queue.model.index(0, 1).data() == "Failed", timeout=10_000)
    panel.queue.view.setCurrentIndex(panel.queue.model.index(0, 0))
    qtbot.waitUntil(lambda: "checksum" in panel.queue.error_label.text())


def test_token_unlocks_a_gated_repo_and_goes_to_the_keyring(
    panel, hub, qtbot, memory_keyring, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    hub.add_repo(
        "locked/Gated-GGUF", {"g-Q4_0.gguf": b"x" * 1000}, gated="manual", token="hf_secret"
    )
    assert "No Hugging Face token" in panel.token_row.label.text()
    assert not panel.token_row.clear_button.isEnabled()
    panel.open_repo("locked/Gated-GGUF")
    qtbot.waitUntil(lambda: panel.download_button.isEnabled())
    panel.download_button.click()
    qtbot.waitUntil(lambda: panel.queue.model.rowCount() == 1)
    qtbot.waitUntil(lambda: panel.queue.model.index(0, 1).data() == "Failed", timeout=10_000)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("  hf_secret ", True))
    )
    panel.token_row.set_button.click()
    assert memory_keyring.data == {("tessera", "huggingface"): "hf_secret"}
    assert panel.service.config.token == panel.downloads.config.token == "hf_secret"
    assert hub.endpoint in panel.token_row.label.text()
    panel.queue.view.setCurrentIndex(panel.queue.model.index(0, 0))
    panel.queue.resume_button.click()  # the same job, now with the token
    qtbot.waitUntil(lambda: panel.queue.model.index(0, 1).data() == "Installed", timeout=10_000)
    panel.token_row.clear_button.click()
    assert memory_keyring.data == {} and panel.service.config.token is None


def test_no_keyring_warning_is_shown(qtbot, hub, tmp_path) -> None:
    import keyring
    from keyring.backends import fail

    from desktop.ui.models.hub_panel import HubPanel

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    config = HubConfig.from_settings()
    manager = DownloadManager(DataPaths(tmp_path / "d"), config)
    try:
        widget = HubPanel(
            HubService(config), manager, hardware=Hardware(GB, GB), token_store=TokenStore()
        )
        qtbot.addWidget(widget)
        assert "No system keyring" in widget.token_row.label.text()
        widget.token_row.set_token("hf_session_only")  # still usable for this session
        assert widget.service.config.token == "hf_session_only"
        widget.shutdown()
    finally:
        manager.shutdown()
        keyring.set_keyring(previous)


def test_fit_becomes_exact_once_the_header_is_read(panel, hub, qtbot, tiny_model_path) -> None:
    hub.add_repo("acme/Real-GGUF", {"real-F16.gguf": tiny_model_path.read_bytes()})
    panel.open_repo("acme/Real-GGUF")
    qtbot.waitUntil(lambda: panel.files_model.rowCount() == 1)
    qtbot.waitUntil(
        lambda: panel.files_model.index(0, 3).data() == "fits on the GPU"
    )  # no "(estimate)"


def test_models_page_preselects_downloads_and_registers(
    qtbot, hub, ui_paths, ui_store, memory_keyring
) -> None:
    from desktop.core.models.library import Library
    from desktop.ui.models.page import build_models_page

    ui_store.settings.set("hub.endpoint", hub.endpoint)
    page = build_models_page(Library(ui_paths, ui_store.models), ui_store.settings, ui_paths)
    qtbot.addWidget(page)
    try:
        page.preselect(REPO, "tiny-Q4_K_M.gguf")  # what the welcome screen asks for
        hub_panel = page.hub_panel
        qtbot.waitUntil(lambda: hub_panel.download_button.isEnabled())
        current = hub_panel.files_view.currentIndex().row()
        assert (
            hub_panel.files_model.item(current).model.name == "tiny-Q4_K_M.gguf"
        )  # not the recommended one
        with qtbot.waitSignal(page.model_installed, timeout=20_000) as installed:
            hub_panel.download_button.click()
        path = installed.args[0]
        assert path.endswith("models/acme/Tiny-GGUF/tiny-Q4_K_M.gguf")
        record = ui_store.models.by_path(path)
        assert record is not None and record.hub_repo == REPO and record.sha256
        qtbot.waitUntil(lambda: page.library_panel.models_model.rowCount() == 1)
    finally:
        page.shutdown()


def test_first_show_lists_popular_models(panel, qtbot) -> None:
    assert panel.results_model.rowCount() == 0
    panel.show()
    qtbot.waitUntil(lambda: panel.results_model.rowCount() == 30)
    assert panel.results_model.result(0).repo_id == REPO
