"""Downloads in the status bar: wherever a download was started, its progress stays in sight.

Polls the shared download manager's snapshots (cheap, thread-safe copies) only while it
exists; hidden while nothing downloads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.ui.models.download_text import eta_text, progress_text
from desktop.ui.models.hub_access import HubAccess

if TYPE_CHECKING:
    from desktop.core.hub.jobs import DownloadSnapshot

POLL_MS = 500
ACTIVE = ("queued", "running", "verifying")
MAX_TEXT_WIDTH = 460  # a long model name is shortened, the window never widened


class DownloadStatus(QWidget):
    """A label and a slim progress bar for the window's status bar."""

    clicked = Signal()  # the user wants to see the downloads (the Models page)

    def __init__(self, hub: HubAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadStatus")
        self.hub = hub
        self.label = QLabel(self)
        self.label.setMaximumWidth(MAX_TEXT_WIDTH)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(110)
        self.bar.setFixedHeight(10)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        self.setToolTip(self.tr("Downloads: click to see them on the Models page"))
        self.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        hub.downloads_started.connect(self._timer.start)
        if hub.existing_downloads() is not None:
            self._timer.start()

    @Slot()
    def on_timer_timeout(self) -> None:
        manager = self.hub.existing_downloads()
        if manager is None:
            return
        self.show_snapshots([s for s in manager.snapshots() if s.state in ACTIVE])

    def show_snapshots(self, active: list[DownloadSnapshot]) -> None:
        if not active:
            self.hide()
            return
        done = sum(s.downloaded for s in active)
        totals = [s.total for s in active]
        total = None if any(t is None for t in totals) else sum(t or 0 for t in totals)
        eta = max((s.eta for s in active if s.eta is not None), default=None)
        if len(active) == 1:
            text = self.tr("Downloading %1: %2").replace("%1", active[0].name)
        else:
            text = self.tr("Downloading %n model(s): %2", "", len(active))
        text = text.replace("%2", progress_text(done, total))
        if eta is not None:
            text += " · " + eta_text(eta)
        self.label.setToolTip(text)
        self.label.setText(
            self.label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, MAX_TEXT_WIDTH)
        )
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(1.0, done / total)))
        else:
            self.bar.setRange(0, 0)  # size unknown: busy
        self.show()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.clicked.emit()

    def stop(self) -> None:
        self._timer.stop()
