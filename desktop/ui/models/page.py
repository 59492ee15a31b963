"""The "Models" page: the Hub panel and the library panel in tabs, wired to each other.

`build_models_page(library, settings, paths)` is what the composition root (desktop/app.py)
calls with the model library it shares with the chat; it builds the Hub service and the
download manager.
The Hub endpoint comes from the setting "hub.endpoint" (else HF_ENDPOINT, else the public Hub);
the token from the OS keyring.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.core.hub import DownloadManager, HubConfig, HubService, InstalledDownload, TokenStore
from desktop.core.models.hardware import detect_hardware
from desktop.core.models.library import Library
from desktop.core.paths import DataPaths
from desktop.core.store.errors import StoreError
from desktop.ui.i18n import error_text
from desktop.ui.models.hub_panel import HubPanel
from desktop.ui.models.library_panel import LibraryPanel

log = logging.getLogger(__name__)

ENDPOINT_SETTING = "hub.endpoint"


class InstallBridge(QObject):
    """The download manager reports installs from its worker threads; this signal carries them
    to the GUI thread, where the library (and so the database) is written."""

    installed = Signal(object)  # InstalledDownload


class ModelsPage(QTabWidget):
    model_installed = Signal(str)  # path of a model that was just downloaded and registered

    def __init__(
        self,
        hub_panel: HubPanel,
        library_panel: LibraryPanel,
        downloads: DownloadManager,
        install_bridge: InstallBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.hub_panel = hub_panel
        self.library_panel = library_panel
        self.downloads = downloads
        self.addTab(hub_panel, self.tr("Hugging Face"))
        self.addTab(library_panel, self.tr("Installed"))
        self._closed = False
        if install_bridge is not None:
            install_bridge.setParent(self)
            install_bridge.installed.connect(self.on_installed)
        self.hub_panel.download_finished.connect(self.on_download_finished)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def preselect(self, repo_id: str, filename: str) -> None:
        """Shows `repo_id` on the Hub tab with `filename` selected, ready to download."""
        self.setCurrentWidget(self.hub_panel)
        self.hub_panel.preselect(repo_id, filename)

    @Slot(object)
    def on_installed(self, done: InstalledDownload) -> None:
        try:
            model = self.library_panel.library.register_download(done)
        except (StoreError, OSError) as exc:  # installed all the same: the refresh finds it
            log.warning("download of %s not registered: %s", done.repo_id, exc)
            self.library_panel.status_label.setText(error_text(exc))
            self.library_panel.refresh()
            return
        self.library_panel.refresh()
        self.model_installed.emit(model.path)

    @Slot(object)
    def on_download_finished(self, _snapshot) -> None:
        self.library_panel.refresh()

    @Slot()
    def shutdown(self) -> None:
        """Stops background work; running downloads pause and resume next time."""
        if self._closed:
            return
        self._closed = True
        self.hub_panel.shutdown()
        self.library_panel.shutdown()
        self.downloads.shutdown()


def build_models_page(
    library: Library, settings: Any, paths: DataPaths, parent: QWidget | None = None
) -> ModelsPage:
    """`settings`: the store's settings repository (get/set of JSON values)."""
    tokens = TokenStore()
    try:
        endpoint = settings.get(ENDPOINT_SETTING)
    except StoreError as exc:  # falls back to HF_ENDPOINT / the public Hub
        log.warning("the Hub endpoint setting could not be read: %s", exc)
        endpoint = None
    try:
        config = HubConfig.from_settings(endpoint, tokens.get())
    except ValueError as exc:
        log.warning("the Hub endpoint setting %r is not usable: %s", endpoint, exc)
        config = HubConfig.from_settings(None, tokens.get())
    bridge = InstallBridge()
    downloads = DownloadManager(paths, config, on_installed=bridge.installed.emit)
    hub_panel = HubPanel(
        HubService(config),
        downloads,
        token_store=tokens,
        hardware_probe=functools.partial(detect_hardware, cache_dir=paths.cache),
    )
    library_panel = LibraryPanel(library)
    return ModelsPage(hub_panel, library_panel, downloads, bridge, parent)
