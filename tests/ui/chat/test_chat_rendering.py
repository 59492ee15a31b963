"""How the transcript draws long streamed replies, shaded tokens and long conversations."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor, QTextDocument

from desktop.core.engine.protocol import Token, TopToken
from desktop.ui.chat.probabilities import probability_color
from desktop.ui.chat.transcript_model import MessageItem, TranscriptModel
from desktop.ui.chat.transcript_view import ChatTranscriptView

# What the tiny test model writes: Latin, Chinese and symbols, no newline for a long while.
PIECES = ["Hello", " world", "，", "你好", "世界", "！", " token", "izer", " 上下文", "(", ")", " "]


def _tokens(count: int, logprobs: bool = False) -> list[Token]:
    tokens = []
    for i in range(count):
        text = PIECES[i % len(PIECES)]
        logprob = -((i % 7) / 3) if logprobs else None
        top = (TopToken(i, text, logprob), TopToken(999, "x", -4.0)) if logprobs else None
        tokens.append(Token(i, text, text.encode(), logprob, top))
    return tokens


def _view(qtbot, width: int = 420, height: int = 400) -> tuple[ChatTranscriptView, TranscriptModel]:
    model = TranscriptModel()
    view = ChatTranscriptView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def _stream(qtbot, view, model, tokens: list[Token], batch: int = 40) -> MessageItem:
    """Append tokens in frame-sized batches, painting after each, as the bridge would."""
    model.append(MessageItem(1, "assistant", "", status="streaming"))
    for start in range(0, len(tokens), batch):
        model.append_tokens(model.rowCount() - 1, tokens[start : start + batch])
        view.follow_bottom()
        view.viewport().repaint()
    return model.item(model.rowCount() - 1)


def test_a_long_streamed_paragraph_wraps_exactly_like_the_same_text_laid_out_at_once(qtbot):
    view, model = _view(qtbot)
    reply = _stream(qtbot, view, model, _tokens(1500))
    layout = view.message_delegate.documents.layout(reply)
    assert layout.body.blockCount() > 5  # cut into paragraphs at line starts while streaming
    assert layout.body.toPlainText().replace("\u2029", "").replace("\n", "") == reply.text

    whole = QTextDocument()
    whole.setDocumentMargin(layout.body.documentMargin())
    whole.setDefaultFont(layout.body.defaultFont())
    whole.setDefaultTextOption(layout.body.defaultTextOption())
    whole.setTextWidth(layout.body.textWidth())
    whole.setPlainText(reply.text)
    assert layout.body.size().height() == whole.size().height()  # same lines, same breaks

    # A width change while it streams lays the text out again at the new width.
    view.resize(600, 400)
    qtbot.waitUntil(lambda: view.message_delegate.width() == view.viewport().width())
    wider = view.message_delegate.documents.layout(reply)
    whole.setTextWidth(wider.body.textWidth())
    assert wider.body.size().height() == whole.size().height()


def test_a_long_reply_is_rendered_as_markdown_when_it_completes(qtbot):
    view, model = _view(qtbot)
    tokens = _tokens(900) + [Token(900, "\n\n**done** and `code`\n", b"")]
    reply = _stream(qtbot, view, model, tokens)
    model.update(0, status="complete")
    view.viewport().repaint()
    layout = view.message_delegate.documents.layout(reply)
    text = layout.body.toPlainText()
    assert layout.mode == "markdown"
    assert "**" not in text and "done" in text and "`" not in text
    assert "你好世界" in text.replace("\u2029", "").replace("\n", "")


def test_tokens_are_shaded_while_streaming_and_each_stays_clickable(qtbot):
    view, model = _view(qtbot)
    view.message_delegate.show_probabilities = True
    tokens = _tokens(700, logprobs=True)
    reply = _stream(qtbot, view, model, tokens)
    assert reply.streaming
    layout = view.message_delegate.documents.layout(reply)
    assert layout.mode == "tokens" and layout.split

    # The token under each token's point is that token, before and after the reply completes,
    # although paragraphs were cut in while it streamed.
    def check(indexes: list[int]) -> None:
        for k in indexes:
            view.scrollTo(model.index(0, 0))
            point = view.point_of_token(0, k)
            assert point is not None
            rect = view.visualRect(model.index(0, 0))
            if not view.viewport().rect().contains(point):
                view.verticalScrollBar().setValue(
                    view.verticalScrollBar().value() + point.y() - view.viewport().height() // 2
                )
                point = view.point_of_token(0, k)
                rect = view.visualRect(model.index(0, 0))
            hit = view.message_delegate.hit_test(rect, model.index(0, 0), QPoint(point))
            assert hit is not None and hit.kind == "token" and hit.token_index == k, k
            # ... and the document holds that token's text where the view thinks it is.
            current = view.message_delegate.documents.layout(reply)
            cursor = QTextCursor(current.body)
            cursor.setPosition(current.offsets[k - 1] if k else current.token_start)
            cursor.setPosition(current.offsets[k], QTextCursor.MoveMode.KeepAnchor)
            assert cursor.selectedText().replace("\u2029", "") == tokens[k].text, k

    check([1, 150, 333, 698])
    block = layout.body.findBlock(layout.offsets[333] - 1)
    fragment_colors = set()
    it = block.begin()
    while not it.atEnd():
        fragment_colors.add(it.fragment().charFormat().background().color().rgba())
        it += 1
    expected = probability_color(math.exp(tokens[333].logprob), False).rgba()
    assert expected in fragment_colors

    model.update(0, status="complete")
    assert view.message_delegate.documents.layout(reply) is layout  # nothing rebuilt at completion
    check([2, 420, 699])


def test_a_long_conversation_opened_then_scrolled_shows_every_message(qtbot):
    view, model = _view(qtbot, 500, 400)
    texts = [
        f"message {i}: " + ("上下文窗口 " if i % 3 == 0 else "**bold** words ") * (i % 25 + 1)
        for i in range(2000)
    ]
    items = [MessageItem(i, "user" if i % 2 == 0 else "assistant", t) for i, t in enumerate(texts)]
    model.set_items(items)
    view.follow_bottom()
    qtbot.waitUntil(lambda: view.indexAt(view.viewport().rect().center()).row() > 1990)
    assert all(item.size_height > 0 for item in items)  # every row has a height at once

    bar = view.verticalScrollBar()
    bar.setValue(0)
    seen: set[int] = set()
    while True:
        view.viewport().repaint()
        top = view.indexAt(QPoint(10, 1)).row()
        bottom = view.indexAt(QPoint(10, view.viewport().height() - 2)).row()
        bottom = model.rowCount() - 1 if bottom < 0 else bottom
        for row in range(top, bottom + 1):
            body = view.message_delegate.documents.layout(items[row]).body.toPlainText()
            assert f"message {row}:" in body
            seen.add(row)
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + bar.pageStep())
    assert seen == set(range(2000))
    # Rows were measured exactly where painted: rectangles follow one another without gaps.
    first, second = view.visualRect(model.index(1998, 0)), view.visualRect(model.index(1999, 0))
    assert first.bottom() + 1 == second.top()
