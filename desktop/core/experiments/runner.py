"""The experiment grid runner: template versions x cases x run configs x repeats, on backends.

The runner lives on a background thread of its own and talks to the rest of the app through
callbacks (the experiments panel turns them into Qt signals; the CLI prints). It never writes
the database: results are handed out as plain dataclasses and the caller saves them.

Order: configs that use the same model (and load options, and backend) are grouped, in the
order they were first listed. A local group loads its model once and runs its cells one at a
time on the engine; a remote group runs up to `parallelism` cells at once (llama-server
`-np N` and vLLM batch them), so a grid on a server finishes in a fraction of the time.
Every cell records where it ran: backend, server version and model id.

The experiment's definition and its grid order live in `experiments.spec` (re-exported here).
"""

from __future__ import annotations

import concurrent.futures
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from desktop.core.backends.base import Backend, Provenance
from desktop.core.backends.local import LocalBackend
from desktop.core.backends.local import engine_version as _engine_version
from desktop.core.engine.protocol import GenerateRequest, LoadOptions, ModelInfo
from desktop.core.experiments import errors as E
from desktop.core.experiments.cell_run import build_request, failed_cell, run_cell
from desktop.core.experiments.errors import ExperimentInvalid
from desktop.core.experiments.results import CellResult, RunOutcome, pass_rate
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

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_PARALLELISM",
    "LOAD_FIELDS",
    "SAMPLING_FIELDS",
    "BackendResolver",
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

DEFAULT_PARALLELISM = 4  # cells at once on a remote backend (the "backends.parallelism" setting)


class EngineLike(Protocol):
    """What the runner needs from `desktop.core.engine.client.EngineClient`."""

    def load(self, options: LoadOptions) -> ModelInfo: ...

    def generate(self, request: GenerateRequest) -> Iterable[Any]:
        """Events (TokenBatch..., then Done or EngineErrorEvent); the returned object's
        `cancel()`, when it has one, stops the reply."""
        ...


BackendResolver = Callable[[str], Backend]  # a saved backend's name -> an open Backend


def engine_version() -> str:
    """llama-cpp-python's version (without asking an engine process for its build)."""
    return _engine_version(None)


# Request ids are unique per process: runs may share one engine client.
_REQUEST_IDS = itertools.count(1)

ProgressFn = Callable[[CellResult, int, int], None]  # result, cells done, total
FinishedFn = Callable[[RunOutcome], None]
StatusFn = Callable[[Message], None]  # "Loading X", for a status line (translatable)


class ExperimentRunner:
    """Runs one experiment on a background thread; `cancel()` stops it within one token batch.

    `engine` is the local engine (an EngineClient or a LocalBackend); `backends` resolves the
    backend names of remote configs. Callbacks run on the runner's threads, one at a time:
    keep them short and hand data to your own thread.
    """

    def __init__(
        self,
        engine: EngineLike | Backend | None,
        spec: ExperimentSpec,
        *,
        backends: BackendResolver | None = None,
        parallelism: int = DEFAULT_PARALLELISM,
        on_result: ProgressFn | None = None,
        on_finished: FinishedFn | None = None,
        on_status: StatusFn | None = None,
        check_files: bool = True,
    ) -> None:
        problems = validate_spec(spec, check_files=check_files)
        if backends is None:
            problems += [
                E.BACKEND_UNAVAILABLE(label=c.label, backend=c.backend)
                for c in spec.configs
                if c.is_remote
            ]
        if engine is None and any(not c.is_remote for c in spec.configs):
            problems.append(E.NEEDS_LOCAL_ENGINE())
        if problems:
            raise ExperimentInvalid(problems)
        self.engine = engine
        self.local: Backend | None
        if engine is None or isinstance(engine, Backend):
            self.local = engine
        else:
            self.local = LocalBackend(engine)  # type: ignore[arg-type]  # an EngineClient
        self.spec = spec
        self.cells = plan_cells(spec)
        self._backends = backends
        self.parallelism = max(1, parallelism)
        self._on_result = on_result
        self._on_finished = on_finished
        self._on_status = on_status
        self._cancel = threading.Event()
        # Set when `outcome` is ready. Waiting on it, not on Thread.join, because a join cut
        # short by Ctrl-C can return early forever after (CPython) and lose the outcome.
        self._finished = threading.Event()
        self._thread: threading.Thread | None = None
        self._results: list[CellResult] = []
        self._lock = threading.Lock()
        self._current: dict[int, Any] = {}  # worker thread -> its running generation
        self._versions: dict[str, str] = {}  # backend -> server version, for the outcome
        self.running_cell: Cell | None = None  # the cell started last
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
        with self._lock:
            running = list(self._current.values())
        # The engine may be between requests, or gone: cancelling is best effort.
        for generation in running:
            try:
                generation.cancel()
            except Exception:
                log.warning("cancelling a running cell failed", exc_info=True)

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

    def _groups(self) -> list[list[Cell]]:
        """Consecutive cells sharing backend, model and load options (plan_cells' order)."""
        groups: list[list[Cell]] = []
        last: Any = None
        for cell in self.cells:
            c = self.spec.configs[cell.config]
            key = (c.backend, c.model_path, tuple(sorted(c.load.items())))
            if key != last:
                groups.append([])
                last = key
            groups[-1].append(cell)
        return groups

    def _run(self) -> None:
        try:
            self._run_groups()
        finally:
            self._finished.set()

    def _run_groups(self) -> None:
        started = time.time()
        status, error = "complete", ""
        try:
            for group in self._groups():
                if self._cancel.is_set():
                    break
                config = self.spec.configs[group[0].config]
                if config.is_remote:
                    self._run_remote(config, group)
                else:
                    self._run_local(config, group)
            if self._cancel.is_set():
                status = "cancelled"
        except Exception as exc:  # reported to the user as the run's error
            log.warning("the experiment run failed", exc_info=True)
            status, error = "failed", str(exc) or type(exc).__name__
        order = {cell: i for i, cell in enumerate(self.cells)}
        results = sorted(self._results, key=lambda r: order[r.cell])
        self.outcome = RunOutcome(
            status=status,
            results=tuple(results),
            total=self.total,
            engine_version="; ".join(self._versions.values()) or engine_version(),
            started_at=started,
            finished_at=time.time(),
            error=error,
        )
        if self._on_finished:
            self._on_finished(self.outcome)

    def _record(self, result: CellResult) -> None:
        with self._lock:
            if self._cancel.is_set() and result.finish_reason == "cancelled":
                return  # a half-finished cell is not a result
            self._results.append(result)
            done = len(self._results)
            if self._on_result:
                self._on_result(result, done, self.total)

    def _track(self, generation: Any) -> None:
        with self._lock:
            if generation is None:
                self._current.pop(threading.get_ident(), None)
            else:
                self._current[threading.get_ident()] = generation
        if generation is not None and self._cancel.is_set():
            generation.cancel()  # cancelled while the request was being sent

    # ---- local: one model at a time, one cell at a time

    def _run_local(self, config: RunConfig, cells: list[Cell]) -> None:
        assert self.local is not None
        name = Path(config.model_path).name
        self._status(E.LOADING(name=name))
        try:
            self.local.load(config.load_options())
        except Exception as exc:  # EngineError or a bad option: the cells say it
            log.warning("loading %s for an experiment failed", name, exc_info=True)
            reason = exc.user_message if isinstance(exc, UserError) else plain(str(exc))
            failed = E.LOAD_FAILED(name=name, error=reason)
            self._status(failed)
            provenance = Provenance("local", engine_version(), config.model_path)
            for cell in cells:  # the sentence is kept with each cell's result, as saved
                self._record(failed_cell(self.spec, cell, str(failed), provenance))
            return
        self._status(E.RUNNING_ON(name=name))
        provenance = self.local.provenance(config.model_path)
        self._versions["local"] = provenance.server_version
        for cell in cells:
            if self._cancel.is_set():
                return
            self.running_cell = cell
            try:
                result = run_cell(
                    self.local, None, self.spec, cell, next(_REQUEST_IDS), provenance, self._track
                )
            finally:
                self.running_cell = None
            self._record(result)

    # ---- remote: up to `parallelism` cells at once

    def _run_remote(self, config: RunConfig, cells: list[Cell]) -> None:
        assert self._backends is not None
        try:
            backend = self._backends(config.backend)
            model = backend.resolve_model(config.model_path or None)
            provenance = backend.provenance(model)
        except Exception as exc:  # the server is down, unknown, refuses...: the cells say it
            log.warning("backend %s unavailable for an experiment", config.backend, exc_info=True)
            reason = exc.user_message if isinstance(exc, UserError) else plain(str(exc))
            failed = E.BACKEND_FAILED(backend=config.backend, error=reason)
            self._status(failed)
            fallback = Provenance(config.backend, "", config.model_path)
            for cell in cells:
                self._record(failed_cell(self.spec, cell, str(failed), fallback))
            return
        self._versions[config.backend] = f"{config.backend}: {provenance.server_version}"
        slots = backend.capabilities().parallel_slots
        # A server that says it serves fewer at once gets fewer (llama-cpp-python: one).
        workers = min(self.parallelism, slots) if slots else self.parallelism
        self._status(E.RUNNING_ON_BACKEND(backend=config.backend, model=model, workers=workers))

        def one(cell: Cell) -> CellResult | None:
            if self._cancel.is_set():
                return None
            self.running_cell = cell
            return run_cell(
                backend, model, self.spec, cell, next(_REQUEST_IDS), provenance, self._track
            )

        with concurrent.futures.ThreadPoolExecutor(
            workers, thread_name_prefix="experiment-cell"
        ) as pool:
            futures = [pool.submit(one, cell) for cell in cells]
            for future in concurrent.futures.as_completed(futures):
                result = future.result()
                if result is not None:
                    self._record(result)
