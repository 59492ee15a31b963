"""chat_template: prompts rendered the way the model was trained, safely."""

from __future__ import annotations

import pytest

from desktop.core.engine.protocol import ChatMessage
from desktop.core.templates.chat_template import (
    CHATML_TEMPLATE,
    ChatTemplateError,
    check_template,
    render_chat,
    render_chat_prompt,
)

CHAT = (
    ChatMessage("system", "你是一个助手。"),
    ChatMessage("user", "Hello <b>&'"),
)

LLAMA3_LIKE = (
    "{{ bos_token }}{% for message in messages %}"
    "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' + message['content'] | trim + '<|eot_id|>' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"
)


def test_chatml_with_generation_prompt() -> None:
    text = render_chat_prompt(CHAT, CHATML_TEMPLATE)
    assert text == (
        "<|im_start|>system\n你是一个助手。<|im_end|>\n"
        "<|im_start|>user\nHello <b>&'<|im_end|>\n"
        "<|im_start|>assistant\n"
    )
    assert not render_chat_prompt(CHAT, CHATML_TEMPLATE, add_generation_prompt=False).endswith(
        "assistant\n"
    )


def test_missing_template_falls_back_to_chatml() -> None:
    result = render_chat(CHAT, None)
    assert result.used_fallback
    assert result.text == render_chat_prompt(CHAT, CHATML_TEMPLATE)
    assert render_chat(CHAT, "   ").used_fallback


def test_bos_token_and_dict_messages() -> None:
    text = render_chat_prompt(
        [{"role": "user", "content": "hi"}], LLAMA3_LIKE, bos_token="<|begin_of_text|>"
    )
    assert text.startswith("<|begin_of_text|><|start_header_id|>user")
    assert text.endswith("<|start_header_id|>assistant<|end_header_id|>\n\n")


def test_continue_last_assistant_message() -> None:
    msgs = [*CHAT, ChatMessage("assistant", "Once upon a 时间")]
    text = render_chat_prompt(msgs, CHATML_TEMPLATE, continue_last=True)
    assert text.endswith("<|im_start|>assistant\nOnce upon a 时间")
    text = render_chat_prompt(msgs, LLAMA3_LIKE, continue_last=True)
    assert text.endswith("<|end_header_id|>\n\nOnce upon a 时间")


def test_raise_exception_becomes_clear_error() -> None:
    template = (
        "{% if messages[0]['role'] == 'system' %}"
        "{{ raise_exception('System role not supported') }}{% endif %}ok"
    )
    with pytest.raises(ChatTemplateError) as err:
        render_chat_prompt(CHAT, template)
    assert "System role not supported" in err.value.message
    assert render_chat_prompt(CHAT[1:], template) == "ok"


def test_sandbox_blocks_unsafe_access() -> None:
    evil = "{{ messages.__class__.__mro__[1].__subclasses__() }}"
    with pytest.raises(ChatTemplateError):
        render_chat_prompt(CHAT, evil)
    mutate = "{% set x = [] %}{{ x.append(1) }}"
    with pytest.raises(ChatTemplateError):
        render_chat_prompt(CHAT, mutate)


def test_syntax_error_and_check_template() -> None:
    with pytest.raises(ChatTemplateError) as err:
        render_chat_prompt(CHAT, "{% for m in messages %}")
    assert "syntax error" in err.value.message
    assert check_template("{% for m in messages %}") is not None
    assert check_template(CHATML_TEMPLATE) is None


def test_helpers_hf_templates_use() -> None:
    template = (
        "{{ strftime_now('%Y') | length }}|{{ messages | tojson }}"
        "{% for m in messages %}{% if loop.index > 1 %}{% break %}{% endif %}{{ m.role }}{% endfor %}"
        "{% generation %}gen{% endgeneration %}"
    )
    text = render_chat_prompt(CHAT, template)
    assert text.startswith("4|")
    assert '"你是一个助手。"' in text and "<b>&'" in text  # no ASCII or HTML escaping
    assert text.endswith("systemgen")
