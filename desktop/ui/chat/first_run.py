"""First run, carried out: find the model that suits this machine, download it on the welcome
panel, load it, and hand the keyboard to the composer.

As soon as the welcome panel shows, the machine is measured and the Hub asked (in the
background) which model of the suggestion ladder to offer (desktop.core.models.first_model);
the panel then names it and says why. One click downloads it right there, with size, speed,
time left and Cancel; once it is installed it loads with the GPU layers the fit chose, and the
chat page takes over. When the Hub cannot be reached the panel says so once and puts the local
ways first.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.hub import HubError
from desktop.core.hub.jobs import DownloadSnapshot
from desktop.core.models.first_model import FirstModel, NoFirstModelError, find_first_model
from desktop.core.models.hardware import Hardware
from desktop.core.models.load_settings import remember_gpu_layers
from desktop.ui.chat.model_loader import ModelLoader
from desktop.ui.chat.welcome import WelcomePanel
from desktop.ui.i18n import error_text, message_text
from desktop.ui.models.download_text import eta_text, progress_text, speed_text
from desktop.ui.models.hub_access import HubAccess
from desktop.ui.units import size_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

POLL_MS = 250
LOOKUP_TIMEOUT = 8.0  # seconds a Hub request of the lookup may take


class FirstRunFlow(QObject):
    """Owns no widget; drives the chat page's welcome panel."""

    suggestion_found = Signal(object)  # FirstModel
    hub_unreachable = Signal(str)  # what the panel says
    model_ready = Signal(str)  # path of the downloaded model, handed to the model loader

    def __init__(
        self,
        welcome: WelcomePanel,
        loader: ModelLoader,
        hub: HubAccess,
        hardware: Callable[[], Hardware],
        *,
        cpu_count: int | None = None,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.welcome = welcome
        self.loader = loader
        self.hub = hub
        self.hardware = hardware
        self.cpu_count = cpu_count if cpu_count is not None else os.cpu_count()
        self.tasks = BackgroundTasks(self, name="tessera-first-run")
        self.suggestion: FirstModel | None = None
        self.job_id: str | None = None
        self._looking = False
        self._start_when_found = False
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.on_poll_timeout)
        welcome.shown.connect(self.on_welcome_shown)
        welcome.download_requested.connect(self.on_download_requested)
        welcome.cancel_requested.connect(self.on_cancel_requested)
        welcome.retry_requested.connect(self.look)
        hub.installed.connect(self.on_hub_installed)
        if welcome.isVisible():
            self.on_welcome_shown()

    # ------------------------------------------------------------------ the suggestion

    @Slot()
    def on_welcome_shown(self) -> None:
        if self.suggestion is None and not self._looking and self.job_id is None:
            self.look()

    @Slot()
    def look(self) -> None:
        """Measure the machine and ask the Hub, off the GUI thread."""
        if self._looking:
            return
        self._looking = True
        self.welcome.show_looking()
        if self._start_when_found:
            self.welcome.show_starting()
        service = self.hub.service(timeout=LOOKUP_TIMEOUT, retries=1)
        hardware, cpu_count = self.hardware, self.cpu_count

        def work() -> FirstModel:
            return find_first_model(
                service.list_files, hardware(), cpu_count, endpoint=service.config.endpoint
            )

        self.tasks.run(work, self.on_lookup_done, self.on_lookup_failed)

    def on_lookup_done(self, first: FirstModel) -> None:
        self._looking = False
        self.suggestion = first
        parts = [first.rung.label, first.quantization or "", size_text(first.size)]
        self.welcome.show_suggestion(
            " · ".join(p for p in parts if p),
            message_text(first.why),
        )
        self.suggestion_found.emit(first)
        if self._start_when_found:
            self._start_when_found = False
            self.start_download()

    def on_lookup_failed(self, error: BaseException) -> None:
        self._looking = False
        self._start_when_found = False
        if isinstance(error, HubError) and error.kind == "offline":
            text = self.tr(
                "The model hub (%1) cannot be reached, so no model can be downloaded right "
                "now. Open a model you already have, or try again once you are online."
            ).replace("%1", self.hub.config().endpoint)
        elif isinstance(error, (HubError, NoFirstModelError)):
            text = self.tr("No model can be downloaded right now: %1").replace(
                "%1", error_text(error)
            )
        else:  # a bug: logged by the task runner's caller below, said in one line here
            log.error("looking for a first model failed", exc_info=error)
            text = self.tr("No model can be suggested right now: %1").replace(
                "%1", error_text(error)
            )
        self.welcome.show_unreachable(text)
        self.hub_unreachable.emit(text)

    # ------------------------------------------------------------------ the download

    @Slot()
    def on_download_requested(self) -> None:
        manager = self.hub.existing_downloads()
        if self.job_id is not None and manager is not None:
            state = manager.snapshot(self.job_id).state
            if state in ("failed", "paused"):
                manager.resume(self.job_id)  # the partial file goes on where it stopped
                self._poll.start()
                self.on_poll_timeout()
            return
        if self.suggestion is None:
            self._start_when_found = True
            if not self._looking:
                self.look()
            self.welcome.show_starting()
            return
        self.start_download()

    def start_download(self) -> None:
        first = self.suggestion
        assert first is not None
        try:
            self.job_id = self.hub.downloads().enqueue(first.repo_id, first.revision, first.model)
        except HubError as exc:
            self.welcome.show_download_failed(error_text(exc))
            return
        self._poll.start()
        self.on_poll_timeout()

    @Slot()
    def on_cancel_requested(self) -> None:
        manager = self.hub.existing_downloads()
        if self.job_id is not None and manager is not None:
            manager.cancel(self.job_id)
            self.on_poll_timeout()

    @Slot()
    def on_poll_timeout(self) -> None:
        manager = self.hub.existing_downloads()
        if self.job_id is None or manager is None:
            self._poll.stop()
            return
        try:
            snap = manager.snapshot(self.job_id)
        except KeyError:  # forgotten on the Models page
            self._reset()
            return
        if snap.state in ("queued", "running"):
            self.welcome.show_progress(snap.fraction, self._details(snap))
        elif snap.state == "verifying":
            self.welcome.show_progress(snap.fraction, self.tr("Checking the download…"))
        elif snap.state == "done":
            self._poll.stop()
            if snap.installed:
                # The install signal (registered in the library) normally comes first; a file
                # that was there already sends none.
                path = snap.installed[0]
                QTimer.singleShot(4 * self._poll.interval(), self, lambda: self._ready(path))
        elif snap.state == "cancelled":
            self._reset()
        else:  # failed, or paused on the Models page
            self._poll.stop()
            why = message_text(snap.error) if snap.error else self.tr("The download is paused.")
            self.welcome.show_download_failed(why)

    def _details(self, snap: DownloadSnapshot) -> str:
        parts = [progress_text(snap.downloaded, snap.total)]
        if snap.speed > 0:
            parts.append(speed_text(snap.speed))
        if snap.eta is not None:
            parts.append(eta_text(snap.eta))
        if snap.error:  # "... Retrying in 4 s."
            parts.append(message_text(snap.error))
        return " · ".join(parts)

    def _reset(self) -> None:
        self._poll.stop()
        self.job_id = None
        first = self.suggestion
        if first is not None:
            self.on_lookup_done(first)

    @Slot(str, str)
    def on_hub_installed(self, path: str, repo_id: str) -> None:
        first = self.suggestion
        if self.job_id is not None and first is not None and repo_id == first.repo_id:
            self._ready(path)

    def _ready(self, path: str) -> None:
        """Installed: load it, unless the user got another model going meanwhile."""
        if self.job_id is None:
            return  # handled already (the install signal and the poll both report it)
        self.job_id = None
        self._poll.stop()
        first = self.suggestion
        loader = self.loader
        if first is not None:
            remember_gpu_layers(getattr(loader.library, "records", None), path, first.n_gpu_layers)
        self.model_ready.emit(path)
        if loader.engine.is_loaded() or loader.engine.is_loading():
            loader.refresh_models()
            loader.notice.emit(
                self.tr("%1 is downloaded: pick it in the model list.").replace(
                    "%1", os.path.basename(path)
                )
            )
            return
        loader.open_model_file(path)  # selects it, shows the chat, loads it

    def shutdown(self) -> None:
        self._poll.stop()
        self.tasks.shutdown(timeout=1.0)
