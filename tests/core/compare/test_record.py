"""A finished comparison in the store: an experiment run that reopens, exports and takes
ratings like any other, and any pane continued as a normal chat."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core.compare.continue_chat import (
    continue_as_chat,
    transcript_from_pane,
    transcript_from_stored,
)
from desktop.core.compare.record import ComparisonRecorder
from desktop.core.compare.session import CompareSession
from desktop.core.compare.target_spec import parse_target
from desktop.core.engine.protocol import ChatMessage
from desktop.core.experiments.files import results_to_csv, results_to_json
from desktop.core.experiments.versions import template_resolver
from desktop.core.store import open_store
from desktop.core.store.comparisons import ComparisonRepository
from desktop.core.templates.library import TemplateLibrary
from tests.core.compare.conftest import ROOMY

EARLIER = (ChatMessage("user", "Earlier question"), ChatMessage("assistant", "Earlier answer"))


@pytest.fixture(scope="module")
def compared(tiny_model_path: Path, tmp_path_factory) -> Iterator[dict[str, Any]]:
    """Two turns on two panes (one with a system prompt, one through a template), started
    from an earlier chat, saved after each turn."""
    store = open_store(tmp_path_factory.mktemp("compare-store") / "tessera.db")
    library = TemplateLibrary(store.templates)
    targets = [
        parse_target(
            f'model:{tiny_model_path},seed=2,temperature=0.3,max_tokens=10,system="Be brief."'
        ),
        parse_target(
            f"model:{tiny_model_path},seed=2,temperature=1.6,max_tokens=10,template=summarize",
            template_resolver(library),
        ),
    ]
    repo = ComparisonRepository(store.db)
    session = CompareSession(targets, hardware=ROOMY, top_logprobs=2, history=EARLIER)
    recorder = ComparisonRecorder(repo, session)
    try:
        for text in ("比较一下 hello", "Shorter"):
            session.send(text)
            assert session.wait(120)
            recorder.save()
        yield {"store": store, "session": session, "recorder": recorder, "repo": repo}
    finally:
        session.close()
        store.close()


def test_a_saved_comparison_reopens_from_the_store(compared) -> None:
    session, recorder, repo = compared["session"], compared["recorder"], compared["repo"]
    stored = repo.load(recorder.run_id)
    assert stored.labels == tuple(p.label for p in session.panes)
    assert stored.targets == session.targets
    assert [t.text for t in stored.turns] == ["比较一下 hello", "Shorter"]
    assert stored.history == EARLIER
    for turn in (0, 1):
        saved = stored.turns[turn]
        for pane in session.panes:
            reply = pane.replies[turn]
            assert saved.token_ids[pane.index] == reply.token_ids
            result = stored.result(turn, pane.index).result
            assert result.output == reply.text and result.seed == 2
            assert result.backend == "local" and result.model_path == pane.target.model
            assert result.completion_tokens == reply.token_count
        finished = session.turns[turn].finished
        assert list(saved.divergences) == [d.to_dict() for d in finished.divergences]
    # What each pane really sent: its own system prompt, the template around the first message.
    first_a = stored.result(0, 0).result.prompt
    first_b = stored.result(0, 1).result.prompt
    assert (first_a.system, first_a.user) == ("Be brief.", "比较一下 hello")
    assert first_b.user.startswith("Summarize") and "比较一下 hello" in first_b.user
    assert stored.result(1, 1).result.prompt.user == "Shorter"
    # It is an experiment like any other on the Experiments page.
    experiments = repo.experiments
    (summary,) = [e for e in experiments.summaries() if e.id == recorder.experiment_id]
    assert summary.name == "Compare: 比较一下 hello" and summary.run_count == 1
    (run,) = experiments.runs(recorder.experiment_id)
    assert (run.status, run.total_cells, run.done_cells) == ("complete", 4, 4)
    assert repo.is_comparison(run.id)


def test_a_saved_comparison_exports_like_any_run(compared) -> None:
    session, recorder, repo = compared["session"], compared["recorder"], compared["repo"]
    stored = repo.experiments.load_run(recorder.run_id)
    results = [s.result for s in stored.results]
    rows = json.loads(results_to_json(stored.spec, results, ratings=stored.ratings()))["results"]
    assert [(r["case"], r["config"]) for r in rows] == [
        ("1. 比较一下 hello", session.panes[0].label),
        ("1. 比较一下 hello", session.panes[1].label),
        ("2. Shorter", session.panes[0].label),
        ("2. Shorter", session.panes[1].label),
    ]
    assert rows[0]["output"] == session.panes[0].replies[0].text
    table = list(csv.DictReader(io.StringIO(results_to_csv(stored.spec, results))))
    assert [r["output"] for r in table] == [r["output"] for r in rows]


def test_picking_the_better_reply_is_a_rating(compared) -> None:
    recorder, repo = compared["recorder"], compared["repo"]
    recorder.pick(0, 1)
    stored = repo.load(recorder.run_id)
    assert stored.picked(0) == 1 and stored.picked(1) is None
    assert stored.result(0, 1).rating == 5
    recorder.pick(0, 0)  # changing one's mind
    stored = repo.load(recorder.run_id)
    assert stored.picked(0) == 0 and stored.result(0, 1).rating == 4
    recorder.rate(1, 1, 3)
    recorder.rate(1, 0, 2)
    stored = repo.load(recorder.run_id)
    assert stored.picked(1) == 1
    ratings = repo.experiments.load_run(recorder.run_id).ratings()
    assert ratings == {(0, 0, 0, 0): 5, (0, 0, 1, 0): 4, (0, 1, 1, 0): 3, (0, 1, 0, 0): 2}


def _contents(store, conversation_id: int) -> list[tuple[str, str]]:
    return [(m.role, m.content) for m in store.messages.active_path(conversation_id)]


def test_a_pane_continues_as_a_normal_chat(compared) -> None:
    store, session = compared["store"], compared["session"]
    pane = session.panes[1]
    conversation = continue_as_chat(store, transcript_from_pane(session, 1))
    expected = [(m.role, m.content) for m in (*EARLIER, *pane.history[2:])]
    assert _contents(store, conversation.id) == expected
    assert [r for r, _ in expected] == ["user", "assistant"] * 3
    assert conversation.model == pane.target.model
    assert conversation.system_prompt == pane.target.system_prompt() != ""
    assert conversation.sampling_params["temperature"] == 1.6
    assert pane.label in conversation.title
    replies = [m for m in store.messages.active_path(conversation.id) if m.role == "assistant"]
    assert replies[-1].backend == "local" and replies[-1].has_logprobs
    assert replies[-1].completion_tokens == pane.replies[-1].token_count


def test_a_saved_pane_continues_as_a_chat_too(compared) -> None:
    store, session, recorder, repo = (
        compared["store"], compared["session"], compared["recorder"], compared["repo"]
    )  # fmt: skip
    stored = repo.load(recorder.run_id)
    conversation = continue_as_chat(store, transcript_from_stored(stored, 0))
    pane = session.panes[0]
    assert _contents(store, conversation.id) == [(m.role, m.content) for m in pane.history]
    assert conversation.system_prompt == "Be brief."
    assert conversation.model == pane.target.model
