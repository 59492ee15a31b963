"""A reasoning model's thinking block while the reply streams: live, folded the moment the
answer starts, and the user's own open/close choice kept while it streams on and after."""

from __future__ import annotations

from desktop.core.engine.protocol import Token
from desktop.ui.chat.transcript_model import MessageItem

from .test_chat_flow import click_action


def _start(qtbot, window) -> MessageItem:
    reply = MessageItem(None, "assistant", "", status="streaming")
    window.chat.transcript.set_items([MessageItem(None, "user", "2+2?"), reply])
    return reply


def _stream(qtbot, window, *pieces: str) -> None:
    """Tokens through the transcript model, as the reply stream delivers them, then a paint."""
    model = window.chat.transcript
    tokens = [Token(id=i, text=p, piece=p.encode()) for i, p in enumerate(pieces)]
    model.append_tokens(model.rowCount() - 1, tokens)
    view = window.chat.chat_panel.view
    view.viewport().repaint()


def _shown(window, item: MessageItem) -> str:
    view = window.chat.chat_panel.view
    return view.message_delegate.documents.layout(item).body.toPlainText()


THINKING = ("<think>", "\n", "First", " add", " two", " and", " two", ".")


def test_thinking_streams_live_and_folds_when_the_answer_starts(qtbot, main_window):
    window = main_window
    reply = _start(qtbot, window)
    _stream(qtbot, window, *THINKING)
    live = _shown(window, reply)
    assert "Thinking…" in live and "First add two and two." in live
    assert "<think>" not in live

    _stream(qtbot, window, "\n", "</th")  # the closing tag arrives over two tokens
    assert "</th" not in _shown(window, reply)

    _stream(qtbot, window, "ink>", "\n\n", "Four")
    folded = _shown(window, reply)
    assert "Thought for" in folded and "11 token" in folded and "Four" in folded
    assert "First add" not in folded and "</think>" not in folded
    assert reply.thinking_seconds is not None

    click_action(qtbot, window, 1, "thinking")  # the user opens it while the answer streams
    _stream(qtbot, window, " is", " the", " answer.")
    opened = _shown(window, reply)
    assert "First add two and two." in opened and "Four is the answer." in opened

    window.chat.transcript.update(1, status="complete")
    done = _shown(window, reply)
    assert "Thought for" in done and "First add two and two." in done

    click_action(qtbot, window, 1, "thinking")
    assert "First add" not in _shown(window, reply)


def test_thinking_closed_by_the_user_stays_closed_when_the_answer_comes(qtbot, main_window):
    window = main_window
    reply = _start(qtbot, window)
    _stream(qtbot, window, *THINKING)
    click_action(qtbot, window, 1, "thinking")
    closed = _shown(window, reply)
    assert "Thinking… · 8 token" in closed and "First add" not in closed

    _stream(qtbot, window, " Then", " check.")
    assert "Thinking… · 10 token" in _shown(window, reply)

    _stream(qtbot, window, "</think>", "Four.")
    answer = _shown(window, reply)
    assert "Thought for" in answer and "Four." in answer and "check" not in answer
    window.chat.transcript.update(1, status="complete")
    assert "check" not in _shown(window, reply)


def test_the_opening_tag_arriving_over_several_tokens_never_shows(qtbot, main_window):
    window = main_window
    reply = _start(qtbot, window)
    _stream(qtbot, window, "<")
    assert _shown(window, reply).startswith("▾ Thinking…")
    _stream(qtbot, window, "th")
    assert _shown(window, reply).startswith("▾ Thinking…")
    _stream(qtbot, window, "ink", ">", "\n", "Hmm")
    shown = _shown(window, reply)
    assert shown.startswith("▾ Thinking…") and "Hmm" in shown and "<" not in shown


def test_a_reply_that_only_looks_like_the_tag_is_shown_as_it_is(qtbot, main_window):
    window = main_window
    reply = _start(qtbot, window)
    _stream(qtbot, window, "<t", "able>")
    assert _shown(window, reply) == "<table>"


def test_a_reply_whose_template_opened_the_block_folds_at_its_close(qtbot, main_window):
    # Some templates put <think> in the generation prompt: the reply starts inside the block.
    window = main_window
    reply = _start(qtbot, window)
    _stream(qtbot, window, "Let", " me", " see.")
    assert _shown(window, reply) == "Let me see."  # nothing says it is thinking yet
    _stream(qtbot, window, "</think>", "\n", "Yes.")
    shown = _shown(window, reply)
    assert "Thought for" in shown and "Yes." in shown and "Let me" not in shown


def test_a_real_reply_folds_its_thinking_while_it_streams(qtbot, loaded_window):
    # The tiny model, made to think and then answer by a grammar (the chat's output format).
    window = loaded_window
    # Thinking long enough (~800 tokens) that the stream's first batch (tokens are sent a
    # frame at a time, and the tiny model writes thousands a second) cannot hold </think>.
    window.chat.inspector.max_tokens.setValue(1200)
    grammar = (
        'root ::= "<think>\\n" [a-z]{1,8} (([ ,.] [a-z]{1,8}){100}){4} "\\n</think>\\n\\n" '
        "[a-z]{1,8} ([ ,.] [a-z]{1,8}){40,}\n"
    )
    window.chat.tools.format_editor.set_format_dict({"format": "grammar", "grammar": grammar})
    seen: list[tuple[str, str]] = []

    def snapshot(_rid, _tokens) -> None:
        item = window.chat.controller.running_item()
        if item is not None:
            seen.append((item.text, _shown(window, item)))

    window.bridge.tokens_arrived.connect(snapshot)
    panel = window.chat.chat_panel
    panel.composer.set_text("Think first.")
    with qtbot.waitSignal(window.chat.controller.reply_finished, timeout=60_000):
        panel.composer.on_submit()
    window.bridge.tokens_arrived.disconnect(snapshot)

    thinking = [shown for text, shown in seen if "</think>" not in text]
    answering = [shown for text, shown in seen if "</think>" in text]
    assert thinking and answering, "the reply streamed both its thinking and its answer"
    assert all(s.startswith("▾ Thinking…") for s in thinking)
    assert all(s.startswith("▸ Thought for") and "</think>" not in s for s in answering)
    reply = window.chat.transcript.item(1)
    thought = reply.text.split("</think>")[0].removeprefix("<think>").strip()
    finished = _shown(window, reply)
    assert finished.startswith("▸ Thought for") and thought not in finished
    window.chat.controller.wait_for_saves()
