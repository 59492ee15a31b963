"""The experiment grid runner: template versions x cases x run configs x repeats, on the engine.

The runner lives on a background thread of its own and talks to the rest of the app through
callbacks (the experiments panel turns them into Qt signals; the CLI prints). It never writes
the database: results are handed out as plain dataclasses and the caller saves them.

Order: configs that use the same model (and load options) are grouped, in the order they were
first listed; each model is loaded once and every version x case x repeat runs on it before
the next model is loaded, so a grid over two models costs two loads, not one per cell.

The experiment's definition and its grid order live in `experiment_spec` (re-exported here).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
from desktop.core.experiments import errors as E
from desktop.core.experiments.checks import CheckOutcome, evaluate_checks
from desktop.core.experiments.errors import ExperimentInvalid
from desktop.core.experiments.spec import (
    LOAD_FIELDS,
    SAMPLING_FIELDS,
    Case,
    Cell,
    ExperimentSpec,
    PromptVersion,
    RunConfig,
    effective_params,
    plan_cells,
    validate_spec,
)
from desktop.core.messages import Message, UserError, plain
from desktop.core.templates.variables import RenderedPrompt, render_prompt

log = logging.getLogger(__name__)

__all__ = [
    "LOAD_FIELDS",
    "SAMPLING_FIELDS",
    "Case",
    "Cell",
    "CellResult",
    "EngineLike",
    "ExperimentInvalid",
    "ExperimentRunner",
    "ExperimentSpec",
    "PromptVersion",
    "RunConfig",
    "RunOutcome",
    "build_request",
    "effective_params",
    "engine_version",
    "pass_rate",
    "plan_cells",
    "validate_spec",
]


class EngineLike(Protocol):
    """What the runner needs from `desktop.core.engine.client.EngineClient`."""

    def load(self, options: LoadOptions) -> ModelInfo: ...

    def generate(self, request: GenerateRequest) -> Iterable[Any]:
        """Events (TokenBatch..., then Done or EngineErrorEvent); the returned object's
        `cancel()`, when it has one, stops the reply."""
        ...


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
    # The prompt text after the model's chat template (what the model read), when the engine
    # can render it; for completion templates it is the prompt itself.
    model_prompt: str = ""
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


# Request ids are unique per process: runs may share one engine client.
_REQUEST_IDS = itertools.count(1)

ProgressFn = Callable[[CellResult, int, int], None]  # result, cells done, total
FinishedFn = Callable[[RunOutcome], None]
StatusFn = Callable[[Message], None]  # "Loading X", for a status line (translatable)


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
        # Set when `outcome` is ready. Waiting on it, not on Thread.join, because a join cut
        # short by Ctrl-C can return early forever after (CPython) and lose the outcome.
        self._finished = threading.Event()
        self._thread: threading.Thread | None = None
        self._results: list[CellResult] = []
        self._current: Any = None  # the running Generation
        self.running_cell: Cell | None = None  # the cell being generated right now
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
        generation = self._current
        try:
            if generation is not None and hasattr(generation, "cancel"):
                generation.cancel()
            elif hasattr(self.engine, "cancel"):
                self.engine.cancel()
        except Exception:
            log.warning("cancelling the running cell failed", exc_info=True)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> RunOutcome | None:
        """The outcome once the run has ended (None if it has not within `timeout`)."""
        if self._thread is not None:
            self._finished.wait(timeout)
        return self.outcome

    def is_running(self) -> bool:
        return self._thread is not None and not self._finished.is_set()

    # ---- thread body

    def _status(self, message: Message) -> None:
        if self._on_status:
            self._on_status(message)

    def _run(self) -> None:
        try:
            self._run_cells()
        finally:
            self._finished.set()

    def _run_cells(self) -> None:
        started = time.time()
        status, error = "complete", ""
        loaded: tuple[str, tuple[tuple[str, Any], ...]] | None = None
        load_error = ""
        try:
            for cell in self.cells:
                if self._cancel.is_set():
                    status = "cancelled"
                    break
                config = self.spec.configs[cell.config]
                key = (config.model_path, tuple(sorted(config.load.items())))
                if key != loaded:
                    loaded = key
                    load_error = self._load(config)
                if load_error:
                    result = self._failed_cell(cell, load_error)
                else:
                    result = self._run_cell(next(_REQUEST_IDS), cell)
                if self._cancel.is_set() and result.finish_reason == "cancelled":
                    status = "cancelled"  # a half-finished cell is not a result
                    break
                self._results.append(result)
                if self._on_result:
                    self._on_result(result, len(self._results), self.total)
            else:
                if self._cancel.is_set():
                    status = "cancelled"
        except Exception as exc:  # reported to the user as the run's error
            log.warning("the experiment run failed", exc_info=True)
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

    def _load(self, config: RunConfig) -> str:
        """Loads the config's model; returns an error sentence instead of raising, so a model
        that fails to load marks its own cells as failed and the grid goes on."""
        name = Path(config.model_path).name
        self._status(E.LOADING(name=name))
        try:
            self.engine.load(config.load_options())
        except Exception as exc:  # EngineError or a bad option: the cells say it
            log.warning("loading %s for an experiment failed", name, exc_info=True)
            reason = exc.user_message if isinstance(exc, UserError) else plain(str(exc))
            failed = E.LOAD_FAILED(name=name, error=reason)
            self._status(failed)
            return str(failed)  # kept with each cell's result, as saved
        self._status(E.RUNNING_ON(name=name))
        return ""

    def _failed_cell(self, cell: Cell, error: str) -> CellResult:
        version = self.spec.versions[cell.version]
        config = self.spec.configs[cell.config]
        case = self.spec.cases[cell.case]
        params = effective_params(version, config, cell.repeat)
        assert params.seed is not None
        return CellResult(
            cell,
            render_prompt(version.kind, version.system, version.body, case.values),
            params,
            params.seed,
            config.model_path,
            finish_reason="error",
            error=error,
            checks=tuple(CheckOutcome(c, False, error) for c in self.spec.checks),
        )

    def _model_prompt(self, request: GenerateRequest) -> str:
        if request.messages is None:
            return request.text or ""
        render = getattr(self.engine, "render_prompt", None)
        if render is None:
            return ""
        try:
            text, _ids = render(request.messages)
        except Exception:  # informative only: the cell still runs
            log.warning("rendering the prompt of a cell failed", exc_info=True)
            return ""
        return str(text)

    def _run_cell(self, request_id: int, cell: Cell) -> CellResult:
        version = self.spec.versions[cell.version]
        case = self.spec.cases[cell.case]
        config = self.spec.configs[cell.config]
        prompt = render_prompt(version.kind, version.system, version.body, case.values)
        params = effective_params(version, config, cell.repeat)
        assert params.seed is not None
        base = CellResult(cell, prompt, params, params.seed, config.model_path)
        request = build_request(request_id, prompt, params)
        model_prompt = self._model_prompt(request)
        pieces: list[str] = []
        done: Done | None = None
        error = ""
        t0 = time.perf_counter()
        try:
            generation = self.engine.generate(request)
            self._current = generation
            self.running_cell = cell
            if self._cancel.is_set():  # cancelled while the request was being sent
                self.cancel()
            for event in generation:
                if isinstance(event, TokenBatch):
                    pieces.extend(t.text for t in event.tokens)
                elif isinstance(event, Done):
                    done = event
                elif isinstance(event, EngineErrorEvent):
                    error = str(event.message)
        except Exception as exc:  # one failing cell does not end the grid; it says why
            log.warning("an experiment cell failed", exc_info=True)
            error = str(exc) or type(exc).__name__
        finally:
            self._current = None
            self.running_cell = None
        elapsed = time.perf_counter() - t0
        output = done.text if done is not None else "".join(pieces)
        base = dataclasses.replace(base, model_prompt=model_prompt)
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
