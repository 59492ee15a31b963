"""Comparing results: pass rate per grid column, and two runs of one experiment side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.core.experiments.runner import CellResult, ExperimentSpec, pass_rate

# Runs are matched by labels, not indexes: the experiment may have been edited between runs.
ResultKey = tuple[str, str, str, int]  # version label, case label, config label, repeat


def result_key(spec: ExperimentSpec, r: CellResult) -> ResultKey:
    return (
        spec.versions[r.cell.version].label,
        spec.cases[r.cell.case].label,
        spec.configs[r.cell.config].label,
        r.cell.repeat,
    )


def column_pass_rates(
    spec: ExperimentSpec, results: Iterable[CellResult]
) -> dict[tuple[int, int], float | None]:
    """(config index, version index) -> pass rate of that grid column (None: no checks)."""
    by_column: dict[tuple[int, int], list[CellResult]] = {}
    for r in results:
        by_column.setdefault((r.cell.config, r.cell.version), []).append(r)
    return {
        (c, v): pass_rate(by_column.get((c, v), ()))
        for c in range(len(spec.configs))
        for v in range(len(spec.versions))
    }


@dataclass(frozen=True)
class CompareRow:
    key: ResultKey
    a: CellResult | None
    b: CellResult | None

    @property
    def changed(self) -> bool:
        if self.a is None or self.b is None:
            return True
        return self.a.output != self.b.output or self.a.passed != self.b.passed


@dataclass(frozen=True)
class RunComparison:
    rows: tuple[CompareRow, ...]
    pass_rate_a: float | None
    pass_rate_b: float | None

    @property
    def changed_count(self) -> int:
        return sum(r.changed for r in self.rows)


def compare_runs(
    spec_a: ExperimentSpec,
    results_a: Sequence[CellResult],
    spec_b: ExperimentSpec,
    results_b: Sequence[CellResult],
) -> RunComparison:
    a = {result_key(spec_a, r): r for r in results_a}
    b = {result_key(spec_b, r): r for r in results_b}
    keys = list(a) + [k for k in b if k not in a]
    return RunComparison(
        rows=tuple(CompareRow(k, a.get(k), b.get(k)) for k in keys),
        pass_rate_a=pass_rate(results_a),
        pass_rate_b=pass_rate(results_b),
    )
