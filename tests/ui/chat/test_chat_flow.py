"""Chat in the main window, end to end: real engine on the tiny model, real store, offscreen Qt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import send


def click_action(qtbot, window, row: int, action: str) -> None:
    view = window.chat.chat_panel.view
    view.scrollTo(view.model().index(row, 0))
    point = view.point_of_action(row, action)
    assert point is not None, f"no {action!r} link on row {row}"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_send_streams_a_reply_and_saves_it(qtbot, loaded_window, ui_store):
    window = loaded_window
    streamed_statuses = []
    window.bridge.tokens_arrived.connect(
        lambda _rid, _tokens: streamed_statuses.append(window.chat.controller.running_item().status)
    )
    send(qtbot, window, "Hello, 你好")

    items = window.chat.transcript.items()
    assert [i.role for i in items] == ["user", "assistant"]
    reply = items[1]
    assert reply.status == "complete"
    assert reply.completion_tokens == 12  # max_tokens from the fixture
    assert reply.text
    assert reply.tok_s and reply.tok_s > 0
    assert streamed_statuses and set(streamed_statuses) == {"streaming"}
    assert window.chat.chat_panel.composer.text() == ""  # sent text leaves the composer

    saved = ui_store.messages.active_path(window.chat.controller.conversation_id)
    assert [(m.role, m.content, m.status) for m in saved] == [
        ("user", "Hello, 你好", "complete"),
        ("assistant", reply.text, "complete"),
    ]
    assert saved[1].completion_tokens == 12
    # The conversation list shows the new chat, titled from the first message.
    model = window.chat.conversations.model
    titles = [model.index(r).data() for r in range(model.rowCount())]
    assert "Hello, 你好" in titles
    assert window.status.speed.text().endswith("tok/s")


def test_ctrl_enter_sends_and_enter_adds_a_newline(qtbot, loaded_window):
    window = loaded_window
    edit = window.chat.chat_panel.composer.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "line one")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "line two")
    assert edit.toPlainText() == "line one\nline two"
    assert window.chat.transcript.rowCount() == 0
    window.apply_settings({"ui.enter_sends": True})
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.chat.transcript.item(0).text == "line one\nline two"


def test_escape_stops_and_keeps_the_partial_reply(qtbot, loaded_window, ui_store):
    window = loaded_window
    window.chat.inspector.max_tokens.setValue(0)  # until the context is full: only Stop ends it
    composer = window.chat.chat_panel.composer
    composer.set_text("Tell me a long story")
    composer.on_submit()
    qtbot.waitUntil(lambda: len(window.chat.transcript.items()[-1].tokens) >= 8, timeout=30_000)
    assert composer.stop_button.isVisible()
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=5_000):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    reply = window.chat.transcript.item(1)
    assert reply.status == "cancelled"
    assert reply.text
    assert composer.send_button.isVisible()
    saved = ui_store.messages.get(reply.message_id)
    assert (saved.status, saved.content) == ("cancelled", reply.text)


def test_regenerate_makes_a_sibling_and_the_switcher_flips_between_them(
    qtbot, loaded_window, ui_store
):
    window = loaded_window
    send(qtbot, window, "Pick a word")
    first = window.chat.transcript.item(1).text
    window.chat.inspector.seed.setValue(4242)
    window.chat.inspector.temperature.setValue(1.5)
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        qtbot.keyClick(
            window,
            Qt.Key.Key_R,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    second = window.chat.transcript.item(1)
    assert (second.sibling_index, second.sibling_count) == (1, 2)
    assert second.text != first
    assert window.chat.transcript.rowCount() == 2

    click_action(qtbot, window, 1, "prev")
    shown = window.chat.transcript.item(1)
    assert shown.text == first
    assert (shown.sibling_index, shown.sibling_count) == (0, 2)
    saved = ui_store.messages.active_path(window.chat.controller.conversation_id)
    assert saved[1].content == first

    click_action(qtbot, window, 1, "next")
    assert window.chat.transcript.item(1).text == second.text


def test_editing_a_user_message_creates_a_branch(qtbot, loaded_window, ui_store):
    window = loaded_window
    send(qtbot, window, "first question")
    click_action(qtbot, window, 0, "edit")
    composer = window.chat.chat_panel.composer
    assert composer.editing_message() == window.chat.transcript.item(0).message_id
    assert composer.text() == "first question"
    assert composer.banner.isVisible()
    composer.set_text("second question")
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    rows = window.chat.transcript.items()
    assert [r.text for r in rows[:1]] == ["second question"]
    assert (rows[0].sibling_index, rows[0].sibling_count) == (1, 2)
    assert rows[1].role == "assistant" and rows[1].status == "complete"
    assert composer.editing_message() is None

    click_action(qtbot, window, 0, "prev")
    assert window.chat.transcript.item(0).text == "first question"
    assert window.chat.transcript.rowCount() == 2  # the old branch kept its reply
    tree = ui_store.messages.tree(window.chat.controller.conversation_id)
    assert sorted(m.content for m in tree.messages.values() if m.role == "user") == [
        "first question",
        "second question",
    ]


def test_continue_and_copy_and_delete(qtbot, loaded_window, ui_store):
    window = loaded_window
    send(qtbot, window, "Count")
    before = window.chat.transcript.item(1).text
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        click_action(qtbot, window, 1, "continue")
    after = window.chat.transcript.item(1)
    assert after.text.startswith(before) and len(after.text) > len(before)
    assert ui_store.messages.get(after.message_id).content == after.text

    click_action(qtbot, window, 1, "copy")
    assert QApplication.clipboard().text() == after.text

    click_action(qtbot, window, 1, "delete")
    assert [i.role for i in window.chat.transcript.items()] == ["user"]
    assert [
        m.role for m in ui_store.messages.active_path(window.chat.controller.conversation_id)
    ] == ["user"]


def test_sending_without_a_model_says_what_to_do(qtbot, main_window):
    window = main_window
    window.chat.chat_stack.setCurrentWidget(window.chat.chat_panel)
    window.chat.chat_panel.composer.set_text("anyone there?")
    window.chat.chat_panel.composer.on_submit()
    banner = window.chat.chat_panel.banner
    assert banner.isVisible()
    assert "No model is loaded" in banner.message.text()
    assert window.chat.chat_panel.composer.text() == "anyone there?"  # nothing lost
    assert window.chat.transcript.rowCount() == 0


def test_a_broken_file_gives_a_clear_error_and_a_way_out(qtbot, main_window, broken_models):
    window = main_window
    with qtbot.waitSignal(window.engine.load_failed, timeout=30_000):
        window.model_loader.open_model_file(str(broken_models["not_gguf"]))
    banner = window.chat.chat_panel.banner
    assert banner.isVisible()
    assert "Could not load" in banner.message.text()
    assert banner.button("Choose another file") is not None
    assert window.isVisible()


def test_closing_mid_reply_keeps_the_partial_text(qtbot, loaded_window, ui_store):
    window = loaded_window
    window.chat.inspector.max_tokens.setValue(0)
    window.chat.chat_panel.composer.set_text("Go on and on")
    window.chat.chat_panel.composer.on_submit()
    qtbot.waitUntil(lambda: len(window.chat.transcript.items()[-1].tokens) >= 5, timeout=30_000)
    reply = window.chat.transcript.item(1)
    window.close()
    saved = ui_store.messages.get(reply.message_id)
    assert saved.status == "cancelled"
    assert saved.content == reply.text and saved.content


def test_conversations_reopen_from_the_list(qtbot, loaded_window):
    window = loaded_window
    send(qtbot, window, "the first chat")
    first_id = window.chat.controller.conversation_id
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.chat.transcript.rowCount() == 0
    send(qtbot, window, "the second chat")
    assert window.chat.controller.conversation_id != first_id
    model = window.chat.conversations.model
    row = model.row_of_conversation(first_id)
    view = window.chat.conversations.view
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(row)).center()
    )
    assert window.chat.controller.conversation_id == first_id
    assert window.chat.transcript.item(0).text == "the first chat"
    assert window.chat.chat_panel.title.text() == "the first chat"


def test_a_failed_save_is_shown_and_the_text_stays(qtbot, loaded_window, ui_store):
    window = loaded_window
    send(qtbot, window, "first")
    conversation_id = window.chat.controller.conversation_id
    ui_store.conversations.delete(conversation_id)  # gone behind the window's back
    composer = window.chat.chat_panel.composer
    composer.set_text("second, 第二")
    composer.on_submit()
    banner = window.chat.chat_panel.banner
    assert banner.isVisible() and banner.message.text()
    assert banner.button("Retry saving") is not None  # the store said no, in words
    assert composer.text() == "second, 第二"  # nothing was lost
    assert [i.text for i in window.chat.transcript.items()][0] == "first"
