"""A server's own tokenizer in the tokenizer view: the model's ids, bytes and offsets; an
estimate, said so, for a server without one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.core.resources import resource_path
from desktop.core.tokenizers import TiktokenCache, TokenizerRegistry
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer
from tests.fixtures.backends import backend_for

TEXT = "Hello 你好，世界 <|im_start|>user\nhi<|im_end|>"


@pytest.fixture
def registry(
    tmp_path, llama_server_process, vllm_emulator, ollama_emulator
) -> Iterator[TokenizerRegistry]:
    cache = TiktokenCache(tmp_path / "tiktoken", resource_path("tiktoken"))
    cache.prime_from_bundle()
    with (
        backend_for("llama-server", llama_server_process, "ls") as ls,
        backend_for("vllm", vllm_emulator, "vllm") as vllm,
        backend_for("ollama", ollama_emulator, "ollama") as ollama,
    ):
        backends = {b.backend.name: b.backend for b in (ls, vllm, ollama)}
        made = TokenizerRegistry(cache, backends.__getitem__)
        yield made
        made.close()


@pytest.mark.parametrize("name", ["ls", "vllm"])
def test_a_servers_tokenizer_cuts_like_the_models_own_vocabulary(
    registry, tiny_model_path, name
) -> None:
    remote = registry.get(f"backend:{name}").tokenize(TEXT)
    vocab = ModelVocabTokenizer(tiny_model_path)
    try:
        local = vocab.tokenize(TEXT)
        assert remote.ids == list(local.ids)
        assert [(s.raw, s.start, s.end) for s in remote.spans()] == [
            (s.raw, s.start, s.end) for s in local.spans()
        ]
        assert remote.spans().__next__().kind == "normal"
        assert [s.kind for s in remote.spans()][-1] == "control"  # <|im_end|>
    finally:
        vocab.close()


def test_a_server_without_a_tokenizer_gets_an_estimate_that_says_so(registry) -> None:
    tokenizer, note = registry.for_backend("ollama")
    assert tokenizer.spec == "tiktoken:o200k_base"
    assert note is not None and note.code == "backends.no_tokenizer"
    assert "tiktoken o200k as an estimate" in str(note)
    same, none = registry.for_backend("ls")
    assert same.spec == "backend:ls" and none is None
