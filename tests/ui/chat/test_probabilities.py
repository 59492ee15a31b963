"""Token probabilities in the transcript: shading, alternatives on hover, branching from one."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip

from tests.ui.helpers import send


def test_shading_hover_and_branch_from_an_alternative(qtbot, loaded_window, ui_store):
    window = loaded_window
    view = window.chat.chat_panel.view
    send(qtbot, window, "Say something")
    reply = window.chat.transcript.item(1)
    assert reply.tokens and all(t.logprob is not None for t in reply.tokens)
    for token in reply.tokens:
        probs = [math.exp(a.logprob) for a in token.top]
        assert probs == sorted(probs, reverse=True)
        assert all(0 < p <= 1 for p in probs) and sum(probs) <= 1 + 1e-6

    plain = view.viewport().grab().toImage()
    window.chat.inspector.show_probs.setChecked(True)  # the user's toggle
    shown = [i for i, t in enumerate(reply.tokens) if t.text.strip()]
    qtbot.waitUntil(lambda: view.point_of_token(1, shown[0]) is not None)
    shaded = view.viewport().grab().toImage()
    assert shaded != plain  # the reply's tokens got backgrounds

    footer = view.message_delegate.documents.layout(reply).footer.toPlainText()
    mean, perplexity = reply.logprob_summary()
    assert f"perplexity {perplexity:.2f}" in footer
    assert "raw distribution" in footer

    # Hovering a token shows its alternatives with percentages and ids.
    point = view.point_of_token(1, shown[1])
    qtbot.mouseMove(view.viewport(), point)
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    view.viewportEvent(event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "%" in QToolTip.text() and f"#{reply.tokens[shown[1]].id}" in QToolTip.text()

    # Click a token and pick an alternative: a new sibling reply starting with the forced prefix.
    k = shown[2]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.point_of_token(1, k))
    menu = window.chat.chat_panel.last_menu
    assert menu is not None
    choices = [a for a in menu.actions() if a.data() is not None]
    assert choices, "the menu lists alternatives"
    chosen = choices[0]
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        chosen.trigger()
    branch = window.chat.transcript.item(1)
    assert (branch.sibling_index, branch.sibling_count) == (1, 2)
    assert [t.id for t in branch.tokens[:k]] == [t.id for t in reply.tokens[:k]]
    assert branch.tokens[k].id == chosen.data() != reply.tokens[k].id
    assert branch.tokens[k].forced

    # The probabilities are saved with the message and come back after a restart.
    saved = ui_store.messages.logprobs(branch.message_id)
    assert [t.id for t in saved.tokens] == [t.id for t in branch.tokens]
    assert saved.source == "raw"


def test_probabilities_survive_reopening_the_conversation(qtbot, loaded_window):
    window = loaded_window
    send(qtbot, window, "Hello")
    ids = [t.id for t in window.chat.transcript.item(1).tokens]
    conversation = window.chat.controller.conversation_id
    window.on_new_chat()
    window.chat.inspector.show_probs.setChecked(True)
    window.chat.open_conversation(conversation)
    tokens = window.chat.transcript.item(1).tokens
    assert [t.id for t in tokens] == ids
    visible = next(i for i, t in enumerate(tokens) if t.text.strip())
    assert window.chat.chat_panel.view.point_of_token(1, visible) is not None


def test_completion_mode_continues_raw_text_and_shows_probabilities(qtbot, loaded_window, ui_store):
    window = loaded_window
    panel = window.chat.chat_panel
    panel.completion_mode.setChecked(True)
    window.chat.inspector.show_probs.setChecked(True)
    panel.composer.set_text("Once upon a time")
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=30_000):
        panel.composer.on_submit()
    rows = window.chat.transcript.items()
    assert [r.role for r in rows] == ["prompt", "assistant"]
    assert rows[0].text == "Once upon a time"
    assert rows[1].text and rows[1].tokens
    visible = next(i for i, t in enumerate(rows[1].tokens) if t.text.strip())
    assert panel.view.point_of_token(1, visible) is not None
    # Saved as a completion session, probabilities included.
    (session,) = ui_store.conversations.list_recent()
    assert session.kind == "completion" and session.title == "Once upon a time"
    window.chat.controller.wait_for_saves()
    assert ui_store.messages.logprobs(rows[1].message_id) is not None
