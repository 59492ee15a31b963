"""Compare... from a chat message: the panes start from the chat up to that message."""

from __future__ import annotations

import pytest

from desktop.core.compare.from_chat import compare_from_chat
from desktop.core.engine.protocol import ChatMessage
from desktop.core.messages import UserError


def test_from_a_reply_the_question_it_answers_is_sent_again(store) -> None:
    conv = store.conversations.create(model="/m/a.gguf", system_prompt="简短回答。")
    store.messages.append_user(conv.id, "你好")
    store.messages.append(conv.id, "assistant", "你好！")
    question = store.messages.append_user(conv.id, "What is a token?")
    reply = store.messages.append(conv.id, "assistant", "A piece of text.")
    # A regenerated sibling on another branch: comparing from the first reply still follows
    # that reply's own ancestors.
    store.messages.append(conv.id, "assistant", "Another answer.", parent_id=question.id)

    start = compare_from_chat(store, reply.id)
    assert start.history == (ChatMessage("user", "你好"), ChatMessage("assistant", "你好！"))
    assert start.message == "What is a token?"
    assert (start.system, start.model) == ("简短回答。", "/m/a.gguf")
    assert compare_from_chat(store, question.id) == start


def test_a_chat_without_a_user_message_has_nothing_to_compare(store) -> None:
    conv = store.conversations.create()
    lone = store.messages.append(conv.id, "assistant", "Hello, I am a model.")
    with pytest.raises(UserError, match="no user message"):
        compare_from_chat(store, lone.id)
