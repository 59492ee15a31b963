"""The chat's model picker and loading, on the core library: split models, folders, files."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt


def picker_entries(window) -> list[tuple[str, str]]:
    combo = window.chat.inspector.model_combo
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def test_a_split_model_shows_once_in_the_picker_and_loads(
    qtbot, main_window, ui_paths, tiny_split_model
) -> None:
    window = main_window
    repo = ui_paths.models / "someone" / "tiny-GGUF"
    repo.mkdir(parents=True)
    for part in tiny_split_model:
        shutil.copyfile(part, repo / part.name)
    window.model_loader.refresh_models()
    entries = picker_entries(window)
    assert len(entries) == 1, entries
    label, path = entries[0]
    # Named after its Hub repo (someone/tiny-GGUF), with its size and quantization.
    assert label == "tiny · F16 (2 parts)"
    assert path.endswith("-00001-of-00002.gguf")
    combo = window.chat.inspector.model_combo
    assert combo.itemData(0, Qt.ItemDataRole.ToolTipRole) == path  # the file, on hover
    assert window.chat.chat_stack.currentWidget() is window.chat.chat_panel  # not first run
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000) as loaded:
        qtbot.mouseClick(window.chat.inspector.load_button, Qt.MouseButton.LeftButton)
    assert loaded.args[0].path == path and loaded.args[0].n_layers == 2
    assert "tessera" in window.status.model.text()


def test_opening_a_later_part_loads_the_model_from_its_first(
    qtbot, main_window, tmp_path, tiny_split_model
) -> None:
    window = main_window
    for part in tiny_split_model:
        shutil.copyfile(part, tmp_path / part.name)
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000) as loaded:
        window.model_loader.open_model_file(str(tmp_path / tiny_split_model[1].name))
    assert loaded.args[0].path == str(tmp_path / tiny_split_model[0].name)
    assert [path for _label, path in picker_entries(window)] == [loaded.args[0].path]


def test_a_models_folder_with_a_split_model_ends_the_first_run(
    qtbot, main_window, tmp_path, tiny_split_model, broken_models
) -> None:
    window = main_window
    assert window.chat.chat_stack.currentWidget() is window.chat.welcome
    folder = tmp_path / "我的模型"
    folder.mkdir()
    for part in tiny_split_model:
        shutil.copyfile(part, folder / part.name)
    shutil.copyfile(broken_models["truncated"], folder / "truncated.gguf")
    window.model_loader.add_models_folder(str(folder))
    assert window.chat.chat_stack.currentWidget() is window.chat.chat_panel
    assert [label for label, _path in picker_entries(window)] == [
        "tessera-tiny-split · F16 (2 parts)"
    ]
    assert window.chat.inspector.selected_path().endswith("-00001-of-00002.gguf")
    assert "truncated.gguf could not be added" in window.statusBar().currentMessage()
