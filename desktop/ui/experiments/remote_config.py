"""The "Add server model…" dialog of the experiment setup: a saved backend and one of its models."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget


class RemoteConfigDialog(QDialog):
    """`configs` are the saved BackendConfigs; the models offered are each one's last probe's
    (any other model id can be typed)."""

    def __init__(self, configs: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a server's model"))
        self._configs = {c.name: c for c in configs}
        form = QFormLayout(self)
        self.backend_combo = QComboBox(self)
        for config in configs:
            self.backend_combo.addItem(f"{config.name} · {config.base_url}", config.name)
        self.model_combo = QComboBox(self)
        self.model_combo.setEditable(True)
        line = self.model_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("the server's default model"))
        form.addRow(self.tr("Server"), self.backend_combo)
        form.addRow(self.tr("Model"), self.model_combo)
        if not configs:
            form.addRow(QLabel(self.tr("No servers yet: add one in Settings > Backends."), self))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(configs))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.backend_combo.currentIndexChanged.connect(self.on_backend_changed)
        self.on_backend_changed()

    def on_backend_changed(self, *_args: object) -> None:
        config = self._configs.get(self.backend_combo.currentData())
        self.model_combo.clear()
        if config is None:
            return
        models = list(config.probe.models) if config.probe is not None else []
        self.model_combo.addItems(models)
        self.model_combo.setEditText(config.default_model or (models[0] if models else ""))

    def choice(self) -> tuple[str, str]:
        """(backend name, model id; "" = the backend's default)."""
        return str(self.backend_combo.currentData() or ""), self.model_combo.currentText().strip()
