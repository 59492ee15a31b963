"""`tessera experiment run|rerun|list|show|export`: run a prompt grid from a file and keep its runs."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.backend_option import add_backend_options, wants_remote
from desktop.cli.terminal import shown

EXAMPLE = """example (exp.yaml):
  name: greetings
  templates:
    - builtin: translate
    - label: short
      body: "Greet {{name}} in {{language=English}}."
  cases:
    - {name: Ada, text: hello}
    - {name: 李雷, text: 你好, language: 中文}
  configs:
    - {label: cold, model: models/tiny.gguf, temperature: 0.2, seed: 7, max_tokens: 64}
    - {label: warm, model: models/tiny.gguf, temperature: 0.9, seed: 7, max_tokens: 64}
  repeats: 2
  checks:
    - not_contains: sorry
    - max_tokens: 64
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "experiment",
        help="run prompt experiments (versions x cases x configs x repeats)",
        description="Prompt experiments. See `tessera experiment run --help` for the file format.",
    )
    sub = parser.add_subparsers(dest="experiment_command", metavar="ACTION", required=True)

    p = sub.add_parser(
        "run",
        help="run the experiment described in FILE and save the run",
        description="FILE (YAML or JSON) lists templates (builtin: NAME, template: NAME with "
        "optional version: N, or an inline body), cases (variable values, or cases_csv: FILE), "
        "configs (model: PATH plus sampling params such as temperature, seed, max_tokens), "
        "repeats and checks (contains, not_contains, regex, valid_json, max_tokens, equals, "
        "matches_format). An output format (format: json, json_schema: {...} or "
        "json_schema_file: FILE, grammar: GBNF or grammar_file: FILE) on a config, or at the "
        "top level for every config, constrains the replies with a grammar; each reply is "
        "then validated (matches_format). "
        "Prints a results table and saves the run under the experiment's name.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EXAMPLE,
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--no-save", action="store_true", help="do not save the run")
    _remote_options(p)
    p.set_defaults(handler=_run)

    p = sub.add_parser(
        "rerun",
        help="run a saved experiment again and save the new run",
        description="Runs the saved experiment as it is defined now, or, with --run N, exactly "
        "as run N ran (its snapshot).",
    )
    p.add_argument("experiment", metavar="ID_OR_NAME")
    p.add_argument("--run", type=int, metavar="N", help="repeat run N's snapshot")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-save", action="store_true")
    _remote_options(p)
    p.set_defaults(handler=_rerun)

    p = sub.add_parser("list", help="saved experiments and their run counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)

    p = sub.add_parser("show", help="the results of a saved run")
    p.add_argument("experiment", metavar="ID_OR_NAME")
    p.add_argument("--run", type=int, metavar="N", help="run number (default: the latest)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_show)

    p = sub.add_parser("export", help="write a saved run's results to CSV or JSON")
    p.add_argument("experiment", metavar="ID_OR_NAME")
    p.add_argument("--run", type=int, metavar="N", help="run number (default: the latest)")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    p.set_defaults(handler=_export)


def _remote_options(parser: argparse.ArgumentParser) -> None:
    add_backend_options(parser)
    parser.add_argument(
        "--parallel",
        type=int,
        metavar="N",
        help="cells at once on a remote backend (default: the backends.parallelism setting, "
        "4); local models always run one cell at a time",
    )


def _on_backend(spec, args: argparse.Namespace):
    """With --backend: every config runs on that backend (--remote-model, or its default)."""
    import dataclasses

    if not wants_remote(args):
        return spec
    configs = tuple(
        dataclasses.replace(c, backend=args.backend, model_path=args.remote_model or "", load={})
        for c in spec.configs
    )
    return dataclasses.replace(spec, configs=configs)


def _fail(message: str, code: int = 1) -> int:
    print(f"tessera experiment: {shown(message, sys.stderr)}", file=sys.stderr)
    return code


def _open(paths):
    from desktop.core.store.db import open_store
    from desktop.core.templates.library import TemplateLibrary

    store = open_store(paths.ensure())
    return store, store.experiments, TemplateLibrary(store.templates)


# --------------------------------------------------------------------------- printing


def _char_width(ch: str) -> int:
    import unicodedata

    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _one_line(text: str, width: int) -> str:
    """One terminal line of at most `width` columns (Chinese characters take two); controls
    in model output are shown as escapes on a terminal."""
    flat = shown(" ".join(text.split()), one_line=True)
    if sum(map(_char_width, flat)) <= width:
        return flat
    out, used = [], 0
    for ch in flat:
        w = _char_width(ch)
        if used + w > width - 1:
            out.append("…")
            break
        out.append(ch)
        used += w
    return "".join(out)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - sum(_char_width(ch) for ch in text))


def format_results_table(spec, results, width: int = 28) -> str:
    """Rows: case (and repeat); columns: config x version; a pass-rate line per column."""
    from desktop.core.experiments.compare import column_pass_rates

    columns = [(c, v) for c in range(len(spec.configs)) for v in range(len(spec.versions))]
    cells = {(r.cell.case, r.cell.repeat, r.cell.config, r.cell.version): r for r in results}
    heads = [f"{spec.configs[c].label} · {spec.versions[v].label}" for c, v in columns]
    label_w = min(24, max([9] + [sum(map(_char_width, c.label)) + 4 for c in spec.cases]))
    lines = [
        "  ".join([f"{'case':<{label_w}}"] + [_one_line(h, width).ljust(width) for h in heads])
    ]
    for k, case in enumerate(spec.cases):
        for rep in range(spec.repeats):
            label = case.label if spec.repeats == 1 else f"{case.label} #{rep + 1}"
            row = [_pad(_one_line(label, label_w), label_w)]
            for c, v in columns:
                r = cells.get((k, rep, c, v))
                if r is None:
                    text = "(not run)"
                elif r.error:
                    text = f"ERROR {r.error}"
                else:
                    mark = {True: "✓ ", False: "✗ ", None: ""}[r.passed]
                    text = f"{mark}{r.output}"
                row.append(_pad(_one_line(text, width), width))
            lines.append("  ".join(row))
    rates = column_pass_rates(spec, results)
    if spec.checks:
        row = [_pad("pass rate", label_w)]
        for col in columns:
            rate = rates[col]
            row.append(_pad("-" if rate is None else f"{rate:.0%}", width))
        lines.append("  ".join(row))
    return "\n".join(line.rstrip() for line in lines)


def _stats_line(results) -> str:
    tps = [r.tokens_per_second for r in results if r.tokens_per_second]
    ttft = [r.ttft_seconds for r in results if r.ttft_seconds is not None]
    parts = [f"{len(results)} cells"]
    if ttft:
        parts.append(f"median TTFT {sorted(ttft)[len(ttft) // 2] * 1000:.0f} ms")
    if tps:
        parts.append(f"median {sorted(tps)[len(tps) // 2]:.1f} tok/s")
    return ", ".join(parts)


# --------------------------------------------------------------------------- run


def _run(args: argparse.Namespace, paths) -> int:
    from pathlib import Path

    from desktop.core.experiments.files import load_experiment_file
    from desktop.core.experiments.versions import template_resolver

    return _run_spec(
        args,
        paths,
        lambda repo, library: load_experiment_file(Path(args.file), template_resolver(library)),
    )


def _rerun(args: argparse.Namespace, paths) -> int:
    """Runs a saved experiment again: its current definition, or a past run's snapshot."""

    def load(repo, library):
        if args.run is not None:
            return _find_run(args, repo).spec
        exp_id = _experiment_id(args.experiment, repo)
        return repo.get(exp_id).spec

    return _run_spec(args, paths, load)


def _run_spec(args: argparse.Namespace, paths, load_spec) -> int:
    """Runs the grid; each finished cell is saved as it arrives, so Ctrl-C (or a crash) keeps
    every finished cell: the run is marked cancelled (or interrupted, on the next start)."""
    from desktop.core.engine.client import EngineClient
    from desktop.core.experiments.files import ExperimentFileError, results_to_json
    from desktop.core.experiments.runner import (
        ExperimentInvalid,
        ExperimentRunner,
        engine_version,
    )
    from desktop.core.messages import UserError
    from desktop.core.store.errors import StoreError

    try:
        store, repo, library = _open(paths)
    except StoreError as exc:
        return _fail(str(exc))
    from desktop.cli.backend_option import open_registry
    from desktop.core.backends.registry import parallelism

    engine = EngineClient()
    backends = open_registry(store)
    try:
        saving = _RunSaver(repo, enabled=not args.no_save)
        try:
            spec = _on_backend(load_spec(repo, library), args)
            parallel = args.parallel or parallelism(store.settings)
            if parallel < 1:
                return _fail("--parallel must be at least 1.", 2)
            runner = ExperimentRunner(
                engine,
                spec,
                backends=backends.open,
                parallelism=parallel,
                on_result=lambda r, done, total: saving.add(spec, r, done, total),
                on_status=lambda text: print(shown(str(text), sys.stderr), file=sys.stderr),
            )
        except (ExperimentFileError, LookupError, UserError) as exc:
            return _fail(str(exc), 2)
        except ExperimentInvalid as exc:
            for problem in exc.problems:
                print(f"tessera experiment: {shown(problem, sys.stderr)}", file=sys.stderr)
            return 2
        saving.start(
            spec, runner.total, engine_version(), from_file=bool(getattr(args, "file", None))
        )
        runner.start()
        outcome = _wait_for(runner)
        saving.finish(outcome)
        if args.json:
            meta = {
                "experiment": spec.name,
                "experiment_id": saving.experiment_id,
                "run_id": saving.run_id,
                "run_number": saving.run_number,
                "status": outcome.status,
                "error": outcome.error,
                "engine_version": outcome.engine_version,
                "total_cells": outcome.total,
            }
            print(results_to_json(spec, outcome.results, meta=meta))
        else:
            print(format_results_table(spec, outcome.results))
            number = saving.run_number
            saved = f"; saved as run {number} of '{spec.name}'" if number else ""
            stats = _stats_line(outcome.results)
            print(shown(f"\n{outcome.status}: {stats} of {outcome.total}{saved}"))
            if outcome.error:
                print(f"error: {shown(outcome.error, sys.stderr)}", file=sys.stderr)
        return {"complete": 0, "cancelled": 130}.get(outcome.status, 1)
    finally:
        backends.close()
        engine.close()
        store.close()


def _wait_for(runner):
    """The run's outcome. The first Ctrl-C cancels (the cell being generated stops within a
    token; finished cells stay); later ones only say that it is still stopping."""
    cancelling = False
    while True:
        try:
            outcome = runner.wait(0.2)
            if outcome is not None:
                return outcome
        except KeyboardInterrupt:
            if cancelling:
                print("still cancelling…", file=sys.stderr)
            else:
                print("cancelling… (finished cells are kept)", file=sys.stderr)
                cancelling = True
            runner.cancel()


class _RunSaver:
    """Saves a CLI run as it goes: the run row first, then each cell, then the status."""

    def __init__(self, repo, *, enabled: bool) -> None:
        self.repo = repo
        self.enabled = enabled
        self.experiment_id: int | None = None
        self.run_id: int | None = None
        self.run_number: int | None = None
        self._warned = False

    def _warn(self, exc: Exception) -> None:
        if not self._warned:
            print(f"tessera experiment: the run is not being saved: {exc}", file=sys.stderr)
        self._warned = True

    def start(self, spec, total: int, engine: str, *, from_file: bool) -> None:
        from desktop.core.store.errors import StoreError

        if not self.enabled:
            return
        try:
            self.experiment_id = self.repo.find(spec.name)
            if self.experiment_id is None:
                self.experiment_id = self.repo.create(spec)
            elif from_file:
                self.repo.update(self.experiment_id, spec)  # the file is the definition now
            self.run_id = self.repo.start_run(self.experiment_id, spec, total, engine)
            self.run_number = next(
                r.number for r in self.repo.runs(self.experiment_id) if r.id == self.run_id
            )
        except StoreError as exc:
            self.run_id = None
            self._warn(exc)

    def add(self, spec, result, done: int, total: int) -> None:
        from desktop.core.store.errors import StoreError

        _progress(spec, result, done, total)
        if self.run_id is None:
            return
        try:
            self.repo.add_result(self.run_id, result)
        except StoreError as exc:
            self._warn(exc)

    def finish(self, outcome) -> None:
        from desktop.core.store.errors import StoreError

        if self.run_id is None:
            return
        try:
            self.repo.finish_run(self.run_id, outcome.status, outcome.error)
        except StoreError as exc:
            self._warn(exc)


def _progress(spec, r, done: int, total: int) -> None:
    v, c = spec.versions[r.cell.version].label, spec.configs[r.cell.config].label
    case = spec.cases[r.cell.case].label
    verdict = {True: "pass", False: "FAIL", None: ""}[r.passed]
    detail = f"error: {r.error}" if r.error else f"{r.completion_tokens} tokens {verdict}".strip()
    line = f"[{done}/{total}] {c} · {v} · {case} #{r.cell.repeat + 1}: {detail}"
    print(shown(line, sys.stderr, one_line=True), file=sys.stderr)


# --------------------------------------------------------------------------- saved runs


def _with_repo(fn):
    def handler(args, paths) -> int:
        from desktop.core.store.errors import StoreError

        try:
            store, repo, _library = _open(paths)
        except StoreError as exc:
            return _fail(str(exc))
        try:
            return fn(args, repo)
        except StoreError as exc:
            return _fail(str(exc))
        finally:
            store.close()

    return handler


@_with_repo
def _list(args, repo) -> int:
    rows = repo.summaries()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": e.id,
                        "name": e.name,
                        "runs": e.run_count,
                        "updated_at": e.updated_at.isoformat(),
                    }
                    for e in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not rows:
        print("No experiments yet. Run one with: tessera experiment run FILE")
    for e in rows:
        name = shown(e.name, one_line=True)
        print(f"{e.id:>4}  {name}  ({e.run_count} runs, {e.updated_at:%Y-%m-%d %H:%M})")
    return 0


def _experiment_id(name: str, repo) -> int:
    exp_id = int(name) if name.isdigit() else repo.find(name)
    if exp_id is None:
        raise LookupError(f"no experiment named {name!r}")
    return exp_id


def _find_run(args, repo):
    exp_id = _experiment_id(args.experiment, repo)
    runs = repo.runs(exp_id)
    if args.run is not None:
        runs = [r for r in runs if r.number == args.run]
    if not runs:
        raise LookupError(
            "that experiment has no such run" if args.run else "that experiment has no runs yet"
        )
    return repo.load_run(runs[0].id)


@_with_repo
def _show(args, repo) -> int:
    from desktop.core.experiments.files import results_to_json

    try:
        stored = _find_run(args, repo)
    except LookupError as exc:
        return _fail(str(exc), 2)
    results = [s.result for s in stored.results]
    s = stored.summary
    if args.json:
        meta = {"run_number": s.number, "status": s.status, "engine_version": s.engine_version}
        print(results_to_json(stored.spec, results, ratings=stored.ratings(), meta=meta))
        return 0
    name = shown(stored.spec.name, one_line=True)
    print(f"{name}: run {s.number}, {s.status}, {s.started_at:%Y-%m-%d %H:%M}, {s.engine_version}")
    print(format_results_table(stored.spec, results))
    return 0


@_with_repo
def _export(args, repo) -> int:
    from desktop.core.experiments.files import results_to_csv, results_to_json

    try:
        stored = _find_run(args, repo)
    except LookupError as exc:
        return _fail(str(exc), 2)
    results = [s.result for s in stored.results]
    if args.format == "json":
        text = results_to_json(stored.spec, results, ratings=stored.ratings()) + "\n"
    else:
        text = results_to_csv(stored.spec, results, ratings=stored.ratings())
    if args.output:
        from desktop.core.messages import UserError
        from desktop.core.userfiles import write_file

        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        try:
            write_file(args.output, text.encode(encoding))
        except UserError as exc:
            return _fail(str(exc))
    else:
        sys.stdout.write(text)
    return 0
