"""The library panel: installed models with header metadata; import, scan, detect, delete.

`LibraryPanel(library, parent=None)` where `library` is a desktop.core.library.Library.
Copies, moves and folder scans run on background threads; the list refreshes afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor
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

import desktop.ui.pyside_refcount  # noqa: F401  (before any Qt call)
from desktop.core.library import ExternalModel, InstalledModel, Library, LibraryError
from desktop.ui.hub_models import ObjectRole, human_size
from desktop.ui.hub_tasks import BackgroundTasks

Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("LibraryPanel", text)


def params_text(n: int | None) -> str:
    if not n:
        return "?"
    if n >= 1e9:
        return f"{n / 1e9:.1f}B"
    if n >= 1e6:
        return f"{n / 1e6:.0f}M"
    return f"{n / 1e3:.0f}K"


class _RowsModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return tr(self.COLUMNS[section])
        return None

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def item(self, row: int):
        return self._rows[row]


class LibraryModel(_RowsModel):
    """Installed models; rows with a missing file or unreadable header are shown in red."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("LibraryPanel", "File"),
        QT_TRANSLATE_NOOP("LibraryPanel", "Architecture"),
        QT_TRANSLATE_NOOP("LibraryPanel", "Parameters"),
        QT_TRANSLATE_NOOP("LibraryPanel", "Quantization"),
        QT_TRANSLATE_NOOP("LibraryPanel", "Context"),
        QT_TRANSLATE_NOOP("LibraryPanel", "Size"),
        QT_TRANSLATE_NOOP("LibraryPanel", "Last used"),
        QT_TRANSLATE_NOOP("LibraryPanel", "Source"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m: InstalledModel = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                Path(m.path).name,  # the file name tells quantizations of one model apart
                m.architecture or "?",
                params_text(m.n_params),
                m.quantization or "?",
                str(m.context_length or "?"),
                human_size(m.size_bytes),
                m.last_used_at.astimezone().strftime("%Y-%m-%d %H:%M")
                if m.last_used_at
                else tr("never"),
                tr("in library") if m.source == "library" else tr("referenced"),
            )
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{m.path}\n{m.problem}" if m.problem else m.path
        if role == Qt.ItemDataRole.ForegroundRole and (m.missing or m.problem):
            return QBrush(QColor(200, 40, 40))
        if role == ObjectRole:
            return m
        return None


class ExternalModelsModel(_RowsModel):
    """GGUFs found in the Hugging Face cache, LM Studio, or a scanned folder."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("LibraryPanel", "Found in"),
        QT_TRANSLATE_NOOP("LibraryPanel", "File"),
        QT_TRANSLATE_NOOP("LibraryPanel", "Size"),
        QT_TRANSLATE_NOOP("LibraryPanel", "In library"),
    )
    SOURCES = {
        "hf_cache": QT_TRANSLATE_NOOP("LibraryPanel", "Hugging Face cache"),
        "lmstudio": QT_TRANSLATE_NOOP("LibraryPanel", "LM Studio"),
        "folder": QT_TRANSLATE_NOOP("LibraryPanel", "Scanned folder"),
    }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e: ExternalModel = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                tr(self.SOURCES[e.source]),
                e.label,
                human_size(e.size_bytes),
                tr("yes") if e.known else tr("no"),
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.path
        if role == ObjectRole:
            return e
        return None


class LibraryPanel(QWidget):
    library_changed = Signal()
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
        mv.addWidget(self.details_label)
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
        if m.has_chat_template is None:
            template = self.tr("unknown")
        else:
            template = self.tr("yes") if m.has_chat_template else self.tr("no (ChatML is used)")
        lines = [
            m.path,
            self.tr("Model name: %1").replace("%1", m.name),
            self.tr("Layers: %1 · Chat template: %2")
            .replace("%1", str(m.n_layers or "?"))
            .replace("%2", template),
        ]
        if m.hub_repo:
            lines.append(self.tr("From the Hub: %1").replace("%1", m.hub_repo))
        if len(m.parts) > 1:
            lines.append(self.tr("Split into %1 files").replace("%1", str(len(m.parts))))
        if m.problem:
            lines.append(m.problem)
        self.details_label.setText("\n".join(lines))

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.selected_model() is not None)
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

    def import_path(self, path: str, mode: str) -> None:
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
            text = text.replace("%2", human_size(m.size_bytes))
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
        message = str(error)
        self.status_label.setText(message)
        self.error_shown.emit(message)

    def shutdown(self) -> None:
        self.tasks.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
