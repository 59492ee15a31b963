"""Which template a template-less GGUF gets, why, and whether it looks like a base model."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.gguf import read_gguf_meta
from desktop.core.gguf.tiny_model import FORMAT_SPECIALS, TinySpecials, write_tiny_gguf
from desktop.core.templates.choice import choose_chat_template, looks_like_base_model
from desktop.core.templates.thinking import split_thinking, strip_thinking, thinking_token_count

PLAIN = TinySpecials(("<s>", "</s>"), "<s>", "</s>", "</s>")


def _meta(tmp: Path, file: str, **kwargs):
    kwargs.setdefault("chat_template", None)
    return read_gguf_meta(write_tiny_gguf(tmp / file, **kwargs))


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("choice")


def test_the_files_own_template_wins(tiny_model_path: Path) -> None:
    choice = choose_chat_template(read_gguf_meta(tiny_model_path))
    assert choice.source == "file" and choice.builtin is None and not choice.stops
    assert str(choice.reason) == "Chat template from the model file."


def test_gemma3_architecture_gets_gemma(tmp: Path) -> None:
    meta = _meta(tmp, "g.gguf", architecture="gemma3", specials=FORMAT_SPECIALS["gemma"])
    choice = choose_chat_template(meta)
    assert (choice.builtin, choice.source) == ("gemma", "architecture")
    assert "chosen for architecture gemma3" in str(choice.reason)
    assert "<end_of_turn>" in choice.stops and "<|im_end|>" not in choice.stops
    assert choice.reason.code == "template.for_architecture"


@pytest.mark.parametrize(
    ("name", "family", "expected"),
    [
        ("Meta-Llama-3.1-8B", "llama3", "llama3"),
        ("Mistral-7B-v0.3", "mistral", "mistral-v3"),
        ("Phi-3-mini-4k", "phi3", "phi3"),
        ("DeepSeek-R1-Distill-Qwen-1.5B", "deepseek", "deepseek3"),
        ("Qwen2.5-0.5B", "chatml", "chatml"),
    ],
)
def test_the_name_picks_the_format(tmp: Path, name: str, family: str, expected: str) -> None:
    meta = _meta(tmp, f"{expected}.gguf", name=name, specials=FORMAT_SPECIALS[family])
    choice = choose_chat_template(meta)
    assert (choice.builtin, choice.source) == (expected, "name")
    assert name in str(choice.reason)


@pytest.mark.parametrize(
    ("family", "expected"),
    [("gemma", "gemma"), ("llama3", "llama3"), ("phi3", "phi3"), ("deepseek", "deepseek3")],
)
def test_special_tokens_pick_the_format_when_the_name_says_nothing(
    tmp: Path, family: str, expected: str
) -> None:
    # (the file name says nothing either: names include it)
    file = f"vocab-{sorted(FORMAT_SPECIALS).index(family)}.gguf"
    meta = _meta(tmp, file, name="my-model", specials=FORMAT_SPECIALS[family])
    choice = choose_chat_template(meta)
    assert (choice.builtin, choice.source) == (expected, "tokens")


def test_chatml_only_when_nothing_points_anywhere(tmp: Path) -> None:
    choice = choose_chat_template(_meta(tmp, "plain.gguf", name="my-model", specials=PLAIN))
    assert (choice.builtin, choice.source) == ("chatml", "fallback")
    assert str(choice.reason).startswith("ChatML fallback")
    assert choice.is_fallback and "<|im_end|>" in choice.stops


def test_an_override_beats_the_file(tiny_model_path: Path) -> None:
    meta = read_gguf_meta(tiny_model_path)
    builtin = choose_chat_template(meta, "gemma")
    assert (builtin.builtin, builtin.source) == ("gemma", "override")
    assert not builtin.is_fallback and builtin.stops
    custom = choose_chat_template(meta, "{{ messages[0]['content'] }}")
    assert custom.source == "override" and custom.builtin is None
    assert str(custom.reason) == "Your own chat template for this model."


@pytest.mark.parametrize(
    ("name", "extra", "base"),
    [
        ("gemma-3-270m", {}, True),
        ("gemma-3-270m-it", {}, False),
        ("Qwen2.5-0.5B-Instruct", {}, False),
        ("Llama-3.2-1B", {"general.finetune": "Chat"}, False),
        ("tessera-tiny", {"general.tags": "conversational"}, False),
        ("SmolLM2-135M", {"general.basename": "smollm2"}, True),
    ],
)
def test_base_models_are_told_apart(tmp: Path, name: str, extra: dict, base: bool) -> None:
    meta = _meta(tmp, f"base-{name}.gguf", name=name, metadata=extra)
    assert looks_like_base_model(meta) is base


def test_a_model_with_a_template_is_never_called_base(tiny_model_path: Path) -> None:
    assert not looks_like_base_model(read_gguf_meta(tiny_model_path))


def test_thinking_blocks_are_found_stripped_and_counted() -> None:
    split = split_thinking("<think>\n2+2 is 4.\n</think>\n\nThe answer is 4.")
    assert (split.thinking, split.answer, split.closed) == ("2+2 is 4.", "The answer is 4.", True)
    opened_by_prompt = split_thinking("Let me think.</think>Four.")
    assert (opened_by_prompt.thinking, opened_by_prompt.answer) == ("Let me think.", "Four.")
    unfinished = split_thinking("<think>still going")
    assert unfinished.thinking == "still going" and not unfinished.closed
    assert split_thinking("No thoughts.").thinking is None
    assert strip_thinking("<think>x</think> 你好") == "你好"
    assert thinking_token_count(["<think>", "a", "b", "</think>", "\n", "Hi"]) == 4
    assert thinking_token_count(["Hi", " there"]) == 0
