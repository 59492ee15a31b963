"""The saved backends as a table: name, kind, address, default model, what the last check found."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from desktop.core.backends.config import BackendConfig
from desktop.ui.widgets.row_model import Index, ObjectRole, RowTableModel

KIND_TITLES = {
    "llama-server": QT_TRANSLATE_NOOP("BackendListModel", "llama-server"),
    "openai": QT_TRANSLATE_NOOP("BackendListModel", "OpenAI-compatible"),
    "ollama": QT_TRANSLATE_NOOP("BackendListModel", "Ollama"),
}


def last_check(config: BackendConfig) -> str:
    """ "vllm 0.11.0, 3 models" from the saved probe; "" when never checked."""
    probe = config.probe
    if probe is None:
        return ""
    caps = probe.capabilities
    return " ".join(x for x in (caps.server_kind, caps.server_version) if x)


class BackendListModel(RowTableModel):
    """Rows are `BackendConfig`s."""

    TITLE_CONTEXT = "BackendListModel"
    COLUMNS = (
        QT_TRANSLATE_NOOP("BackendListModel", "Name"),
        QT_TRANSLATE_NOOP("BackendListModel", "Kind"),
        QT_TRANSLATE_NOOP("BackendListModel", "Address"),
        QT_TRANSLATE_NOOP("BackendListModel", "Default model"),
        QT_TRANSLATE_NOOP("BackendListModel", "Server"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_cell(index):
            return None
        config: BackendConfig = self.item(index.row())
        if role == ObjectRole:
            return config
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            return config.name
        if column == 1:
            return self.tr(str(KIND_TITLES.get(config.kind, config.kind)))
        if column == 2:
            return config.base_url
        if column == 3:
            return config.default_model or ""
        checked = last_check(config)
        if not checked:
            return self.tr("not checked yet")
        return checked

    def row_of_name(self, name: str) -> int:
        for row, config in enumerate(self.items()):
            if config.name == name:
                return row
        return -1
