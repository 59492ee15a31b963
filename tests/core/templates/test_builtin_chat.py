"""Built-in chat formats: our Jinja renders exactly what llama.cpp's own C++ formatter writes."""

from __future__ import annotations

import ctypes

import pytest

from desktop.core.templates.builtin_chat import BUILTIN_FORMATS, builtin_format
from desktop.core.templates.chat_template import render_chat

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


def llama_cpp_render(name: str, messages: list[tuple[str, str]], add_ass: bool) -> str:
    """llama.cpp's own rendering: llama_chat_apply_template with a built-in template name."""
    import llama_cpp.llama_cpp as L

    chat = (L.llama_chat_message * len(messages))()
    keep = []
    for i, (role, content) in enumerate(messages):
        r, c = role.encode(), content.encode("utf-8")
        keep += [r, c]
        chat[i].role = r
        chat[i].content = c
    size = 1 << 16
    buf = ctypes.create_string_buffer(size)
    n = L.llama_chat_apply_template(name.encode(), chat, len(messages), add_ass, buf, size)
    assert 0 <= n < size, f"llama.cpp refused template {name}"
    return buf.raw[:n].decode("utf-8")


def llama_cpp_builtin_names() -> set[str]:
    import llama_cpp.llama_cpp as L

    n = L.llama_chat_builtin_templates(None, 0)
    names = (ctypes.c_char_p * n)()
    L.llama_chat_builtin_templates(names, n)
    return {x.decode() for x in names}


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
