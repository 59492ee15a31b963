"""The results side of the experiments panel: pick a run, read the grid, rate, compare, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.experiments.compare import compare_runs
from desktop.core.experiments.files import results_to_csv, results_to_json
from desktop.core.experiments.runner import CellResult, ExperimentSpec, pass_rate
from desktop.core.store.comparisons import ComparisonRepository
from desktop.core.store.errors import StoreError
from desktop.ui.experiments.results import (
    ResultCellDelegate,
    ResultsGridModel,
    RunCompareModel,
    RunListModel,
)
from desktop.ui.i18n import error_text

if TYPE_CHECKING:  # the repository is passed in; the panel never opens the database
    from desktop.core.store.experiments import ExperimentRepository


class ExperimentResultsView(QWidget):
    """Shows one experiment's runs from the repository; while a run is live, the grid follows
    it (`show_live` / `add_live_result`). Ratings are saved as they are given."""

    statusMessage = Signal(str)
    rerunRequested = Signal(object)  # the ExperimentSpec of the selected run
    openInCompareRequested = Signal(int)  # run id of a saved comparison

    def __init__(self, repo: ExperimentRepository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self._experiment_id: int | None = None
        self._live = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build())

    def _status(self, text: str) -> None:
        self.statusMessage.emit(text)

    def _build(self) -> QWidget:
        self.runs_model = RunListModel(self)
        self.compare_runs_model = RunListModel(self, with_none=True)
        self.run_combo = QComboBox()
        self.run_combo.setModel(self.runs_model)
        self.run_combo.currentIndexChanged.connect(self.on_run_selected)
        self.compare_combo = QComboBox()
        self.compare_combo.setModel(self.compare_runs_model)
        self.compare_combo.currentIndexChanged.connect(self.on_run_selected)
        self.rerun_button = QPushButton(self.tr("Re-run"))
        self.rerun_button.clicked.connect(self.on_rerun_clicked)
        self.open_compare_button = QPushButton(self.tr("Open in Compare"))
        self.open_compare_button.setToolTip(
            self.tr("Reopen this comparison on the Compare page, to read it side by side or go on")
        )
        self.open_compare_button.clicked.connect(self.on_open_compare_clicked)
        self.open_compare_button.hide()
        self.export_csv_button = QPushButton(self.tr("Export CSV…"))
        self.export_json_button = QPushButton(self.tr("Export JSON…"))
        self.export_csv_button.clicked.connect(self.on_export_csv_clicked)
        self.export_json_button.clicked.connect(self.on_export_json_clicked)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("experimentSummary")

        self.grid_model = ResultsGridModel(self)
        self.grid_model.ratingEdited.connect(self.on_rating_edited)
        self.grid_view = QTableView()
        self.grid_view.setModel(self.grid_model)
        self.grid_view.setItemDelegate(ResultCellDelegate(self.grid_view))
        self.grid_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_view.horizontalHeader().setDefaultSectionSize(280)
        self.grid_view.verticalHeader().setDefaultSectionSize(110)
        self.grid_view.installEventFilter(self)
        self.compare_model = RunCompareModel(self)
        self.compare_view = QTableView()
        self.compare_view.setModel(self.compare_model)
        self.compare_view.setVisible(False)

        tab = QWidget()
        v = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(self.run_combo, 2)
        row.addWidget(QLabel(self.tr("compare with")))
        row.addWidget(self.compare_combo, 2)
        for b in (
            self.open_compare_button,
            self.rerun_button,
            self.export_csv_button,
            self.export_json_button,
        ):
            row.addWidget(b)
        v.addLayout(row)
        v.addWidget(self.summary_label)
        v.addWidget(self.grid_view, 1)
        v.addWidget(self.compare_view, 1)
        return tab

    def set_experiment(self, experiment_id: int | None, select_run: int | None = None) -> None:
        self._experiment_id = experiment_id
        self.reload_runs(select_run)

    def reload_runs(self, select_run: int | None = None) -> None:
        runs = self.repo.runs(self._experiment_id) if self._experiment_id is not None else []
        self.runs_model.set_runs(runs)
        self.compare_runs_model.set_runs(runs)
        row = self.runs_model.row_of(select_run) if select_run is not None else 0
        self.compare_combo.setCurrentIndex(0)
        self.run_combo.setCurrentIndex(row if runs else -1)
        self.on_run_selected()

    def show_live(self, experiment_id: int, spec: ExperimentSpec) -> None:
        """An empty grid for a run that is starting; results arrive through add_live_result."""
        self._experiment_id = experiment_id
        self._live = True
        self.grid_model.set_run(spec)
        self.compare_view.setVisible(False)
        self.grid_view.setVisible(True)
        self.summary_label.setText(self.tr("Running…"))

    def add_live_result(self, result_id: int | None, result: CellResult) -> None:
        self.grid_model.add_result(result_id, result)

    def end_live(self, select_run: int | None) -> None:
        self._live = False
        self.reload_runs(select_run)

    def _selected_run(self):
        return self.runs_model.run(self.run_combo.currentIndex())

    def on_run_selected(self, *_args) -> None:
        if self._live:
            return  # the live grid stays until the run ends
        run = self._selected_run()
        other = self.compare_runs_model.run(self.compare_combo.currentIndex())
        self.open_compare_button.hide()
        if run is None:
            self.grid_model.set_run(None)
            self.summary_label.setText("")
            return
        stored = self.repo.load_run(run.id)
        self.open_compare_button.setVisible(
            ComparisonRepository(self.repo.db).is_comparison(run.id)
        )
        self.grid_model.set_run(stored.spec, [(s.id, s.result, s.rating) for s in stored.results])
        rate = pass_rate(s.result for s in stored.results)
        summary = (
            self.tr("%1 cells, engine %2")
            .replace("%1", str(len(stored.results)))
            .replace("%2", run.engine_version)
        )
        if rate is not None:
            summary += " · " + self.tr("pass rate %1%").replace("%1", f"{rate * 100:.0f}")
        comparing = other is not None and other.id != run.id
        if comparing:
            b = self.repo.load_run(other.id)
            cmp = compare_runs(
                stored.spec,
                [s.result for s in stored.results],
                b.spec,
                [s.result for s in b.results],
            )
            self.compare_model.set_comparison(cmp)
            summary += " · " + self.tr("%1 of %2 rows differ from run %3").replace(
                "%1", str(cmp.changed_count)
            ).replace("%2", str(len(cmp.rows))).replace("%3", str(other.number))
        else:
            self.compare_model.set_comparison(None)
        self.compare_view.setVisible(comparing)
        self.grid_view.setVisible(not comparing)
        self.summary_label.setText(summary)

    def on_rating_edited(self, result_id: int, rating: object) -> None:
        try:
            self.repo.set_rating(result_id, rating)  # type: ignore[arg-type]
        except StoreError as exc:
            self._status(error_text(exc))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Typing 1-5 on a selected result rates it; 0 clears the rating.
        if (
            watched is self.grid_view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            text = event.text()
            if text in ("0", "1", "2", "3", "4", "5"):
                index = self.grid_view.currentIndex()
                if index.isValid():
                    self.grid_model.setData(index, int(text) or None, ResultsGridModel.RatingRole)
                    return True
        return super().eventFilter(watched, event)

    def on_rerun_clicked(self) -> None:
        run = self._selected_run()
        if run is not None:
            self.rerunRequested.emit(self.repo.load_run(run.id).spec)

    def on_open_compare_clicked(self) -> None:
        run = self._selected_run()
        if run is not None:
            self.openInCompareRequested.emit(run.id)

    def on_export_csv_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export results"), "results.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_results(Path(path), "csv")

    def on_export_json_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export results"), "results.json", self.tr("JSON files (*.json)")
        )
        if path:
            self.export_results(Path(path), "json")

    def export_results(self, path: Path, fmt: str) -> bool:
        run = self._selected_run()
        if run is None:
            self._status(self.tr("No run to export yet."))
            return False
        stored = self.repo.load_run(run.id)
        results = [s.result for s in stored.results]
        try:
            if fmt == "json":
                meta = {
                    "run_number": run.number,
                    "status": run.status,
                    "engine_version": run.engine_version,
                }
                path.write_text(
                    results_to_json(stored.spec, results, ratings=stored.ratings(), meta=meta),
                    encoding="utf-8",
                )
            else:
                path.write_text(
                    results_to_csv(stored.spec, results, ratings=stored.ratings()),
                    encoding="utf-8-sig",
                    newline="",
                )
        except OSError as exc:
            self._status(
                self.tr("Cannot write %1: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc))
            )
            return False
        self._status(
            self.tr("Exported %1 results to %2.")
            .replace("%1", str(len(results)))
            .replace("%2", str(path))
        )
        return True
