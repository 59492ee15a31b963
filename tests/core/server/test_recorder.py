"""API requests become conversations tagged API: searchable, exportable, and one client
conversation stays one saved conversation as it goes on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.server.recorder import ConversationRecorder
from desktop.core.store import open_store
from desktop.core.store.transfer import export_json

from .conftest import MODEL_ID, Api

SYSTEM = {"role": "system", "content": "Answer in one word."}


@pytest.fixture
def store(tmp_path: Path) -> Iterator:
    with open_store(tmp_path / "tessera.db") as opened:
        yield opened


@pytest.fixture
def recorded(api: Api, store) -> Iterator[tuple[Api, ConversationRecorder]]:
    recorder = ConversationRecorder(store, api.service.log)
    yield api, recorder
    recorder.close()


def _chat(api: Api, messages: list[dict]) -> tuple[str, int]:
    reply = api.client.chat.completions.create(
        model=MODEL_ID, messages=messages, max_tokens=5, temperature=0, logprobs=True
    )
    saved = api.wait_for(
        lambda r: r.endpoint == "chat" and r.conversation_id is not None
        and r.body is not None and r.body["messages"] == messages
    )  # fmt: skip
    return reply.choices[0].message.content or "", saved.conversation_id


def test_a_chat_request_is_saved_as_a_conversation_tagged_api(recorded, store) -> None:
    api, _ = recorded
    messages = [SYSTEM, {"role": "user", "content": "Which colour is the sky? 天空"}]
    answer, conversation_id = _chat(api, messages)
    conversation = store.conversations.get(conversation_id)
    assert conversation.source == "api" and conversation.system_prompt == SYSTEM["content"]
    assert conversation.title == "Which colour is the sky? 天空"
    assert conversation.model and conversation.model.endswith("tessera-tiny-F16.gguf")
    path = store.messages.active_path(conversation_id)
    assert [(m.role, m.content) for m in path] == [
        ("user", messages[1]["content"]),
        ("assistant", answer),
    ]
    reply = path[-1]
    assert (reply.status, reply.backend) == ("complete", "local")
    assert store.messages.logprobs(reply.id) is not None  # shaded like any chat
    hits = store.search.messages("天空")
    assert [h.conversation_id for h in hits] == [conversation_id]
    exported = json.loads(export_json(store, conversation_id))
    assert exported["conversation"]["source"] == "api"
    assert [c.source for c in store.conversations.list_recent()] == ["api"]


def test_the_next_turn_of_a_client_conversation_continues_it(recorded, store) -> None:
    api, _ = recorded
    first_turn = [SYSTEM, {"role": "user", "content": "Hello"}]
    first, conversation_id = _chat(api, first_turn)
    second_turn = [*first_turn, {"role": "assistant", "content": first},
                   {"role": "user", "content": "And then?"}]  # fmt: skip
    second, again = _chat(api, second_turn)
    assert again == conversation_id
    path = store.messages.active_path(conversation_id)
    assert [m.content for m in path] == ["Hello", first, "And then?", second]
    # A different history is another conversation.
    _, other = _chat(api, [SYSTEM, {"role": "user", "content": "Something else"}])
    assert other != conversation_id
    assert store.conversations.count() == 2


def test_a_text_completion_is_saved_as_prompt_and_continuation(recorded, store) -> None:
    api, _ = recorded
    reply = api.client.completions.create(model=MODEL_ID, prompt="Once upon", max_tokens=4)
    saved = api.wait_for(lambda r: r.endpoint == "completion" and r.conversation_id is not None)
    path = store.messages.active_path(saved.conversation_id)
    assert [(m.role, m.content) for m in path] == [
        ("user", "Once upon"),
        ("assistant", reply.choices[0].text),
    ]


def test_nothing_is_saved_when_the_setting_is_off(recorded, store) -> None:
    api, recorder = recorded
    recorder.enabled = False
    api.client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "x"}], max_tokens=2
    )
    api.wait_for(lambda r: r.endpoint == "chat" and r.finished)
    recorder.close()  # waits for anything queued
    assert store.conversations.count() == 0
