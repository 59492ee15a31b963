"""The inspector: model and load settings, sampling presets, system prompt, context meter."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.engine.presets import DEFAULT_PRESET, TITLE_CONTEXT, PresetError, SamplingPresets
from desktop.core.engine.protocol import LoadOptions, ModelInfo, SamplingParams
from desktop.core.store.errors import StoreError
from desktop.ui.chat.generation_options import GenerationOptions
from desktop.ui.chat.load_settings import LoadSettingsBox
from desktop.ui.chat.model_picker import EntryRole, ModelPickerModel, PickerEntry
from desktop.ui.i18n import error_text, message_text, translated

log = logging.getLogger(__name__)


def gpu_help_url() -> str:
    """The README's GPU section: the checkout's README.md when there is one."""
    from pathlib import Path

    from PySide6.QtCore import QUrl

    readme = Path(__file__).resolve().parents[3] / "README.md"
    if readme.is_file():
        url = QUrl.fromLocalFile(str(readme))
        url.setFragment("gpu")
        return url.toString()
    return ""


class Inspector(QWidget):
    """Right-hand panel of the chat: load settings, sampling values and presets, the prompt."""

    load_requested = Signal(object)  # LoadOptions
    unload_requested = Signal()
    model_chosen = Signal(object)  # PickerEntry: a local file or a server's model
    show_probabilities_changed = Signal(bool)
    open_file_requested = Signal()
    notice = Signal(str)  # something failed that the user should hear about (status bar)

    def __init__(
        self,
        presets: SamplingPresets,
        layer_count: Callable[[str], int | None] = lambda _p: None,
        gpu_offload_supported: bool | None = None,  # None: not known yet
        parent: QWidget | None = None,
        load_memory: Any = None,  # model_load_settings(path) / remember_load_settings(path, ...)
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._presets = presets
        self._load_memory = load_memory
        self._base_params = SamplingParams()
        self._models: list[tuple[str, str]] = []  # (label, path) offered in the picker
        self._layer_count = layer_count
        self._gpu_supported = gpu_offload_supported
        self._info: ModelInfo | None = None

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(self._build_model_group())
        column.addWidget(self._build_sampling_group())
        column.addWidget(self._build_prompt_group())
        column.addStretch(1)
        self._content = content
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(240)
        content.setMinimumWidth(0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.reload_models()
        self.reload_presets()
        self.apply_preset(DEFAULT_PRESET)

    # ------------------------------------------------------------------ building

    def _build_model_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Model"), self)
        form = QFormLayout(group)
        self.model_combo = QComboBox(group)
        self.model_combo.setObjectName("modelPicker")
        self.picker_model = ModelPickerModel(self.model_combo)
        self.model_combo.setModel(self.picker_model)
        self.model_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_combo.setMinimumContentsLength(12)
        self.open_button = QPushButton(self.tr("Open…"), group)
        self.open_button.setToolTip(self.tr("Load a .gguf file from disk"))
        picker = QHBoxLayout()
        picker.addWidget(self.model_combo, 1)
        picker.addWidget(self.open_button)
        form.addRow(picker)

        self.gpu_slider = QSlider(Qt.Orientation.Horizontal, group)
        self.gpu_slider.setObjectName("gpuLayers")
        self.gpu_slider.setRange(0, 0)
        self.gpu_all = QCheckBox(self.tr("all"), group)
        self.gpu_label = QLabel("0", group)
        self.gpu_label.setMinimumWidth(28)
        gpu_row = QHBoxLayout()
        gpu_row.addWidget(self.gpu_slider, 1)
        gpu_row.addWidget(self.gpu_label)
        gpu_row.addWidget(self.gpu_all)
        form.addRow(self.tr("GPU layers"), gpu_row)
        self.gpu_note = QLabel(group)
        self.gpu_note.setObjectName("gpuNote")
        self.gpu_note.setWordWrap(True)
        self.gpu_note.setOpenExternalLinks(True)
        self.gpu_note.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.gpu_note)

        self.ctx_spin = QSpinBox(group)
        self.ctx_spin.setRange(0, 1_048_576)
        self.ctx_spin.setSingleStep(1024)
        self.ctx_spin.setValue(4096)
        self.ctx_spin.setSpecialValueText(self.tr("model's own"))
        form.addRow(self.tr("Context size"), self.ctx_spin)
        self.load_settings = LoadSettingsBox(group)
        form.addRow(self.load_settings)
        self.threads_spin = QSpinBox(group)
        self.threads_spin.setRange(0, max(1, os.cpu_count() or 1) * 2)
        self.threads_spin.setSpecialValueText(self.tr("auto"))
        form.addRow(self.tr("Threads"), self.threads_spin)

        self.load_button = QPushButton(self.tr("Load"), group)
        self.load_button.setObjectName("loadButton")
        self.unload_button = QPushButton(self.tr("Unload"), group)
        self.unload_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.unload_button)
        form.addRow(buttons)
        self.load_progress = QProgressBar(group)
        self.load_progress.setRange(0, 0)
        self.load_progress.hide()
        form.addRow(self.load_progress)
        self.model_status = QLabel(self.tr("No model loaded"), group)
        self.model_status.setObjectName("modelStatus")
        self.model_status.setWordWrap(True)
        form.addRow(self.model_status)
        # What the chosen server is, and what it cannot do (said here, not hidden).
        self.backend_note = QLabel(group)
        self.backend_note.setObjectName("backendNote")
        self.backend_note.setWordWrap(True)
        self.backend_note.setTextFormat(Qt.TextFormat.RichText)
        self.backend_note.hide()
        form.addRow(self.backend_note)
        self._model_form = form
        self._local_rows: list[QWidget | QHBoxLayout] = [gpu_row, self.ctx_spin, self.load_settings]
        self._local_rows += [self.threads_spin, buttons]

        self.model_combo.currentIndexChanged.connect(self.on_model_combo_current_index_changed)
        self.open_button.clicked.connect(self.open_file_requested)
        self.gpu_slider.valueChanged.connect(self.on_gpu_slider_value_changed)
        self.gpu_all.toggled.connect(self.on_gpu_all_toggled)
        self.load_button.clicked.connect(self.on_load_button_clicked)
        self.unload_button.clicked.connect(self.unload_requested)
        self._update_gpu_note()
        return group

    def _build_sampling_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Sampling"), self)
        form = QFormLayout(group)
        self.preset_combo = QComboBox(group)
        self.preset_combo.setObjectName("presetPicker")
        self.save_preset_button = QPushButton(self.tr("Save as…"), group)
        self.delete_preset_button = QPushButton(self.tr("Delete"), group)
        row = QHBoxLayout()
        row.addWidget(self.preset_combo, 1)
        row.addWidget(self.save_preset_button)
        row.addWidget(self.delete_preset_button)
        form.addRow(self.tr("Preset"), row)

        def dspin(lo: float, hi: float, step: float, decimals: int = 2) -> QDoubleSpinBox:
            box = QDoubleSpinBox(group)
            box.setRange(lo, hi)
            box.setSingleStep(step)
            box.setDecimals(decimals)
            return box

        self.temperature = dspin(0.0, 5.0, 0.05)
        self.top_k = QSpinBox(group)
        self.top_k.setRange(0, 1000)
        self.top_k.setSpecialValueText(self.tr("off"))
        self.top_p = dspin(0.0, 1.0, 0.01)
        self.min_p = dspin(0.0, 1.0, 0.01)
        self.repeat_penalty = dspin(0.5, 3.0, 0.05)
        self.max_tokens = QSpinBox(group)
        self.max_tokens.setRange(0, 1_000_000)
        self.max_tokens.setSpecialValueText(self.tr("no limit"))
        self.max_tokens.setToolTip(self.tr("0: go on until the model stops or the context is full"))
        self.seed = QSpinBox(group)
        self.seed.setRange(-1, 2_147_483_647)
        self.seed.setSpecialValueText(self.tr("random"))
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top-k"), self.top_k)
        form.addRow(self.tr("Top-p"), self.top_p)
        form.addRow(self.tr("Min-p"), self.min_p)
        form.addRow(self.tr("Repeat penalty"), self.repeat_penalty)
        form.addRow(self.tr("Max tokens"), self.max_tokens)
        form.addRow(self.tr("Seed"), self.seed)

        self.show_probs = QCheckBox(self.tr("Show probabilities"), group)
        self.show_probs.setObjectName("showProbabilities")
        self.probs_note = QLabel(group)  # a server without (enough) probabilities says so here
        self.probs_note.setObjectName("probabilitiesNote")
        self.probs_note.setWordWrap(True)
        self.probs_note.hide()
        self.top_n = QSpinBox(group)
        self.top_n.setRange(1, 20)
        self.top_n.setValue(5)
        self.logprob_source = QComboBox(group)
        self.logprob_source.addItem(self.tr("raw distribution"), "raw")
        self.logprob_source.addItem(self.tr("after sampling filters"), "filtered")
        form.addRow(self.show_probs)
        form.addRow(self.probs_note)
        form.addRow(self.tr("Alternatives"), self.top_n)
        form.addRow(self.tr("Probabilities of"), self.logprob_source)

        self.preset_combo.activated.connect(self.on_preset_combo_activated)
        self.save_preset_button.clicked.connect(self.on_save_preset_button_clicked)
        self.delete_preset_button.clicked.connect(self.on_delete_preset_button_clicked)
        self.show_probs.toggled.connect(self.show_probabilities_changed)
        return group

    def _build_prompt_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Conversation"), self)
        form = QFormLayout(group)
        self.system_prompt = QPlainTextEdit(group)
        self.system_prompt.setObjectName("systemPrompt")
        self.system_prompt.setPlaceholderText(self.tr("System prompt (optional)"))
        self.system_prompt.setFixedHeight(90)
        form.addRow(self.system_prompt)
        self.context_meter = QProgressBar(group)
        self.context_meter.setObjectName("contextMeter")
        self.context_meter.setRange(0, 1)
        self.context_meter.setValue(0)
        self.context_meter.setFormat(self.tr("no model"))
        form.addRow(self.tr("Context"), self.context_meter)
        self.overflow_combo = QComboBox(group)
        self.overflow_combo.addItem(self.tr("Stop at the limit"), "stop")
        self.overflow_combo.addItem(
            self.tr("Truncate the middle (keep system prompt)"), "truncate_middle"
        )
        self.overflow_combo.addItem(self.tr("Rolling window"), "rolling_window")
        form.addRow(self.tr("When full"), self.overflow_combo)
        return group

    def add_group(self, group: QWidget) -> None:
        """Another feature's group (output format, tools), below the built-in ones."""
        layout = self._content.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, group)  # before the closing stretch

    def preferred_width(self) -> int:
        """Wide enough to show every row without cutting it (plus the scroll bar)."""
        return (
            self._content.sizeHint().width()
            + self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
            + 4
        )

    # ------------------------------------------------------------------ models

    def set_models(self, models: list[tuple[str, str]]) -> None:
        """The picker's local entries, (label, path), most recently used first; the file path
        is each one's tooltip. The selection stays where it can."""
        self._models = list(models)
        self.reload_models()

    def reload_models(self) -> None:
        entries = [PickerEntry("local", label, path, path=path) for label, path in self._models]
        self._keep_selection(
            lambda: self.picker_model.set_local(
                entries, header=self.tr("On this computer"), empty=self.tr("No models yet")
            )
        )

    def set_backend_groups(self, groups: list[tuple[str, str, list[PickerEntry]]]) -> None:
        """One group per saved backend: (name, header text, its entries so far)."""
        self._keep_selection(lambda: self.picker_model.set_backends(groups))

    def set_backend_entries(self, backend: str, entries: list[PickerEntry]) -> None:
        self._keep_selection(lambda: self.picker_model.set_backend_entries(backend, entries))

    def _keep_selection(self, change: Callable[[], None]) -> None:
        current = self.selected_entry()
        self.model_combo.blockSignals(True)
        change()
        row = self.picker_model.row_of(current.key) if current is not None else -1
        if row < 0:
            row = self.picker_model.first_selectable()
        self.model_combo.setCurrentIndex(max(0, row) if self.picker_model.rowCount() else -1)
        self.model_combo.blockSignals(False)
        if self.selected_entry() != current:
            self.on_model_combo_current_index_changed(self.model_combo.currentIndex())
        else:
            self._update_for_entry()

    def select_model_path(self, path: str) -> None:
        index = self.picker_model.row_of_path(path)
        if index < 0:
            entry = PickerEntry("local", os.path.basename(path), path, path=path)
            index = self.picker_model.add_local(entry)
        self.model_combo.setCurrentIndex(index)

    def select_remote_model(self, backend: str, model: str) -> bool:
        index = self.picker_model.row_of(("remote", backend, model))
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
        return index >= 0

    def selected_path(self) -> str | None:
        return self.model_combo.currentData()

    def selected_entry(self) -> PickerEntry | None:
        entry = self.model_combo.currentData(EntryRole)
        return entry if isinstance(entry, PickerEntry) and entry.selectable else None

    @Slot(int)
    def on_model_combo_current_index_changed(self, _index: int) -> None:
        self._update_for_entry()
        entry = self.selected_entry()
        if entry is not None:
            self.model_chosen.emit(entry)

    def _update_for_entry(self) -> None:
        path = self.selected_path()
        layers = self._layer_count(path) if path else None
        self.gpu_slider.setRange(0, layers or 0)
        self.gpu_slider.setEnabled(bool(layers) and not self.gpu_all.isChecked())
        self.load_button.setEnabled(path is not None)
        entry = self.selected_entry()
        remote = entry is not None and entry.kind == "remote"
        # Load settings belong to this computer's engine: a server decides its own.
        for row in self._local_rows:
            self._model_form.setRowVisible(row, not remote)
        if remote:
            self.load_progress.hide()
            self.gpu_note.hide()
        else:
            self._update_gpu_note()
            if path:
                self._show_remembered(path)

    def set_backend_note(self, html: str) -> None:
        """What the chosen server is and cannot do ("" hides the note)."""
        self.backend_note.setText(html)
        self.backend_note.setVisible(bool(html))

    def set_probabilities_note(self, text: str, max_alternatives: int = 20) -> None:
        """Said beside "Show probabilities" when the chosen server limits them."""
        self.probs_note.setText(text)
        self.probs_note.setVisible(bool(text))
        self.top_n.setMaximum(max(1, max_alternatives))

    def _show_remembered(self, path: str) -> None:
        """The settings this model was last loaded with (defaults for a new one)."""
        remembered = getattr(self._load_memory, "model_load_settings", None)
        try:
            values = remembered(path) if remembered else {}
        except StoreError as exc:  # unreadable settings must not break the picker
            log.warning("remembered load settings of %s unreadable: %s", path, exc)
            values = {}
        self.load_settings.set_values(values)
        if "n_ctx" in values:
            self.ctx_spin.setValue(int(values["n_ctx"]))
        layers = values.get("n_gpu_layers")
        if layers is not None:
            self.gpu_all.setChecked(layers < 0)
            if layers >= 0:
                self.gpu_slider.setValue(layers)

    @Slot(int)
    def on_gpu_slider_value_changed(self, value: int) -> None:
        self.gpu_label.setText(str(value))
        self._update_gpu_note()

    @Slot(bool)
    def on_gpu_all_toggled(self, checked: bool) -> None:
        self.gpu_slider.setEnabled(not checked and self.gpu_slider.maximum() > 0)
        self.gpu_label.setText(self.tr("all") if checked else str(self.gpu_slider.value()))
        self._update_gpu_note()

    def set_gpu_offload_supported(self, supported: bool) -> None:
        self._gpu_supported = bool(supported)
        self._update_gpu_note()

    def _update_gpu_note(self) -> None:
        wants_gpu = self.gpu_all.isChecked() or self.gpu_slider.value() > 0
        if self._gpu_supported is None or self._gpu_supported:
            self.gpu_note.hide()
            return
        text = self.tr("This llama.cpp build has no GPU support: the model runs on the CPU.")
        if wants_gpu:
            text = self.tr(
                "GPU layers were requested, but this llama.cpp build has no GPU support: "
                "the model will run on the CPU."
            )
        link = self.tr("README, section “GPU”: how to install a GPU build")
        url = gpu_help_url()
        self.gpu_note.setText(f'{text} <a href="{url}">{link}</a>' if url else f"{text} {link}")
        self.gpu_note.show()

    def load_options(self) -> LoadOptions | None:
        path = self.selected_path()
        if path is None:
            return None
        threads = self.threads_spin.value() or None
        return LoadOptions(
            path=path,
            n_gpu_layers=-1 if self.gpu_all.isChecked() else self.gpu_slider.value(),
            n_ctx=self.ctx_spin.value(),
            n_threads=threads,
            **self.load_settings.values(),
        )

    @Slot()
    def on_load_button_clicked(self) -> None:
        options = self.load_options()
        if options is not None:
            self.load_requested.emit(options)

    def set_loading(self, options: LoadOptions) -> None:
        self._loading_options = options
        self.load_progress.setRange(0, 0)
        self.load_progress.show()
        self.load_button.setEnabled(False)
        self.unload_button.setEnabled(False)
        self.model_status.setText(
            self.tr("Loading %1…").replace("%1", os.path.basename(options.path))
        )

    def set_load_progress(self, fraction: float) -> None:
        self.load_progress.setRange(0, 100)
        self.load_progress.setValue(int(fraction * 100))

    def set_model_info(self, info: ModelInfo | None) -> None:
        self._info = info
        self.load_progress.hide()
        self.load_button.setEnabled(self.selected_path() is not None)
        self.unload_button.setEnabled(info is not None)
        if info is None:
            self.model_status.setText(self.tr("No model loaded"))
            self.set_context_usage(0, 0)
            return
        self._remember(info)
        lines = [
            f"<b>{info.name}</b>",
            self.tr("%1 · %2 · %3 layers · context %4")
            .replace("%1", info.architecture)
            .replace("%2", info.file_type)
            .replace("%3", str(info.n_layers))
            .replace("%4", str(info.n_ctx)),
        ]
        if info.template is not None:
            lines.append(f"<span style='color:#5f6368'>{message_text(info.template.reason)}</span>")
        for warning in info.warnings:
            lines.append(f"<span style='color:#b06000'>{message_text(warning)}</span>")
        self.model_status.setText("<br>".join(lines))
        if self.gpu_slider.maximum() == 0 and info.n_layers:
            self.gpu_slider.setRange(0, info.n_layers)
        self.set_context_usage(0, info.n_ctx)

    def _remember(self, info: ModelInfo) -> None:
        """A model loaded: its settings are remembered for the next load of that file."""
        options = getattr(self, "_loading_options", None)
        remember = getattr(self._load_memory, "remember_load_settings", None)
        if options is None or remember is None or options.path != info.path:
            return
        # The model is loaded; remembering its settings is a convenience that may fail.
        try:
            remember(
                options.path,
                n_gpu_layers=options.n_gpu_layers,
                n_ctx=options.n_ctx,
                flash_attn=options.flash_attn,
                type_k=options.type_k,
                type_v=options.type_v,
                chat_template_override=options.chat_template_override,
            )
        except StoreError as exc:
            log.warning("load settings of %s not remembered: %s", options.path, exc)
            self.notice.emit(error_text(exc))

    def set_load_failed(self, message: str) -> None:
        self.load_progress.hide()
        self.load_button.setEnabled(self.selected_path() is not None)
        self.unload_button.setEnabled(False)
        self.model_status.setText(f"<span style='color:#d93025'>{message}</span>")

    def set_context_usage(
        self, used: int, total: int, *, knowledge_tokens: int | None = None
    ) -> None:
        """`used` of `total` tokens; `knowledge_tokens` of them were injected from knowledge."""
        if total <= 0:
            self.context_meter.setRange(0, 1)
            self.context_meter.setValue(0)
            self.context_meter.setFormat(self.tr("no model"))
            return
        self.context_meter.setRange(0, total)
        self.context_meter.setValue(min(used, total))
        text = self.tr("%1 / %2 tokens").replace("%1", f"{used:,}").replace("%2", f"{total:,}")
        if knowledge_tokens:
            text += " · " + self.tr("%1 from knowledge").replace("%1", f"{knowledge_tokens:,}")
        self.context_meter.setFormat(text)

    # ------------------------------------------------------------------ presets

    def _user_presets(self) -> dict[str, SamplingParams]:
        try:
            return self._presets.user_presets()
        except StoreError as exc:
            log.warning("sampling presets could not be read: %s", exc)
            self.notice.emit(
                self.tr("Your presets could not be read: %1").replace("%1", error_text(exc))
            )
            return {}

    def reload_presets(self) -> None:
        current = self.preset_combo.currentData()
        user = self._user_presets()
        self.preset_combo.clear()
        for name in self._presets.names(user):
            title = translated(TITLE_CONTEXT, name) if self._presets.is_builtin(name) else name
            self.preset_combo.addItem(title, name)
        index = self.preset_combo.findData(current)
        if index >= 0:
            self.preset_combo.setCurrentIndex(index)
        self.save_preset_button.setEnabled(self._presets.can_save)

    def preset_names(self) -> list[str]:
        return [self.preset_combo.itemData(i) for i in range(self.preset_combo.count())]

    def apply_preset(self, name: str) -> bool:
        user = self._user_presets()
        params = user.get(name) if not self._presets.is_builtin(name) else self._presets.get(name)
        if params is None:
            return False
        self.set_sampling_params(params)
        index = self.preset_combo.findData(name)
        if index >= 0:
            self.preset_combo.setCurrentIndex(index)
        self.delete_preset_button.setEnabled(name in user and self._presets.can_save)
        return True

    def save_preset(self, name: str, *, tell_user: bool = False) -> bool:
        """Saves the form's values as a user preset; False (said in a dialog when `tell_user`)
        for a built-in or empty name or a store failure."""
        try:
            saved = self._presets.save(name, self.sampling_params())
        except PresetError as exc:
            if tell_user:
                QMessageBox.information(self, self.tr("Tessera"), error_text(exc))
            return False
        except StoreError as exc:  # the values stay in the form
            log.warning("preset %r not saved: %s", name, exc)
            QMessageBox.warning(self, self.tr("Tessera"), error_text(exc))
            return False
        self.reload_presets()
        self.apply_preset(saved)
        return True

    def delete_preset(self, name: str) -> bool:
        try:
            deleted = self._presets.delete(name)
        except StoreError as exc:
            log.warning("preset %r not deleted: %s", name, exc)
            QMessageBox.warning(self, self.tr("Tessera"), error_text(exc))
            return False
        if not deleted:
            return False
        self.reload_presets()
        self.apply_preset(DEFAULT_PRESET)
        return True

    @Slot(int)
    def on_preset_combo_activated(self, index: int) -> None:
        self.apply_preset(self.preset_combo.itemData(index))

    @Slot()
    def on_save_preset_button_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save preset"), self.tr("Preset name:"))
        if ok and name.strip():
            self.save_preset(name, tell_user=True)

    @Slot()
    def on_delete_preset_button_clicked(self) -> None:
        self.delete_preset(self.preset_combo.currentData())

    # ------------------------------------------------------------------ values

    def set_sampling_params(self, params: SamplingParams) -> None:
        self.temperature.setValue(params.temperature)
        self.top_k.setValue(params.top_k)
        self.top_p.setValue(params.top_p)
        self.min_p.setValue(params.min_p)
        self.repeat_penalty.setValue(params.repeat_penalty)
        self.max_tokens.setValue(max(0, params.max_tokens))
        self.seed.setValue(-1 if params.seed is None else params.seed)
        self._base_params = params

    def sampling_params(self) -> SamplingParams:
        base = self._base_params
        seed = self.seed.value()
        return replace(
            base,
            temperature=round(self.temperature.value(), 4),
            top_k=self.top_k.value(),
            top_p=round(self.top_p.value(), 4),
            min_p=round(self.min_p.value(), 4),
            repeat_penalty=round(self.repeat_penalty.value(), 4),
            max_tokens=self.max_tokens.value(),
            seed=None if seed < 0 else seed,
        )

    def generation_options(self) -> GenerationOptions:
        return GenerationOptions(
            params=self.sampling_params(),
            system_prompt=self.system_prompt.toPlainText(),
            overflow=self.overflow_combo.currentData(),
            top_logprobs=self.top_n.value(),
            logprob_source=self.logprob_source.currentData(),
        )
