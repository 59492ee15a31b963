"""The library panel on a real store: listing with header data, import, detect, delete."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core.gguf.tiny_model import write_tiny_gguf
from desktop.core.models.library import Library


@pytest.fixture
def library(ui_paths, ui_store, tmp_path) -> Library:
    return Library(
        ui_paths, ui_store.models, hf_cache=tmp_path / "hf", lmstudio_dirs=[tmp_path / "lms"]
    )


@pytest.fixture
def panel(qtbot, library) -> Iterator[object]:
    from desktop.ui.models.library_panel import LibraryPanel

    widget = LibraryPanel(library)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: not widget.tasks.busy())  # the first listing has arrived
    yield widget
    widget.shutdown()


def _answer(monkeypatch, button) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_models_pass_the_model_tester(
    qtmodeltester, panel, library, tiny_model_path, tmp_path, qtbot
) -> None:
    library.import_file(tiny_model_path, "reference")
    lms = tmp_path / "lms" / "x" / "Y-GGUF"
    lms.mkdir(parents=True)
    shutil.copyfile(tiny_model_path, lms / "y-Q8_0.gguf")
    panel.on_refresh_clicked()
    qtbot.waitUntil(
        lambda: panel.external_model.rowCount() == 1 and panel.models_model.rowCount() == 1
    )
    qtmodeltester.check(panel.models_model)
    qtmodeltester.check(panel.external_model)


def test_import_copy_shows_header_metadata(panel, tiny_model_path, qtbot, ui_paths) -> None:
    with qtbot.waitSignal(panel.library_changed, timeout=10_000):
        panel.import_path(str(tiny_model_path), "copy")
    qtbot.waitUntil(lambda: panel.models_model.rowCount() == 1)
    row = [panel.models_model.index(0, c).data() for c in range(8)]
    assert row[:5] == [tiny_model_path.name, "llama", "182K", "F16", "2048"]
    assert row[6] == "never" and row[7] == "in library"
    panel.models_view.setCurrentIndex(panel.models_model.index(0, 0))
    assert "Chat template from the model file." in panel.details_label.text()
    assert "Model name: tessera-tiny" in panel.details_label.text()
    assert str(ui_paths.models) in panel.details_label.text()


def test_import_of_a_broken_file_shows_why(panel, broken_models, qtbot, tmp_path) -> None:
    bad = tmp_path / "bad.gguf"
    shutil.copyfile(broken_models["truncated"], bad)
    with qtbot.waitSignal(panel.error_shown, timeout=10_000) as shown:
        panel.import_path(str(bad), "copy")
    assert shown.args[0] and panel.status_label.text() == shown.args[0]
    assert panel.models_model.rowCount() == 0 and panel.import_button.isEnabled()


def test_detected_lm_studio_file_is_added_by_reference(
    panel, tiny_model_path, tmp_path, qtbot
) -> None:
    lms = tmp_path / "lms" / "lmstudio-community" / "Tiny-GGUF"
    lms.mkdir(parents=True)
    shutil.copyfile(tiny_model_path, lms / "tiny-Q4_K_M.gguf")
    panel.on_refresh_clicked()
    qtbot.waitUntil(lambda: panel.external_model.rowCount() == 1)
    assert panel.external_model.index(0, 0).data() == "LM Studio"
    panel.external_view.setCurrentIndex(panel.external_model.index(0, 0))
    panel.mode_combo.setCurrentIndex(panel.mode_combo.findData("reference"))
    assert panel.add_external_button.isEnabled()
    with qtbot.waitSignal(panel.library_changed, timeout=10_000):
        panel.add_external_button.click()
    qtbot.waitUntil(lambda: panel.models_model.index(0, 7).data() == "referenced")
    qtbot.waitUntil(lambda: panel.external_model.index(0, 3).data() == "yes")


def test_scan_folder_lists_models(panel, tiny_model_path, tmp_path, qtbot) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copyfile(tiny_model_path, folder / "模型-Q4_0.gguf")
    panel.scan_folder(str(folder))
    qtbot.waitUntil(lambda: panel.external_model.rowCount() == 1)
    assert panel.external_model.index(0, 1).data() == "模型-Q4_0.gguf"


def test_delete_asks_first_and_only_deletes_on_yes(
    panel, library, tiny_model_path, qtbot, monkeypatch
) -> None:
    model = library.import_file(tiny_model_path, "copy")
    with qtbot.waitSignal(panel.refreshed):
        panel.refresh()
    panel.models_view.setCurrentIndex(panel.models_model.index(0, 0))
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    panel.delete_button.click()
    assert "removes" in asked[0] and Path(model.path).exists()
    assert panel.models_model.rowCount() == 1
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.library_changed):
        panel.delete_button.click()
    assert not Path(model.path).exists()
    qtbot.waitUntil(lambda: panel.models_model.rowCount() == 0)


def test_removing_a_reference_keeps_the_file(
    panel, library, tiny_model_path, monkeypatch, qtbot
) -> None:
    library.import_file(tiny_model_path, "reference")
    with qtbot.waitSignal(panel.refreshed):
        panel.refresh()
    panel.models_view.setCurrentIndex(panel.models_model.index(0, 0))
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    panel.delete_button.click()
    assert "file stays" in asked[0]
    assert tiny_model_path.exists()
    qtbot.waitUntil(lambda: panel.models_model.rowCount() == 0)


def _template_cell(panel, row: int = 0) -> tuple[str, str]:
    index = panel.models_model.index(row, panel.models_model.TEMPLATE_COLUMN)
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


def _add(panel, library, path, qtbot) -> None:
    library.import_file(path, "reference")
    panel.refresh()
    qtbot.waitUntil(lambda: panel.models_model.rowCount() == 1)
    panel.models_view.setCurrentIndex(panel.models_model.index(0, 0))


def test_a_model_with_its_own_template_says_so(panel, library, tiny_model_path, qtbot) -> None:
    _add(panel, library, tiny_model_path, qtbot)
    shown, tip = _template_cell(panel)
    title = panel.models_model.headerData(
        panel.models_model.TEMPLATE_COLUMN, Qt.Orientation.Horizontal
    )
    assert title == "Chat template"
    assert shown == "From the GGUF file"
    assert "Chat template from the model file." in tip
    assert "Chat page, Model box, Chat template" in tip  # where to choose another
    assert tip in panel.details_label.text()


def test_a_template_less_instruct_model_names_the_family(panel, library, tmp_path, qtbot) -> None:
    model = write_tiny_gguf(
        tmp_path / "Qwen2.5-0.5B-Instruct-Q8_0.gguf",
        chat_template=None,
        name="Qwen2.5-0.5B-Instruct",
    )
    _add(panel, library, model, qtbot)
    shown, tip = _template_cell(panel)
    assert shown == "chatml: known family qwen"
    assert "no chat template: chatml chosen for the name Qwen2.5-0.5B-Instruct" in tip
    assert "base model" not in tip


def test_a_base_model_says_completion_mode(panel, library, tiny_model_no_template, qtbot) -> None:
    _add(panel, library, tiny_model_no_template, qtbot)
    shown, tip = _template_cell(panel)
    assert shown.startswith("None: base model, Completion mode")
    assert "looks like a base model" in tip and "Completion mode" in tip
    assert "looks like a base model" in panel.details_label.text()


def test_a_template_chosen_by_the_user_shows_as_theirs(
    panel, library, tiny_model_no_template, ui_store, qtbot
) -> None:
    _add(panel, library, tiny_model_no_template, qtbot)
    ui_store.models.remember_load_settings(
        panel.selected_model().path, chat_template_override="llama3"
    )
    panel.refresh()
    qtbot.waitUntil(lambda: _template_cell(panel)[0] == "llama3: chosen by you")
    assert "base model" not in _template_cell(panel)[1]
