"""SmolLM2-135M-Instruct through Tessera and through llama-cpp-python: the same tokens, the
same greedy replies (template rendering + decode loop), and a template-less copy that does not
leak ChatML markers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.engine.protocol import ChatMessage, GenerateRequest, LoadOptions, SamplingParams

from .conftest import N_CTX, THREADS

# A 98 MB model on a busy 2-core machine: minutes, not the suite's 120 s per test.
pytestmark = pytest.mark.timeout(1200)

GREEDY = SamplingParams(temperature=0.0, max_tokens=64, repeat_penalty=1.0)
CHATS = [
    (ChatMessage("user", "What is the capital of France?"),),
    (
        ChatMessage("system", "You are a concise assistant."),
        ChatMessage("user", "Name three primary colors."),
        ChatMessage("assistant", "Red, yellow and blue."),
        ChatMessage("user", "And the secondary ones?"),
    ),
    (ChatMessage("user", "Write a Python function that adds two numbers."),),
]
TEXTS = [
    "Hello, world! Tokens are what models read.",
    "你好，世界！我们今天学习大语言模型的分词。",
    "def main():\n    print('hi')  # comment\n\treturn 0",
    "<|im_start|>user\nspecial tokens<|im_end|>",
    "emoji 🙂 and accents: café, naïve",
]


@pytest.fixture(scope="module")
def engine(smollm2: Path) -> Iterator[EngineClient]:
    with EngineClient() as client:
        client.load(LoadOptions(path=str(smollm2), n_ctx=N_CTX, n_threads=THREADS))
        yield client


def _reply(engine: EngineClient, messages) -> str:
    request = GenerateRequest(1, GREEDY, messages=tuple(messages))
    return engine.generate(request).wait().text


@pytest.mark.parametrize("chat", range(len(CHATS)))
def test_greedy_chat_reply_equals_llama_cpp_pythons(engine, reference, chat: int) -> None:
    messages = CHATS[chat]
    expected = reference.create_chat_completion(
        [{"role": m.role, "content": m.content} for m in messages],
        temperature=0.0,
        max_tokens=GREEDY.max_tokens,
        repeat_penalty=1.0,
        seed=1,
    )["choices"][0]["message"]["content"]
    ours = _reply(engine, messages)
    assert ours.strip() and ours == expected


def test_the_rendered_prompt_is_llama_cpp_pythons(engine, reference) -> None:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    info = engine.render_prompt(CHATS[1])
    meta = reference.metadata
    formatter = Jinja2ChatFormatter(
        meta["tokenizer.chat_template"],
        eos_token="<|im_end|>",
        bos_token="<|im_start|>",
    )
    rendered = formatter(messages=[{"role": m.role, "content": m.content} for m in CHATS[1]])
    text, ids = info
    assert text == rendered.prompt
    assert ids == reference.tokenize(text.encode(), add_bos=False, special=True)


@pytest.mark.parametrize("text", TEXTS)
def test_token_ids_equal_llama_cpps(engine, reference, smollm2: Path, text: str) -> None:
    from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer

    expected = reference.tokenize(text.encode(), add_bos=False, special=True)
    assert engine.tokenize(text, add_special=False, parse_special=True) == expected
    vocab = ModelVocabTokenizer(smollm2)
    try:
        shown = vocab.tokenize(text, parse_special=True, add_special=False)
        assert list(shown.ids) == expected
    finally:
        vocab.close()


@pytest.mark.parametrize("prompt", ["The capital of France is", "def fibonacci(n):\n"])
def test_completion_equals_create_completion_greedy(engine, reference, prompt: str) -> None:
    expected = reference.create_completion(
        prompt, temperature=0.0, max_tokens=48, repeat_penalty=1.0, seed=1
    )["choices"][0]["text"]
    params = SamplingParams(temperature=0.0, max_tokens=48, repeat_penalty=1.0)
    done = engine.generate(GenerateRequest(2, params, text=prompt)).wait()
    assert done.text.strip() and done.text == expected


def test_a_template_less_copy_gets_chatml_for_its_tokens_and_leaks_no_markers(
    smollm2_no_template: Path,
) -> None:
    with EngineClient() as client:
        info = client.load(
            LoadOptions(path=str(smollm2_no_template), n_ctx=N_CTX, n_threads=THREADS)
        )
        # The name says SmolLM (and its special tokens say ChatML): ChatML, and why.
        assert info.template.builtin == "chatml" and info.template.is_fallback
        assert "chosen for the name Smollm2" in str(info.template.reason)
        assert info.looks_base  # nothing left in it says "instruct"
        for messages in CHATS:
            generation = client.generate(GenerateRequest(3, GREEDY, messages=messages))
            done = generation.wait()
            streamed = "".join(t.text for t in generation.tokens)
            assert done.text.strip()
            for marker in ("<|im_end|>", "<|im_start|>", "<|endoftext|>"):
                assert marker not in streamed and marker not in done.text
