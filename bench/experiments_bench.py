"""Prompt templates and experiments: render speed, runner overhead per cell, result storage.

Usage: python bench/experiments_bench.py [MODEL.gguf] [--cells N] [--stored N] [--json]

Without MODEL the tiny test model is written to a temporary folder. Measures:
  render_us        parse + render of a 10 KB template with 40 variables (live preview, per key)
  runner_ms_cell   wall time per grid cell through ExperimentRunner (max_tokens=1)
  direct_ms_cell   the same requests sent straight to EngineClient.generate
  save_ms_p50/p99  ExperimentRepository.add_result per cell (one transaction each)
  load_ms          load_run of a run with --stored results (the results grid opening it)
  grid_add_us      ResultsGridModel.add_result per cell while 10,000 cells stream in (Qt,
                   offscreen; skipped when PySide6 is missing)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a plain checkout


def bench_render(rounds: int = 2000) -> float:
    from desktop.core.templates.variables import render_prompt

    names = [f"var_{i}" for i in range(40)]
    chunk = 'Lorem ipsum dolor sit amet, 你好世界, {"json": true}. '
    body = "".join(f"{chunk * 4}{{{{{n}}}}} " for n in names)
    body = (body * (10_000 // len(body) + 1))[:10_000]
    body += "".join(f"{{{{{n}}}}}" for n in names)
    values = {n: f"value {n}" for n in names}
    t0 = time.perf_counter()
    for _ in range(rounds):
        render_prompt("chat", "You are {{var_0}}.", body, values, strict=False)
    return (time.perf_counter() - t0) / rounds * 1e6


def bench_runner(model: Path, cells: int, rounds: int = 3) -> tuple[float, float]:
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.protocol import LoadOptions
    from desktop.core.experiments.runner import (
        Case,
        ExperimentRunner,
        ExperimentSpec,
        PromptVersion,
        RunConfig,
        build_request,
        effective_params,
    )
    from desktop.core.templates.variables import render_prompt

    spec = ExperimentSpec(
        versions=(PromptVersion("v", "Say hello to {{name}}."),),
        cases=tuple(Case(f"c{i}", {"name": f"name {i}"}) for i in range(cells)),
        configs=(RunConfig("c", str(model), {"seed": 1, "max_tokens": 1}, {"n_ctx": 512}),),
    )

    def direct_round() -> float:
        t0 = time.perf_counter()
        for i, case in enumerate(spec.cases):
            prompt = render_prompt("chat", "", spec.versions[0].body, case.values)
            params = effective_params(spec.versions[0], spec.configs[0], 0)
            client.generate(build_request(i + 1, prompt, params)).wait()
        return (time.perf_counter() - t0) / cells * 1000

    def runner_round() -> float:
        # The runner loads the model once per run; that load is timed apart and taken out.
        t0 = time.perf_counter()
        client.load(LoadOptions(str(model), n_ctx=512))
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        ExperimentRunner(client, spec).run()
        return (time.perf_counter() - t0 - load) / cells * 1000

    with EngineClient() as client:
        client.load(LoadOptions(str(model), n_ctx=512))
        direct_round()  # warm-up
        direct, runner = [], []
        for _ in range(rounds):  # interleaved, so machine load hits both alike
            direct.append(direct_round())
            runner.append(runner_round())
            client.load(LoadOptions(str(model), n_ctx=512))
        return statistics.median(runner), statistics.median(direct)


def bench_store(stored: int, folder: Path) -> tuple[float, float, float]:
    from desktop.core.engine.protocol import SamplingParams
    from desktop.core.experiments.checks import Check, CheckOutcome
    from desktop.core.experiments.runner import (
        Case,
        Cell,
        CellResult,
        ExperimentSpec,
        PromptVersion,
        RunConfig,
    )
    from desktop.core.store.db import open_store
    from desktop.core.templates.variables import RenderedPrompt

    spec = ExperimentSpec(
        versions=(PromptVersion("v", "{{x}}"),),
        cases=tuple(Case(f"c{i}", {"x": str(i)}) for i in range(stored)),
        configs=(RunConfig("c", "m.gguf"),),
        checks=(Check("max_tokens", "64"),),
    )
    with open_store(folder / "bench.db") as store:
        repo = store.experiments
        exp = repo.create(spec)
        run = repo.start_run(exp, spec, stored, "bench")
        times = []
        for i in range(stored):
            r = CellResult(
                Cell(0, i, 0, 0),
                RenderedPrompt("chat", "system", f"prompt {i} 你好" * 20),
                SamplingParams(seed=i),
                i,
                "m.gguf",
                output="output 输出 " * 60,
                finish_reason="length",
                completion_tokens=64,
                ttft_seconds=0.01,
                tokens_per_second=100.0,
                checks=(CheckOutcome(spec.checks[0], True),),
            )
            t0 = time.perf_counter()
            repo.add_result(run, r)
            times.append((time.perf_counter() - t0) * 1000)
        repo.finish_run(run, "complete")
        t0 = time.perf_counter()
        loaded = repo.load_run(run)
        load_ms = (time.perf_counter() - t0) * 1000
        assert len(loaded.results) == stored
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1], load_ms


def bench_grid(cells: int = 10_000) -> float | None:
    try:
        from PySide6.QtCore import QCoreApplication

    except ImportError:
        return None
    from desktop.core.engine.protocol import SamplingParams
    from desktop.core.experiments.checks import Check, CheckOutcome
    from desktop.core.experiments.runner import (
        Case,
        Cell,
        CellResult,
        ExperimentSpec,
        PromptVersion,
        RunConfig,
    )
    from desktop.core.templates.variables import RenderedPrompt
    from desktop.ui.experiments.results import ResultsGridModel

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 - models need one
    check = Check("max_tokens", "5")
    spec = ExperimentSpec(
        versions=(PromptVersion("a", "x"), PromptVersion("b", "y")),
        cases=tuple(Case(f"c{i}", {}) for i in range(cells // 4)),
        configs=(RunConfig("k", "m.gguf"), RunConfig("l", "m.gguf")),
        checks=(check,),
    )
    results = [
        CellResult(
            Cell(v, c, k, 0),
            RenderedPrompt("chat", "", "x"),
            SamplingParams(seed=1),
            1,
            "m",
            output="out " * 50,
            checks=(CheckOutcome(check, c % 2 == 0),),
        )
        for k in range(2)
        for v in range(2)
        for c in range(cells // 4)
    ]
    grid = ResultsGridModel()
    grid.set_run(spec)
    t0 = time.perf_counter()
    for i, r in enumerate(results):
        grid.add_result(i, r)
    return (time.perf_counter() - t0) / len(results) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?")
    ap.add_argument("--cells", type=int, default=100)
    ap.add_argument("--stored", type=int, default=1000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = Path(args.model) if args.model else None
        if model is None:
            from desktop.core.gguf.tiny_model import write_tiny_gguf

            model = write_tiny_gguf(folder / "tiny.gguf")
        figures = {"render_us": round(bench_render(), 1)}
        runner, direct = bench_runner(model, args.cells)
        figures.update(runner_ms_cell=round(runner, 2), direct_ms_cell=round(direct, 2))
        p50, p99, load = bench_store(args.stored, folder)
        figures.update(save_ms_p50=round(p50, 2), save_ms_p99=round(p99, 2), load_ms=round(load, 1))
        grid = bench_grid()
        if grid is not None:
            figures["grid_add_us"] = round(grid, 1)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>16}  {value}")


if __name__ == "__main__":
    main()
