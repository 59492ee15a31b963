"""The experiment setup editor: prompt versions, test cases, run configs, checks and repeats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.experiments.checks import CHECK_KINDS
from desktop.core.experiments.files import ExperimentFileError, read_cases_csv, write_cases_csv
from desktop.core.experiments.runner import ExperimentSpec
from desktop.core.experiments.versions import prompt_version
from desktop.core.store.errors import StoreError
from desktop.core.templates.library import TemplateLibrary
from desktop.core.templates.variables import template_variables
from desktop.ui.experiments.item_models import (
    CasesTableModel,
    ChecksTableModel,
    ConfigsTableModel,
    VersionListModel,
    check_titles,
)
from desktop.ui.i18n import error_text


class CheckKindDelegate(QStyledItemDelegate):
    """A combo box of check kinds for the checks table's first column."""

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        combo = QComboBox(parent)
        titles = check_titles()
        for kind in CHECK_KINDS:
            combo.addItem(titles[kind], kind)
        return combo

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt override
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 - Qt override
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return view


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


class ExperimentSetupView(QWidget):
    """Edits one experiment's definition; `spec(name)` reads it back. Depends on the template
    library (to add versions) and an optional models folder for the "Add model" dialog."""

    statusMessage = Signal(str)

    def __init__(
        self,
        library: TemplateLibrary,
        models_dir: Path | None = None,
        parent: QWidget | None = None,
        *,
        backends: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._models_dir = models_dir
        self._backends = backends  # the BackendRegistry, for "Add server model…"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build())
        self.refresh_templates()

    def _status(self, text: str) -> None:
        self.statusMessage.emit(text)

    def _build(self) -> QWidget:
        self.versions_model = VersionListModel(self)
        self.versions_view = QListView()
        self.versions_view.setModel(self.versions_model)
        self.template_combo = QComboBox()
        self.template_combo.currentIndexChanged.connect(self.on_template_changed)
        self.version_combo = QComboBox()  # which version of the chosen template
        self.add_version_button = QPushButton(self.tr("Add version"))
        self.remove_version_button = QPushButton(self.tr("Remove"))
        self.add_version_button.clicked.connect(self.on_add_version_clicked)
        self.remove_version_button.clicked.connect(self.on_remove_version_clicked)
        versions = QGroupBox(self.tr("Prompt versions"))
        vv = QVBoxLayout(versions)
        vv.addWidget(self.versions_view)
        row = QHBoxLayout()
        row.addWidget(self.template_combo, 1)
        row.addWidget(self.version_combo)
        row.addWidget(self.add_version_button)
        row.addWidget(self.remove_version_button)
        vv.addLayout(row)

        self.cases_model = CasesTableModel(self)
        self.cases_view = _table(self.cases_model)
        self.add_case_button = QPushButton(self.tr("Add case"))
        self.remove_case_button = QPushButton(self.tr("Remove"))
        self.import_cases_button = QPushButton(self.tr("Import CSV…"))
        self.export_cases_button = QPushButton(self.tr("Export CSV…"))
        self.add_case_button.clicked.connect(self.on_add_case_clicked)
        self.remove_case_button.clicked.connect(self.on_remove_case_clicked)
        self.import_cases_button.clicked.connect(self.on_import_cases_clicked)
        self.export_cases_button.clicked.connect(self.on_export_cases_clicked)
        cases = QGroupBox(self.tr("Test cases (one column per variable; empty = default)"))
        cv = QVBoxLayout(cases)
        cv.addWidget(self.cases_view)
        cv.addLayout(
            _buttons(
                self.add_case_button,
                self.remove_case_button,
                self.import_cases_button,
                self.export_cases_button,
            )
        )

        self.configs_model = ConfigsTableModel(self)
        self.configs_model.inputRejected.connect(self.statusMessage)
        self.configs_view = _table(self.configs_model)
        self.add_config_button = QPushButton(self.tr("Add model…"))
        self.add_remote_config_button = QPushButton(self.tr("Add server model…"))
        self.add_remote_config_button.setToolTip(
            self.tr("A model on a saved backend (Settings > Backends): its cells run in parallel")
        )
        self.add_remote_config_button.setVisible(self._backends is not None)
        self.add_remote_config_button.clicked.connect(self.on_add_remote_config_clicked)
        self.copy_config_button = QPushButton(self.tr("Duplicate"))
        self.remove_config_button = QPushButton(self.tr("Remove"))
        self.add_config_button.clicked.connect(self.on_add_config_clicked)
        self.copy_config_button.clicked.connect(self.on_copy_config_clicked)
        self.remove_config_button.clicked.connect(self.on_remove_config_clicked)
        configs = QGroupBox(self.tr("Run configs (empty = the template's default)"))
        gv = QVBoxLayout(configs)
        gv.addWidget(self.configs_view)
        gv.addLayout(
            _buttons(
                self.add_config_button,
                self.add_remote_config_button,
                self.copy_config_button,
                self.remove_config_button,
            )
        )

        self.checks_model = ChecksTableModel(self)
        self.checks_view = _table(self.checks_model)
        self.checks_view.setItemDelegateForColumn(0, CheckKindDelegate(self.checks_view))
        self.add_check_button = QPushButton(self.tr("Add check"))
        self.remove_check_button = QPushButton(self.tr("Remove"))
        self.add_check_button.clicked.connect(self.on_add_check_clicked)
        self.remove_check_button.clicked.connect(self.on_remove_check_clicked)
        self.repeats_spin = QSpinBox()
        self.repeats_spin.setRange(1, 100)
        checks = QGroupBox(self.tr("Checks and repeats"))
        kv = QVBoxLayout(checks)
        kv.addWidget(self.checks_view)
        row = _buttons(self.add_check_button, self.remove_check_button)
        row.addWidget(QLabel(self.tr("Repeats")))
        row.addWidget(self.repeats_spin)
        kv.addLayout(row)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter()
        top.addWidget(versions)
        top.addWidget(checks)
        split.addWidget(top)
        split.addWidget(cases)
        split.addWidget(configs)
        return split

    def refresh_templates(self) -> None:
        """Re-lists the templates (the panel does it when shown); the choice is kept."""
        current = self.template_combo.currentData()
        try:
            entries = self.library.entries()
        except StoreError as exc:
            self._status(error_text(exc))
            return
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for e in entries:
            self.template_combo.addItem(e.title, e.key)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(current)))
        self.template_combo.blockSignals(False)
        self.on_template_changed()

    def on_template_changed(self, *_args) -> None:
        self.version_combo.clear()
        key = self.template_combo.currentData()
        if key is None:
            return
        try:
            entry = self.library.entry(key)
        except StoreError as exc:
            self._status(error_text(exc))
            return
        self.version_combo.addItem(
            self.tr("latest (v%1)").replace("%1", str(entry.latest_version)), None
        )
        for number in range(entry.latest_version - 1, 0, -1):
            self.version_combo.addItem(self.tr("v%1").replace("%1", str(number)), number)

    def set_spec(self, spec: ExperimentSpec) -> None:
        self.versions_model.set_versions(spec.versions)
        self.cases_model.set_cases(spec.cases)
        self._ensure_case_columns()
        self.configs_model.set_configs(spec.configs)
        self.checks_model.set_checks(spec.checks)
        self.repeats_spin.setValue(spec.repeats)

    def spec(self, name: str) -> ExperimentSpec:
        """The experiment as set up now; raises CheckError for an invalid check row."""
        return ExperimentSpec(
            name=name,
            versions=tuple(self.versions_model.versions()),
            cases=tuple(self.cases_model.cases()),
            configs=tuple(self.configs_model.configs()),
            repeats=self.repeats_spin.value(),
            checks=tuple(self.checks_model.checks()),
        )

    def _ensure_case_columns(self) -> None:
        names = [
            v.name
            for pv in self.versions_model.versions()
            for v in template_variables(pv.system, pv.body)
        ]
        self.cases_model.ensure_variables(list(dict.fromkeys(names)))

    def on_add_version_clicked(self) -> None:
        key = self.template_combo.currentData()
        if key is None:
            return
        try:
            version = prompt_version(
                self.library, self.library.entry(key), self.version_combo.currentData()
            )
        except StoreError as exc:
            self._status(error_text(exc))
            return
        self.versions_model.add(version)
        self._ensure_case_columns()

    def on_remove_version_clicked(self) -> None:
        self.versions_model.remove(self.versions_view.currentIndex().row())

    def on_add_case_clicked(self) -> None:
        row = self.cases_model.add_case()
        self.cases_view.setCurrentIndex(self.cases_model.index(row, 0))

    def on_remove_case_clicked(self) -> None:
        self.cases_model.remove_rows(
            [i.row() for i in self.cases_view.selectionModel().selectedRows()]
        )

    def on_add_config_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a GGUF model"),
            str(self._models_dir or ""),
            self.tr("GGUF models (*.gguf)"),
        )
        if path:
            self.add_config(path)

    def on_add_remote_config_clicked(self) -> None:
        if self._backends is None:
            return
        from desktop.ui.experiments.remote_config import RemoteConfigDialog

        try:
            configs = self._backends().configs()
        except StoreError as exc:
            self._status(error_text(exc))
            return
        dialog = RemoteConfigDialog(configs, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            backend, model = dialog.choice()
            if backend:
                self.add_config(model, backend=backend)

    def add_config(
        self, model_path: str, label: str = "", *, backend: str = "", **params: Any
    ) -> None:
        """A config for `model_path` (on `backend`, a saved server, when given: then
        `model_path` is its model id); `params` are table columns (temperature="0.2", ...)."""
        default = Path(model_path).stem if not backend else f"{backend}: {model_path}"
        row = self.configs_model.add_config(model_path, label or default, backend)
        for key, value in params.items():
            if key in ConfigsTableModel.COLUMNS:
                self.configs_model.setData(
                    self.configs_model.index(row, ConfigsTableModel.COLUMNS.index(key)), value
                )

    def on_copy_config_clicked(self) -> None:
        row = self.configs_view.currentIndex().row()
        configs = self.configs_model.configs()
        if 0 <= row < len(configs):
            c = configs[row]
            self.add_config(c.model_path, backend=c.backend, **dict(c.params.items()))

    def on_remove_config_clicked(self) -> None:
        self.configs_model.remove_rows(
            [i.row() for i in self.configs_view.selectionModel().selectedRows()]
        )

    def on_add_check_clicked(self) -> None:
        row = self.checks_model.add_check()
        self.checks_view.setCurrentIndex(self.checks_model.index(row, 1))

    def on_remove_check_clicked(self) -> None:
        self.checks_model.remove_rows(
            [i.row() for i in self.checks_view.selectionModel().selectedRows()]
        )

    def on_import_cases_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import test cases"), "", self.tr("CSV files (*.csv)")
        )
        if path:
            self.import_cases(Path(path))

    def import_cases(self, path: Path) -> bool:
        """Appends the file's cases; a bad file changes nothing and says why."""
        try:
            cases, columns = read_cases_csv(path)
        except ExperimentFileError as exc:
            self._status(error_text(exc))
            return False
        existing = self.cases_model.cases()
        self.cases_model.set_cases(existing + cases, self.cases_model.variables + columns)
        self._ensure_case_columns()
        self._status(self.tr("Imported %1 cases.").replace("%1", str(len(cases))))
        return True

    def on_export_cases_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export test cases"), "cases.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_cases(Path(path))

    def export_cases(self, path: Path) -> bool:
        try:
            write_cases_csv(path, self.cases_model.cases(), self.cases_model.variables)
        except OSError as exc:
            self._status(
                self.tr("Cannot write %1: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc))
            )
            return False
        return True
