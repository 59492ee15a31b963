"""Knowledge in a chat with tools: the bases are searched before the agent's first step, every
step's prompt has the chunks, and the replies cite them as a plain reply does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core.engine.protocol import ChatMessage
from tests.ui.chat.test_chat_flow import click_action
from tests.ui.knowledge.conftest import GARDEN, PROXY
from tests.ui.knowledge.test_chat_knowledge import QUESTION, attach, indexed_base
from tests.ui.tools.test_tool_calls import enable, finish, rows, send_and_wait_for_card


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "proxy.md").write_text(PROXY, encoding="utf-8")
    (folder / "garden.txt").write_text(GARDEN, encoding="utf-8")
    return folder


def test_an_agent_turn_answers_from_knowledge_and_every_step_cites_it(
    qtbot, tool_window, docs, ui_store
):
    window = tool_window
    library = indexed_base(window, docs)  # words only
    attach(qtbot, window, "docs")
    enable(window, "calculator")
    _pending, card = send_and_wait_for_card(qtbot, window, QUESTION)
    card.arguments.setPlainText('{"expression": "8000+80"}')
    run = finish(
        qtbot, window, lambda: qtbot.mouseClick(card.allow_button, Qt.MouseButton.LeftButton)
    )
    assert run.stop == "answered"
    call, result, answer = rows(window)[1:]
    assert [r.role for r in rows(window)] == ["user", "assistant", "tool", "assistant"]
    assert call.tool_calls and result.text == "8080" and answer.status == "complete"

    # The first step's prompt had the chunks: the engine got the injected question.
    knowledge = call.knowledge
    assert knowledge is not None and knowledge.citations
    first = knowledge.citations[0]
    assert first["path"].endswith("proxy.md") and "8080" in first["text"]
    assert knowledge.injected_text.endswith(f"Question: {QUESTION}")
    assert first["text"] in knowledge.injected_text
    client = window.engine.client
    asked = knowledge.messages
    assert asked[-1] == ChatMessage("user", knowledge.injected_text)
    assert knowledge.tools and knowledge.tools[0]["function"]["name"] == "calculator"
    prompt_text, ids = client.render_prompt(asked, tools=knowledge.tools)
    assert call.prompt_tokens == len(ids) and first["text"] in prompt_text
    typed = asked[:-1] + (ChatMessage("user", QUESTION),)
    assert len(client.render_prompt(typed, tools=knowledge.tools)[1]) < len(ids)

    # The answer's prompt kept them, after the call and its result; it cites the same chunks.
    final = answer.knowledge
    assert final.citations == knowledge.citations and final.tokens == knowledge.tokens
    assert ChatMessage("user", knowledge.injected_text) in final.messages
    assert [m.role for m in final.messages][-2:] == ["assistant", "tool"]
    assert answer.prompt_tokens == len(client.render_prompt(final.messages, tools=final.tools)[1])
    meter = window.chat.inspector.context_meter
    assert f"{knowledge.tokens:,} from knowledge" in meter.format()

    # [1] under the answer opens the chunk; "What the model received" shows the whole prompt
    # of that step, the injection in it.
    click_action(qtbot, window, 3, "cite:1")
    dialog = window.chat.knowledge_link.last_dialog
    assert dialog.isVisible() and dialog.chunk_text.toPlainText() == first["text"]
    click_action(qtbot, window, 3, "injected")
    dialog = window.chat.knowledge_link.last_dialog
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        dialog.tabs.setCurrentIndex(2)
    shown = dialog.prompt.toPlainText()
    assert knowledge.injected_text in shown and "8080" in shown.split(QUESTION)[-1]
    assert dialog.prompt_label.text().startswith(f"{answer.prompt_tokens} token")
    dialog.close()

    # Both replies are saved with the injection; reopened, they cite it again.
    for reply in (call, answer):
        saved = library.repo.injection(reply.message_id)
        assert saved.injected_text == knowledge.injected_text
        assert [c["chunk_id"] for c in saved.citations] == [
            c["chunk_id"] for c in knowledge.citations
        ]
    conversation = window.chat.controller.conversation_id
    assert [m.role for m in ui_store.messages.active_path(conversation)] == [
        "user",
        "assistant",
        "tool",
        "assistant",
    ]
    window.on_new_chat()
    window.chat.open_conversation(conversation)
    reopened = rows(window)[3]
    assert reopened is not answer and reopened.knowledge.citations == knowledge.citations
    dialog = window.chat.knowledge_link.open_reply(3)
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        dialog.tabs.setCurrentIndex(2)
    assert knowledge.injected_text in dialog.prompt.toPlainText()
    dialog.close()


def test_stop_while_an_agent_turn_searches_ends_it_empty_and_starts_nothing(
    qtbot, tool_window, docs, ui_store
):
    window = tool_window
    indexed_base(window, docs)
    attach(qtbot, window, "docs")
    enable(window, "calculator")
    link = window.chat.knowledge_link
    prepare = link.prepare
    held = []
    link.prepare = lambda request, item, on_ready: held.append((request, item, on_ready))
    controller = window.chat.controller
    turn = window.chat.tools.agent_turn
    try:
        composer = window.chat.chat_panel.composer
        composer.set_text(QUESTION)
        composer.on_submit()
        qtbot.waitUntil(lambda: bool(held), timeout=10_000)
        assert controller.is_busy() and composer.stop_button.isVisible()
        assert rows(window)[1].status == "streaming"
        with qtbot.waitSignal(turn.finished, timeout=10_000) as ended:
            qtbot.keyClick(window, Qt.Key.Key_Escape)
    finally:
        link.prepare = prepare
    assert ended.args[0].stop == "cancelled"
    reply = rows(window)[1]
    assert reply.status == "cancelled" and reply.text == ""
    assert not controller.is_busy() and not composer.stop_button.isVisible()
    # The search's late answer starts no step.
    request, _item, on_ready = held[0]
    on_ready(request)
    assert not controller.is_busy() and len(rows(window)) == 2
    controller.wait_for_saves()
    saved = ui_store.messages.active_path(controller.conversation_id)
    assert [(m.role, m.status) for m in saved] == [("user", "complete"), ("assistant", "cancelled")]
