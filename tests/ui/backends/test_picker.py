"""The chat's grouped model picker: local files and each server's models, recently used first."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from desktop.core.backends.config import BackendConfig
from desktop.core.gguf import read_gguf_meta
from desktop.core.units import format_params
from desktop.ui.chat.model_picker import ModelPickerModel, PickerEntry
from tests.ui.backends.conftest import picker_rows, remote_rows
from tests.ui.backends.test_remote_chat import choose_remote, greedy
from tests.ui.helpers import send


def test_the_picker_model_passes_the_model_tester(qtmodeltester) -> None:
    model = ModelPickerModel()
    model.set_local(
        [PickerEntry("local", "tiny · F16", "/m/tiny.gguf", path="/m/tiny.gguf")],
        header="On this computer",
        empty="No models yet",
    )
    model.set_backends(
        [("gpu", "gpu · vllm", [PickerEntry("note", "Listing models…", backend="gpu")])]
    )
    qtmodeltester.check(model)
    model.set_backend_entries(
        "gpu", [PickerEntry("remote", "llama", "llama", backend="gpu", model="llama")]
    )
    qtmodeltester.check(model)
    assert [e.kind for e in model.entries()] == ["header", "local", "header", "remote"]
    header = model.index(0)
    assert not model.flags(header) & Qt.ItemFlag.ItemIsEnabled
    assert model.data(header, Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(1), Qt.ItemDataRole.UserRole) == "/m/tiny.gguf"
    assert model.data(model.index(3), Qt.ItemDataRole.UserRole) is None  # nothing to load


def test_local_files_and_servers_are_grouped_and_recently_used_come_first(
    qtbot, remote_window, backend_registry, ui_paths, tiny_model_path, vllm_emulator,
    ollama_emulator,
) -> None:  # fmt: skip
    window = remote_window
    repo = ui_paths.models / "tessera" / "Tiny-Chat-GGUF"
    repo.mkdir(parents=True)
    shutil.copyfile(tiny_model_path, repo / "tiny-chat-F16.gguf")
    window.model_loader.refresh_models()
    # Without servers: the local list as before, no headers; named after the Hub repo.
    size = format_params(read_gguf_meta(tiny_model_path).n_params)
    assert picker_rows(window) == [("local", f"Tiny-Chat · {size} · F16", True)]
    backend_registry.add(BackendConfig.create("vllm", vllm_emulator.url, "openai"))
    backend_registry.add(BackendConfig.create("ollama", ollama_emulator.url, "ollama"))
    window.on_backends_changed()
    qtbot.waitUntil(
        lambda: all(
            any(e.kind == "remote" for e in remote_rows(window, b)) for b in ("vllm", "ollama")
        ),
        timeout=30_000,
    )
    rows = picker_rows(window)
    kinds = [kind for kind, _label, _ok in rows]
    assert kinds[:2] == ["header", "local"] and rows[0][1] == "On this computer"
    headers = [label for kind, label, _ok in rows if kind == "header"]
    assert headers[1:] == ["ollama · ollama", "vllm · openai"]  # in name order, kind until probed
    combo = window.chat.inspector.model_combo
    local_row = kinds.index("local")
    assert combo.itemData(local_row, Qt.ItemDataRole.ToolTipRole).endswith("tiny-chat-F16.gguf")
    # A reply from a server's model moves it to the top of its group.
    ollama_models = [e.model for e in remote_rows(window, "ollama") if e.kind == "remote"]
    entry = choose_remote(qtbot, window, "ollama")
    greedy(window, max_tokens=2)
    send(qtbot, window, "hi")
    assert entry.model == ollama_models[0]
    window.on_backends_changed()
    qtbot.waitUntil(
        lambda: any(e.kind == "remote" for e in remote_rows(window, "ollama")), timeout=30_000
    )
    assert [e.model for e in remote_rows(window, "ollama")][0] == entry.model
    assert window.chat.inspector.selected_entry().key == entry.key  # still chosen after a refresh
