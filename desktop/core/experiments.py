"""The experiment grid runner: template versions x cases x run configs x repeats, on the engine.

The runner lives on a background thread of its own and talks to the rest of the app through
callbacks (the experiments panel turns them into Qt signals; the CLI prints). It never writes
the database: results are handed out as plain dataclasses and the caller saves them.

Order: configs that use the same model (and load options) are grouped, in the order they were
first listed; each model is loaded once and every version x case x repeat runs on it before
the next model is loaded, so a grid over two models costs two loads, not one per cell.

Seeds: a config's seed plus the repeat index (repeat 0 uses the seed as given), so repeats
differ but the whole grid is reproducible. A config without a seed gets a random one per cell,
recorded with the result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from desktop.core.engine.protocol import (
    ChatMessage,
    Done,
    EngineErrorEvent,
    GenerateRequest,
    LoadOptions,
    ModelInfo,
    SamplingParams,
    TokenBatch,
)
from desktop.core.experiment_checks import Check, CheckOutcome, evaluate_checks
from desktop.core.prompts import RenderedPrompt, check_values, render_prompt

SAMPLING_FIELDS = {f.name for f in dataclasses.fields(SamplingParams)}
LOAD_FIELDS = {f.name for f in dataclasses.fields(LoadOptions)} - {"path"}


class EngineLike(Protocol):
    """What the runner needs from `desktop.core.engine.client.EngineClient`."""

    def load(self, options: LoadOptions) -> ModelInfo: ...

    def generate(self, request: GenerateRequest) -> Iterable[Any]: ...

    def cancel(self) -> None: ...


class ExperimentInvalid(ValueError):
    """The experiment cannot run; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


# --------------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class PromptVersion:
    """One template version under test (a saved version, a built-in, or inline text)."""

    label: str
    body: str
    system: str = ""
    kind: str = "chat"
    params: Mapping[str, Any] = field(default_factory=dict)  # the template's default params
    template_name: str | None = None
    version_number: int | None = None
    version_id: int | None = None  # store id of the template version, when saved

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PromptVersion:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Case:
    label: str
    values: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "values": dict(self.values)}


@dataclass(frozen=True)
class RunConfig:
    """A model plus sampling params (only the ones set here override the template's)."""

    label: str
    model_path: str
    params: Mapping[str, Any] = field(default_factory=dict)
    load: Mapping[str, Any] = field(default_factory=dict)  # LoadOptions fields but path

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "model_path": self.model_path,
            "params": dict(self.params),
            "load": dict(self.load),
        }

    def load_options(self) -> LoadOptions:
        return LoadOptions(path=self.model_path, **dict(self.load))


@dataclass(frozen=True)
class ExperimentSpec:
    versions: tuple[PromptVersion, ...]
    cases: tuple[Case, ...]
    configs: tuple[RunConfig, ...]
    repeats: int = 1
    checks: tuple[Check, ...] = ()
    name: str = ""

    @property
    def size(self) -> int:
        return len(self.versions) * len(self.cases) * len(self.configs) * self.repeats

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "versions": [v.to_dict() for v in self.versions],
            "cases": [c.to_dict() for c in self.cases],
            "configs": [c.to_dict() for c in self.configs],
            "repeats": self.repeats,
            "checks": [c.to_dict() for c in self.checks],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExperimentSpec:
        return cls(
            name=str(data.get("name") or ""),
            versions=tuple(PromptVersion.from_dict(v) for v in data.get("versions") or ()),
            cases=tuple(
                Case(str(c.get("label") or ""), dict(c.get("values") or {}))
                for c in data.get("cases") or ()
            ),
            configs=tuple(
                RunConfig(
                    str(c.get("label") or ""),
                    str(c["model_path"]),
                    dict(c.get("params") or {}),
                    dict(c.get("load") or {}),
                )
                for c in data.get("configs") or ()
            ),
            repeats=int(data.get("repeats") or 1),
            checks=tuple(Check.from_dict(c) for c in data.get("checks") or ()),
        )


def validate_spec(spec: ExperimentSpec, *, check_files: bool = True) -> list[str]:
    """Every reason the experiment cannot run, found before anything is loaded."""
    problems: list[str] = []
    if not spec.versions:
        problems.append("Add at least one prompt version.")
    if not spec.cases:
        problems.append("Add at least one test case (a case may have no values).")
    if not spec.configs:
        problems.append("Add at least one run config (a model and its settings).")
    if spec.repeats < 1:
        problems.append("Repeats must be 1 or more.")
    for v in spec.versions:
        if v.kind not in ("chat", "completion"):
            problems.append(f"Version {v.label!r}: kind must be chat or completion.")
        for case in spec.cases:
            report = check_values(v.system, v.body, case.values)
            if report.problems:
                p = report.problems[0]
                problems.append(f"Version {v.label!r}: {p.message}: {p.text!r}.")
                break
            if report.missing:
                problems.append(
                    f"Case {case.label!r} has no value for {', '.join(report.missing)} "
                    f"(used by version {v.label!r})."
                )
    for c in spec.configs:
        unknown = sorted(set(c.params) - SAMPLING_FIELDS) + sorted(set(c.load) - LOAD_FIELDS)
        if unknown:
            problems.append(f"Config {c.label!r}: unknown setting(s) {', '.join(unknown)}.")
        if check_files and not Path(c.model_path).is_file():
            problems.append(f"Config {c.label!r}: model file not found: {c.model_path}")
    return problems


# --------------------------------------------------------------------------- the grid


@dataclass(frozen=True)
class Cell:
    version: int
    case: int
    config: int
    repeat: int


def plan_cells(spec: ExperimentSpec) -> list[Cell]:
    """Every cell in run order: grouped by model, then config, version, case, repeat."""
    groups: dict[tuple[str, tuple[tuple[str, Any], ...]], list[int]] = {}
    for i, c in enumerate(spec.configs):
        key = (c.model_path, tuple(sorted(c.load.items())))
        groups.setdefault(key, []).append(i)
    return [
        Cell(v, k, c, r)
        for indexes in groups.values()
        for c in indexes
        for v in range(len(spec.versions))
        for k in range(len(spec.cases))
        for r in range(spec.repeats)
    ]


def effective_params(version: PromptVersion, config: RunConfig, repeat: int) -> SamplingParams:
    """SamplingParams defaults, then the template's defaults, then the config's; seed resolved."""
    merged: dict[str, Any] = {}
    for source in (version.params, config.params):
        merged.update({k: v for k, v in source.items() if k in SAMPLING_FIELDS})
    for key in ("stop", "logit_bias"):
        if key in merged and isinstance(merged[key], list):
            merged[key] = tuple(tuple(x) if isinstance(x, list) else x for x in merged[key])
    if isinstance(merged.get("stop"), str):
        merged["stop"] = (merged["stop"],)
    seed = merged.get("seed")
    merged["seed"] = random.randrange(2**31) if seed is None else int(seed) + repeat
    return SamplingParams(**merged)


def build_request(
    request_id: int, prompt: RenderedPrompt, params: SamplingParams
) -> GenerateRequest:
    if prompt.kind == "completion":
        return GenerateRequest(request_id=request_id, params=params, text=prompt.text)
    messages = []
    if prompt.system:
        messages.append(ChatMessage("system", prompt.system))
    messages.append(ChatMessage("user", prompt.user))
    return GenerateRequest(request_id=request_id, params=params, messages=tuple(messages))


@dataclass(frozen=True)
class CellResult:
    cell: Cell
    prompt: RenderedPrompt  # exactly what was sent
    params: SamplingParams
    seed: int
    model_path: str
    output: str = ""
    finish_reason: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ttft_seconds: float | None = None
    tokens_per_second: float | None = None
    total_seconds: float = 0.0
    error: str = ""
    checks: tuple[CheckOutcome, ...] = ()

    @property
    def passed(self) -> bool | None:
        """None without checks; an errored cell never passes."""
        if not self.checks:
            return None
        return not self.error and all(c.passed for c in self.checks)


@dataclass(frozen=True)
class RunOutcome:
    status: str  # "complete" | "cancelled" | "failed"
    results: tuple[CellResult, ...]
    total: int
    engine_version: str
    started_at: float
    finished_at: float
    error: str = ""


def engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"llama-cpp-python {version('llama-cpp-python')}"
    except PackageNotFoundError:
        return "llama-cpp-python (not installed)"


def pass_rate(results: Iterable[CellResult]) -> float | None:
    """Share of checked cells that passed; None when nothing was checked."""
    verdicts = [r.passed for r in results if r.passed is not None]
    return sum(verdicts) / len(verdicts) if verdicts else None


# --------------------------------------------------------------------------- the runner


ProgressFn = Callable[[CellResult, int, int], None]  # result, cells done, total
FinishedFn = Callable[[RunOutcome], None]
StatusFn = Callable[[str], None]  # "loading model X", for a status line


class ExperimentRunner:
    """Runs one experiment on a background thread; `cancel()` stops it within one token batch.

    Callbacks run on the runner's thread: keep them short and hand data to your own thread.
    """

    def __init__(
        self,
        engine: EngineLike,
        spec: ExperimentSpec,
        *,
        on_result: ProgressFn | None = None,
        on_finished: FinishedFn | None = None,
        on_status: StatusFn | None = None,
        check_files: bool = True,
    ) -> None:
        problems = validate_spec(spec, check_files=check_files)
        if problems:
            raise ExperimentInvalid(problems)
        self.engine = engine
        self.spec = spec
        self.cells = plan_cells(spec)
        self._on_result = on_result
        self._on_finished = on_finished
        self._on_status = on_status
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._results: list[CellResult] = []
        self.outcome: RunOutcome | None = None

    @property
    def total(self) -> int:
        return len(self.cells)

    def start(self) -> ExperimentRunner:
        if self._thread is not None:
            raise RuntimeError("This experiment run was already started")
        self._thread = threading.Thread(target=self._run, name="experiment-runner", daemon=True)
        self._thread.start()
        return self

    def run(self) -> RunOutcome:
        """Runs on the calling thread (CLI); same callbacks."""
        self._run()
        assert self.outcome is not None
        return self.outcome

    def cancel(self) -> None:
        self._cancel.set()
        # The engine may be between requests, or gone: cancelling is best effort.
        with contextlib.suppress(Exception):
            self.engine.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> RunOutcome | None:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.outcome

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ---- thread body

    def _status(self, text: str) -> None:
        if self._on_status:
            self._on_status(text)

    def _run(self) -> None:
        started = time.time()
        status, error = "complete", ""
        loaded: tuple[str, tuple[tuple[str, Any], ...]] | None = None
        try:
            for index, cell in enumerate(self.cells):
                if self._cancel.is_set():
                    status = "cancelled"
                    break
                config = self.spec.configs[cell.config]
                key = (config.model_path, tuple(sorted(config.load.items())))
                if key != loaded:
                    self._status(f"Loading {Path(config.model_path).name}")
                    self.engine.load(config.load_options())
                    loaded = key
                    self._status(f"Running on {Path(config.model_path).name}")
                result = self._run_cell(index + 1, cell)
                if self._cancel.is_set() and result.finish_reason == "cancelled":
                    status = "cancelled"  # a half-finished cell is not a result
                    break
                self._results.append(result)
                if self._on_result:
                    self._on_result(result, len(self._results), self.total)
            else:
                if self._cancel.is_set():
                    status = "cancelled"
        except Exception as exc:  # noqa: BLE001 - reported to the user as the run's error
            status, error = "failed", str(exc) or type(exc).__name__
        self.outcome = RunOutcome(
            status=status,
            results=tuple(self._results),
            total=self.total,
            engine_version=engine_version(),
            started_at=started,
            finished_at=time.time(),
            error=error,
        )
        if self._on_finished:
            self._on_finished(self.outcome)

    def _run_cell(self, request_id: int, cell: Cell) -> CellResult:
        version = self.spec.versions[cell.version]
        case = self.spec.cases[cell.case]
        config = self.spec.configs[cell.config]
        prompt = render_prompt(version.kind, version.system, version.body, case.values)
        params = effective_params(version, config, cell.repeat)
        assert params.seed is not None
        base = CellResult(cell, prompt, params, params.seed, config.model_path)
        pieces: list[str] = []
        done: Done | None = None
        error = ""
        t0 = time.perf_counter()
        try:
            for event in self.engine.generate(build_request(request_id, prompt, params)):
                if isinstance(event, TokenBatch):
                    pieces.extend(t.text for t in event.tokens)
                elif isinstance(event, Done):
                    done = event
                elif isinstance(event, EngineErrorEvent):
                    error = event.message
        except Exception as exc:  # noqa: BLE001 - one failing cell does not end the grid
            error = str(exc) or type(exc).__name__
        elapsed = time.perf_counter() - t0
        output = done.text if done is not None else "".join(pieces)
        if done is None:
            error = error or "The engine returned no result."
            return dataclasses.replace(
                base,
                output=output,
                error=error,
                finish_reason="error",
                total_seconds=elapsed,
                checks=tuple(CheckOutcome(c, False, error) for c in self.spec.checks),
            )
        s = done.stats
        return dataclasses.replace(
            base,
            output=output,
            finish_reason=done.finish_reason,
            prompt_tokens=s.prompt_tokens,
            completion_tokens=s.completion_tokens,
            ttft_seconds=s.ttft_seconds,
            tokens_per_second=s.decode_tok_s,
            total_seconds=s.total_seconds or elapsed,
            error=error,
            checks=evaluate_checks(
                self.spec.checks, output, s.completion_tokens, dict(case.values)
            ),
        )
