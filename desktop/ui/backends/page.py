"""Settings > Backends: add, edit, test and remove the servers Tessera can generate on.

A backend is a name, a kind (llama-server, OpenAI-compatible, Ollama), a base URL, an optional
API key and a default model. The key goes to the OS keyring (never the database) and is sent
only to that URL (desktop.core.backends.registry). "Test connection" asks the server what it
is and can do off the GUI thread and shows it under the form, with what it cannot do said in
the words the chat uses in place of each missing feature. Saving, removing and testing all run
in the background: a keyring or a slow server never freezes the window.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.backends.config import BackendConfig, BackendConfigError, ProbeResult
from desktop.core.store.errors import StoreError
from desktop.ui.backends.list_model import BackendListModel
from desktop.ui.backends.probe_report import error_html, probe_html
from desktop.ui.i18n import error_text, message_text
from desktop.ui.widgets.row_model import ObjectRole
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

DEFAULT_PARALLELISM = 4
URL_EXAMPLES = {
    "llama-server": "http://127.0.0.1:8080",
    "openai": "http://127.0.0.1:8000",
    "ollama": "http://127.0.0.1:11434",
}


class BackendsPage(QWidget):
    """On a `BackendRegistry` (desktop.core.backends.registry); call `shutdown()` when done."""

    changed = Signal()  # a backend was saved or removed
    probed = Signal(object)  # ProbeResult, or the exception a test ended with
    saved = Signal(str)  # a backend's name, once saved
    removed = Signal(str)

    def __init__(
        self,
        registry: Any,
        *,
        parallelism: int = DEFAULT_PARALLELISM,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backendsPage")
        self.registry = registry
        self._tasks = BackgroundTasks(self, name="tessera-backends-settings")
        self._editing: str | None = None  # the saved backend shown in the form
        self._tested: tuple[str, str, ProbeResult] | None = None  # kind, url, what it found
        self.dirty = False  # something was saved or removed while the page was open

        self.list_model = BackendListModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("backendsTable")
        self.table.setModel(self.list_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setEnabled(False)
        self.empty_label = QLabel(
            self.tr(
                "No servers yet. Add llama-server, vLLM, SGLang, LM Studio, Ollama or any "
                "OpenAI-compatible server to use its models in the chat and in experiments."
            ),
            self,
        )
        self.empty_label.setWordWrap(True)

        self.form_group = QGroupBox(self.tr("Backend"), self)
        form = QFormLayout(self.form_group)
        self.name_edit = QLineEdit(self.form_group)
        self.name_edit.setObjectName("backendName")
        self.name_edit.setPlaceholderText(self.tr("e.g. gpu-box"))
        self.kind_combo = QComboBox(self.form_group)
        self.kind_combo.setObjectName("backendKind")
        self.kind_combo.addItem(self.tr("llama-server"), "llama-server")
        self.kind_combo.addItem(
            self.tr("OpenAI-compatible (vLLM, SGLang, LM Studio, OpenAI…)"), "openai"
        )
        self.kind_combo.addItem(self.tr("Ollama"), "ollama")
        self.url_edit = QLineEdit(self.form_group)
        self.url_edit.setObjectName("backendUrl")
        self.key_edit = QLineEdit(self.form_group)
        self.key_edit.setObjectName("backendKey")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_note = QLabel(
            self.tr("Kept in the system keyring, and sent only to this address."),
            self.form_group,
        )
        self.key_note.setWordWrap(True)
        self.model_combo = QComboBox(self.form_group)
        self.model_combo.setObjectName("backendDefaultModel")
        self.model_combo.setEditable(True)
        line = self.model_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("the server's first model"))
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Base URL"), self.url_edit)
        form.addRow(self.tr("API key"), self.key_edit)
        form.addRow("", self.key_note)
        form.addRow(self.tr("Default model"), self.model_combo)
        self.test_button = QPushButton(self.tr("Test connection"), self.form_group)
        self.test_button.setObjectName("testConnection")
        self.save_button = QPushButton(self.tr("Save"), self.form_group)
        self.save_button.setObjectName("saveBackend")
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self.report = QLabel(self)
        self.report.setObjectName("probeReport")
        self.report.setWordWrap(True)
        self.report.setTextFormat(Qt.TextFormat.RichText)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        report_scroll = QScrollArea(self)
        report_scroll.setWidgetResizable(True)
        report_scroll.setWidget(self.report)
        report_scroll.setMinimumHeight(120)

        self.parallelism_spin = QSpinBox(self)
        self.parallelism_spin.setObjectName("parallelism")
        self.parallelism_spin.setRange(1, 64)
        self.parallelism_spin.setValue(max(1, parallelism))
        self.parallelism_spin.setToolTip(
            self.tr(
                "Experiment cells sent to a server at once (llama-server -np N and vLLM "
                "batch them). Local cells always run one at a time."
            )
        )
        parallel_row = QFormLayout()
        parallel_row.addRow(self.tr("Experiment cells at once on a server"), self.parallelism_spin)

        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.empty_label)
        left.addLayout(list_buttons)
        right = QVBoxLayout()
        right.addWidget(self.form_group)
        right.addWidget(report_scroll, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(parallel_row)

        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.test_button.clicked.connect(self.test_connection)
        self.save_button.clicked.connect(self.save)
        self.kind_combo.currentIndexChanged.connect(self.on_kind_changed)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self.on_table_current_row_changed)
        self.reload()
        if self.list_model.rowCount() == 0:
            self.new_backend()

    # ------------------------------------------------------------------ the list

    def reload(self, select: str | None = None) -> None:
        try:
            configs = self.registry.configs()
        except StoreError as exc:  # said in place; the page stays usable
            log.warning("saved backends could not be read: %s", exc)
            self.report.setText(error_html(error_text(exc)))
            configs = []
        self.list_model.set_rows(configs)
        self.empty_label.setVisible(not configs)
        row = self.list_model.row_of_name(select) if select else -1
        if row >= 0:
            self.table.selectRow(row)
        self.remove_button.setEnabled(self._selected() is not None)

    def _selected(self) -> BackendConfig | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        config = self.list_model.data(index, ObjectRole)
        return config if isinstance(config, BackendConfig) else None

    @Slot()
    def on_table_current_row_changed(self, *_args: object) -> None:
        config = self._selected()
        self.remove_button.setEnabled(config is not None)
        if config is not None:
            self.edit(config)

    def edit(self, config: BackendConfig) -> None:
        """Show a saved backend in the form."""
        self._editing = config.name
        self.name_edit.setText(config.name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(config.kind)))
        self.url_edit.setText(config.base_url)
        self.key_edit.clear()
        self.key_edit.setPlaceholderText(self.tr("Leave empty to keep the saved key"))
        self._tested = None
        models = list(config.probe.models) if config.probe is not None else []
        self._set_models(models, config.default_model or "")
        if config.probe is not None:
            self.report.setText(probe_html(config.probe, config.base_url))
        else:
            self.report.setText(self.tr("Not checked yet: press Test connection."))

    @Slot()
    def on_add_button_clicked(self) -> None:
        self.table.clearSelection()
        self.table.setCurrentIndex(self.list_model.index(-1, -1))
        self.new_backend()

    def new_backend(self) -> None:
        """An empty form for a new backend."""
        self._editing = None
        self._tested = None
        self.name_edit.clear()
        self.kind_combo.setCurrentIndex(0)
        self.url_edit.clear()
        self.key_edit.clear()
        self.key_edit.setPlaceholderText(self.tr("optional"))
        self._set_models([], "")
        self.on_kind_changed()
        self.report.setText("")
        self.name_edit.setFocus()

    @Slot()
    def on_kind_changed(self, *_args: object) -> None:
        kind = self.kind_combo.currentData()
        self.url_edit.setPlaceholderText(URL_EXAMPLES.get(kind, ""))

    def _set_models(self, models: list[str], current: str) -> None:
        self.model_combo.clear()
        self.model_combo.addItems(models)
        self.model_combo.setEditText(current)

    # ------------------------------------------------------------------ the form

    def form_config(self) -> BackendConfig:
        """The form as a checked config (raises BackendConfigError)."""
        config = BackendConfig.create(
            self.name_edit.text(),
            self.url_edit.text(),
            str(self.kind_combo.currentData()),
            default_model=self.model_combo.currentText(),
        )
        tested = self._tested
        if tested is not None and tested[:2] == (config.kind, config.base_url):
            config = BackendConfig(
                config.name,
                config.kind,
                config.base_url,
                config.default_model,
                config.api_key_env,
                probe=tested[2],
            )
        return config

    def _checked_form(self) -> BackendConfig | None:
        try:
            return self.form_config()
        except BackendConfigError as exc:
            self.report.setText(error_html(error_text(exc)))
            return None

    def _busy(self, busy: bool) -> None:
        for button in (self.test_button, self.save_button, self.add_button):
            button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and self._selected() is not None)

    @Slot()
    def test_connection(self) -> bool:
        """Ask the server in the form what it is and can do; False if the form is invalid."""
        config = self._checked_form()
        if config is None:
            return False
        key = self.key_edit.text().strip() or None
        registry = self.registry
        self._busy(True)
        self.report.setText(self.tr("Asking %1…").replace("%1", config.base_url))
        self._tasks.run(
            lambda: registry.probe_config(config, api_key=key),
            on_done=lambda result: self._on_tested(config, result),
            on_error=self._on_test_failed,
        )
        return True

    def _on_tested(self, config: BackendConfig, result: ProbeResult) -> None:
        self._busy(False)
        self._tested = (config.kind, config.base_url, result)
        self._set_models(list(result.models), self.model_combo.currentText())
        self.report.setText(probe_html(result, config.base_url))
        if self._editing == config.name:
            self.dirty = True  # the saved probe was updated
            self.reload(select=config.name)
        self.probed.emit(result)

    def _on_test_failed(self, exc: BaseException) -> None:
        self._busy(False)
        log.info("test connection failed: %s", exc)
        self.report.setText(error_html(error_text(exc)))
        self.probed.emit(exc)

    @Slot()
    def save(self) -> bool:
        """Save the form (a new backend, or the one being edited); False if invalid."""
        config = self._checked_form()
        if config is None:
            return False
        key = self.key_edit.text().strip() or None
        editing = self._editing
        registry = self.registry

        def work() -> tuple[BackendConfig, Any]:
            if editing is None:
                return registry.add(config, api_key=key)
            old = registry.config(editing)
            keep = key if key is not None else registry.api_key(old)
            if editing == config.name:
                return registry.add(config, api_key=keep, replace=True)
            result = registry.add(config, api_key=keep)  # a new name: the old one goes after
            registry.remove(editing)
            return result

        self._busy(True)
        self._tasks.run(work, on_done=self._on_saved, on_error=self._on_save_failed)
        return True

    def _on_saved(self, result: tuple[BackendConfig, Any]) -> None:
        saved, warning = result
        self._busy(False)
        self.dirty = True
        self.key_edit.clear()
        self.reload(select=saved.name)
        self.edit(saved)
        if warning is not None:
            self.report.setText(error_html(message_text(warning)))
        self.changed.emit()
        self.saved.emit(saved.name)

    def _on_save_failed(self, exc: BaseException) -> None:
        self._busy(False)
        log.warning("backend not saved: %s", exc)
        self.report.setText(error_html(error_text(exc)))

    @Slot()
    def on_remove_button_clicked(self) -> None:
        config = self._selected()
        if config is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove backend"),
            self.tr("Remove %1 and its saved API key?").replace("%1", config.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(config.name)

    def remove(self, name: str) -> None:
        registry = self.registry
        self._busy(True)
        self._tasks.run(
            lambda: registry.remove(name),
            on_done=lambda _r: self._on_removed(name),
            on_error=self._on_save_failed,
        )

    def _on_removed(self, name: str) -> None:
        self._busy(False)
        self.dirty = True
        self.reload()
        self.new_backend()
        self.changed.emit()
        self.removed.emit(name)

    # ------------------------------------------------------------------ settings

    def parallelism(self) -> int:
        return int(self.parallelism_spin.value())

    def shutdown(self) -> None:
        """Lets a running test or save finish (they are short), then drops their callbacks."""
        self._tasks.shutdown(timeout=15.0)
