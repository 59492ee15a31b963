"""Built-in chat formats: our Jinja renders exactly what llama.cpp's own C++ formatter writes."""

from __future__ import annotations

import pytest

from desktop.core.templates.builtin_chat import BUILTIN_FORMATS, builtin_format
from desktop.core.templates.chat_template import render_chat
from tests.fixtures.llama_chat import llama_cpp_builtin_names, llama_cpp_render

CONVERSATIONS = {
    "one_user": [("user", "Hello")],
    "system_first": [
        ("system", "You are terse."),
        ("user", "What is 2+2?"),
        ("assistant", "4"),
        ("user", "And 3+3?"),
    ],
    "spaces_and_chinese": [
        ("system", "  用中文回答。 \n"),
        ("user", "\t你好，世界！ "),
        ("assistant", " 你好！\n\n"),
        ("user", "Mixed 中文 and English\n"),
    ],
    "two_systems": [
        ("system", "A"),
        ("system", "B"),
        ("user", "u"),
    ],
    "assistant_last": [("user", "Write a haiku."), ("assistant", "Leaves fall ")],
}


def test_every_format_is_one_llama_cpp_knows() -> None:
    assert set(BUILTIN_FORMATS) <= llama_cpp_builtin_names()
    for family in ("gemma", "llama3", "chatml", "mistral-v3", "mistral-v7", "phi3", "deepseek3"):
        assert builtin_format(family) is not None


@pytest.mark.parametrize("name", sorted(BUILTIN_FORMATS))
@pytest.mark.parametrize("conversation", sorted(CONVERSATIONS))
@pytest.mark.parametrize("add_ass", [True, False])
def test_rendering_matches_llama_cpp(name: str, conversation: str, add_ass: bool) -> None:
    messages = CONVERSATIONS[conversation]
    ours = render_chat(
        [{"role": r, "content": c} for r, c in messages],
        BUILTIN_FORMATS[name].template,
        add_generation_prompt=add_ass,
    ).text
    assert ours == llama_cpp_render(name, messages, add_ass)


@pytest.mark.parametrize("name", sorted(BUILTIN_FORMATS))
def test_turn_markers_appear_in_the_rendering(name: str) -> None:
    """Each stop string is a marker the format itself writes, not a guess."""
    fmt = BUILTIN_FORMATS[name]
    messages = CONVERSATIONS["system_first"]
    text = llama_cpp_render(name, messages, True)
    for stop in fmt.stops:
        assert stop in text, f"{name}: {stop!r} is not in {text!r}"
