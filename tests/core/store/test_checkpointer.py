"""StreamCheckpointer: at most one write per interval, nothing lost when a write fails."""

from __future__ import annotations

from desktop.core.engine.protocol import Token, TopToken
from desktop.core.store import StreamCheckpointer
from desktop.core.store.logprobs import from_engine_tokens
from desktop.core.store.messages import MessageRepository
from tests.core.store.conftest import chat, write_refusing_database


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_feeding_tokens_writes_at_most_four_times_a_second(store):
    conv, _ = chat(store, "count to fifty")
    reply = store.messages.start_assistant(conv)
    clock = Clock()
    cp = StreamCheckpointer(store.messages, reply.id, clock=clock)
    for i in range(50):  # 50 token batches over 2.45 s
        clock.now = i * 0.05
        cp.feed(f"{i} ")
    assert cp.writes == 9  # at 0.25, 0.5, ... 2.25 s
    saved = store.messages.get(reply.id).content
    assert cp.text.startswith(saved) and saved.startswith("0 1 2")
    assert saved.endswith("45 ") and len(saved) < len(cp.text)  # 0.2 s not written yet
    done = cp.finish(finish_reason="length")
    assert done.content == cp.text == " ".join(str(i) for i in range(50)) + " "
    assert done.status == "complete"


def test_a_very_long_reply_is_rewritten_less_often(store):
    """Each checkpoint rewrites the whole text: past 50,000 characters the interval grows, up
    to once a second at 200,000, so the write rate stays bounded."""
    conv, _ = chat(store, "write a book")
    reply = store.messages.start_assistant(conv)
    clock = Clock()
    cp = StreamCheckpointer(store.messages, reply.id, initial_text="x" * 200_000, clock=clock)
    for i in range(40):  # 40 batches over 1.95 s
        clock.now = i * 0.05
        cp.feed("y")
    assert cp.writes == 1


def test_a_failed_checkpoint_keeps_the_text_and_retries_at_the_next_interval(store):
    conv, _ = chat(store, "hello")
    reply = store.messages.start_assistant(conv)
    refusing_db, refuse = write_refusing_database(store)
    clock = Clock()
    errors = []
    cp = StreamCheckpointer(
        MessageRepository(refusing_db), reply.id, clock=clock, on_error=errors.append
    )
    clock.now = 1.0
    assert cp.feed("first part, ") is False
    clock.now = 1.5
    assert cp.feed("second part") is False
    clock.now = 2.0
    assert cp.feed("") is False
    assert len(errors) == 1 and errors[0].reason == "read_only"  # told once, not per token
    assert cp.error is not None and cp.text == "first part, second part"
    assert store.messages.get(reply.id).content == ""

    # Writes work again: the next interval saves everything that was held in memory.
    refuse(False)
    clock.now = 3.0
    assert cp.feed("") is True
    assert cp.error is None
    assert store.messages.get(reply.id).content == "first part, second part"
    refusing_db.dispose()


def test_finish_saves_engine_tokens_probabilities_compactly(store):
    conv, _ = chat(store, "hi")
    reply = store.messages.start_assistant(conv)
    tokens = [
        Token(
            id=i,
            text=t,
            piece=t.encode(),
            logprob=-0.1 * i,
            top=(TopToken(i, t, -0.1 * i), TopToken(900 + i, "你", -2.5)),
        )
        for i, t in enumerate(["Hel", "lo", " 世界"])
    ]
    cp = StreamCheckpointer(store.messages, reply.id)
    for tok in tokens:
        cp.feed(tok.text)
    done = cp.finish(logprobs=from_engine_tokens(tokens), finish_reason="stop")
    assert done.has_logprobs and done.content == "Hello 世界"
    saved = store.messages.logprobs(reply.id)
    assert [t.text for t in saved.tokens] == ["Hel", "lo", " 世界"]
    assert saved.tokens[2].alternatives[1].text == "你"
    assert saved.tokens[2].logprob == -0.2
    assert store.messages.logprobs(store.messages.active_path(conv)[0].id) is None
