"""Transcript and list models (qtmodeltester), the delegate's Markdown, the bridge's coalescing."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.engine.protocol import Done, GenerationStats, Token, TokenBatch, TopToken
from desktop.core.store.records import ConversationSummary, SearchHit
from desktop.ui.bridge import EngineBridge
from desktop.ui.chat.conversation_list import ConversationListModel
from desktop.ui.chat.transcript_model import MessageItem, TranscriptModel
from desktop.ui.chat.transcript_view import ChatTranscriptView


def _token(i: int, text: str, logprob: float = -0.5) -> Token:
    return Token(
        i, text, text.encode(), logprob, (TopToken(i, text, logprob), TopToken(999, "x", -3.0))
    )


def test_transcript_model_passes_the_model_tester(qtmodeltester):
    model = TranscriptModel()
    model.append(MessageItem(1, "user", "你好"))
    model.append(MessageItem(2, "assistant", "hi", tokens=[_token(5, "hi")]))
    qtmodeltester.check(model)
    model.append_tokens(1, [_token(6, " there")])
    model.replace_from(1, [MessageItem(3, "assistant", "other")])
    model.set_items([])
    qtmodeltester.check(model)


def test_conversation_list_model_passes_the_model_tester(qtmodeltester):
    now = datetime.now(timezone.utc)
    model = ConversationListModel()
    model.set_conversations(
        [
            ConversationSummary(1, "pinned one", True, None, now - timedelta(days=9), 2),
            ConversationSummary(2, "today", False, None, now, 2),
            ConversationSummary(3, "old", False, None, now - timedelta(days=30), 2),
        ]
    )
    qtmodeltester.check(model)
    assert [model.index(r).data() for r in range(model.rowCount())] == [
        "Pinned",
        "pinned one",
        "Today",
        "today",
        "Older",
        "old",
    ]
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsSelectable
    model.set_search_results([SearchHit(2, "today", 7, "user", "a 中文 b", ((2, 4),), now)])
    qtmodeltester.check(model)


def test_markdown_is_rendered_when_complete_and_code_can_be_copied(qtbot):
    model = TranscriptModel()
    view = ChatTranscriptView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    reply = MessageItem(1, "assistant", "", status="streaming")
    model.append(reply)
    model.append_tokens(0, [Token(1, "**bold** and\n\n```python\nprint('你好')\n```\n", b"")])
    layout = view.message_delegate.documents.layout(reply)
    assert "**bold**" in layout.body.toPlainText()  # raw while streaming: no re-render per token
    model.update(0, status="complete")
    layout = view.message_delegate.documents.layout(model.item(0))
    assert "**" not in layout.body.toPlainText()
    assert "bold" in layout.body.toPlainText()
    index = model.index(0)
    point = view.message_delegate.anchor_point(view.visualRect(index), index, "copy-code:0")
    assert point is not None
    with qtbot.waitSignal(view.code_copied):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert QApplication.clipboard().text() == "print('你好')"


def test_a_long_conversation_lays_out_without_building_every_document(qtbot):
    model = TranscriptModel()
    view = ChatTranscriptView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(700, 500)
    items = [
        MessageItem(i, "user" if i % 2 == 0 else "assistant", f"message {i} " * (i % 40 + 1))
        for i in range(2000)
    ]
    model.set_items(items)
    view.show()
    qtbot.waitExposed(view)
    view.follow_bottom()
    qtbot.waitUntil(lambda: view.indexAt(view.viewport().rect().center()).row() > 1900)
    view.viewport().grab()  # paint what is visible
    built = sum(1 for item in items if view.message_delegate.documents.is_cached(item))
    assert 0 < built < 100  # only what was painted


def _produce(bridge: EngineBridge, count: int = 2000) -> None:
    for i in range(count):
        bridge.deliver(TokenBatch(7, (Token(i, "a", b"a"),)))
    stats = GenerationStats(1, 1, 0.0, 0.0, count, 1.0, 2000.0, 1.0, 1.0)
    bridge.deliver(Done(7, "length", stats, "a" * count))


def test_bridge_delivers_tokens_from_another_thread_in_order(qtbot):
    bridge = EngineBridge()
    received: list[int] = []
    bridge.tokens_arrived.connect(lambda _rid, tokens: received.extend(t.id for t in tokens))
    finished = []
    bridge.generation_finished.connect(lambda done: finished.append(len(received)))
    with qtbot.waitSignal(bridge.generation_finished, timeout=10_000):
        threading.Thread(target=_produce, args=(bridge,)).start()
    assert received == list(range(2000))
    assert finished == [2000]  # Done comes after every token


def test_bridge_applies_everything_that_arrived_in_one_frame(qtbot):
    """However many tokens arrive between two frames, the GUI gets one signal for them."""
    bridge = EngineBridge()
    batches: list[int] = []
    bridge.tokens_arrived.connect(lambda _rid, tokens: batches.append(len(tokens)))
    producer = threading.Thread(target=_produce, args=(bridge,))
    producer.start()
    producer.join()  # the GUI thread runs no event while the tokens arrive
    with qtbot.waitSignal(bridge.generation_finished, timeout=10_000):
        pass
    assert batches == [2000]
    assert bridge.frames == 1
