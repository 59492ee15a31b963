"""The window's one way to the Hub: its settings, the Hub service and the shared download manager.

The Models page, the welcome panel and the status bar all see the same downloads. Everything is
made on first use, so a window that never touches the Hub imports and starts nothing of it.
Finished downloads are registered in the library here, on the GUI thread (the manager reports
them from its worker threads).
The endpoint comes from the setting "hub.endpoint" (else HF_ENDPOINT, else the public Hub); the
token from the OS keyring.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.paths import DataPaths
from desktop.core.store.errors import StoreError
from desktop.ui.i18n import error_text

if TYPE_CHECKING:  # the Hub's modules load on first use, off the way to the first window
    from desktop.core.hub import (
        DownloadManager,
        HubConfig,
        HubService,
        InstalledDownload,
        TokenStore,
    )

log = logging.getLogger(__name__)

ENDPOINT_SETTING = "hub.endpoint"


def hub_config(settings: Any, tokens: TokenStore) -> HubConfig:
    """`settings`: the store's settings repository, or None."""
    from desktop.core.hub import HubConfig

    endpoint = None
    if settings is not None:
        try:
            endpoint = settings.get(ENDPOINT_SETTING)
        except StoreError as exc:  # falls back to HF_ENDPOINT / the public Hub
            log.warning("the Hub endpoint setting could not be read: %s", exc)
    try:
        return HubConfig.from_settings(endpoint, tokens.get())
    except ValueError as exc:
        log.warning("the Hub endpoint setting %r is not usable: %s", endpoint, exc)
        return HubConfig.from_settings(None, tokens.get())


class HubAccess(QObject):
    """Made by the composition root; `library` may be None (a window without a database)."""

    installed = Signal(str, str)  # first file of a model just downloaded and registered; repo id
    install_failed = Signal(str)  # a download arrived but could not be registered: why
    downloads_started = Signal()  # the download manager exists now (status bar: start polling)

    _installed_on_worker = Signal(object)  # InstalledDownload, from a download thread

    def __init__(
        self,
        library: Any,
        settings: Any,
        paths: DataPaths,
        *,
        tokens: TokenStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.paths = paths
        self._tokens = tokens
        self._config: HubConfig | None = None
        self._manager: DownloadManager | None = None
        self._closed = False
        self._installed_on_worker.connect(self.on_installed_on_worker)

    @property
    def tokens(self) -> TokenStore:
        """The Hugging Face token in the OS keyring."""
        if self._tokens is None:
            from desktop.core.hub import TokenStore

            self._tokens = TokenStore()
        return self._tokens

    def config(self) -> HubConfig:
        if self._config is None:
            self._config = hub_config(self.settings, self.tokens)
        return self._config

    def service(self, **kwargs: Any) -> HubService:
        """A Hub service on the current settings (cheap: it holds no connection)."""
        from desktop.core.hub import HubService

        return HubService(self.config(), **kwargs)

    def downloads(self) -> DownloadManager:
        """The shared download manager, made (and its partials from earlier runs found) now."""
        if self._manager is None:
            from desktop.core.hub import DownloadManager

            self._manager = DownloadManager(
                self.paths, self.config(), on_installed=self._installed_on_worker.emit
            )
            self.downloads_started.emit()
        return self._manager

    def existing_downloads(self) -> DownloadManager | None:
        """The download manager if anything made it; None (and nothing made) otherwise."""
        return self._manager

    @Slot(object)
    def on_installed_on_worker(self, done: InstalledDownload) -> None:
        if self._closed:
            return
        first_local = done.files[0][1]
        if self.library is None:
            self.installed.emit(first_local, done.repo_id)
            return
        try:
            model = self.library.register_download(done)
        except (StoreError, OSError) as exc:  # installed all the same: a refresh finds it
            log.warning("download of %s not registered: %s", done.repo_id, exc)
            self.install_failed.emit(error_text(exc))
            self.installed.emit(first_local, done.repo_id)
            return
        self.installed.emit(model.path, done.repo_id)

    def shutdown(self) -> None:
        """Running downloads pause (their partials resume next time); idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._manager is not None:
            self._manager.shutdown()
