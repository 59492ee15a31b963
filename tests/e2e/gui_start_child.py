"""Run by test_gui_start.py in a fresh interpreter: the real main window with every page, no
model loaded; prints which llama_cpp modules this (the GUI) process imported, as JSON."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(data_dir: str) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_main_window
    from desktop.core.engine.build_probe import CACHE_NAME
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store

    app = QApplication([])
    paths = DataPaths(Path(data_dir)).ensure()
    store = open_store(paths)
    window = build_main_window(paths, store, app=app)
    window.show()
    for name in ("models", "tokenizer", "templates", "experiments"):
        window.show_page(name)  # as a user clicking through the pages
    hub = window.page("models").hub_panel
    cache = paths.cache / CACHE_NAME

    def settled() -> bool:
        # Both start-up questions about the build were answered (by the probe child).
        if not cache.exists() or hub.hardware is None:
            return False
        gpu = json.loads(cache.read_text(encoding="utf-8"))["build"]["gpu_offload"]
        return gpu or not window.chat.inspector.gpu_note.isHidden()

    deadline = time.monotonic() + 150  # a generous limit, not a speed goal
    while not settled():
        if time.monotonic() > deadline:
            print(json.dumps({"error": "the build probe never answered"}))
            return 1
        app.processEvents()
        time.sleep(0.02)
    loaded = sorted(m for m in sys.modules if m == "llama_cpp" or m.startswith("llama_cpp."))
    print(
        json.dumps({"llama_cpp_modules": loaded, "gpu_offload": hub.hardware.gpu_offload_supported})
    )
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
