"""Load settings beyond GPU layers and context: flash attention, KV cache types, chat template.

Flash attention defaults to llama.cpp's "auto" (on where the backend supports it). A quantized
V cache needs flash attention. The chat template override is a llama.cpp built-in picked by
name, or Jinja pasted by the user (rendered in the same sandbox as a file's own template).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.engine.protocol import CACHE_TYPES
from desktop.core.templates.builtin_chat import BUILTIN_FORMATS
from desktop.core.templates.chat_template import check_template

CUSTOM = "__custom__"


class TemplateDialog(QDialog):
    """Paste or edit a Jinja chat template; OK only when it renders a simple exchange."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chat template"))
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("templateEditor")
        self.editor.setPlainText(text)
        self.editor.setPlaceholderText(
            "{% for message in messages %}…{% endfor %}{% if add_generation_prompt %}…{% endif %}"
        )
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#d93025")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Jinja template (messages, add_generation_prompt, bos_token):"), self)
        )
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resize(560, 360)

    def text(self) -> str:
        return self.editor.toPlainText()

    @Slot()
    def on_buttons_accepted(self) -> None:
        problem = check_template(self.text()) if self.text().strip() else None
        if problem:
            self.error.setText(problem)
            return
        self.accept()


class LoadSettingsBox(QWidget):
    """Rows for the inspector's model group; `values()` are LoadOptions fields."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.flash_combo = QComboBox(self)
        self.flash_combo.setObjectName("flashAttention")
        self.flash_combo.addItem(self.tr("auto"), "auto")
        self.flash_combo.addItem(self.tr("on"), "on")
        self.flash_combo.addItem(self.tr("off"), "off")
        self.flash_combo.setToolTip(
            self.tr("auto: on where the backend supports it (llama.cpp's default)")
        )
        form.addRow(self.tr("Flash attention"), self.flash_combo)
        self.type_k = QComboBox(self)
        self.type_v = QComboBox(self)
        for box, name in ((self.type_k, "cacheTypeK"), (self.type_v, "cacheTypeV")):
            box.setObjectName(name)
            for kind in CACHE_TYPES:
                box.addItem(kind, kind)
        self.type_v.setToolTip(self.tr("A quantized V cache needs flash attention"))
        form.addRow(self.tr("K cache"), self.type_k)
        form.addRow(self.tr("V cache"), self.type_v)
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("chatTemplate")
        # Long format descriptions must not widen the whole inspector.
        self.template_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.template_combo.setMinimumContentsLength(14)
        self.template_combo.addItem(self.tr("the model's own (or chosen for it)"), None)
        for fmt in BUILTIN_FORMATS.values():
            self.template_combo.addItem(f"{fmt.name} · {fmt.family}", fmt.name)
        self.template_combo.addItem(self.tr("Custom Jinja…"), CUSTOM)
        form.addRow(self.tr("Chat template"), self.template_combo)
        self._custom = ""
        self._last_index = 0
        self.template_combo.activated.connect(self.on_template_combo_activated)
        for box in (self.flash_combo, self.type_k, self.type_v):
            box.currentIndexChanged.connect(self.changed)

    def values(self) -> dict[str, Any]:
        data = self.template_combo.currentData()
        return {
            "flash_attn": self.flash_combo.currentData(),
            "type_k": self.type_k.currentData(),
            "type_v": self.type_v.currentData(),
            "chat_template_override": (self._custom or None) if data == CUSTOM else data,
        }

    def set_values(self, values: dict[str, Any]) -> None:
        """Show remembered settings; missing keys go back to the defaults."""
        flash = values.get("flash_attn") or "auto"
        self.flash_combo.setCurrentIndex(max(0, self.flash_combo.findData(flash)))
        self.type_k.setCurrentIndex(max(0, self.type_k.findData(values.get("type_k") or "f16")))
        self.type_v.setCurrentIndex(max(0, self.type_v.findData(values.get("type_v") or "f16")))
        override = values.get("chat_template_override")
        if override and override in BUILTIN_FORMATS:
            index = self.template_combo.findData(override)
            self._custom = ""
        elif override:
            index = self.template_combo.findData(CUSTOM)
            self._custom = override
        else:
            index = 0
            self._custom = ""
        self.template_combo.setCurrentIndex(index)
        self._last_index = index

    @Slot(int)
    def on_template_combo_activated(self, index: int) -> None:
        if self.template_combo.itemData(index) != CUSTOM:
            self._last_index = index
            self.changed.emit()
            return
        dialog = TemplateDialog(self._custom, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.text().strip():
            self._custom = dialog.text()
            self._last_index = index
            self.changed.emit()
        else:
            self.template_combo.setCurrentIndex(self._last_index)
