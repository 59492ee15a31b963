"""Settings for tools: MCP servers in the `mcpServers` JSON shape other apps use (pasted or
imported from their file), the folders the read_file tool may read, and the call timeout."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.tools.mcp_config import (
    McpConfigError,
    McpServerConfig,
    servers_from_file,
    servers_from_json,
    servers_to_json,
)
from desktop.core.tools.tool_settings import ToolSettings
from desktop.ui.i18n import error_text

log = logging.getLogger(__name__)

EXAMPLE = {
    "mcpServers": {
        "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."]},
        "remote": {"url": "http://127.0.0.1:8000/mcp"},
    }
}


class ToolSettingsDialog(QDialog):
    """`tool_settings()` is what the user set; OK is disabled while the JSON is wrong."""

    def __init__(self, settings: ToolSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolSettingsDialog")
        self.setWindowTitle(self.tr("Tools and MCP servers"))
        self.resize(640, 560)
        self.servers_edit = QPlainTextEdit(self)
        self.servers_edit.setObjectName("mcpServers")
        self.servers_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.servers_edit.setPlaceholderText(json.dumps(EXAMPLE, indent=2))
        if settings.servers:
            self.servers_edit.setPlainText(
                json.dumps(servers_to_json(settings.servers), indent=2, ensure_ascii=False)
            )
        self.import_button = QPushButton(self.tr("Import from file…"), self)
        self.import_button.setToolTip(
            self.tr("An mcpServers JSON file from another app (its servers are added)")
        )
        self.problem = QLabel(self)
        self.problem.setObjectName("mcpProblem")
        self.problem.setWordWrap(True)
        self.folders = QListWidget(self)
        self.folders.setObjectName("allowedFolders")
        self.folders.addItems(list(settings.allowed_folders))
        self.add_folder_button = QPushButton(self.tr("Add folder…"), self)
        self.remove_folder_button = QPushButton(self.tr("Remove"), self)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setRange(1, 3600)
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setValue(settings.timeout)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )

        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "MCP servers, in the mcpServers JSON shape other apps use: a server with "
                    '"command" runs over stdio, one with "url" over streamable HTTP.'
                ),
                self,
            )
        )
        layout.addWidget(self.servers_edit, 1)
        row = QHBoxLayout()
        row.addWidget(self.problem, 1)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        layout.addWidget(
            QLabel(self.tr("Folders the read_file tool may read (nothing outside them):"), self)
        )
        layout.addWidget(self.folders)
        row = QHBoxLayout()
        row.addWidget(self.add_folder_button)
        row.addWidget(self.remove_folder_button)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        form.addRow(self.tr("A tool call may take at most"), self.timeout)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.servers_edit.textChanged.connect(self.on_servers_edit_text_changed)
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.add_folder_button.clicked.connect(self.on_add_folder_button_clicked)
        self.remove_folder_button.clicked.connect(self.on_remove_folder_button_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.on_servers_edit_text_changed()

    def servers(self) -> tuple[McpServerConfig, ...]:
        """The servers as typed; raises McpConfigError."""
        text = self.servers_edit.toPlainText().strip()
        return servers_from_json(text) if text else ()

    def tool_settings(self) -> ToolSettings:
        folders = tuple(self.folders.item(i).text() for i in range(self.folders.count()))
        return ToolSettings(self.servers(), folders, float(self.timeout.value()))

    def add_folder(self, path: str) -> None:
        existing = {self.folders.item(i).text() for i in range(self.folders.count())}
        if path and path not in existing:
            self.folders.addItem(path)

    def import_file(self, path: Path) -> bool:
        """Adds the file's servers (a server of the same name is replaced)."""
        try:
            imported = servers_from_file(path)
            current = self.servers()
        except McpConfigError as exc:
            self._say(error_text(exc))
            return False
        merged = {s.name: s for s in current}
        merged.update({s.name: s for s in imported})
        self.servers_edit.setPlainText(
            json.dumps(servers_to_json(tuple(merged.values())), indent=2, ensure_ascii=False)
        )
        return True

    def _say(self, text: str) -> None:
        self.problem.setStyleSheet("color:#d93025" if text else "")
        self.problem.setText(text)

    @Slot()
    def on_servers_edit_text_changed(self) -> None:
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            servers = self.servers()
        except McpConfigError as exc:
            self._say(error_text(exc))
            ok_button.setEnabled(False)
            return
        ok_button.setEnabled(True)
        self._say("")
        if servers:
            self.problem.setText(
                self.tr("%n server(s); they start when a chat lists its tools.", "", len(servers))
            )

    @Slot()
    def on_import_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import MCP servers"), "", self.tr("JSON files (*.json);;All files (*)")
        )
        if path:
            self.import_file(Path(path))

    @Slot()
    def on_add_folder_button_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Allow a folder"))
        if path:
            self.add_folder(path)

    @Slot()
    def on_remove_folder_button_clicked(self) -> None:
        for item in self.folders.selectedItems():
            self.folders.takeItem(self.folders.row(item))
