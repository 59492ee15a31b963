"""Experiments in SQLite: definitions (cases, configs), runs, per-cell results and ratings.

The tables are in `experiment_tables` (migration 0002); importing this module registers them.
A run keeps a snapshot of the whole experiment as it ran, and every result row keeps the exact
rendered prompt, params and seed, so editing the experiment later never changes an old run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    delete,
    func,
    select,
)
from sqlalchemy.orm import Session

from desktop.core.engine.options import params_from_dict, params_to_dict
from desktop.core.experiments.checks import Check, CheckOutcome
from desktop.core.experiments.runner import (
    Case,
    Cell,
    CellResult,
    ExperimentSpec,
    PromptVersion,
    RunConfig,
    RunOutcome,
)
from desktop.core.store import errors as E
from desktop.core.store.errors import InvalidOperationError, NotFoundError
from desktop.core.store.experiment_tables import (
    Experiment,
    ExperimentCase,
    ExperimentConfig,
    ExperimentRating,
    ExperimentResult,
    ExperimentRun,
)
from desktop.core.store.records import to_datetime
from desktop.core.store.session import Database
from desktop.core.templates.variables import RenderedPrompt

RUN_STATUSES = ("running", "complete", "cancelled", "failed", "interrupted")

# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class ExperimentSummary:
    id: int
    name: str
    updated_at: datetime
    run_count: int


@dataclass(frozen=True)
class ExperimentRecord:
    id: int
    name: str
    description: str
    spec: ExperimentSpec
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class RunSummary:
    id: int
    experiment_id: int
    number: int
    status: str
    engine_version: str
    total_cells: int
    done_cells: int
    started_at: datetime
    finished_at: datetime | None
    error: str = ""


@dataclass(frozen=True)
class StoredResult:
    id: int
    result: CellResult
    rating: int | None = None


@dataclass(frozen=True)
class StoredRun:
    summary: RunSummary
    spec: ExperimentSpec  # the experiment exactly as it ran
    results: tuple[StoredResult, ...]

    def ratings(self) -> dict[tuple[int, int, int, int], int]:
        out = {}
        for s in self.results:
            if s.rating is not None:
                c = s.result.cell
                out[(c.version, c.case, c.config, c.repeat)] = s.rating
        return out


# --------------------------------------------------------------------------- conversions


def _result_from_row(row: ExperimentResult) -> CellResult:
    return CellResult(
        cell=Cell(row.version_index, row.case_index, row.config_index, row.repeat),
        prompt=RenderedPrompt(row.kind, row.system, row.prompt),
        params=params_from_dict(row.params),
        seed=row.seed,
        model_path=row.model_path,
        backend=row.backend,
        server_version=row.server_version,
        model_prompt=row.model_prompt,
        output=row.output,
        finish_reason=row.finish_reason,
        prompt_tokens=row.prompt_tokens,
        completion_tokens=row.completion_tokens,
        ttft_seconds=row.ttft_seconds,
        tokens_per_second=row.tokens_per_second,
        total_seconds=row.total_seconds,
        error=row.error,
        checks=tuple(
            CheckOutcome(Check.from_dict(c["check"]), bool(c["passed"]), c.get("detail", ""))
            for c in row.checks
        ),
    )


def _run_summary(run: ExperimentRun, done: int) -> RunSummary:
    return RunSummary(
        id=run.id,
        experiment_id=run.experiment_id,
        number=run.number,
        status=run.status,
        engine_version=run.engine_version,
        total_cells=run.total_cells,
        done_cells=done,
        started_at=to_datetime(run.started_at),  # type: ignore[arg-type]
        finished_at=to_datetime(run.finished_at),
        error=run.error,
    )


# --------------------------------------------------------------------------- repository


class ExperimentRepository:
    """Experiments, their runs and results. Methods are short units of work on `db`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- definitions

    def create(self, spec: ExperimentSpec, description: str = "") -> int:
        now = time.time()
        with self.db.write() as s:
            row = Experiment(
                name=spec.name or "Untitled experiment",
                description=description,
                created_at=now,
                updated_at=now,
            )
            s.add(row)
            s.flush()
            self._write_definition(s, row, spec)
            return row.id

    def update(
        self, experiment_id: int, spec: ExperimentSpec, description: str | None = None
    ) -> None:
        """Replaces the definition; past runs keep their own snapshot."""
        with self.db.write() as s:
            row = self._get(s, experiment_id)
            row.name = spec.name or row.name
            if description is not None:
                row.description = description
            row.updated_at = time.time()
            s.execute(delete(ExperimentCase).where(ExperimentCase.experiment_id == experiment_id))
            s.execute(
                delete(ExperimentConfig).where(ExperimentConfig.experiment_id == experiment_id)
            )
            self._write_definition(s, row, spec)

    def _write_definition(self, s: Session, row: Experiment, spec: ExperimentSpec) -> None:
        row.versions = [v.to_dict() for v in spec.versions]
        row.checks = [c.to_dict() for c in spec.checks]
        row.repeats = spec.repeats
        for i, case in enumerate(spec.cases):
            s.add(
                ExperimentCase(
                    experiment_id=row.id, position=i, label=case.label, values=dict(case.values)
                )
            )
        for i, c in enumerate(spec.configs):
            s.add(
                ExperimentConfig(
                    experiment_id=row.id,
                    position=i,
                    label=c.label,
                    model_path=c.model_path,
                    backend=c.backend,
                    params=dict(c.params),
                    load=dict(c.load),
                )
            )

    def _get(self, s: Session, experiment_id: int) -> Experiment:
        row = s.get(Experiment, experiment_id)
        if row is None:
            raise NotFoundError(E.NO_EXPERIMENT(id=experiment_id))
        return row

    def get(self, experiment_id: int) -> ExperimentRecord:
        with self.db.read() as s:
            row = self._get(s, experiment_id)
            cases = s.scalars(
                select(ExperimentCase)
                .where(ExperimentCase.experiment_id == experiment_id)
                .order_by(ExperimentCase.position)
            ).all()
            configs = s.scalars(
                select(ExperimentConfig)
                .where(ExperimentConfig.experiment_id == experiment_id)
                .order_by(ExperimentConfig.position)
            ).all()
            spec = ExperimentSpec(
                name=row.name,
                versions=tuple(PromptVersion.from_dict(v) for v in row.versions),
                cases=tuple(Case(c.label, dict(c.values)) for c in cases),
                configs=tuple(
                    RunConfig(c.label, c.model_path, dict(c.params), dict(c.load), c.backend)
                    for c in configs
                ),
                repeats=row.repeats,
                checks=tuple(Check.from_dict(c) for c in row.checks),
            )
            return ExperimentRecord(
                row.id,
                row.name,
                row.description,
                spec,
                to_datetime(row.created_at),  # type: ignore[arg-type]
                to_datetime(row.updated_at),  # type: ignore[arg-type]
            )

    def summaries(self) -> list[ExperimentSummary]:
        with self.db.read() as s:
            counts = (
                select(ExperimentRun.experiment_id, func.count().label("n"))
                .group_by(ExperimentRun.experiment_id)
                .subquery()
            )
            rows = s.execute(
                select(Experiment, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.experiment_id == Experiment.id)
                .order_by(Experiment.updated_at.desc(), Experiment.id.desc())
            ).all()
            return [
                ExperimentSummary(e.id, e.name, to_datetime(e.updated_at), n)  # type: ignore[arg-type]
                for e, n in rows
            ]

    def find(self, name: str) -> int | None:
        with self.db.read() as s:
            return s.scalar(
                select(Experiment.id)
                .where(Experiment.name == name)
                .order_by(Experiment.id.desc())
                .limit(1)
            )

    def rename(self, experiment_id: int, name: str) -> None:
        if not name.strip():
            raise InvalidOperationError(E.EXPERIMENT_NEEDS_NAME())
        with self.db.write() as s:
            row = self._get(s, experiment_id)
            row.name = name.strip()
            row.updated_at = time.time()

    def delete(self, experiment_id: int) -> None:
        with self.db.write() as s:
            s.delete(self._get(s, experiment_id))

    # ---- runs

    def start_run(
        self, experiment_id: int, spec: ExperimentSpec, total: int, engine_version: str
    ) -> int:
        with self.db.write() as s:
            self._get(s, experiment_id)
            last = s.scalar(
                select(func.max(ExperimentRun.number)).where(
                    ExperimentRun.experiment_id == experiment_id
                )
            )
            run = ExperimentRun(
                experiment_id=experiment_id,
                number=(last or 0) + 1,
                status="running",
                engine_version=engine_version,
                spec=spec.to_dict(),
                total_cells=total,
                started_at=time.time(),
            )
            s.add(run)
            s.flush()
            return run.id

    def add_result(self, run_id: int, r: CellResult) -> int:
        with self.db.write() as s:
            row = ExperimentResult(
                run_id=run_id,
                version_index=r.cell.version,
                case_index=r.cell.case,
                config_index=r.cell.config,
                repeat=r.cell.repeat,
                kind=r.prompt.kind,
                system=r.prompt.system,
                prompt=r.prompt.user,
                model_prompt=r.model_prompt,
                model_path=r.model_path,
                backend=r.backend,
                server_version=r.server_version,
                params=params_to_dict(r.params),
                seed=r.seed,
                output=r.output,
                finish_reason=r.finish_reason,
                prompt_tokens=r.prompt_tokens,
                completion_tokens=r.completion_tokens,
                ttft_seconds=r.ttft_seconds,
                tokens_per_second=r.tokens_per_second,
                total_seconds=r.total_seconds,
                error=r.error,
                checks=[
                    {"check": o.check.to_dict(), "passed": o.passed, "detail": o.detail}
                    for o in r.checks
                ],
                passed=r.passed,
                created_at=time.time(),
            )
            s.add(row)
            s.flush()
            return row.id

    def finish_run(
        self, run_id: int, status: str, error: str = "", engine_version: str = ""
    ) -> None:
        if status not in RUN_STATUSES:
            raise InvalidOperationError(E.UNKNOWN_RUN_STATUS(status=status))
        with self.db.write() as s:
            run = s.get(ExperimentRun, run_id)
            if run is None:
                raise NotFoundError(E.NO_RUN(id=run_id))
            run.status, run.error, run.finished_at = status, error, time.time()
            if engine_version:
                run.engine_version = engine_version

    def save_run(self, experiment_id: int, spec: ExperimentSpec, outcome: RunOutcome) -> int:
        """Records a finished run in one go (the CLI's path)."""
        run_id = self.start_run(experiment_id, spec, outcome.total, outcome.engine_version)
        for r in outcome.results:
            self.add_result(run_id, r)
        self.finish_run(run_id, outcome.status, outcome.error)
        return run_id

    def mark_interrupted(self) -> int:
        """Runs left "running" by a crash; called at start. Returns how many."""
        with self.db.write() as s:
            runs = s.scalars(select(ExperimentRun).where(ExperimentRun.status == "running")).all()
            for run in runs:
                run.status = "interrupted"
            return len(runs)

    def runs(self, experiment_id: int) -> list[RunSummary]:
        with self.db.read() as s:
            done = (
                select(ExperimentResult.run_id, func.count().label("n"))
                .group_by(ExperimentResult.run_id)
                .subquery()
            )
            rows = s.execute(
                select(ExperimentRun, func.coalesce(done.c.n, 0))
                .outerjoin(done, done.c.run_id == ExperimentRun.id)
                .where(ExperimentRun.experiment_id == experiment_id)
                .order_by(ExperimentRun.number.desc())
            ).all()
            return [_run_summary(run, n) for run, n in rows]

    def load_run(self, run_id: int) -> StoredRun:
        with self.db.read() as s:
            run = s.get(ExperimentRun, run_id)
            if run is None:
                raise NotFoundError(E.NO_RUN(id=run_id))
            rows = s.execute(
                select(ExperimentResult, ExperimentRating.rating)
                .outerjoin(ExperimentRating, ExperimentRating.result_id == ExperimentResult.id)
                .where(ExperimentResult.run_id == run_id)
                .order_by(ExperimentResult.id)
            ).all()
            results = tuple(StoredResult(r.id, _result_from_row(r), rating) for r, rating in rows)
            return StoredRun(
                _run_summary(run, len(results)), ExperimentSpec.from_dict(run.spec), results
            )

    def set_rating(self, result_id: int, rating: int | None) -> None:
        """1-5, or None to clear."""
        if rating is not None and not 1 <= int(rating) <= 5:
            raise InvalidOperationError(E.RATING_RANGE())
        with self.db.write() as s:
            if s.get(ExperimentResult, result_id) is None:
                raise NotFoundError(E.NO_RESULT(id=result_id))
            row = s.get(ExperimentRating, result_id)
            if rating is None:
                if row is not None:
                    s.delete(row)
                return
            if row is None:
                s.add(
                    ExperimentRating(
                        result_id=result_id, rating=int(rating), updated_at=time.time()
                    )
                )
            else:
                row.rating, row.updated_at = int(rating), time.time()
