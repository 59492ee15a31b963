"""The experiments panel: set up versions x cases x configs x checks, run them, read the grid."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.engine.errors import EngineError
from desktop.core.experiments.checks import CheckError
from desktop.core.experiments.runner import (
    DEFAULT_PARALLELISM,
    EngineLike,
    ExperimentInvalid,
    ExperimentRunner,
    ExperimentSpec,
    RunOutcome,
    engine_version,
    pass_rate,
)
from desktop.core.messages import Message
from desktop.core.store.errors import StoreError
from desktop.core.templates.library import TemplateLibrary
from desktop.ui.experiments.results_view import ExperimentResultsView
from desktop.ui.experiments.run_wait import PendingRun, RunWait
from desktop.ui.experiments.setup import ExperimentSetupView
from desktop.ui.i18n import error_text, message_text

if TYPE_CHECKING:  # the repository is passed in; the panel never opens the database
    from desktop.core.store.experiments import ExperimentRepository

log = logging.getLogger(__name__)


class ExperimentRunBridge(QObject):
    """The runner's callbacks arrive on its thread; these signals deliver them queued to ours."""

    resultReady = Signal(object, int, int)  # CellResult, done, total
    statusChanged = Signal(str)
    finished = Signal(object)  # RunOutcome
    engineLoaded = Signal(object, object)  # ModelInfo, LoadOptions: the shared engine's model

    def on_engine_loaded(self, info: Any, options: Any) -> None:
        self.engineLoaded.emit(info, options)

    def on_result(self, result: Any, done: int, total: int) -> None:
        self.resultReady.emit(result, done, total)

    def on_status(self, message: Message) -> None:
        self.statusChanged.emit(message_text(message))

    def on_finished(self, outcome: RunOutcome) -> None:
        self.finished.emit(outcome)


class ExperimentsPanel(QWidget):
    """Depends on an `ExperimentRepository`, a `TemplateLibrary` and the engine local cells
    run on: `shared_engine`, the chat's EngineSession (a model the chat has loaded is used as
    it is; the chat cannot send while a run uses it, and a run waits for the chat's reply
    (`chat_busy()`) or the API server's request to end), or else `engine_factory()`, an engine of
    the panel's own (made on the first run, its model unloaded after each, closed by
    `shutdown()`). Remote cells run on `backends()` (the BackendRegistry), `parallelism()`
    at a time. `models_dir` is where the "Add model" file dialog opens."""

    runFinished = Signal(object)  # RunOutcome, after it is saved

    def __init__(
        self,
        experiments: ExperimentRepository,
        library: TemplateLibrary,
        engine_factory: Callable[[], EngineLike] | None,
        models_dir: Path | None = None,
        parent: QWidget | None = None,
        *,
        shared_engine: Any = None,
        chat_busy: Callable[[], bool] = lambda: False,
        backends: Callable[[], Any] | None = None,
        parallelism: Callable[[], int] = lambda: DEFAULT_PARALLELISM,
    ) -> None:
        super().__init__(parent)
        self.repo = experiments
        self.library = library
        self._engine_factory = engine_factory
        self._engine: Any = None
        self._shared = shared_engine  # desktop.ui.chat.engine_session.EngineSession
        self._backends = backends
        self._parallelism = parallelism
        self._lent = False  # the shared engine is running this panel's cells
        self._held = False  # this panel's run holds the shared engine's turn (no API between)
        # A run waiting for the chat's reply or an API request on the shared engine.
        self._wait: RunWait | None = None
        if shared_engine is not None:
            self._wait = RunWait(shared_engine, chat_busy, self)
            self._wait.turn.connect(self.on_engine_turn)
            self._wait.waiting_for.connect(self.on_status_changed)
        self._models_dir = models_dir
        self._experiment_id: int | None = None
        self._runner: ExperimentRunner | None = None
        self._run_id: int | None = None
        self._saved_cells: set[Any] = set()  # cells of the live run already in the store
        self.bridge = ExperimentRunBridge(self)
        self.bridge.resultReady.connect(self.on_result_ready)
        self.bridge.statusChanged.connect(self.on_status_changed)
        self.bridge.finished.connect(self.on_run_finished)
        self.bridge.engineLoaded.connect(self.on_engine_loaded)

        # ---- top bar
        self.experiment_combo = QComboBox()
        self.experiment_combo.activated.connect(self.on_experiment_activated)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Experiment name"))
        self.new_button = QPushButton(self.tr("New"))
        self.save_button = QPushButton(self.tr("Save"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.new_button.clicked.connect(self.on_new_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.delete_button.clicked.connect(self.on_delete_clicked)
        top = QHBoxLayout()
        top.addWidget(self.experiment_combo, 1)
        top.addWidget(self.name_edit, 1)
        for b in (self.new_button, self.save_button, self.delete_button):
            top.addWidget(b)

        self.tabs = QTabWidget()
        self.setup = ExperimentSetupView(library, models_dir, backends=backends)
        self.setup.statusMessage.connect(self.on_status_changed)
        self.tabs.addTab(self.setup, self.tr("Setup"))
        self.results = ExperimentResultsView(experiments)
        self.results.statusMessage.connect(self.on_status_changed)
        self.results.rerunRequested.connect(self.run)
        self.tabs.addTab(self.results, self.tr("Results"))

        self.run_button = QPushButton(self.tr("Run"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.run_button.clicked.connect(self.on_run_clicked)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m cells"))
        self.status_label = QLabel()
        self.status_label.setObjectName("experimentStatus")
        self.status_label.setWordWrap(True)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(run_row)
        layout.addWidget(self.status_label)
        # Runs left "running" by a crash or a kill: say so instead of showing them as live.
        with contextlib.suppress(StoreError):
            self.repo.mark_interrupted()
        self.reload_experiments()

    # ------------------------------------------------------------------ building

    # ------------------------------------------------------------------ loading and saving

    def _status(self, text: str) -> None:
        self.status_label.setText(text)

    def _fill_list(self) -> list[Any] | None:
        """The experiments' names in the list; their summaries, None when the store refused."""
        try:
            summaries = self.repo.summaries()
        except StoreError as exc:
            self._status(error_text(exc))
            return None
        self.experiment_combo.clear()
        for s in summaries:
            self.experiment_combo.addItem(s.name, s.id)
        return summaries

    def reload_experiments(self, select_id: int | None = None) -> None:
        summaries = self._fill_list()
        if summaries is None:
            return
        target = select_id if select_id is not None else (summaries[0].id if summaries else None)
        if target is None:
            self.on_new_clicked()
            return
        self.experiment_combo.setCurrentIndex(max(0, self.experiment_combo.findData(target)))
        self.load_experiment(target)

    def refresh_list(self) -> None:
        """Lists the experiments again (one was saved elsewhere: a comparison), keeping the
        one shown as it is."""
        if self._fill_list() is None:
            return
        current = self._experiment_id
        self.experiment_combo.setCurrentIndex(
            self.experiment_combo.findData(current) if current is not None else -1
        )

    def load_experiment(self, experiment_id: int) -> None:
        try:
            record = self.repo.get(experiment_id)
        except StoreError as exc:
            self._status(error_text(exc))
            return
        self._experiment_id = experiment_id
        self.name_edit.setText(record.name)
        self.setup.set_spec(record.spec)
        self.results.set_experiment(self._experiment_id)

    def refresh_templates(self) -> None:
        """Re-lists templates; done on every show, so edits in the templates panel appear."""
        self.setup.refresh_templates()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.setup.refresh_templates()
        super().showEvent(event)

    def spec(self) -> ExperimentSpec:
        """The experiment as set up now; raises CheckError for an invalid check row."""
        return self.setup.spec(self.name_edit.text().strip() or self.tr("Untitled experiment"))

    def save(self) -> int | None:
        """Saves the definition (creating the experiment); returns its id, or None on error."""
        try:
            spec = self.spec()
            if self._experiment_id is None:
                self._experiment_id = self.repo.create(spec)
            else:
                self.repo.update(self._experiment_id, spec)
        except (CheckError, StoreError) as exc:
            self._status(error_text(exc))
            return None
        current = self._experiment_id
        self.experiment_combo.clear()
        for s in self.repo.summaries():
            self.experiment_combo.addItem(s.name, s.id)
        self.experiment_combo.setCurrentIndex(max(0, self.experiment_combo.findData(current)))
        return current

    # ------------------------------------------------------------------ setup slots

    def on_experiment_activated(self, row: int) -> None:
        experiment_id = self.experiment_combo.itemData(row)
        if experiment_id is not None and experiment_id != self._experiment_id:
            self.load_experiment(int(experiment_id))

    def on_new_clicked(self) -> None:
        self._experiment_id = None
        self.experiment_combo.setCurrentIndex(-1)
        self.name_edit.setText(self.tr("Untitled experiment"))
        self.setup.set_spec(ExperimentSpec(versions=(), cases=(), configs=()))
        self.results.set_experiment(self._experiment_id)

    def on_save_clicked(self) -> None:
        if self.save() is not None:
            self._status(self.tr("Experiment saved."))

    def on_delete_clicked(self) -> None:
        if self._experiment_id is None:
            return
        try:
            self.repo.delete(self._experiment_id)
        except StoreError as exc:
            self._status(error_text(exc))
            return
        self._experiment_id = None
        self.reload_experiments()

    # ------------------------------------------------------------------ running

    def is_running(self) -> bool:
        return self._runner is not None

    def on_run_clicked(self) -> None:
        self.run()

    def run(self, spec: ExperimentSpec | None = None) -> bool:
        """Starts a run of `spec` (default: the setup as it is now); False if it cannot start.
        While the chat's reply or an API request holds the shared engine, the run waits for
        its turn and starts by itself (True: it waits; Cancel stops waiting)."""
        if self._runner is not None or (self._wait is not None and self._wait.pending):
            return False
        try:
            spec = spec or self.spec()
        except CheckError as exc:
            self._status(error_text(exc))
            return False
        local = any(not c.is_remote for c in spec.configs)
        registry = self._backends
        resolver = (lambda name: registry().open(name)) if registry is not None else None
        try:
            runner = ExperimentRunner(
                self._local_engine() if local else None,
                spec,
                backends=resolver,
                parallelism=self._parallelism(),
                on_result=self.bridge.on_result,
                on_status=self.bridge.on_status,
                on_finished=self.bridge.on_finished,
            )
        except ExperimentInvalid as exc:
            problems = " ".join(message_text(p) for p in exc.problems)
            self._status(self.tr("Cannot run: %1").replace("%1", problems))
            return False
        experiment_id = self.save()
        if experiment_id is None:
            return False
        pending = PendingRun(runner, spec, experiment_id)
        if not local or self._wait is None:  # servers only, or an engine of the panel's own
            return self._start(pending)
        if not self._wait.blocker() and self._shared.hold_turn():
            self._held = True
            return self._start(pending)
        if not self._wait.wait(pending):  # an engine the API server does not share
            self._status(
                self.tr(
                    "The chat is using the local model: wait for its reply (or stop it), "
                    "then run again."
                )
            )
            return False
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        return True

    @Slot(object)
    def on_engine_turn(self, pending: PendingRun) -> None:
        """The run that waited may go: it holds the engine until it ends."""
        assert self._shared is not None and self._wait is not None
        if not self._shared.hold_turn():  # taken again meanwhile: wait on
            self._wait.wait(pending)
            return
        self._held = True
        if not self._start(pending):
            self._release_engine()
            self.run_button.setEnabled(True)
            self.cancel_button.setEnabled(False)

    def _start(self, pending: PendingRun) -> bool:
        runner, spec, experiment_id = pending.runner, pending.spec, pending.experiment_id
        try:
            self._run_id = self.repo.start_run(experiment_id, spec, runner.total, engine_version())
        except StoreError as exc:
            self._status(error_text(exc))
            self._release_engine()
            return False
        local = runner.local is not None
        self._runner, self._saved_cells = runner, set()
        if local and self._shared is not None:
            self._lent = True
            self._shared.in_use_by = self.tr("an experiment is running on it")
        self.results.show_live(experiment_id, spec)
        self.progress.setRange(0, runner.total)
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.tabs.setCurrentIndex(1)
        runner.start()
        return True

    def _local_engine(self) -> Any:
        """What local cells run on: the chat's engine when shared, else the panel's own."""
        if self._shared is not None:
            from desktop.core.experiments.shared_engine import SharedLocalBackend

            return SharedLocalBackend(self._shared.client, on_loaded=self.bridge.on_engine_loaded)
        if self._engine is None:
            assert self._engine_factory is not None
            self._engine = self._engine_factory()
        return self._engine

    @Slot(object, object)
    def on_engine_loaded(self, info: Any, options: Any) -> None:
        """A run loaded another model in the chat's engine: the chat shows what it holds."""
        if self._shared is not None:
            self._shared.adopt(info, options)

    def _release_engine(self) -> None:
        if self._lent and self._shared is not None:
            self._shared.in_use_by = ""
        self._lent = False
        if self._held and self._shared is not None:
            self._held = False
            self._shared.release_turn()  # the API server's requests may go again

    def on_cancel_clicked(self) -> None:
        if self._wait is not None and self._wait.cancel() is not None:
            self.run_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
            self._status(self.tr("Cancelled before the run started: nothing was run."))
            return
        if self._runner is not None:
            self._status(self.tr("Cancelling…"))
            self._runner.cancel()

    @Slot(object, int, int)
    def on_result_ready(self, result: Any, done: int, total: int) -> None:
        if self._runner is None:
            return  # the run was already recorded as a whole (shutdown)
        self.results.add_live_result(self._save_result(result), result)
        self.progress.setValue(done)

    def _save_result(self, result: Any) -> int | None:
        if self._run_id is None or result.cell in self._saved_cells:
            return None
        try:
            result_id = self.repo.add_result(self._run_id, result)
        except StoreError as exc:
            self._status(error_text(exc))
            return None
        self._saved_cells.add(result.cell)
        return result_id

    @Slot(str)
    def on_status_changed(self, text: str) -> None:
        self._status(text)

    @Slot(object)
    def on_run_finished(self, outcome: RunOutcome) -> None:
        if self._runner is None:
            return  # already recorded (by shutdown)
        for result in outcome.results:  # normally all saved already, one by one
            self._save_result(result)
        run_id, self._runner, self._run_id = self._run_id, None, None
        if run_id is not None:
            try:
                self.repo.finish_run(run_id, outcome.status, outcome.error, outcome.engine_version)
            except StoreError as exc:
                self._status(error_text(exc))
        self._release_engine()
        if self._engine is not None and hasattr(self._engine, "unload"):
            # Free the model's memory between runs; a dead engine is restarted by the next load.
            # (The chat's shared engine keeps its model: the chat goes on with it.)
            try:
                self._engine.unload()
            except EngineError as exc:  # gone already: the next run starts a new engine process
                log.info("engine unload after a run: %s", exc)
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        rate = pass_rate(outcome.results)
        text = (
            self.tr("Run %1: %2 of %3 cells.")
            .replace("%1", outcome.status)
            .replace("%2", str(len(outcome.results)))
            .replace("%3", str(outcome.total))
        )
        if rate is not None:
            text += " " + self.tr("Pass rate %1%.").replace("%1", f"{rate * 100:.0f}")
        if outcome.error:
            text += " " + outcome.error
        self.results.end_live(run_id)
        self._status(text)
        self.runFinished.emit(outcome)

    def shutdown(self) -> None:
        """Cancels a run and stops the engine process; the main window calls it on close."""
        if self._wait is not None:
            self._wait.cancel()
        runner = self._runner
        if runner is not None:
            runner.cancel()
            runner.wait(10)
            # The queued "finished" signal may never be delivered now: record the run here.
            if runner.outcome is not None:
                self.on_run_finished(runner.outcome)
        self._release_engine()
        if self._engine is not None and hasattr(self._engine, "close"):
            self._engine.close()
        self._engine = None


def build_experiments_panel(
    experiments: ExperimentRepository,
    templates: TemplateLibrary,
    models_dir: Path | None = None,
    engine_factory: Callable[[], EngineLike] | None = None,
    *,
    engine: Any = None,
    chat_busy: Callable[[], bool] = lambda: False,
    backends: Callable[[], Any] | None = None,
    settings: Any = None,
) -> ExperimentsPanel:
    """The panel on the store's repositories (the composition root passes them). Local cells
    run on `engine`, the chat's EngineSession (one copy of a model in memory), or without it on
    an engine process of the panel's own (`engine_factory`, default `EngineClient`). Remote
    cells run on `backends()`, the "backends.parallelism" setting (default 4) at a time.
    Call `shutdown()` on close."""
    if engine is None and engine_factory is None:
        from desktop.core.engine.client import EngineClient

        engine_factory = EngineClient

    def parallelism() -> int:
        from desktop.core.backends.registry import parallelism as setting

        try:
            return setting(settings, DEFAULT_PARALLELISM)
        except StoreError as exc:  # a preference: the default does
            log.warning("the parallelism setting could not be read: %s", exc)
            return DEFAULT_PARALLELISM

    return ExperimentsPanel(
        experiments,
        templates,
        engine_factory,
        models_dir,
        shared_engine=engine,
        chat_busy=chat_busy,
        backends=backends,
        parallelism=parallelism,
    )
