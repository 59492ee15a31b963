"""The indexing progress of one base: bar, phase and file, Pause / Resume / Cancel.

Progress reports arrive for every file (thousands a second for unchanged files); the panel
keeps only the latest and paints it at most every `REFRESH_MS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.ui.i18n import message_text
from desktop.ui.knowledge.labels import phase_text

REFRESH_MS = 100


class IndexProgressPanel(QWidget):
    pause_requested = Signal()
    resume_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexProgress")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("indexProgressBar")
        self.bar.setTextVisible(True)
        self.label = QLabel(self)
        self.label.setObjectName("indexProgressLabel")
        self.label.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 2)
        row.addWidget(self.label, 3)
        row.addWidget(self.pause_button)
        row.addWidget(self.resume_button)
        row.addWidget(self.cancel_button)
        self.pause_button.clicked.connect(self.pause_requested)
        self.resume_button.clicked.connect(self.resume_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self._pending: Any = None
        self.shown: Any = None  # the progress on screen now (tests)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self.hide()

    def starting(self) -> None:
        """A run was asked for: it loads the embedder before the first report."""
        self._pending = None
        self.shown = None
        self.bar.setRange(0, 0)
        self.label.setText(self.tr("Starting…"))
        self._buttons(running=True)
        self.show()

    def report(self, progress: Any) -> None:
        """Any report: painted within REFRESH_MS (a final one at once)."""
        self._pending = progress
        if progress.status in ("done", "cancelled", "failed", "paused"):
            self._timer.stop()
            self.on_timer_timeout()
        elif not self._timer.isActive():
            self._timer.start()

    @Slot()
    def on_timer_timeout(self) -> None:
        p, self._pending = self._pending, None
        if p is None:
            return
        self.shown = p
        self.show()
        if p.total > 0:
            self.bar.setRange(0, p.total)
            self.bar.setValue(min(p.done, p.total))
        elif p.status == "done":
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
        else:
            self.bar.setRange(0, 0)
        if p.status == "paused":
            text = (
                self.tr("Paused at %1 of %2.")
                .replace("%1", str(p.done))
                .replace("%2", str(p.total))
            )
        elif p.status in ("done", "cancelled", "failed"):
            text = self.summary(p)
        else:
            text = (
                self.tr("%1: %2 of %3")
                .replace("%1", phase_text(p.phase))
                .replace("%2", str(p.done))
                .replace("%3", str(p.total))
            )
            if p.current:
                text += " · " + Path(p.current).name
        if p.error is not None:
            text += "\n" + message_text(p.error)
        self.label.setText(text)
        self.label.setToolTip(p.current or "")
        self._buttons(running=p.status in ("running", "paused"), paused=p.status == "paused")

    def summary(self, p: Any) -> str:
        head = {
            "done": self.tr("Done."),
            "cancelled": self.tr("Cancelled; what was read is kept."),
            "failed": self.tr("Stopped by an error."),
        }[p.status]
        return (
            head
            + " "
            + self.tr("%1 read, %2 unchanged, %3 skipped, %4 removed; %5 chunks, %6 embedded.")
            .replace("%1", str(p.indexed))
            .replace("%2", str(p.unchanged))
            .replace("%3", str(p.skipped))
            .replace("%4", str(p.removed))
            .replace("%5", str(p.chunks))
            .replace("%6", str(p.embedded))
        )

    def _buttons(self, *, running: bool, paused: bool = False) -> None:
        self.pause_button.setVisible(running and not paused)
        self.resume_button.setVisible(running and paused)
        self.cancel_button.setVisible(running)

    def clear(self) -> None:
        self._timer.stop()
        self._pending = None
        self.shown = None
        self.hide()
