"""ServerForm: where and how the API server listens: address, port, key, CORS, saving.

Plain widgets and values only; the page remembers them (the key in the OS keyring, the rest
in the settings) and checks them before starting.
"""

from __future__ import annotations

import re
import secrets

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.ui.server.runner import ServerSettings

HOSTS = ("127.0.0.1", "0.0.0.0")  # this machine only; every network interface


class ServerForm(QWidget):
    saving_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = QComboBox()
        self.host.setObjectName("serverHost")
        self.host.setEditable(True)
        self.host.addItems(HOSTS)
        tip = Qt.ItemDataRole.ToolTipRole
        self.host.setItemData(0, self.tr("This computer only"), tip)
        self.host.setItemData(1, self.tr("Every network this computer is on"), tip)
        self.host.setToolTip(
            self.tr("127.0.0.1 answers this computer only; any other address needs an API key.")
        )
        self.port = QSpinBox()
        self.port.setObjectName("serverPort")
        self.port.setRange(0, 65535)
        self.port.setValue(8080)
        self.port.setSpecialValueText(self.tr("any free port"))
        self.key = QLineEdit()
        self.key.setObjectName("serverKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("none (127.0.0.1 only)"))
        self.key.setToolTip(
            self.tr("Clients send it as Authorization: Bearer KEY. Kept in the system keyring.")
        )
        self.generate_button = QPushButton(self.tr("New key"))
        self.generate_button.setObjectName("newKey")
        self.copy_key_button = QPushButton(self.tr("Copy key"))
        self.copy_key_button.setObjectName("copyKey")
        self.origins = QLineEdit()
        self.origins.setObjectName("serverOrigins")
        self.origins.setPlaceholderText(self.tr("none: browsers are refused"))
        self.origins.setToolTip(
            self.tr(
                "Web pages allowed to call the server from a browser, e.g. "
                "http://localhost:3000 (separate several with spaces)."
            )
        )
        self.save = QCheckBox(self.tr("Save requests as conversations (tagged API)"))
        self.save.setObjectName("saveRequests")
        self.save.setChecked(True)
        self.probabilities = QCheckBox(self.tr("Record every reply's probabilities"))
        self.probabilities.setObjectName("recordProbabilities")
        self.probabilities.setChecked(True)
        self.probabilities.setToolTip(
            self.tr("Shades each reply below even when the client asks for no logprobs.")
        )

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Address")), 0, 0)
        address = QHBoxLayout()
        address.addWidget(self.host, 1)
        address.addWidget(QLabel(self.tr("Port")))
        address.addWidget(self.port)
        grid.addLayout(address, 0, 1)
        grid.addWidget(QLabel(self.tr("API key")), 1, 0)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.generate_button)
        key_row.addWidget(self.copy_key_button)
        grid.addLayout(key_row, 1, 1)
        grid.addWidget(QLabel(self.tr("CORS origins")), 2, 0)
        grid.addWidget(self.origins, 2, 1)
        grid.addWidget(self.save, 3, 0, 1, 2)
        grid.addWidget(self.probabilities, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(5, 1)  # the rows stay together when the examples beside are taller

        self.generate_button.clicked.connect(self.on_generate_button_clicked)
        self.copy_key_button.clicked.connect(self.on_copy_key_button_clicked)
        self.save.toggled.connect(self.saving_changed)

    # ------------------------------------------------------------------ values

    def settings(self) -> ServerSettings:
        origins = tuple(o for o in re.split(r"[\s,]+", self.origins.text().strip()) if o)
        return ServerSettings(
            host=self.host.currentText().strip() or HOSTS[0],
            port=self.port.value(),
            api_key=self.key.text().strip() or None,
            cors_origins=origins,
            save_conversations=self.save.isChecked(),
            log_probabilities=self.probabilities.isChecked(),
        )

    def set_settings(self, settings: ServerSettings) -> None:
        self.host.setCurrentText(settings.host)
        self.port.setValue(settings.port)
        self.key.setText(settings.api_key or "")
        self.origins.setText(" ".join(settings.cors_origins))
        self.save.setChecked(settings.save_conversations)
        self.probabilities.setChecked(settings.log_probabilities)

    def set_running(self, running: bool) -> None:
        """Where it listens is fixed while it runs; saving can change at any time."""
        for widget in (
            self.host,
            self.port,
            self.key,
            self.generate_button,
            self.origins,
            self.probabilities,
        ):
            widget.setEnabled(not running)

    # ------------------------------------------------------------------ actions

    @Slot()
    def on_generate_button_clicked(self) -> None:
        self.key.setText("tsk-" + secrets.token_urlsafe(24))

    @Slot()
    def on_copy_key_button_clicked(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and self.key.text():
            clipboard.setText(self.key.text())
