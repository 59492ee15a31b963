"""Preferences: send key, theme, and (when given) the Backends page. Values live in the store's
settings (key -> JSON)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

SEND_KEY = "ui.enter_sends"
THEME_KEY = "ui.theme"
PARALLELISM_KEY = "backends.parallelism"  # desktop.core.backends.registry.PARALLELISM_SETTING


class SettingsDialog(QDialog):
    """Edits a few preferences; `values()` returns what the user chose. `backends_page` (a
    ui.backends.page.BackendsPage) becomes the "Backends" tab; its own changes are saved as
    they are made, its parallelism with the other values."""

    def __init__(
        self,
        enter_sends: bool,
        theme: str,
        parent=None,
        *,
        backends_page: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        general = QWidget(self)
        form = QFormLayout(general)
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
        self.backends_page = backends_page
        layout = QVBoxLayout(self)
        if backends_page is None:
            self.tabs = None
            layout.addWidget(general)
        else:
            self.tabs = QTabWidget(self)
            self.tabs.addTab(general, self.tr("General"))
            self.tabs.addTab(backends_page, self.tr("Backends"))
            layout.addWidget(self.tabs)
            self.resize(900, 560)
        layout.addWidget(buttons)

    def show_backends(self) -> None:
        if self.tabs is not None and self.backends_page is not None:
            self.tabs.setCurrentWidget(self.backends_page)

    def values(self) -> dict[str, Any]:
        values = {SEND_KEY: self.enter_sends.isChecked(), THEME_KEY: self.theme.currentData()}
        parallelism = getattr(self.backends_page, "parallelism", None)
        if callable(parallelism):
            values[PARALLELISM_KEY] = parallelism()
        return values
