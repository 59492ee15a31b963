"""The Compare page with the real tiny model: panes stream, diverge, fail alone, are saved."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCursor

from desktop.core.store.comparisons import ComparisonRepository
from tests.ui.compare.helpers import (
    click_link,
    open_compare,
    reply_ids,
    send_to_panes,
    set_pane,
)
from tests.ui.helpers import send


def first_difference(a: list[int], b: list[int]) -> int | None:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


def marked_format(pane, turn: int, token_index: int):
    """The character format the user sees on token `token_index` of the pane's reply."""
    item = pane.reply_item(turn)
    documents = pane.view.message_delegate.documents
    layout = documents.layout(item)
    start = layout.offsets[token_index - 1] if token_index > 0 else layout.token_start
    cursor = QTextCursor(layout.body)
    cursor.setPosition(start + 1)  # the format of the character before the cursor
    return cursor.charFormat()


def test_two_panes_with_the_same_model_and_seed_write_the_same_reply(
    qtbot, compare_window, tiny_model_path
):
    page = open_compare(compare_window)
    assert len(page.panes) == 2
    for pane in page.panes:
        set_pane(pane, tiny_model_path, temperature=0.9, seed=42)

    send_to_panes(qtbot, page, "Tell me a story")

    first, second = page.panes
    assert reply_ids(first), "the pane wrote nothing"
    assert reply_ids(first) == reply_ids(second)
    assert first.reply_item(0).text == second.reply_item(0).text
    assert first.reply_item(0).mark_token is None and second.reply_item(0).mark_token is None
    assert "same reply" in page.divergence_label.text()
    # The page says how the local models ran, and why (memory).
    said = page.schedule_label.text()
    assert "local models run" in said and ("same time" in said or "one after another" in said)
    # Each pane shows its own stats.
    assert "token" in first.status.text() and "TTFT" in first.status.text()
    # Targets are fixed once the comparison runs; follow-ups go to every pane.
    assert not first.header.model_combo.isEnabled()
    send_to_panes(qtbot, page, "And then?")
    assert first.reply_item(1) is not None and second.reply_item(1) is not None
    assert reply_ids(first, 1) == reply_ids(second, 1)


def test_different_temperatures_mark_the_first_token_where_replies_part(
    qtbot, compare_window, tiny_model_path
):
    page = open_compare(compare_window)
    set_pane(page.panes[0], tiny_model_path, temperature=0.0, seed=7)
    set_pane(page.panes[1], tiny_model_path, temperature=2.0, seed=7)

    send_to_panes(qtbot, page, "Hello, 你好", max_tokens=24)

    ids_a, ids_b = reply_ids(page.panes[0]), reply_ids(page.panes[1])
    expected = first_difference(ids_a, ids_b)
    assert expected is not None, "greedy and hot sampling wrote the same 24 tokens"
    assert f"token {expected + 1}" in page.divergence_label.text()
    for pane, ids in ((page.panes[0], ids_a), (page.panes[1], ids_b)):
        if expected < len(ids):  # a reply that ended there has no token to mark
            assert pane.reply_item(0).mark_token == expected
            fmt = marked_format(pane, 0, expected)
            assert fmt.fontUnderline() and fmt.fontWeight() == QFont.Weight.Bold
    # A token before the divergence is not marked.
    if expected > 0:
        assert not marked_format(page.panes[0], 0, expected - 1).fontUnderline()


def test_a_pane_whose_model_does_not_load_shows_why_and_the_other_completes(
    qtbot, compare_window, tiny_model_path, broken_models
):
    page = open_compare(compare_window)
    set_pane(page.panes[0], tiny_model_path, temperature=0.0, seed=1)
    set_pane(page.panes[1], broken_models["truncated"], temperature=0.0, seed=1)

    send_to_panes(qtbot, page, "Hi")

    good, broken = page.panes
    assert good.reply_item(0).status == "complete" and good.reply_item(0).text
    assert good.banner.isHidden()
    assert broken.banner.isVisible()
    assert broken.banner.message.text()  # what went wrong, said in the pane
    assert broken.reply_item(0).status == "error"


def test_a_pick_is_saved_and_the_comparison_is_listed_on_the_experiments_page(
    qtbot, compare_window, ui_store, tiny_model_path
):
    experiments = compare_window.page("experiments")  # open before the comparison is saved
    page = open_compare(compare_window)
    set_pane(page.panes[0], tiny_model_path, temperature=0.0, seed=3)
    set_pane(page.panes[1], tiny_model_path, temperature=1.0, seed=3)
    send_to_panes(qtbot, page, "Pick me")

    view = page.panes[1].view
    with qtbot.waitSignal(page.controller.rated, timeout=10_000):
        click_link(qtbot, view, page.panes[1].row_of_turn(0), "pick")

    comparison = ComparisonRepository(ui_store.db).load(page.controller.run_id)
    assert comparison.picked(0) == 1
    assert page.panes[1].picked(0) and not page.panes[0].picked(0)
    names = [experiments.experiment_combo.itemText(i)
             for i in range(experiments.experiment_combo.count())]  # fmt: skip
    assert any(name.startswith("Compare: Pick me") for name in names)


def test_continue_as_chat_opens_the_panes_conversation_in_the_chat(
    qtbot, compare_window, tiny_model_path
):
    page = open_compare(compare_window)
    set_pane(page.panes[0], tiny_model_path, temperature=0.0, seed=5)
    set_pane(page.panes[1], tiny_model_path, temperature=1.5, seed=5)
    send_to_panes(qtbot, page, "First")
    send_to_panes(qtbot, page, "Second")
    pane = page.panes[1]
    replies = [pane.reply_item(0).text, pane.reply_item(1).text]

    chat = compare_window.chat
    with qtbot.waitSignal(page.chat_opened, timeout=10_000) as opened:
        pane.continue_button.click()

    assert chat.controller.conversation_id == opened.args[0]

    assert compare_window.pages.currentWidget() is compare_window.page_widgets["chat"]
    shown = [(i.role, i.text) for i in chat.transcript.items()]
    assert shown == [
        ("user", "First"),
        ("assistant", replies[0]),
        ("user", "Second"),
        ("assistant", replies[1]),
    ]


def test_compare_on_a_chat_message_seeds_the_page_from_that_chat(
    qtbot, compare_window, tiny_model_path
):
    window = compare_window
    inspector = window.chat.inspector
    inspector.max_tokens.setValue(8)
    inspector.temperature.setValue(0.0)
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        window.model_loader.open_model_file(str(tiny_model_path))
    send(qtbot, window, "Earlier question")
    send(qtbot, window, "The question to compare")
    transcript = window.chat.transcript.items()
    earlier_reply = transcript[1].text

    chat_view = window.chat.chat_panel.view
    page = window.page("compare")
    with qtbot.waitSignal(page.controller.chat_read, timeout=10_000):
        click_link(qtbot, chat_view, 3, "compare")  # on the reply to the second question

    assert page.isVisible()
    assert page.composer.text() == "The question to compare"
    for pane in page.panes:
        shown = [(i.role, i.text) for i in pane.model.items()]
        assert shown == [("user", "Earlier question"), ("assistant", earlier_reply)]
        entry = pane.header.entry()
        assert entry is not None and entry.path == str(tiny_model_path)
