"""The library panel: installed models with header metadata; import, scan, detect, delete.

`LibraryPanel(library, parent=None)` where `library` is a desktop.core.models.library.Library.
Copies, moves and folder scans run on background threads; the list refreshes afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models.library import (
    ExternalModel,
    ImportMode,
    InstalledModel,
    Library,
    LibraryError,
)
from desktop.ui.i18n import error_text
from desktop.ui.models.library_models import (
    ExternalModelsModel,
    LibraryModel,
    template_details,
)
from desktop.ui.units import size_text
from desktop.ui.widgets.tasks import BackgroundTasks


class LibraryPanel(QWidget):
    library_changed = Signal()
    template_requested = Signal(str)  # a model's path: choose its chat template in the chat
    refreshed = Signal()
    error_shown = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.tasks = BackgroundTasks(self)
        self._refresh_generation = 0
        self.models_model = LibraryModel(self)
        self.external_model = ExternalModelsModel(self)
        self._build()
        self.refresh()
        self.detect_external()

    def _build(self) -> None:
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.import_button = QPushButton(self.tr("Import file…"))
        self.scan_button = QPushButton(self.tr("Scan folder…"))
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("Copy into the library"), "copy")
        self.mode_combo.addItem(self.tr("Move into the library"), "move")
        self.mode_combo.addItem(self.tr("Use in place (reference)"), "reference")
        self.delete_button = QPushButton(self.tr("Delete…"))
        top = QHBoxLayout()
        for w in (self.refresh_button, self.import_button, self.scan_button, self.mode_combo):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.delete_button)

        self.models_view = QTableView()
        self.models_view.setModel(self.models_model)
        self.models_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.models_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.models_view.verticalHeader().hide()
        self.models_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.template_button = QPushButton(self.tr("Choose its chat template…"))
        self.template_button.setToolTip(
            self.tr("Opens the Chat page with this model picked and its Chat template list")
        )
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        self.external_view = QTableView()
        self.external_view.setModel(self.external_model)
        self.external_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.external_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.external_view.verticalHeader().hide()
        self.external_view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.add_external_button = QPushButton(self.tr("Add selected to the library"))
        self.add_external_button.setEnabled(False)
        ext = QWidget()
        ev = QVBoxLayout(ext)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addWidget(
            QLabel(
                self.tr("Found on this computer (Hugging Face cache, LM Studio, scanned folders)")
            )
        )
        ev.addWidget(self.external_view, 1)
        ev.addWidget(self.add_external_button)

        main = QWidget()
        mv = QVBoxLayout(main)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addWidget(self.models_view, 1)
        details = QHBoxLayout()
        details.addWidget(self.details_label, 1)
        details.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignBottom)
        mv.addLayout(details)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(main)
        split.addWidget(ext)
        split.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status_label)

        self.refresh_button.clicked.connect(self.on_refresh_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.scan_button.clicked.connect(self.on_scan_clicked)
        self.delete_button.clicked.connect(self.on_delete_clicked)
        self.template_button.clicked.connect(self.on_template_clicked)
        self.add_external_button.clicked.connect(self.on_add_external_clicked)
        self.models_view.selectionModel().currentChanged.connect(self.on_model_current_changed)
        self.external_view.selectionModel().currentChanged.connect(self.on_external_current_changed)
        self._update_buttons()

    # ------------------------------------------------------------------ listing

    def refresh(self) -> None:
        """Re-reads the library on a background thread (the first read of many large headers
        takes a moment); `refreshed` is emitted when the list is up to date."""
        self._refresh_generation += 1
        generation = self._refresh_generation
        self.tasks.run(
            self.library.refresh,
            lambda models: self.on_refresh_done(generation, models),
            self.on_refresh_failed,
        )

    def on_refresh_done(self, generation: int, models: list[InstalledModel]) -> None:
        if generation != self._refresh_generation:
            return  # a newer refresh is on its way
        current = self.selected_model()
        self.models_model.set_rows(models)
        if current is not None:
            for row, m in enumerate(models):
                if m.id == current.id:
                    self.models_view.setCurrentIndex(self.models_model.index(row, 0))
        self._update_details()
        self._update_buttons()
        self.refreshed.emit()

    def on_refresh_failed(self, error: BaseException) -> None:
        self._show_error(error)  # a broken store must not take the panel down
        self.refreshed.emit()

    @Slot()
    def on_refresh_clicked(self) -> None:
        self.refresh()
        self.detect_external()

    def detect_external(self) -> None:
        self.tasks.run(self.library.detect_external, self.external_model.set_rows, self._show_error)

    def selected_model(self) -> InstalledModel | None:
        index = self.models_view.currentIndex()
        if not index.isValid() or index.row() >= self.models_model.rowCount():
            return None
        return self.models_model.item(index.row())

    @Slot(QModelIndex, QModelIndex)
    def on_model_current_changed(self, _c: QModelIndex, _p: QModelIndex) -> None:
        self._update_details()
        self._update_buttons()

    @Slot(QModelIndex, QModelIndex)
    def on_external_current_changed(self, _c: QModelIndex, _p: QModelIndex) -> None:
        self._update_buttons()

    def _update_details(self) -> None:
        m = self.selected_model()
        if m is None:
            self.details_label.setText(self.tr("Select a model to see its details."))
            return
        lines = [
            m.path,
            self.tr("Model name: %1").replace("%1", m.name),
            self.tr("Layers: %1").replace("%1", str(m.n_layers or "?")),
            template_details(m),
        ]
        if m.hub_repo:
            lines.append(self.tr("From the Hub: %1").replace("%1", m.hub_repo))
        if len(m.parts) > 1:
            lines.append(self.tr("Split into %1 files").replace("%1", str(len(m.parts))))
        if m.problem:
            lines.append(m.problem)
        self.details_label.setText("\n".join(lines))

    @Slot()
    def on_template_clicked(self) -> None:
        m = self.selected_model()
        if m is not None:
            self.template_requested.emit(m.path)

    def _update_buttons(self) -> None:
        m = self.selected_model()
        self.delete_button.setEnabled(m is not None)
        self.template_button.setEnabled(m is not None and not m.missing and m.template is not None)
        index = self.external_view.currentIndex()
        ext = self.external_model.item(index.row()) if index.isValid() else None
        self.add_external_button.setEnabled(ext is not None and not ext.known)

    # ------------------------------------------------------------------ adding

    @Slot()
    def on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.import_path(path, self.mode_combo.currentData())

    def import_path(self, path: str, mode: ImportMode) -> None:
        """Imports on a background thread (a copy can take minutes); refreshes when done."""
        self.status_label.setText(self.tr("Adding %1…").replace("%1", Path(path).name))
        self.import_button.setEnabled(False)
        self.tasks.run(
            lambda: self.library.import_file(path, mode), self.on_import_done, self.on_import_failed
        )

    def on_import_done(self, model: InstalledModel) -> None:
        self.import_button.setEnabled(True)
        self.status_label.setText(self.tr("Added %1.").replace("%1", model.name))
        self.refresh()
        self.detect_external()
        self.library_changed.emit()

    def on_import_failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        self._show_error(error)

    @Slot()
    def on_scan_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Scan a folder for GGUF models"))
        if folder:
            self.scan_folder(folder)

    def scan_folder(self, folder: str) -> None:
        self.status_label.setText(self.tr("Scanning %1…").replace("%1", folder))
        self.tasks.run(
            lambda: self.library.scan_folder(folder), self.on_scan_done, self._show_error
        )

    def on_scan_done(self, found: list[ExternalModel]) -> None:
        self.external_model.set_rows(found)
        self.status_label.setText(self.tr("%n GGUF model(s) found.", "", len(found)))

    @Slot()
    def on_add_external_clicked(self) -> None:
        index = self.external_view.currentIndex()
        if index.isValid():
            self.import_path(
                self.external_model.item(index.row()).path, self.mode_combo.currentData()
            )

    # ------------------------------------------------------------------ deleting

    @Slot()
    def on_delete_clicked(self) -> None:
        m = self.selected_model()
        if m is None:
            return
        if m.source == "library":
            text = self.tr("Delete %1? This removes %2 from disk.").replace("%1", m.name)
            text = text.replace("%2", size_text(m.size_bytes))
        else:
            text = self.tr("Remove %1 from the library? The file stays where it is:\n%2")
            text = text.replace("%1", m.name).replace("%2", m.path)
        answer = QMessageBox.question(
            self,
            self.tr("Delete model"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.library.remove(m.id)
        except (LibraryError, OSError) as exc:
            self._show_error(exc)
            return
        self.status_label.setText(self.tr("Removed %1.").replace("%1", m.name))
        self.refresh()
        self.detect_external()
        self.library_changed.emit()

    # ------------------------------------------------------------------ misc

    def _show_error(self, error: BaseException) -> None:
        message = error_text(error)
        self.status_label.setText(message)
        self.error_shown.emit(message)

    def shutdown(self) -> None:
        self.tasks.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
