"""The composer counts the message's tokens with the loaded model's vocabulary, live."""

from __future__ import annotations

import re
from pathlib import Path

from llama_cpp import Llama


def _count_shown(window) -> int:
    match = re.match(r"(\d+) tokens?", window.chat.chat_panel.composer.token_count.text())
    return int(match.group(1)) if match else -1


def test_composer_shows_the_models_token_count_and_context_share(
    qtbot, loaded_window, tiny_model_path: Path
) -> None:
    window = loaded_window
    composer = window.chat.chat_panel.composer
    assert composer.token_count.isVisible()
    text = "Hello world, 你好世界! " * 20
    composer.edit.setPlainText(text)
    llama = Llama(str(tiny_model_path), vocab_only=True, verbose=False)
    expected = len(llama.tokenize(text.encode("utf-8"), add_bos=llama._model.add_bos_token()))
    qtbot.waitUntil(lambda: _count_shown(window) == expected, timeout=15_000)
    label = composer.token_count.text()
    n_ctx = window.engine.info.n_ctx
    assert f"{100 * expected / n_ctx:.1f}%" in label
    assert f"{n_ctx:,}" in label

    composer.edit.setPlainText("")
    qtbot.waitUntil(lambda: _count_shown(window) <= 1, timeout=5_000)


def test_composer_count_disappears_when_the_model_is_unloaded(qtbot, loaded_window) -> None:
    window = loaded_window
    composer = window.chat.chat_panel.composer
    with qtbot.waitSignal(window.engine.unloaded, timeout=15_000):
        window.chat.inspector.unload_requested.emit()
    assert not composer.token_count.isVisible()
    composer.edit.setPlainText("still typing after the unload")
    assert not composer._count_timer.isActive()  # no count is even scheduled
    assert not composer.token_count.isVisible()


def test_a_huge_paste_is_not_counted_on_the_gui_thread(qtbot, loaded_window) -> None:
    from desktop.ui.chat.composer import MAX_COUNTED_CHARS

    composer = loaded_window.chat.chat_panel.composer
    composer.edit.setPlainText("你好 hello " * (MAX_COUNTED_CHARS // 4))
    qtbot.waitUntil(lambda: "Tokenizer page" in composer.token_count.text(), timeout=5_000)
