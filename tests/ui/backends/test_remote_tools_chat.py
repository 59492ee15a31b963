"""Tools in the chat on a server's model: the server (vLLM, here its loopback emulator) gets the
tools and tool_choice as OpenAI fields and parses the call itself; every step is saved with
where it ran. (With llama-server the chat also leaves out logprobs, which it refuses with tools
when streaming: tests/core/backends/test_remote_tools.py runs llama-server itself.)"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.ui.backends.test_remote_chat import add_backend, choose_remote
from tests.ui.knowledge.conftest import PROXY
from tests.ui.knowledge.test_chat_knowledge import QUESTION, attach, indexed_base
from tests.ui.tools.test_tool_calls import enable, finish, rows


def test_a_tool_turn_on_a_server_runs_the_call_and_saves_each_step_with_its_server(
    qtbot, remote_window, backend_registry, vllm_emulator, ui_store
) -> None:
    window = remote_window
    add_backend(window, backend_registry, "tool-box", vllm_emulator.url, "openai")
    entry = choose_remote(qtbot, window, "tool-box")
    inspector = window.chat.inspector
    inspector.max_tokens.setValue(200)
    inspector.temperature.setValue(0.0)
    group = window.chat.tools.tools_group
    if not group.model.entries():
        with qtbot.waitSignal(group.catalog_loaded, timeout=30_000):
            group.load()
    enable(window, "calculator", steps=1)  # forced: llama-server gets tool_choice naming it

    composer = window.chat.chat_panel.composer
    composer.set_text("What is 6*7?")
    turn = window.chat.tools.agent_turn
    with qtbot.waitSignal(turn.approval_requested, timeout=60_000) as asked:
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert asked.args[0].call.name == "calculator"  # parsed by the server, not by Tessera
    card = window.chat.tools.approval_card
    qtbot.waitUntil(card.isVisible)
    assert isinstance(json.loads(card.arguments.toPlainText()), dict)  # the server's arguments
    card.arguments.setPlainText('{"expression": "6*7"}')
    run = finish(
        qtbot, window, lambda: qtbot.mouseClick(card.allow_button, Qt.MouseButton.LeftButton)
    )
    assert run.stop == "step_limit"  # one step allowed: the call, then its result
    assert [r.role for r in rows(window)] == ["user", "assistant", "tool"]
    assert rows(window)[2].text == "42"

    conversation = window.chat.controller.conversation_id
    saved = ui_store.messages.active_path(conversation)
    call = saved[1]
    assert call.role == "assistant" and call.backend == "tool-box" and call.model == entry.model
    assert call.server_version  # the vLLM version the server reported
    sent = vllm_emulator.requests_to("/v1/chat/completions")[-1].body
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "calculator"}}
    assert [t["function"]["name"] for t in sent["tools"]] == ["calculator"]


def test_knowledge_reaches_a_tool_turn_on_a_server_and_its_replies_cite_it(
    qtbot, remote_window, backend_registry, vllm_emulator, ui_store, tmp_path
) -> None:
    window = remote_window
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "proxy.md").write_text(PROXY, encoding="utf-8")
    library = indexed_base(window, folder)  # words only
    attach(qtbot, window, "docs")
    add_backend(window, backend_registry, "tool-box", vllm_emulator.url, "openai")
    choose_remote(qtbot, window, "tool-box")
    inspector = window.chat.inspector
    inspector.max_tokens.setValue(200)
    inspector.temperature.setValue(0.0)
    group = window.chat.tools.tools_group
    if not group.model.entries():
        with qtbot.waitSignal(group.catalog_loaded, timeout=30_000):
            group.load()
    enable(window, "calculator", steps=2)

    composer = window.chat.chat_panel.composer
    composer.set_text(QUESTION)
    turn = window.chat.tools.agent_turn
    with qtbot.waitSignal(turn.approval_requested, timeout=60_000):
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    card = window.chat.tools.approval_card
    qtbot.waitUntil(card.isVisible)
    card.arguments.setPlainText('{"expression": "8000+80"}')
    finish(qtbot, window, lambda: qtbot.mouseClick(card.allow_button, Qt.MouseButton.LeftButton))

    call = rows(window)[1]
    knowledge = call.knowledge
    assert knowledge is not None and knowledge.citations
    chunk = knowledge.citations[0]["text"]
    assert "8080" in chunk and knowledge.injected_text.endswith(f"Question: {QUESTION}")
    # The server got the question with the chunks, in the first step and in the next.
    sent = [r.body for r in vllm_emulator.requests_to("/v1/chat/completions")][-2:]
    first, second = sent
    assert first["tools"] and first["messages"][-1]["content"] == knowledge.injected_text
    assert knowledge.injected_text in [m.get("content") for m in second["messages"]]
    assert second["messages"][-1]["role"] == "tool" and second["messages"][-1]["content"] == "8080"
    # Every reply of the turn cites the chunks, and is saved with them and with its server.
    replies = [r for r in rows(window) if r.role == "assistant"]
    assert len(replies) == 2
    saved = {m.id: m for m in ui_store.messages.active_path(window.chat.controller.conversation_id)}
    for reply in replies:
        assert reply.knowledge.citations == knowledge.citations
        assert library.repo.injection(reply.message_id).injected_text == knowledge.injected_text
        assert saved[reply.message_id].backend == "tool-box"
