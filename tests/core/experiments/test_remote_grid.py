"""Experiments on a server: cells run several at once, each records where it ran, and a run
mixing the local engine and a server keeps one grid order."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.experiments.checks import Check
from desktop.core.experiments.runner import (
    Case,
    ExperimentRunner,
    ExperimentSpec,
    PromptVersion,
    RunConfig,
    plan_cells,
)
from desktop.core.store import open_store
from desktop.core.store.experiments import ExperimentRepository
from tests.fixtures.backends import backend_for


@pytest.fixture
def server(llama_server_process) -> Iterator:
    with backend_for("llama-server", llama_server_process, "box") as made:
        yield made.backend


def _spec(tiny_model_path, configs) -> ExperimentSpec:
    return ExperimentSpec(
        name="remote grid",
        versions=(PromptVersion("v1", "Say hello to {{name}}."),),
        cases=tuple(Case(n, {"name": n}) for n in ("Ada", "李雷", "Bo")),
        configs=configs,
        repeats=4,
        checks=(Check("max_tokens", "6"),),
    )


class _Counting:
    """Wraps a backend to see how many replies stream at the same time."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.lock = threading.Lock()
        self.running = self.peak = 0

    def __getattr__(self, name):
        return getattr(self.backend, name)

    def generate(self, request, on_event=None, *, model=None):
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)

        def done(event) -> None:
            if type(event).__name__ != "TokenBatch":
                with self.lock:
                    self.running -= 1

        return self.backend.generate(request, done, model=model)


def test_remote_cells_run_in_parallel_and_record_where_they_ran(
    server, tiny_model_path, paths
) -> None:
    counting = _Counting(server)
    spec = _spec(
        tiny_model_path,
        (RunConfig("remote", "", {"seed": 1, "max_tokens": 6}, backend="box"),),
    )
    runner = ExperimentRunner(None, spec, backends=lambda name: counting, parallelism=4)
    outcome = runner.run()
    assert outcome.status == "complete" and len(outcome.results) == 12
    assert counting.peak > 1, "cells ran at the same time"
    assert [r.cell for r in outcome.results] == plan_cells(spec)
    r = outcome.results[0]
    assert (r.backend, r.model_path) == ("box", str(tiny_model_path))
    assert r.server_version.startswith("llama-server b") and all(x.passed for x in outcome.results)
    assert outcome.engine_version.startswith("box: llama-server")
    with open_store(paths) as store:
        repo = ExperimentRepository(store.db)
        run_id = repo.save_run(repo.create(spec), spec, outcome)
        stored = repo.load_run(run_id)
    assert stored.spec.configs[0].backend == "box"
    assert [s.result for s in stored.results] == list(outcome.results)


def test_local_and_remote_configs_share_one_grid(server, tiny_model_path) -> None:
    spec = _spec(
        tiny_model_path,
        (
            RunConfig("here", str(tiny_model_path), {"seed": 1, "max_tokens": 4}),
            RunConfig("there", "", {"seed": 1, "max_tokens": 4}, backend="box"),
        ),
    )
    engine = EngineClient()
    try:
        outcome = ExperimentRunner(engine, spec, backends=lambda name: server).run()
    finally:
        engine.close()
    assert outcome.status == "complete" and len(outcome.results) == 24
    backends = {r.cell.config: (r.backend, r.server_version) for r in outcome.results}
    assert backends[0][0] == "local" and "libllama" in backends[0][1]
    assert backends[1][0] == "box" and backends[1][1].startswith("llama-server")


def test_a_remote_config_without_backends_is_refused_before_anything_runs(tiny_model_path) -> None:
    from desktop.core.experiments.runner import ExperimentInvalid

    spec = _spec(tiny_model_path, (RunConfig("r", "", {}, backend="box"),))
    with pytest.raises(ExperimentInvalid, match="backend 'box'"):
        ExperimentRunner(None, spec)
