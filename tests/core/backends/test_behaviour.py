"""The same behaviour from every kind of server: llama-server and llama-cpp-python for real,
vLLM and Ollama through the emulator that answers in their documented shapes."""

from __future__ import annotations

import pytest

from desktop.core.backends.errors import BackendError
from desktop.core.engine.protocol import (
    ChatMessage,
    Done,
    GenerateRequest,
    SamplingParams,
    TokenBatch,
)
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer
from tests.fixtures.backends import REMOTE_KINDS

pytestmark = pytest.mark.parametrize("remote", REMOTE_KINDS, indirect=True)

HI = (ChatMessage("user", "Tell me about tokens, please."),)


def _chat(rid: int, **params) -> GenerateRequest:
    top = params.pop("top_logprobs", 0)
    return GenerateRequest(rid, SamplingParams(**params), messages=HI, top_logprobs=top)


def test_a_reply_streams_in_several_batches_then_one_done(remote) -> None:
    generation = remote.backend.generate(_chat(1, max_tokens=12, seed=3, temperature=0.8))
    events = list(generation)
    batches = [e for e in events if isinstance(e, TokenBatch)]
    assert len(batches) >= 2 and isinstance(events[-1], Done)
    done = events[-1]
    assert done.finish_reason in ("length", "stop")
    assert done.text == "".join(t.text for b in batches for t in b.tokens) == generation.text
    assert 0 < done.stats.completion_tokens <= 12
    assert done.stats.ttft_seconds > 0
    assert generation.wait(1) is done


def test_cancel_ends_the_reply_and_the_server_serves_the_next_one(remote) -> None:
    # llama-cpp-python's server does not notice a closed connection: it finishes the reply
    # (slowly: its streaming re-decodes the whole text per token) before serving anyone else.
    # A short cap there keeps "the next request is served" true; the others stop at once.
    cap = 60 if remote.kind == "llama-cpp-python" else 1500
    generation = remote.backend.generate(_chat(1, max_tokens=cap, seed=5, temperature=1.0))
    for event in generation:
        if isinstance(event, TokenBatch):
            generation.cancel()
        last = event
    assert isinstance(last, Done) and last.finish_reason == "cancelled"
    assert 0 < len(generation.tokens) < cap and last.text == generation.text
    after = remote.backend.generate(_chat(2, max_tokens=4, seed=1)).wait(60)
    assert after.finish_reason in ("length", "stop") and after.stats.completion_tokens <= 4


def _stop_word(text: str) -> str:
    """Two characters from the second half that do not occur earlier in `text`."""
    for i in range(len(text) // 2, len(text) - 2):
        word = text[i : i + 2]
        if "\ufffd" not in word and word.strip() == word and word and text.find(word) == i:
            return word
    pytest.fail(f"no usable stop string in {text!r}")


def test_a_stop_string_ends_the_reply_before_it(remote) -> None:
    free = remote.backend.generate(_chat(1, max_tokens=40, temperature=0.0, seed=1)).wait(60)
    stop = _stop_word(free.text)
    stopped = remote.backend.generate(
        _chat(2, max_tokens=40, temperature=0.0, seed=1, stop=(stop,))
    ).wait(60)
    assert stopped.finish_reason == "stop"
    assert stopped.text == free.text[: free.text.find(stop)]
    assert stop not in stopped.text


def test_logprobs_are_sorted_and_agree_with_the_chosen_token(remote) -> None:
    generation = remote.backend.generate(
        _chat(1, max_tokens=10, temperature=0.0, seed=1, top_logprobs=3)
    )
    generation.wait(60)
    scored = [t for t in generation.tokens if t.logprob is not None]
    assert len(scored) >= 5
    for token in scored:
        assert token.top, "every scored token comes with its alternatives"
        values = [alt.logprob for alt in token.top]
        assert values == sorted(values, reverse=True)
        assert token.logprob <= 0.0
        # Greedy decoding picks the most likely token: top-1 is at least the chosen one.
        assert values[0] >= token.logprob - 1e-4
        if token.id >= 0:
            same = [a for a in token.top if a.id == token.id]
        elif token.text and _whole(token):
            # Servers without ids name alternatives by text; only a token that is whole
            # characters by itself can be matched that way.
            same = [a for a in token.top if a.text == token.text]
        else:
            continue
        assert same and abs(same[0].logprob - token.logprob) < 1e-3


def _whole(token) -> bool:
    try:
        return token.piece.decode("utf-8") == token.text
    except UnicodeDecodeError:
        return False


TEXTS = ["Hello world", "你好，世界！分词", "<|im_start|>user\nhi<|im_end|>\n"]


def test_tokenize_gives_the_ids_of_the_models_own_vocabulary(remote, tiny_model_path) -> None:
    caps = remote.backend.capabilities()
    if remote.kind == "ollama":
        assert not caps.tokenizer
        assert caps.why_not("tokenizer").code == "backends.no_tokenizer"
        with pytest.raises(BackendError) as info:
            remote.backend.tokenize("Hello")
        assert info.value.kind == "unsupported"
        return
    assert caps.tokenizer
    vocab = ModelVocabTokenizer(tiny_model_path)
    try:
        for text in TEXTS:
            assert list(remote.backend.tokenize(text).ids) == vocab.encode(text), text
    finally:
        vocab.close()


def test_a_connection_cut_mid_reply_keeps_the_text_and_says_interrupted(remote) -> None:
    remote.proxy.cut_after(4)
    cap = 60 if remote.kind == "llama-cpp-python" else 300  # see the cancel test
    generation = remote.backend.generate(_chat(1, max_tokens=cap, seed=2, temperature=1.0))
    done = generation.wait(60)
    assert remote.proxy.cuts == 1
    assert done.finish_reason == "interrupted"
    assert done.error is not None and done.error.code == "backends.interrupted"
    assert done.text == "".join(t.text for t in generation.tokens)
    assert generation.tokens, "what arrived before the cut is kept"
    again = remote.backend.generate(_chat(2, max_tokens=3, seed=1)).wait(60)
    assert again.finish_reason in ("length", "stop")
