"""Reopening a saved comparison: each pane's replies as they were, a session that goes on
from them into the same run, and saved data that is partial or damaged said plainly."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.core.compare.record import ComparisonRecorder
from desktop.core.compare.reopen import ReopenError, reopen
from desktop.core.compare.session import CompareSession
from desktop.core.compare.target_spec import parse_target
from desktop.core.store import Store, open_store
from desktop.core.store.comparisons import ComparisonRepository
from desktop.core.store.errors import InvalidOperationError
from desktop.core.store.experiment_tables import ExperimentResult, ExperimentRun
from tests.core.compare.conftest import ROOMY


@pytest.fixture(scope="module")
def saved(tiny_model_path: Path, tmp_path_factory) -> Iterator[dict[str, Any]]:
    """One turn on two panes of the tiny model (greedy and hot), saved with probabilities."""
    path = tmp_path_factory.mktemp("reopen-store") / "tessera.db"
    store = open_store(path)
    targets = [
        parse_target(f"model:{tiny_model_path},seed=5,temperature=0,max_tokens=8"),
        parse_target(f'model:{tiny_model_path},seed=5,temperature=1.8,max_tokens=8,system="Hi"'),
    ]
    repo = ComparisonRepository(store.db)
    session = CompareSession(targets, hardware=ROOMY, top_logprobs=3)
    recorder = ComparisonRecorder(repo, session)
    try:
        session.send("Tell me, 告诉我")
        assert session.wait(120)
        recorder.save()
        store.close()  # the tests open copies: the saved comparison stays as it was
        yield {"path": path, "session": session, "run_id": recorder.run_id}
    finally:
        session.close()


@pytest.fixture
def stored_copy(saved, tmp_path: Path) -> Iterator[Store]:
    """A store of the saved comparison's own, to change or go on in."""
    target = tmp_path / "tessera.db"
    with sqlite3.connect(saved["path"]) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    store = open_store(target)
    yield store
    store.close()


def _edit_snapshot(store: Store, run_id: int, change) -> None:
    with store.db.write() as s:
        run = s.get(ExperimentRun, run_id)
        data = copy.deepcopy(run.spec)
        change(data)
        run.spec = data


def test_each_pane_shows_its_saved_replies_with_their_probabilities(saved, stored_copy) -> None:
    session = saved["session"]
    repo = ComparisonRepository(stored_copy.db)
    (summary,) = repo.saved()
    assert summary.run_id == saved["run_id"] and summary.turns == 1
    assert summary.name == "Compare: Tell me, 告诉我"
    assert summary.labels == tuple(p.label for p in session.panes)

    found = reopen(repo.load(saved["run_id"]))
    assert found.targets == session.targets and found.problems == ()
    assert [t.text for t in found.turns] == ["Tell me, 告诉我"]
    for pane, live in zip(found.panes, session.panes, strict=True):
        (reply,) = pane.replies
        expected = live.replies[0]
        assert pane.missing is None and pane.label == live.label
        assert reply.text == expected.text and reply.token_ids == expected.token_ids
        assert [(t.text, t.logprob, t.top) for t in reply.tokens] == [
            (t.text, t.logprob, t.top) for t in expected.tokens
        ]
        assert reply.provenance == expected.provenance
        assert reply.user_text == expected.user_text and reply.seed == expected.seed
        assert reply.token_count == expected.token_count
    divergences = session.turns[0].finished.divergences
    assert found.turns[0].finished.divergences == divergences


def test_a_reopened_comparison_goes_on_into_the_same_run(saved, stored_copy) -> None:
    repo = ComparisonRepository(stored_copy.db)
    found = reopen(repo.load(saved["run_id"]))
    session = CompareSession(found.targets, hardware=ROOMY, top_logprobs=3)
    session.restore(found.turns, [p.replies for p in found.panes])
    recorder = ComparisonRecorder(repo, session)
    recorder.resume(found.experiment_id, found.run_id, dict(found.result_ids), found.name)
    first = [p.replies[0].text for p in saved["session"].panes]
    # Each pane's next prompt holds its own saved reply.
    assert [m.content for m in session.panes[1].messages("Go on")] == [
        "Hi",
        "Tell me, 告诉我",
        first[1],
        "Go on",
    ]
    try:
        session.send("Go on")
        assert session.wait(120)
        assert recorder.save() == found.run_id
    finally:
        session.close()

    again = repo.load(found.run_id)
    assert [t.text for t in again.turns] == ["Tell me, 告诉我", "Go on"]
    assert [again.result(0, p).result.output for p in (0, 1)] == first
    assert list(again.turns[0].token_ids) == [
        p.replies[0].token_ids for p in saved["session"].panes
    ]
    assert again.turns[0].logprobs[0] is not None  # the first turn's probabilities are kept
    assert len(repo.saved()) == 1 and again.name == "Compare: Tell me, 告诉我"


def test_a_missing_reply_row_is_said_and_the_rest_is_shown(saved, stored_copy) -> None:
    run_id = saved["run_id"]
    with stored_copy.db.write() as s:
        row = s.scalars(
            select(ExperimentResult).where(
                ExperimentResult.run_id == run_id, ExperimentResult.config_index == 1
            )
        ).one()
        s.delete(row)
    # A comparison saved before probabilities were kept: token ids only.
    _edit_snapshot(stored_copy, run_id, lambda d: d["compare"]["turns"][0].pop("logprobs"))

    found = reopen(ComparisonRepository(stored_copy.db).load(run_id))
    assert [str(m) for m in found.problems] == ["Pane 2 has no saved reply to message 1."]
    assert found.panes[1].replies == ()
    (reply,) = found.panes[0].replies
    expected = saved["session"].panes[0].replies[0]
    assert reply.text == expected.text and reply.tokens == ()
    assert reply.token_ids == expected.token_ids  # kept for the next save of the snapshot


def test_a_pane_whose_model_file_is_gone_is_named(saved, stored_copy, tmp_path: Path) -> None:
    gone = str(tmp_path / "deleted" / "old-model.gguf")
    run_id = saved["run_id"]
    _edit_snapshot(stored_copy, run_id, lambda d: d["compare"]["targets"][0].update(model=gone))
    found = reopen(ComparisonRepository(stored_copy.db).load(run_id))
    missing = found.panes[0].missing
    assert missing is not None and "old-model.gguf" in str(missing)
    assert str(tmp_path / "deleted") in str(missing)
    assert found.panes[1].missing is None
    assert found.panes[0].replies[0].text == saved["session"].panes[0].replies[0].text


def test_damaged_or_impossible_snapshots_are_refused_with_a_reason(saved, stored_copy) -> None:
    run_id = saved["run_id"]
    repo = ComparisonRepository(stored_copy.db)

    def one_pane(d: dict) -> None:
        d["compare"]["targets"] = d["compare"]["targets"][:1]
        d["configs"] = d["configs"][:1]

    _edit_snapshot(stored_copy, run_id, one_pane)
    with pytest.raises(ReopenError, match="it has 1 saved panes"):
        reopen(repo.load(run_id))

    _edit_snapshot(stored_copy, run_id, lambda d: d["compare"].update(turns=[{"token_ids": 5}]))
    with pytest.raises(InvalidOperationError, match="cannot be read"):
        repo.load(run_id)
    # The results are untouched: the Experiments page still lists every reply.
    assert len(repo.experiments.load_run(run_id).results) == 2
