"""Knowledge in the chat: attach bases, send, read the citations, see what was injected."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.engine.protocol import ChatMessage
from tests.ui.chat.test_chat_flow import click_action
from tests.ui.helpers import send

QUESTION = "Which port does the proxy use?"


def indexed_base(window, folder, name: str = "docs", embedder=None):
    """A base made and indexed earlier (the Knowledge page's tests cover doing it there)."""
    library = window.chat.knowledge_link.service.library()
    library.create(name, embedder=str(embedder) if embedder else None)
    library.add(name, [folder])
    library.index(name)
    window.chat.knowledge_link.service.bases_changed.emit()
    return library


def attach(qtbot, window, name: str) -> None:
    box = window.chat.knowledge_link.box
    qtbot.waitUntil(lambda: name in [box.list.item(i).text() for i in range(box.list.count())])
    box.set_checked(name, True)
    assert box.checked() == [name]


def test_a_reply_from_knowledge_cites_its_chunks_and_shows_what_was_injected(
    qtbot, loaded_window, ui_store, docs_folder, tiny_embedder_path
):
    window = loaded_window
    library = indexed_base(window, docs_folder, embedder=tiny_embedder_path)
    attach(qtbot, window, "docs")
    send(qtbot, window, QUESTION)

    controller = window.chat.controller
    reply = window.chat.transcript.item(1)
    assert reply.status == "complete"
    knowledge = reply.knowledge
    assert knowledge is not None and knowledge.citations
    first = knowledge.citations[0]
    assert first["path"].endswith("proxy.md") and "8080" in first["text"]
    assert [c["number"] for c in knowledge.citations] == list(
        range(1, len(knowledge.citations) + 1)
    )
    # The model received the question with the chunks around it, through the template ...
    client = window.engine.client
    assert knowledge.injected_text.endswith(f"Question: {QUESTION}")
    assert first["text"] in knowledge.injected_text
    expected = (ChatMessage("user", knowledge.injected_text),)
    assert reply.prompt_tokens == len(client.render_prompt(expected)[1])
    # ... at this cost in the chat model's tokens, counted in the context meter.
    cost = client.count_tokens(knowledge.injected_text) - client.count_tokens(QUESTION)
    assert knowledge.tokens == cost > 0
    meter = window.chat.inspector.context_meter
    assert meter.value() == reply.prompt_tokens + reply.completion_tokens
    assert f"{cost:,} from knowledge" in meter.format()
    # The conversation keeps the base attached; the injection is saved with the reply.
    conversation = controller.conversation_id
    assert [b.name for b in library.repo.attached(conversation)] == ["docs"]
    saved = library.repo.injection(reply.message_id)
    assert saved.injected_text == knowledge.injected_text and saved.injected_tokens == cost

    # [1] under the reply opens the chunk, with its scores ...
    click_action(qtbot, window, 1, "cite:1")
    dialog = window.chat.knowledge_link.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.tabs.currentIndex() == 0
    assert dialog.chunk_text.toPlainText() == first["text"]
    assert "proxy.md" in dialog.source_title.text()
    assert dialog.scores.text().startswith("BM25 ")
    # ... and on the Knowledge page, that very chunk.
    dialog.open_button.click()
    page = window.page_widgets["knowledge"]
    qtbot.waitUntil(lambda: page.chunks.selected_chunk() is not None, timeout=10_000)
    assert page.isVisible() and page.tabs.currentWidget() is page.chunks
    assert page.chunks.selected_chunk().id == first["chunk_id"]
    assert page.chunks.selected_text() == first["text"]

    # "What the model received": the exact message and its cost, then the whole prompt.
    window.show_page("chat")
    click_action(qtbot, window, 1, "injected")
    dialog = window.chat.knowledge_link.last_dialog
    assert dialog.tabs.currentIndex() == 1
    assert dialog.injected.toPlainText() == knowledge.injected_text
    assert f"They cost {cost} token" in dialog.injected_label.text()  # "(s)" without a .qm
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        dialog.tabs.setCurrentIndex(2)
    prompt_text, ids = client.render_prompt(expected)
    assert dialog.prompt.toPlainText() == prompt_text
    assert dialog.prompt_label.text().startswith(f"{len(ids)} token")
    assert f"{cost:,} of them from knowledge" in dialog.prompt_label.text()
    dialog.close()


def test_reopening_a_conversation_shows_its_citations(qtbot, loaded_window, docs_folder):
    window = loaded_window
    indexed_base(window, docs_folder)  # words only
    attach(qtbot, window, "docs")
    send(qtbot, window, "端口是多少？")
    reply = window.chat.transcript.item(1)
    cited = reply.knowledge.citations
    assert cited and cited[0]["path"].endswith("代理.txt")
    conversation = window.chat.controller.conversation_id

    window.chat.new_chat()
    assert window.chat.transcript.rowCount() == 0
    window.chat.open_conversation(conversation)
    reopened = window.chat.transcript.item(1)
    assert reopened is not reply and reopened.knowledge is not None
    assert reopened.knowledge.citations == cited
    assert reopened.knowledge.injected_text == reply.knowledge.injected_text
    view = window.chat.chat_panel.view
    view.scrollTo(view.model().index(1, 0))
    assert view.point_of_action(1, "cite:1") is not None
    # The box shows the conversation's bases.
    assert window.chat.knowledge_link.box.checked() == ["docs"]
    # Its rendered prompt is rebuilt from the transcript: the injected question in it.
    dialog = window.chat.knowledge_link.open_reply(1)
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        dialog.tabs.setCurrentIndex(2)
    assert reply.knowledge.injected_text in dialog.prompt.toPlainText()
    dialog.close()


def test_a_chat_without_attached_bases_sends_the_message_as_typed(
    qtbot, loaded_window, docs_folder
):
    window = loaded_window
    indexed_base(window, docs_folder)
    send(qtbot, window, QUESTION)
    reply = window.chat.transcript.item(1)
    assert reply.knowledge is None
    assert window.chat.knowledge_link.box.checked() == []


def test_a_message_nothing_matches_says_so_and_costs_nothing(qtbot, loaded_window, docs_folder):
    window = loaded_window
    indexed_base(window, docs_folder)
    attach(qtbot, window, "docs")
    send(qtbot, window, "zebra xylophone")
    knowledge = window.chat.transcript.item(1).knowledge
    assert knowledge.citations == () and knowledge.injected_text == "zebra xylophone"
    dialog = window.chat.knowledge_link.open_reply(1)
    assert dialog.injected_label.text() == "Your message was sent as typed: nothing matched it."
    dialog.close()


def test_the_edited_template_shapes_the_next_message(qtbot, loaded_window, docs_folder):
    window = loaded_window
    indexed_base(window, docs_folder)
    window.show_page("knowledge")
    page = window.page_widgets["knowledge"]
    qtbot.waitUntil(lambda: page.current == "docs", timeout=10_000)
    page.tabs.setCurrentWidget(page.template_editor)
    editor = page.template_editor
    assert "{context}" in editor.body.toPlainText()
    editor.chinese_button.click()
    assert editor.body.toPlainText().startswith("请根据下面编号的资料回答问题")
    editor.body.setPlainText("Notes:\n{context}\n\nQ: {question}")
    editor.save_button.click()
    assert editor.status.text().startswith("Saved")

    editor.body.setPlainText("No question here: {context}")
    editor.save_button.click()
    assert editor.status.text() == "The knowledge template must contain {question}."

    window.show_page("chat")
    attach(qtbot, window, "docs")
    send(qtbot, window, QUESTION)
    injected = window.chat.transcript.item(1).knowledge.injected_text
    assert injected.startswith("Notes:\n[1] (") and injected.endswith(f"Q: {QUESTION}")


def test_stopping_while_the_bases_are_searched_ends_the_reply_empty(
    qtbot, loaded_window, docs_folder, ui_store
):
    window = loaded_window
    indexed_base(window, docs_folder)
    attach(qtbot, window, "docs")
    link = window.chat.knowledge_link
    prepare = link.prepare
    held = []
    link.prepare = lambda request, item, on_ready: held.append((request, item, on_ready))
    try:
        composer = window.chat.chat_panel.composer
        composer.set_text(QUESTION)
        composer.on_submit()
        qtbot.waitUntil(lambda: bool(held), timeout=10_000)
        assert window.chat.controller.is_busy() and composer.stop_button.isVisible()
        with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=10_000):
            qtbot.keyClick(window, Qt.Key.Key_Escape)
    finally:
        link.prepare = prepare
    reply = window.chat.transcript.item(1)
    assert reply.status == "cancelled" and reply.text == ""
    assert not window.chat.controller.is_busy()
    request, item, on_ready = held[0]
    on_ready(request)  # the search answers late: nothing starts
    assert not window.chat.controller.is_busy()
    window.chat.controller.wait_for_saves()
    assert ui_store.messages.get(reply.message_id).status == "cancelled"
