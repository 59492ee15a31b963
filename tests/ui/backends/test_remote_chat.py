"""The chat on a server's model, as a user does it: pick it in the picker, send, read the reply
with its probabilities, branch from a token; a cut stream and a down server said in place."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from desktop.core.backends.config import BackendConfig
from desktop.core.backends.errors import INTERRUPTED
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer
from desktop.ui.i18n import message_text
from tests.fixtures.cutting_proxy import CuttingProxy
from tests.fixtures.model_servers import free_port
from tests.ui.backends.conftest import remote_rows
from tests.ui.helpers import send


@pytest.fixture
def proxy(llama_server_process) -> Iterator[CuttingProxy]:
    """llama-server behind a proxy that can cut a reply mid-stream."""
    with CuttingProxy(llama_server_process.port) as made:
        yield made


def add_backend(window, registry, name: str, url: str, kind: str, **fields) -> None:
    """Saved as Settings > Backends saves it; closing the dialog lists its models."""
    registry.add(BackendConfig.create(name, url, kind, **fields))
    window.on_backends_changed()


def choose_remote(qtbot, window, backend: str) -> object:
    """Pick the backend's first model in the inspector's picker and wait until it is usable."""
    inspector = window.chat.inspector
    qtbot.waitUntil(
        lambda: any(e.kind == "remote" for e in remote_rows(window, backend)), timeout=30_000
    )
    entry = next(e for e in remote_rows(window, backend) if e.kind == "remote")
    inspector.model_combo.setCurrentIndex(inspector.picker_model.row_of(entry.key))
    qtbot.waitUntil(window.chat.target.ready, timeout=30_000)
    return entry


def greedy(window, max_tokens: int = 12) -> None:
    inspector = window.chat.inspector
    inspector.max_tokens.setValue(max_tokens)
    inspector.temperature.setValue(0.0)
    inspector.seed.setValue(7)


def test_a_llama_server_model_chats_with_probabilities_and_saves_where_it_ran(
    qtbot, remote_window, backend_registry, proxy, ui_store
) -> None:
    window = remote_window
    add_backend(window, backend_registry, "gpu-box", proxy.url, "llama-server")
    entry = choose_remote(qtbot, window, "gpu-box")
    inspector = window.chat.inspector
    # Load settings belong to this computer: hidden for a server's model; its facts shown.
    assert inspector.selected_path() is None and not inspector.load_button.isVisibleTo(inspector)
    assert "llama-server" in inspector.backend_note.text()
    assert window.status.model.text() == entry.model and window.status.backend.text() == "gpu-box"
    greedy(window)
    inspector.show_probs.setChecked(True)
    inspector.top_n.setValue(3)

    send(qtbot, window, "Tell me about tokens.")

    item = window.chat.transcript.item(1)
    assert item.status == "complete" and item.text and item.model == entry.model
    # Every token the server named comes with its probability and alternatives (llama-server
    # holds back the ids of a character split across tokens: those arrive without).
    scored = [t for t in item.tokens if t.id >= 0]
    assert len(scored) >= 3 and all(t.logprob is not None for t in scored)
    for token in scored:
        assert token.top and len(token.top) <= 3
        assert [a.logprob for a in token.top] == sorted(
            (a.logprob for a in token.top), reverse=True
        )
    window.chat.controller.wait_for_saves()
    conversation = window.chat.controller.conversation_id
    saved = ui_store.messages.active_path(conversation)[-1]
    assert (saved.backend, saved.model, saved.status) == ("gpu-box", entry.model, "complete")
    assert saved.server_version.startswith("llama-server")
    assert saved.content == item.text and saved.has_logprobs
    # The context meter counts against the server's context.
    assert inspector.context_meter.maximum() == window.chat.target.context_length() > 0

    # Branch from the second token with an alternative: llama-server takes token ids.
    alternative = next(a for a in item.tokens[1].top if a.id != item.tokens[1].id)
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        assert window.chat.controller.branch_from_token(1, 1, alternative.id)
    branch = window.chat.transcript.item(1)
    assert branch.sibling_count == 2
    assert [t.id for t in branch.tokens[:2]] == [item.tokens[0].id, alternative.id]
    assert branch.tokens[1].forced and branch.text.startswith(item.tokens[0].text)


def test_a_stream_cut_mid_reply_keeps_the_text_marked_interrupted(
    qtbot, remote_window, backend_registry, proxy, ui_store
) -> None:
    window = remote_window
    add_backend(window, backend_registry, "flaky", proxy.url, "llama-server")
    choose_remote(qtbot, window, "flaky")
    greedy(window, max_tokens=200)
    proxy.cut_after(4)
    send(qtbot, window, "Write a long story.")
    assert proxy.cuts == 1
    item = window.chat.transcript.item(1)
    why = message_text(INTERRUPTED())
    assert item.status == "interrupted" and item.text and item.error == why
    banner = window.chat.chat_panel.banner
    assert banner.isVisible() and banner.message.text() == why
    window.chat.controller.wait_for_saves()
    saved = ui_store.messages.active_path(window.chat.controller.conversation_id)
    assert [m.role for m in saved] == ["user", "assistant"]  # the user's message is kept too
    assert (saved[1].status, saved[1].content, saved[1].error) == ("interrupted", item.text, why)


def test_a_down_server_says_why_in_the_picker_and_on_send(
    qtbot, remote_window, backend_registry
) -> None:
    window = remote_window
    url = f"http://127.0.0.1:{free_port()}"
    add_backend(window, backend_registry, "down", url, "openai", default_model="big-model")
    qtbot.waitUntil(
        lambda: any(e.kind == "note" and "refused" in e.label for e in remote_rows(window, "down")),
        timeout=30_000,
    )
    rows = remote_rows(window, "down")
    note = next(e for e in rows if e.kind == "note")
    assert f"Nothing answers at {url}" in note.label
    model = window.chat.inspector.picker_model
    choosable = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    assert not model.flags(model.index(model.row_of(note.key))) & choosable  # read, not chosen
    # Its default model stays offered: choosing it says the server is down, in place.
    default = next(e for e in rows if e.kind == "remote")
    assert default.model == "big-model"
    window.chat.inspector.model_combo.setCurrentIndex(model.row_of(default.key))
    qtbot.waitUntil(lambda: bool(window.chat.target.problem()), timeout=30_000)
    assert "refused" in window.chat.inspector.backend_note.text()
    composer = window.chat.chat_panel.composer
    composer.set_text("Hello?")
    composer.on_submit()
    banner = window.chat.chat_panel.banner
    assert banner.isVisible() and "refused" in banner.message.text()
    assert composer.text() == "Hello?"  # nothing sent, nothing lost


def test_the_composer_counts_with_the_servers_tokenizer_or_says_it_estimates(
    qtbot, remote_window, backend_registry, llama_server_process, ollama_emulator, tiny_model_path
) -> None:
    window = remote_window
    add_backend(window, backend_registry, "ls", llama_server_process.url, "llama-server")
    add_backend(window, backend_registry, "ol", ollama_emulator.url, "ollama")
    composer = window.chat.chat_panel.composer
    composer.set_text("Tokens are what models read.")
    choose_remote(qtbot, window, "ls")
    qtbot.waitUntil(lambda: "context" in composer.token_count.text(), timeout=30_000)
    exact = composer.token_count.text()
    vocab = ModelVocabTokenizer(tiny_model_path)  # the model the server runs
    try:
        expected = vocab.count_tokens("Tokens are what models read.")
    finally:
        vocab.close()
    assert exact.startswith(f"{expected} token") and "estimate" not in exact
    choose_remote(qtbot, window, "ol")
    qtbot.waitUntil(lambda: "estimate" in composer.token_count.text(), timeout=30_000)
    assert "(estimate with tiktoken o200k)" in composer.token_count.text()
    assert "tiktoken o200k as an estimate" in composer.token_count.toolTip()


def test_where_a_server_cannot_branch_from_a_token_the_menu_says_why(
    qtbot, remote_window, backend_registry, ollama_emulator
) -> None:
    window = remote_window
    add_backend(window, backend_registry, "ol", ollama_emulator.url, "ollama")
    choose_remote(qtbot, window, "ol")
    greedy(window)
    window.chat.inspector.show_probs.setChecked(True)
    send(qtbot, window, "Hello there")
    item = window.chat.transcript.item(1)
    assert item.status == "complete" and any(t.top for t in item.tokens)
    index = next(i for i, t in enumerate(item.tokens) if i > 0 and t.top)
    panel = window.chat.chat_panel
    panel.on_view_token_clicked(1, index, window.mapToGlobal(window.rect().center()))
    menu = panel.last_menu
    texts = [a.text() for a in menu.actions()]
    note = menu.findChild(QAction, "alternativesNote")
    assert note is not None and not note.isEnabled()
    # Ollama names tokens by text only: no branch, and the reason is where the choice would be.
    assert "not possible" in note.text() and note.text() in texts
    alternatives = [a for a in menu.actions()[2:]]
    assert alternatives and not any(a.isEnabled() for a in alternatives)
    menu.close()
    assert not window.chat.controller.branch_from_token(1, index, -1)
