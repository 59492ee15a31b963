"""Render the main window offscreen with a conversation in it and save a PNG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_screenshot.py docs/screenshot-main.png \
        [models.png]

The conversation is written into a fresh store in a temp folder (the replies are typed here:
the test model's own output is random text); the tiny test model is loaded so the status bar and
the inspector show a real model, and its last reply is generated live with probabilities shown.
With a second path, the Models page (its "Installed" tab, the Hub unreachable) is saved too.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPLY = """Here is a small Python function that counts the words in a text, Chinese included:

```python
import re

def count_words(text: str) -> int:
    # Latin words, plus each CJK character as a word.
    return len(re.findall(r"[A-Za-z0-9']+|[\\u4e00-\\u9fff]", text))
```

For example `count_words("Hello 世界")` returns **3**: one English word and two characters."""


def main(out: str, models_out: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_main_window, install_translator
    from desktop.core.engine.client import EngineClient
    from desktop.core.gguf.tiny_model import write_tiny_gguf
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store

    app = QApplication(sys.argv[:1])
    from PySide6.QtCore import QLocale

    install_translator(app, QLocale(QLocale.Language.English))  # as the app does at start
    root = Path(tempfile.mkdtemp(prefix="tessera-shot-"))
    paths = DataPaths(root).ensure()
    model = write_tiny_gguf(paths.models / "tessera-tiny-F16.gguf")
    store = open_store(paths)
    for title in ("Trip to Kyoto: 3-day plan", "SQL window functions", "翻译：产品说明"):
        conv = store.conversations.create(title=title)
        store.messages.append_user(conv.id, title)
    conv = store.conversations.create()
    store.messages.append_user(conv.id, "Write a Python function that counts words, 中文 too.")
    reply = store.messages.start_assistant(conv.id, model="qwen2.5-1.5b-instruct")
    stats = {
        "prompt_tokens": 31,
        "completion_tokens": 96,
        "ttft_seconds": 0.142,
        "decode_tok_s": 87.4,
    }
    store.messages.finish(reply.id, REPLY, stats=stats)
    store.conversations.set_pinned(store.conversations.list_recent()[-1].id, True)

    if models_out:
        os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"  # nothing listens: no network
        write_tiny_gguf(
            paths.models / "someone" / "tiny-GGUF" / "tessera-tiny-split-Q8_0.gguf",
            split_max_tensors=12,
        )
    window = build_main_window(
        paths, store, EngineClient, app=app, theme_preference="light", with_pages=bool(models_out)
    )
    window.resize(1360, 860)
    window.show()
    loaded = []
    window.engine.loaded.connect(loaded.append)
    window.model_loader.open_model_file(str(model))
    deadline = time.monotonic() + 60
    while not loaded and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.chat.open_conversation(conv.id)
    window.chat.inspector.max_tokens.setValue(40)
    window.chat.inspector.seed.setValue(3)
    window.chat.inspector.show_probs.setChecked(True)
    window.chat.chat_panel.composer.set_text(
        "And now say something in the tiny test model's words."
    )
    window.chat.chat_panel.composer.on_submit()
    while window.chat.controller.is_busy() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.chat.chat_panel.composer.set_text("Thanks! Can it also count emoji?")
    for _ in range(50):
        app.processEvents()
        time.sleep(0.01)
    window.grab().save(out)
    if models_out:
        window.show_page("models")
        page = window.page_widgets["models"]
        page.setCurrentWidget(page.library_panel)
        page.library_panel.refresh()
        while page.library_panel.tasks.busy() and time.monotonic() < deadline + 30:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.01)
        window.grab().save(models_out)
        print(f"saved {models_out} ({os.path.getsize(models_out) / 1024:.0f} KB)")
    window.close()
    store.close()
    print(f"saved {out} ({os.path.getsize(out) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(
        main(
            sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-main.png",
            sys.argv[2] if len(sys.argv) > 2 else None,
        )
    )
