"""Preferences: send key, theme. Values live in the store's settings (key -> JSON)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

SEND_KEY = "ui.enter_sends"
THEME_KEY = "ui.theme"


class SettingsDialog(QDialog):
    """Edits a few preferences; `values()` returns what the user chose."""

    def __init__(self, enter_sends: bool, theme: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        form = QFormLayout(self)
        self.enter_sends = QCheckBox(
            self.tr("Enter sends the message (Shift+Enter for a new line)"), self
        )
        self.enter_sends.setChecked(enter_sends)
        form.addRow(self.enter_sends)
        form.addRow(
            QLabel(self.tr("Otherwise Ctrl+Enter sends and Enter starts a new line."), self)
        )
        self.theme = QComboBox(self)
        self.theme.addItem(self.tr("Follow the system"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme)))
        form.addRow(self.tr("Theme"), self.theme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {SEND_KEY: self.enter_sends.isChecked(), THEME_KEY: self.theme.currentData()}
