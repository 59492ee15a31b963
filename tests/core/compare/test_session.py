"""A live comparison on real engines and a real llama-server: one message to every pane, each
keeping its own history; divergence of same-model replies; local panes at once only when they
fit; a pane that fails leaves the others running."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli.backend_option import open_registry
from desktop.core.compare.events import (
    CompareEvent,
    PaneFailed,
    PaneFinished,
    PaneLoading,
    PaneStarted,
    PaneTokens,
    TurnFinished,
)
from desktop.core.compare.session import CompareError, CompareSession
from desktop.core.compare.target_spec import parse_target
from tests.core.compare.conftest import ROOMY, TIGHT
from tests.fixtures.backends import backend_for

TIMEOUT = 120


class Recorder:
    def __init__(self) -> None:
        self.events: list[CompareEvent] = []
        self._lock = threading.Lock()

    def __call__(self, event: CompareEvent) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: type, pane: int | None = None) -> list:
        with self._lock:
            return [
                e for e in self.events if isinstance(e, kind) and (pane is None or e.pane == pane)
            ]


def first_difference(a: list[int], b: list[int]) -> int:
    for i in range(min(len(a), len(b))):
        if a[i] != b[i]:
            return i
    return min(len(a), len(b))


def test_the_same_model_and_seed_give_identical_replies(tiny_model_path: Path, engines) -> None:
    spec = f"model:{tiny_model_path},seed=11,temperature=0.9,max_tokens=24"
    events = Recorder()
    with CompareSession(
        [parse_target(spec), parse_target(spec)], local_factory=engines, hardware=ROOMY
    ) as session:
        session.subscribe(events)
        session.send("Tell me about 中文 tokens.")
        assert session.wait(TIMEOUT)
        a, b = (pane.replies[0] for pane in session.panes)
        assert a.text and a.token_ids == b.token_ids and a.text == b.text
        finished = events.of(TurnFinished)[0]
        assert finished.divergences == () and finished.identical == ((0, 1),)
        # The two ran at the same time, each in its own engine process.
        assert len(engines.started) == 2 and session.schedule.local_parallel
        # Labels tell two panes with equal settings apart.
        assert session.panes[0].label != session.panes[1].label
        # Each pane counted its own tokens as they streamed, and timed its reply.
        for pane, reply in zip(session.panes, (a, b), strict=True):
            streamed = events.of(PaneTokens, pane.index)
            assert streamed[-1].count == reply.token_count == len(reply.tokens)
            assert reply.ttft_seconds is not None and reply.ttft_seconds > 0
            assert reply.tokens_per_second and reply.tokens_per_second > 0
        # A view that redraws once per frame pulls every streamed token, once.
        drained = dict(session.drain())
        assert [t.id for t in drained[0]] == list(a.token_ids or ())
        assert session.drain() == []


def test_different_temperatures_diverge_at_the_first_different_token(
    tiny_model_path: Path, engines
) -> None:
    cold = parse_target(f"model:{tiny_model_path},seed=4,temperature=0.1,max_tokens=32")
    hot = parse_target(f"model:{tiny_model_path},seed=4,temperature=1.8,max_tokens=32")
    with CompareSession(
        [cold, hot], local_factory=engines, hardware=ROOMY, top_logprobs=3
    ) as session:
        session.send("Once upon a time")
        assert session.wait(TIMEOUT)
        a, b = (pane.replies[0] for pane in session.panes)
        ids_a, ids_b = list(a.token_ids or ()), list(b.token_ids or ())
        assert ids_a and ids_b and ids_a != ids_b
        (divergence,) = session.turns[0].finished.divergences
        index = first_difference(ids_a, ids_b)
        assert (divergence.a, divergence.b, divergence.index) == (0, 1, index)
        assert divergence.token_a is not None and divergence.token_a.id == ids_a[index]
        assert divergence.token_b is not None and divergence.token_b.id == ids_b[index]
        # Probabilities and alternatives per token, as asked.
        assert all(t.logprob is not None and 0 < len(t.top or ()) <= 3 for t in a.tokens)

        # A follow-up goes to both; each pane continues its own conversation.
        session.send("And then?")
        assert session.wait(TIMEOUT)
        for pane in session.panes:
            first, second = pane.replies
            assert [m.role for m in pane.history] == ["user", "assistant", "user", "assistant"]
            assert pane.history[1].content == first.text
            assert first.text in second.model_prompt and "And then?" in second.model_prompt
        other = session.panes[1].replies[0].text
        assert other not in session.panes[0].replies[1].model_prompt


def test_models_that_do_not_fit_together_run_one_after_another(
    tiny_model_path: Path, engines
) -> None:
    events = Recorder()
    targets = [
        parse_target(f"model:{tiny_model_path},seed=1,max_tokens=8"),
        parse_target(f"model:{tiny_model_path},seed=2,max_tokens=8"),
    ]
    with CompareSession(targets, local_factory=engines, hardware=TIGHT) as session:
        session.subscribe(events)
        assert session.schedule.message.code == "compare.local_sequential_ram"
        for text in ("hi", "again"):
            session.send(text)
            assert session.wait(TIMEOUT)
        assert len(engines.started) == 1
        order = [
            (type(e).__name__, e.pane)
            for e in events.events
            if isinstance(e, (PaneStarted, PaneFinished))
        ]
        assert order == [
            ("PaneStarted", 0), ("PaneFinished", 0), ("PaneStarted", 1), ("PaneFinished", 1),
        ] * 2  # fmt: skip
        # One engine, one file: it loads once and stays loaded across turns.
        assert len(events.of(PaneLoading)) == 1
        assert all(p.replies[1].text for p in session.panes)


def test_a_target_that_fails_to_load_leaves_the_others_running(
    tiny_model_path: Path, broken_models: dict[str, Path], engines, store
) -> None:
    events = Recorder()
    registry = open_registry(store)
    targets = [
        parse_target(f"model:{tiny_model_path},seed=1,max_tokens=8"),
        parse_target(f"model:{broken_models['truncated']}"),
        parse_target("backend:nowhere"),
    ]
    try:
        with CompareSession(
            targets, local_factory=engines, hardware=ROOMY, backends=registry.open
        ) as session:
            session.subscribe(events)
            session.send("hello")
            assert session.wait(TIMEOUT)
            good, broken, missing = (p.replies[0] for p in session.panes)
            assert good.text and not good.failed
            assert broken.failed and "truncated.gguf could not be loaded" in str(broken.error)
            assert missing.failed and str(missing.error) == "There is no backend named nowhere."
            assert {e.pane for e in events.of(PaneFailed)} == {1, 2}
            assert [p.view().status for p in session.panes] == ["done", "failed", "failed"]
            assert session.turns[0].finished.divergences == ()
            # The comparison goes on.
            session.send("more")
            assert session.wait(TIMEOUT)
            assert session.panes[0].replies[1].text
    finally:
        registry.close()


def test_stop_ends_the_running_pane_and_skips_the_waiting_ones(
    tiny_model_path: Path, engines
) -> None:
    targets = [
        parse_target(f"model:{tiny_model_path},seed=1,max_tokens=0"),
        parse_target(f"model:{tiny_model_path},seed=2,max_tokens=0"),
    ]
    with CompareSession(targets, local_factory=engines, hardware=TIGHT) as session:
        session.subscribe(lambda e: session.cancel() if isinstance(e, PaneTokens) else None)
        session.send("Write a long story.")
        assert session.wait(TIMEOUT)
        running, waiting = (p.replies[0] for p in session.panes)
        assert running.finish_reason == "cancelled" and running.text
        assert waiting.finish_reason == "cancelled" and waiting.text == ""
        with pytest.raises(CompareError, match="empty"):
            session.send("  ")


def test_a_comparison_has_two_to_four_targets(tiny_model_path: Path) -> None:
    one = [parse_target(f"model:{tiny_model_path}")]
    with pytest.raises(CompareError, match="2 to 4 targets, not 1"):
        CompareSession(one)
    with pytest.raises(CompareError, match="not 5"):
        CompareSession(one * 5)


@pytest.fixture
def gpu_box(llama_server_process) -> Iterator:
    with backend_for("llama-server", llama_server_process, "gpu-box") as made:
        yield made.backend


def test_a_local_and_a_remote_target_side_by_side(tiny_model_path: Path, gpu_box, engines) -> None:
    targets = [
        parse_target(f"model:{tiny_model_path},seed=3,max_tokens=12"),
        parse_target("backend:gpu-box,seed=3,max_tokens=12"),
    ]
    events = Recorder()
    with CompareSession(
        targets,
        backends=lambda name: gpu_box,
        local_factory=engines,
        top_logprobs=2,
    ) as session:
        session.subscribe(events)
        assert session.schedule.message.code == "compare.one_local"
        assert session.schedule.lanes == ((0,), (1,))
        session.send("你好")
        assert session.wait(TIMEOUT)
        local, remote = (p.replies[0] for p in session.panes)
        assert local.text and remote.text
        assert local.provenance is not None and local.provenance.backend == "local"
        assert remote.provenance is not None and remote.provenance.backend == "gpu-box"
        assert remote.provenance.model == str(tiny_model_path)
        # Counted by the server's own tokenizer; its tokens come with ids and alternatives
        # (tokens llama-server holds back mid-character arrive without them).
        assert remote.finish_reason == "length" and remote.token_count == 12
        with_ids = [t for t in remote.tokens if t.id >= 0]
        assert with_ids and all(0 < len(t.top or ()) <= 2 for t in with_ids)
        assert remote.count_note is None and remote.ttft_seconds is not None
        # Different engines' ids are not compared.
        finished = session.turns[0].finished
        assert finished.divergences == () and finished.identical == ()
        assert {e.pane for e in events.of(PaneFinished)} == {0, 1}


def test_a_crashed_engine_loads_again_on_the_next_message(tiny_model_path: Path, engines) -> None:
    import os
    import signal

    events = Recorder()
    targets = [
        parse_target(f"model:{tiny_model_path},seed=1,max_tokens=6"),
        parse_target(f"model:{tiny_model_path},seed=2,max_tokens=6"),
    ]
    with CompareSession(targets, local_factory=engines, hardware=ROOMY) as session:
        session.subscribe(events)
        session.send("hi")
        assert session.wait(TIMEOUT)
        crashed = engines.started[0].client
        pid = crashed.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        while crashed.is_loaded:  # the client notices the pipe closing
            threading.Event().wait(0.01)
        session.send("are you there?")
        assert session.wait(TIMEOUT)
        assert all(p.replies[1].text and not p.replies[1].failed for p in session.panes)
        # Only the crashed one loaded again.
        loads = Counter(e.pane for e in events.of(PaneLoading))
        assert sorted(loads.values()) == [1, 2]
