"""Comparisons in the experiment tables: one experiment with one run per comparison.

A comparison is stored as an experiment whose single prompt version is the user's message
(`{{message}}`), whose cases are the turns and whose configs are the targets; each pane's reply
is a result (the exact system prompt, message, params, seed and provenance), so the Experiments
page lists, reopens, rates and exports it like any run. What only a comparison has (its
targets as given, the schedule, each reply's token ids, the divergences, the chat history it
started from) is kept beside the spec in the run's snapshot under "compare".
A pick is a rating: the picked reply gets 5 stars and any other 5-star reply of that turn 4,
so the picked reply is the one the turn rates highest.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from desktop.core.compare.target import CompareTarget
from desktop.core.engine.protocol import ChatMessage
from desktop.core.experiments.results import CellResult
from desktop.core.experiments.spec import ExperimentSpec
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec
from desktop.core.store.errors import NO_RUN, InvalidOperationError, NotFoundError
from desktop.core.store.experiment_tables import Experiment, ExperimentRun
from desktop.core.store.experiments import ExperimentRepository, StoredResult, StoredRun
from desktop.core.store.logprobs import decode, encode
from desktop.core.store.records import MessageLogprobs, to_datetime
from desktop.core.store.session import Database

NOT_A_COMPARISON = MessageSpec(
    "store.not_a_comparison",
    QT_TRANSLATE_NOOP("CoreMessages", "Run {id} is an experiment run, not a comparison."),
)
DAMAGED = MessageSpec(
    "store.comparison_damaged",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Comparison {id} cannot be read: its saved panes or turns are damaged ({reason}). "
        "Its replies are still listed on the Experiments page.",
    ),
)
NO_PANE_REPLY = MessageSpec(
    "store.no_pane_reply",
    QT_TRANSLATE_NOOP("CoreMessages", "Run {id} has no reply of pane {pane} in turn {turn}."),
)

COMPARE_KEY = "compare"  # where the comparison's own data sits in the run snapshot
FORMAT = 1
PICKED, DEMOTED = 5, 4


LIST_LIMIT = 50  # saved comparisons offered to reopen, newest first


def pack_logprobs(logprobs: MessageLogprobs | None) -> str | None:
    """A reply's per-token probabilities as JSON-safe text (the chat's compressed format)."""
    blob = encode(logprobs)
    return None if blob is None else base64.b64encode(blob).decode("ascii")


def unpack_logprobs(text: Any) -> MessageLogprobs | None:
    """Inverse of `pack_logprobs`; None for anything missing or unreadable (the reply's text
    is still shown, only without its shading)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return decode(base64.b64decode(text, validate=True))
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class StoredTurn:
    text: str
    seed: int
    token_ids: tuple[tuple[int, ...] | None, ...]  # per pane; None: the server gave no ids
    divergences: tuple[Mapping[str, Any], ...]  # Divergence.to_dict() of each
    identical: tuple[tuple[int, int], ...]
    logprobs: tuple[MessageLogprobs | None, ...] = ()  # per pane, where they were saved


@dataclass(frozen=True)
class ComparisonSummary:
    """One saved comparison as a list shows it."""

    run_id: int
    experiment_id: int
    name: str
    started_at: datetime
    labels: tuple[str, ...]  # the panes
    turns: int  # messages sent


@dataclass(frozen=True)
class StoredComparison:
    run: StoredRun
    targets: tuple[CompareTarget, ...]
    labels: tuple[str, ...]
    turns: tuple[StoredTurn, ...]
    history: tuple[ChatMessage, ...]  # the chat the comparison started from, if any
    schedule: Mapping[str, Any]
    top_logprobs: int = 0
    name: str = ""  # the experiment's name (the Experiments page may have renamed it)

    @property
    def run_id(self) -> int:
        return self.run.summary.id

    @property
    def experiment_id(self) -> int:
        return self.run.summary.experiment_id

    def result(self, turn: int, pane: int) -> StoredResult | None:
        for stored in self.run.results:
            if (stored.result.cell.case, stored.result.cell.config) == (turn, pane):
                return stored
        return None

    def picked(self, turn: int) -> int | None:
        """The pane whose reply the turn rates highest, when exactly one is highest."""
        rated = [
            (s.rating, s.result.cell.config)
            for s in self.run.results
            if s.result.cell.case == turn and s.rating is not None
        ]
        if not rated:
            return None
        best = max(r for r, _ in rated)
        top = [pane for r, pane in rated if r == best]
        return top[0] if len(top) == 1 else None


def compare_data(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The comparison part of a run snapshot (None for a plain experiment run)."""
    value = data.get(COMPARE_KEY)
    return value if isinstance(value, Mapping) else None


class ComparisonRepository:
    """Short units of work on `db`; the experiment tables through ExperimentRepository."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.experiments = ExperimentRepository(db)

    def create(
        self, spec: ExperimentSpec, compare: Mapping[str, Any], engine_version: str
    ) -> tuple[int, int]:
        """A new comparison with no turns yet: (experiment id, run id)."""
        experiment_id = self.experiments.create(spec)
        run_id = self.experiments.start_run(experiment_id, spec, 0, engine_version)
        self._snapshot(run_id, spec, compare)
        return experiment_id, run_id

    def add_turn(
        self,
        experiment_id: int,
        run_id: int,
        spec: ExperimentSpec,
        compare: Mapping[str, Any],
        results: Sequence[CellResult],
        engine_version: str = "",
    ) -> list[int]:
        """Saves one finished turn: the definition and snapshot grow by a case, its results
        are added; returns their ids in `results` order."""
        self.experiments.update(experiment_id, spec)
        self._snapshot(run_id, spec, compare)
        ids = [self.experiments.add_result(run_id, r) for r in results]
        self.experiments.finish_run(run_id, "complete", engine_version=engine_version)
        return ids

    def _snapshot(self, run_id: int, spec: ExperimentSpec, compare: Mapping[str, Any]) -> None:
        with self.db.write() as s:
            run = s.get(ExperimentRun, run_id)
            if run is None:
                raise NotFoundError(NO_RUN(id=run_id))
            run.spec = {**spec.to_dict(), COMPARE_KEY: {"format": FORMAT, **compare}}
            run.total_cells = spec.size

    def is_comparison(self, run_id: int) -> bool:
        with self.db.read() as s:
            data = s.scalar(select(ExperimentRun.spec).where(ExperimentRun.id == run_id))
        return isinstance(data, Mapping) and compare_data(data) is not None

    def saved(self, limit: int = LIST_LIMIT) -> list[ComparisonSummary]:
        """The saved comparisons, newest first (only their names, panes and turn counts are
        read: a snapshot holds every reply's probabilities)."""
        compare = f"$.{COMPARE_KEY}"
        with self.db.read() as s:
            rows = s.execute(
                select(
                    ExperimentRun.id,
                    ExperimentRun.experiment_id,
                    ExperimentRun.started_at,
                    Experiment.name,
                    func.json_extract(ExperimentRun.spec, f"{compare}.labels"),
                    func.json_array_length(ExperimentRun.spec, f"{compare}.turns"),
                )
                .join(Experiment, Experiment.id == ExperimentRun.experiment_id)
                .where(func.json_type(ExperimentRun.spec, compare) == "object")
                .order_by(ExperimentRun.started_at.desc(), ExperimentRun.id.desc())
                .limit(limit)
            ).all()
        return [
            ComparisonSummary(
                run_id=run_id,
                experiment_id=experiment_id,
                name=name or "",
                started_at=to_datetime(started),  # type: ignore[arg-type]
                labels=_labels(labels),
                turns=int(turns or 0),
            )
            for run_id, experiment_id, started, name, labels, turns in rows
        ]

    def load(self, run_id: int) -> StoredComparison:
        with self.db.read() as s:
            data = s.scalar(select(ExperimentRun.spec).where(ExperimentRun.id == run_id))
            name = s.scalar(
                select(Experiment.name)
                .join(ExperimentRun, ExperimentRun.experiment_id == Experiment.id)
                .where(ExperimentRun.id == run_id)
            )
        if data is None:
            raise NotFoundError(NO_RUN(id=run_id))
        compare = compare_data(data)
        if compare is None:
            raise InvalidOperationError(NOT_A_COMPARISON(id=run_id))
        run = self.experiments.load_run(run_id)
        try:
            return self._parse(run, compare, name or run.spec.name)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise InvalidOperationError(DAMAGED(id=run_id, reason=str(exc))) from None

    @staticmethod
    def _parse(run: StoredRun, compare: Mapping[str, Any], name: str) -> StoredComparison:
        turns = tuple(
            StoredTurn(
                text=str(t.get("text", "")),
                seed=int(t.get("seed") or 0),
                token_ids=tuple(
                    None if ids is None else tuple(int(i) for i in ids)
                    for ids in t.get("token_ids") or ()
                ),
                divergences=tuple(t.get("divergences") or ()),
                identical=tuple((int(a), int(b)) for a, b in t.get("identical") or ()),
                logprobs=tuple(unpack_logprobs(x) for x in t.get("logprobs") or ()),
            )
            for t in compare.get("turns") or ()
        )
        return StoredComparison(
            run=run,
            targets=tuple(CompareTarget.from_dict(t) for t in compare.get("targets") or ()),
            labels=tuple(str(x) for x in compare.get("labels") or ()),
            turns=turns,
            history=tuple(
                ChatMessage(str(role), str(content))
                for role, content in compare.get("history") or ()
            ),
            schedule=dict(compare.get("schedule") or {}),
            top_logprobs=int(compare.get("top_logprobs") or 0),
            name=name,
        )

    # ---- the user's verdict

    def rate(self, result_id: int, rating: int | None) -> None:
        """1-5 stars on one reply, or None to clear (the Experiments page's rating)."""
        self.experiments.set_rating(result_id, rating)

    def pick(self, run_id: int, turn: int, pane: int) -> None:
        """Marks pane `pane`'s reply as the better one of turn `turn`."""
        comparison = self.load(run_id)
        chosen = comparison.result(turn, pane)
        if chosen is None:
            raise NotFoundError(NO_PANE_REPLY(id=run_id, pane=pane, turn=turn))
        for stored in comparison.run.results:
            others = stored.result.cell.case == turn and stored.id != chosen.id
            if others and stored.rating is not None and stored.rating >= PICKED:
                self.experiments.set_rating(stored.id, DEMOTED)
        self.experiments.set_rating(chosen.id, PICKED)


def _labels(value: Any) -> tuple[str, ...]:
    # json_extract gives an array as its JSON text
    try:
        labels = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return ()
    return tuple(str(x) for x in labels) if isinstance(labels, list) else ()
