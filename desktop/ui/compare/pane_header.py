"""A compare pane's header: which target it runs (model, sampling settings, system prompt).

The model list is the chat's grouped picker model (local files, then each saved backend's
models), shared by every pane, so a pane offers exactly what the chat offers. The header
turns what is chosen into a `CompareTarget`; the settings are locked while a comparison runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.compare.target import CompareTarget
from desktop.core.engine.protocol import SamplingParams
from desktop.ui.chat.model_picker import EntryRole, ModelPickerModel, PickerEntry

DEFAULTS = SamplingParams()
RANDOM_SEED = -1


class PaneHeader(QWidget):
    remove_requested = Signal()
    changed = Signal()  # the target changed (model or a setting)

    def __init__(self, number: int, picker: ModelPickerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.picker = picker
        self._chosen: PickerEntry | None = None  # kept across refreshes of the shared list
        self.number = QLabel()
        self.number.setObjectName("paneNumber")
        self.model_combo = QComboBox()
        self.model_combo.setObjectName("paneModel")
        # Through a proxy of its own: the shared list belongs to the chat's inspector, and a
        # combo box must never outlive the model its selection is on.
        self._rows = QSortFilterProxyModel(self.model_combo)
        self._rows.setSourceModel(picker)
        self.model_combo.setModel(self._rows)
        self.model_combo.setMinimumContentsLength(12)
        self.model_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_combo.setToolTip(self.tr("The model this pane runs"))
        self.open_button = QToolButton()
        self.open_button.setText("…")
        self.open_button.setToolTip(self.tr("Open a model file for this pane"))
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setObjectName("removePane")
        self.remove_button.setToolTip(self.tr("Remove this pane"))
        self.remove_button.setAutoRaise(True)
        # A reopened pane whose model the list cannot offer (its file is gone, its server has
        # not answered) names the saved model here instead of the list.
        self.saved_model = QLabel()
        self.saved_model.setObjectName("paneSavedModel")
        self.saved_model.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_model.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.saved_model.hide()

        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, 5.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(DEFAULTS.temperature)
        self.temperature.setToolTip(self.tr("Temperature"))
        self.top_p = QDoubleSpinBox()
        self.top_p.setRange(0.0, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setValue(DEFAULTS.top_p)
        self.top_p.setToolTip(self.tr("Top-p"))
        self.seed = QSpinBox()
        self.seed.setRange(RANDOM_SEED, 2_147_483_647)
        self.seed.setSpecialValueText(self.tr("random"))
        self.seed.setValue(RANDOM_SEED)
        self.seed.setToolTip(
            self.tr("Seed: panes left on random share one random seed per message")
        )
        self.system_button = QToolButton()
        self.system_button.setText(self.tr("System"))
        self.system_button.setCheckable(True)
        self.system_button.setToolTip(self.tr("A system prompt for this pane"))
        self.system = QPlainTextEdit()
        self.system.setObjectName("paneSystem")
        self.system.setPlaceholderText(self.tr("System prompt (optional)"))
        self.system.setFixedHeight(54)
        self.system.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.number)
        top.addWidget(self.model_combo, 1)
        top.addWidget(self.saved_model, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.remove_button)
        settings = QHBoxLayout()
        settings.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            (self.tr("T"), self.temperature),
            (self.tr("top-p"), self.top_p),
            (self.tr("seed"), self.seed),
        ):
            settings.addWidget(QLabel(label))
            settings.addWidget(widget, 1)
        settings.addWidget(self.system_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addLayout(settings)
        layout.addWidget(self.system)
        self.set_number(number)

        self.model_combo.activated.connect(self.on_model_combo_activated)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.remove_button.clicked.connect(self.remove_requested)
        self.system_button.toggled.connect(self.system.setVisible)
        picker.modelReset.connect(self.on_picker_reset)
        for spin in (self.temperature, self.top_p, self.seed):
            spin.valueChanged.connect(self.changed)
        self.system.textChanged.connect(self.changed)
        self.on_picker_reset()

    def set_number(self, number: int) -> None:
        self.number.setText(f"<b>{number}</b>")

    # ------------------------------------------------------------------ the model

    def entry(self) -> PickerEntry | None:
        entry = self.model_combo.currentData(EntryRole)
        return entry if isinstance(entry, PickerEntry) and entry.selectable else None

    def choose(self, entry: PickerEntry) -> None:
        """Selects `entry` (a local file not listed yet is added to the picker)."""
        row = self.picker.row_of(entry.key)
        if row < 0 and entry.kind == "local":
            row = self.picker.add_local(entry)
        if row >= 0:
            self._chosen = entry
            self.model_combo.setCurrentIndex(row)
            self.changed.emit()

    def choose_path(self, path: str) -> None:
        self.choose(PickerEntry("local", Path(path).name, path, path=path))

    @Slot(int)
    def on_model_combo_activated(self, row: int) -> None:
        entry = self.picker.entry(row)
        if entry is not None and entry.selectable:
            self._chosen = entry
            self.changed.emit()

    @Slot()
    def on_picker_reset(self) -> None:
        # The shared list was refreshed (a download, a server answered): keep this pane's pick.
        chosen = self._chosen
        row = self.picker.row_of(chosen.key) if chosen is not None else -1
        if row < 0 and chosen is not None and chosen.kind == "local":
            row = self.picker.add_local(chosen)  # a file this pane opened: still offered
            return  # add_local reset the list again, which selected it
        if row < 0:
            row = self.picker.first_selectable()
            self._chosen = self.picker.entry(row)
        self.model_combo.setCurrentIndex(row)

    @Slot()
    def on_open_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a model file"), "", self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.choose_path(path)

    # ------------------------------------------------------------------ the target

    def target(self) -> CompareTarget | None:
        """The target as set now; None when no model is chosen."""
        entry = self.entry()
        if entry is None:
            return None
        params: dict[str, Any] = {
            "temperature": round(self.temperature.value(), 3),
            "top_p": round(self.top_p.value(), 3),
        }
        if self.seed.value() != RANDOM_SEED:
            params["seed"] = self.seed.value()
        system = self.system.toPlainText()
        if entry.kind == "local":
            return CompareTarget("model", entry.path, params=params, system=system or None)
        return CompareTarget(
            "backend", entry.model, backend=entry.backend, params=params, system=system or None
        )

    def show_saved(self, target: CompareTarget, missing: bool) -> None:
        """A reopened pane: its saved model and settings (`missing`: the file is gone)."""
        entry = None
        if target.is_local and target.model and not missing:
            entry = PickerEntry("local", Path(target.model).name, target.model, path=target.model)
        elif not target.is_local:
            row = self.picker.row_of(("remote", target.backend, target.model))
            entry = self.picker.entry(row) if row >= 0 else None
        if entry is not None:
            self.choose(entry)
        if target.is_local:
            name = Path(target.model or "").name
            shown = self.tr("%1 (file missing)").replace("%1", name) if missing else name
        else:
            shown = f"{target.backend}/{target.model}" if target.model else str(target.backend)
        self.saved_model.setText(shown)
        self.saved_model.setToolTip(target.model or "")
        self.saved_model.setStyleSheet("color: #d93025;" if missing else "")
        self.saved_model.setVisible(entry is None)
        self.model_combo.setVisible(entry is not None)
        params = target.params
        self.temperature.setValue(float(params.get("temperature", DEFAULTS.temperature)))
        self.top_p.setValue(float(params.get("top_p", DEFAULTS.top_p)))
        seed = params.get("seed")
        self.seed.setValue(int(seed) if isinstance(seed, int) and seed >= 0 else RANDOM_SEED)
        self.set_system(target.system or "")

    def clear_saved(self) -> None:
        """Back to the model list (a new comparison)."""
        self.saved_model.hide()
        self.model_combo.show()

    def set_system(self, text: str) -> None:
        self.system.setPlainText(text)
        self.system_button.setChecked(bool(text))

    def set_locked(self, locked: bool) -> None:
        """While a comparison runs its targets are fixed ("New comparison" unlocks them)."""
        for widget in (
            self.model_combo,
            self.open_button,
            self.remove_button,
            self.temperature,
            self.top_p,
            self.seed,
        ):
            widget.setEnabled(not locked)
        self.system.setReadOnly(locked)
