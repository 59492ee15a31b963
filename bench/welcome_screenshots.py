"""The first-run welcome panel as a new user sees it, saved as PNGs (offscreen).

    .venv/bin/python bench/welcome_screenshots.py OUT_DIR [--locale zh_CN]

Saves welcome-suggested.png (the suggestion and why), welcome-downloading.png (mid-download:
size, speed, time left, Cancel; the loopback Hub serves the file at ~5 MB/s),
welcome-offline.png (no Hub), and chat-loading.png (the chat page while a send waits for the
model). The suggested file is a generated ~100 MB model.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--locale", default="en")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QEventLoop, QLocale, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_main_window, install_translator
    from desktop.core.gguf.tiny_model import TinyShape, write_tiny_gguf
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store
    from tests.fixtures.hub import add_suggested_repos
    from tests.fixtures.hub_server import HubServer

    app = QApplication(sys.argv[:1])
    install_translator(app, QLocale(args.locale))
    work = Path(tempfile.mkdtemp(prefix="tessera-welcome-"))
    model = write_tiny_gguf(
        work / "model.gguf",
        shape=TinyShape(n_embd=1024, n_layer=4, n_ff=2816, n_head=8, n_kv_head=4),
    )

    def wait_until(condition, timeout: float = 60.0) -> None:
        deadline = time.time() + timeout
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(20)
        timer.timeout.connect(lambda: (condition() or time.time() > deadline) and loop.quit())
        timer.start()
        if not condition():
            loop.exec()
        timer.stop()

    def pause(seconds: float) -> None:
        end = time.time() + seconds
        wait_until(lambda: time.time() >= end, seconds + 1)

    def window_for(name: str):
        paths = DataPaths(work / name).ensure()
        store = open_store(paths)
        window = build_main_window(paths, store, app=app)
        window.resize(1280, 800)
        window.show()
        return window, store

    with HubServer() as hub:
        add_suggested_repos(hub, model.read_bytes())  # from memory: "slow" applies
        hub.state.slow.add("qwen2.5-0.5b-instruct-q4_k_m.gguf")
        os.environ["HF_ENDPOINT"] = hub.endpoint
        window, store = window_for("online")
        welcome = window.chat.welcome
        wait_until(lambda: welcome.why.isVisible())
        window.grab().save(str(out / "welcome-suggested.png"))
        welcome.download_button.click()
        wait_until(lambda: "/s" in welcome.progress_text.text())
        pause(2.5)  # a speed and a time left worth reading
        window.grab().save(str(out / "welcome-downloading.png"))
        welcome.cancel_button.click()
        wait_until(lambda: welcome.download_button.isEnabled())
        window.close()
        store.close()

    os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"
    window, store = window_for("offline")
    wait_until(lambda: window.chat.welcome.is_offline())
    window.grab().save(str(out / "welcome-offline.png"))
    window.close()
    store.close()

    # The chat while a sent message waits for its model (progress as llama.cpp reports it).
    paths = DataPaths(work / "chat").ensure()
    target = paths.models / "Qwen" / "Qwen2.5-0.5B-Instruct-GGUF"
    target.mkdir(parents=True)
    os.link(model, target / "qwen2.5-0.5b-instruct-q4_k_m.gguf")
    store = open_store(paths)
    window = build_main_window(paths, store, app=app)
    window.resize(1280, 800)
    window.show()
    panel = window.chat.chat_panel
    panel.composer.set_text("What is a tessera?")
    engine = window.engine
    shots: list[bool] = []

    def grab_mid_load(fraction: float) -> None:
        if not shots and fraction >= 0.4:
            shots.append(True)
            window.grab().save(str(out / "chat-loading.png"))

    engine.load_progress.connect(grab_mid_load)
    panel.composer.on_submit()
    wait_until(lambda: engine.is_loaded())
    if not shots:  # the load outran the callback: show the strip as it looked
        window.grab().save(str(out / "chat-loading.png"))
    window.chat.controller.stop()
    window.close()
    store.close()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
