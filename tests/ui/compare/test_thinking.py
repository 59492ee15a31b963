"""A reasoning model's thinking block in a compare pane: it folds when the answer starts, and
the user opens and closes it with a click on its header, while the reply streams and after."""

from __future__ import annotations

from desktop.core.compare.pane import PaneReply
from desktop.core.engine.protocol import SamplingParams, Token
from tests.ui.compare.helpers import click_link, open_compare


def _stream(pane, *pieces: str) -> None:
    """Tokens into the pane, as the comparison's run delivers them, then a paint."""
    pane.append_tokens(tuple(Token(id=i, text=p, piece=p.encode()) for i, p in enumerate(pieces)))
    pane.view.viewport().repaint()


def _shown(pane, turn: int = 0) -> str:
    item = pane.reply_item(turn)
    assert item is not None
    return pane.view.message_delegate.documents.layout(item).body.toPlainText()


def _click_header(qtbot, pane, turn: int = 0) -> None:
    click_link(qtbot, pane.view, pane.row_of_turn(turn), "thinking")
    pane.view.viewport().repaint()


THINKING = ("<think>", "\n", "First", " add", " two", " and", " two", ".", "\n", "</think>")


def test_a_panes_thinking_block_opens_and_closes_on_a_click(qtbot, compare_window):
    pane = open_compare(compare_window).panes[0]
    pane.reset([])
    pane.begin_turn(0, "2+2?")
    _stream(pane, *THINKING[:-2])
    live = _shown(pane)
    assert live.startswith("▾ Thinking…") and "First add two and two." in live

    _click_header(qtbot, pane)  # closed while the model thinks
    assert "First add" not in _shown(pane) and _shown(pane).startswith("▸ Thinking…")
    _click_header(qtbot, pane)  # and opened again: it stays open when the answer starts
    _stream(pane, *THINKING[-2:], "\n\n", "Four", " is", " the", " answer.")
    opened = _shown(pane)
    assert opened.startswith("▾ Thought for")
    assert "First add two and two." in opened and "Four is the answer." in opened

    _click_header(qtbot, pane)
    assert "First add" not in _shown(pane)

    text = "".join(THINKING) + "\n\nFour is the answer."
    tokens = tuple(pane.reply_item(0).tokens)
    pane.finish(PaneReply(0, "2+2?", text, tokens, "stop", None, SamplingParams(), 1, None))
    pane.view.viewport().repaint()
    done = _shown(pane)
    assert done.startswith("▸ Thought for") and "Four is the answer." in done
    assert "First add" not in done  # the user's choice outlives the stream

    _click_header(qtbot, pane)  # and a finished reply's block opens and closes too
    assert "First add two and two." in _shown(pane)
    _click_header(qtbot, pane)
    assert "First add" not in _shown(pane)
