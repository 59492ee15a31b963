"""The "Models" page: the Hub panel and the library panel in tabs, wired to each other.

`build_models_page(library, settings, paths, hub=...)` is what the composition root
(desktop/app.py) calls with the model library it shares with the chat and the window's
`HubAccess` (ui/models/hub_access.py: the Hub settings and the one download manager).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.core.models.hardware import detect_hardware
from desktop.core.models.library import Library
from desktop.core.paths import DataPaths
from desktop.ui.models.hub_access import HubAccess
from desktop.ui.models.hub_panel import HubPanel
from desktop.ui.models.library_panel import LibraryPanel

log = logging.getLogger(__name__)


class ModelsPage(QTabWidget):
    model_installed = Signal(str)  # path of a model that was just downloaded and registered
    template_requested = Signal(str)  # a model's path: choose its chat template in the chat

    def __init__(
        self,
        hub_panel: HubPanel,
        library_panel: LibraryPanel,
        hub: HubAccess,
        *,
        owns_hub: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.hub_panel = hub_panel
        self.library_panel = library_panel
        self.hub = hub
        self.downloads = hub.downloads()
        self._owns_hub = owns_hub  # a page built on its own stops the downloads it started
        self.addTab(hub_panel, self.tr("Hugging Face"))
        self.addTab(library_panel, self.tr("Installed"))
        self._closed = False
        hub.installed.connect(self.on_hub_installed)
        hub.install_failed.connect(self.on_hub_install_failed)
        self.hub_panel.download_finished.connect(self.on_download_finished)
        library_panel.template_requested.connect(self.template_requested)

    def showEvent(self, event) -> None:
        # A template chosen in the chat since the page was last shown: list what holds now.
        super().showEvent(event)
        if not self._closed:
            self.library_panel.refresh()

    def preselect(self, repo_id: str, filename: str) -> None:
        """Shows `repo_id` on the Hub tab with `filename` selected, ready to download."""
        self.setCurrentWidget(self.hub_panel)
        self.hub_panel.preselect(repo_id, filename)

    @Slot(str, str)
    def on_hub_installed(self, path: str, _repo_id: str) -> None:
        if self._closed:
            return
        self.library_panel.refresh()
        self.model_installed.emit(path)

    @Slot(str)
    def on_hub_install_failed(self, message: str) -> None:
        if not self._closed:
            self.library_panel.status_label.setText(message)

    @Slot(object)
    def on_download_finished(self, _snapshot) -> None:
        self.library_panel.refresh()

    @Slot()
    def shutdown(self) -> None:
        """Stops background work; the window's HubAccess pauses running downloads."""
        if self._closed:
            return
        self._closed = True
        self.hub_panel.shutdown()
        self.library_panel.shutdown()
        if self._owns_hub:
            self.hub.shutdown()


def build_models_page(
    library: Library,
    settings: Any,
    paths: DataPaths,
    parent: QWidget | None = None,
    *,
    hub: HubAccess | None = None,
) -> ModelsPage:
    """`settings`: the store's settings repository (get/set of JSON values). Without `hub` the
    page makes its own (and stops its downloads when it shuts down)."""
    owns_hub = hub is None
    if hub is None:
        hub = HubAccess(library, settings, paths)
    hub_panel = HubPanel(
        hub.service(),
        hub.downloads(),
        token_store=hub.tokens,
        hardware_probe=functools.partial(detect_hardware, cache_dir=paths.cache),
    )
    library_panel = LibraryPanel(library)
    page = ModelsPage(hub_panel, library_panel, hub, owns_hub=owns_hub, parent=parent)
    if owns_hub:
        hub.setParent(page)
    return page
