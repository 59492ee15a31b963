"""The Tokenizer page on servers: a server's own tokenizer (the ids its model reads), and for a
server without one tiktoken o200k, said as an estimate in the column."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.core.backends.capabilities import NO_TOKENIZER
from desktop.core.backends.config import BackendConfig
from desktop.core.resources import resource_path
from desktop.core.tokenizers import TiktokenCache, TokenizerRegistry
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer
from desktop.ui.i18n import message_text
from desktop.ui.tokenizer.panel import TokenizerPanel

TEXT = "Tokens are what models read. 模型读的是词元。"


@pytest.fixture
def tokenizers(tmp_path, backend_registry, llama_server_process, ollama_emulator) -> Iterator:
    for name, url, kind in (
        ("ls", llama_server_process.url, "llama-server"),
        ("ol", ollama_emulator.url, "ollama"),
    ):
        backend_registry.add(BackendConfig.create(name, url, kind))
    registry = TokenizerRegistry(
        TiktokenCache(tmp_path / "tiktoken", resource_path("tiktoken")),
        backends=backend_registry.open,
    )
    registry.set_backends(["ls", "ol"])
    yield registry
    registry.close()


def shown(qtbot, panel: TokenizerPanel) -> None:
    qtbot.waitUntil(
        lambda: panel.last_shown_request == panel._next_id and not panel._in_flight,
        timeout=30_000,
    )


def test_server_columns_use_the_servers_tokenizer_or_say_they_estimate(
    qtbot, tokenizers, tiny_model_path
) -> None:
    tokenizers.set_chat_backend("ls")
    panel = TokenizerPanel(tokenizers)  # no columns asked for: it follows the chat
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    panel.set_text(TEXT)
    shown(qtbot, panel)
    assert panel.tokenizer_specs() == ["backend:ls"]
    first = panel.columns[0]
    assert first.picker.currentText() == "ls (the chat's server)"
    labels = [first.picker.itemText(i) for i in range(first.picker.count())]
    assert "ol (server)" in labels
    vocab = ModelVocabTokenizer(tiny_model_path)
    try:
        expected = list(vocab.tokenize(TEXT).ids)
    finally:
        vocab.close()
    assert list(first.result.display.tokenization.ids) == expected  # the server's model's ids
    assert not first.result.note

    panel.add_tokenizer("backend:ol")
    shown(qtbot, panel)
    second = panel.columns[1]
    assert second.result.error == "" and second.result.display is not None
    assert second.result.note == message_text(NO_TOKENIZER())
    assert "tiktoken o200k as an estimate" in second.counts_label.text()
    assert second.result.display.tokenization.tokenizer.spec == "tiktoken:o200k_base"
    panel.shutdown()
