"""The Hugging Face token row of the Hub panel: status, set, remove, keyring warning.

The token goes to the OS keyring (TokenStore) and into the HubConfig of the Hub service and
the download manager, which send it only to the configured endpoint.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton, QWidget

from desktop.core.hub import DownloadManager, HubService, TokenStore
from desktop.ui.i18n import error_text, message_text

log = logging.getLogger(__name__)


class HubTokenRow(QWidget):
    token_changed = Signal()
    error_shown = Signal(str)

    def __init__(
        self,
        service: HubService,
        downloads: DownloadManager,
        token_store: TokenStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.downloads = downloads
        self.token_store = token_store
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.set_button = QPushButton(self.tr("Set token…"))
        self.clear_button = QPushButton(self.tr("Remove token"))
        self.set_button.clicked.connect(self.on_set_clicked)
        self.clear_button.clicked.connect(self.on_clear_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.set_button)
        row.addWidget(self.clear_button)
        self._update()

    def _update(self) -> None:
        has = bool(self.service.config.token)
        if has:
            text = self.tr("Using your Hugging Face token (sent only to %1).")
            text = text.replace("%1", self.service.config.endpoint)
        else:
            text = self.tr("No Hugging Face token: gated models need one.")
        warning = self.token_store.unavailable_warning() if self.token_store else None
        if warning:
            text += "\n" + self.tr("Warning: %1").replace("%1", message_text(warning))
        self.label.setText(text)
        self.clear_button.setEnabled(has)

    @Slot()
    def on_set_clicked(self) -> None:
        token, ok = QInputDialog.getText(
            self,
            self.tr("Hugging Face token"),
            self.tr("Paste an access token from your Hugging Face account settings:"),
            QLineEdit.EchoMode.Password,
        )
        if ok and token.strip():
            self.set_token(token)

    @Slot()
    def on_clear_clicked(self) -> None:
        self.set_token(None)

    def set_token(self, token: str | None) -> None:
        """Stores the token in the keyring (when there is one) and uses it from now on; without
        a keyring it still works for this session."""
        token = token.strip() if token else None
        if token and any(c.isspace() for c in token):
            self.error_shown.emit(self.tr("A Hugging Face token has no spaces."))
            return
        if self.token_store is not None:
            try:
                if token is None:
                    self.token_store.clear()
                elif self.token_store.available():
                    self.token_store.set(token)
            except Exception as exc:  # keyring backends raise their own types, not one base
                log.warning("the Hugging Face token was not saved in the keyring", exc_info=exc)
                self.error_shown.emit(error_text(exc))
        config = dataclasses.replace(self.service.config, token=token)
        self.service.config = config
        self.downloads.config = config
        self._update()
        self.token_changed.emit()
