"""The download queue widget: one row per job with a progress bar, pause/resume/cancel.

`DownloadQueueWidget(download_manager, parent=None, poll_ms=250)` polls the manager's
thread-safe snapshots with a QTimer (the manager's worker threads never touch Qt) and emits
`download_finished(DownloadSnapshot)` on the GUI thread when a job gets installed.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.hub import DownloadManager, HubError
from desktop.core.hub.jobs import ACTIVE_STATES, DownloadSnapshot
from desktop.ui.i18n import error_text, message_text
from desktop.ui.models.hub_models import DownloadProgressDelegate, DownloadsModel

FINISHED = ("done", "cancelled", "failed")


class DownloadQueueWidget(QWidget):
    download_finished = Signal(object)  # DownloadSnapshot of a job that just got installed

    def __init__(
        self, downloads: DownloadManager, parent: QWidget | None = None, poll_ms: int = 250
    ) -> None:
        super().__init__(parent)
        self.downloads = downloads
        self.model = DownloadsModel(self)
        self._finished_jobs: set[str] = set()
        self._build()
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.on_poll)
        self._poll.start()
        self.on_poll()

    def _build(self) -> None:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(
            DownloadsModel.PROGRESS_COLUMN, DownloadProgressDelegate(self.view)
        )
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(80)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DownloadsModel.PROGRESS_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(DownloadsModel.PROGRESS_COLUMN, 300)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.clear_button = QPushButton(self.tr("Clear finished"))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828")
        buttons = QHBoxLayout()
        for b in (self.pause_button, self.resume_button, self.cancel_button, self.clear_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Downloads")))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self.view.selectionModel().currentChanged.connect(self.on_current_changed)
        self.pause_button.clicked.connect(self.on_pause_clicked)
        self.resume_button.clicked.connect(self.on_resume_clicked)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self.clear_button.clicked.connect(self.on_clear_clicked)
        self._update_buttons()

    # ------------------------------------------------------------------ queue

    def enqueue(self, repo_id: str, revision: str, model) -> str | None:
        """Queues a download and selects its row; a refusal is shown, not raised."""
        try:
            job = self.downloads.enqueue(repo_id, revision, model)
        except HubError as exc:
            self.error_label.setText(error_text(exc))
            return None
        self.error_label.clear()
        self.on_poll()
        row = self.model.row_of(job)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        return job

    @Slot()
    def on_poll(self) -> None:
        snapshots = self.downloads.snapshots()
        self.model.update(snapshots)
        for snap in snapshots:
            if snap.state == "done" and snap.job_id not in self._finished_jobs:
                self._finished_jobs.add(snap.job_id)
                self.download_finished.emit(snap)
        self._update_buttons()

    def current(self) -> DownloadSnapshot | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.item(index.row())

    @Slot(QModelIndex, QModelIndex)
    def on_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        snap = self.current()
        state = snap.state if snap else None
        self.pause_button.setEnabled(state in ACTIVE_STATES)
        self.resume_button.setEnabled(state in ("paused", "failed"))
        self.cancel_button.setEnabled(state in (*ACTIVE_STATES, "paused", "failed"))
        self.clear_button.setEnabled(
            any(self.model.item(r).state in FINISHED for r in range(self.model.rowCount()))
        )
        if snap is not None and snap.state in ("failed", "running") and snap.error:
            self.error_label.setText(message_text(snap.error))  # or "…Retrying in N s."

    @Slot()
    def on_pause_clicked(self) -> None:
        if snap := self.current():
            self.downloads.pause(snap.job_id)
            self.on_poll()

    @Slot()
    def on_resume_clicked(self) -> None:
        if snap := self.current():
            self.error_label.clear()
            self.downloads.resume(snap.job_id)
            self.on_poll()

    @Slot()
    def on_cancel_clicked(self) -> None:
        if snap := self.current():
            self.downloads.cancel(snap.job_id)
            self.on_poll()

    @Slot()
    def on_clear_clicked(self) -> None:
        for row in range(self.model.rowCount() - 1, -1, -1):
            snap = self.model.item(row)
            if snap.state in FINISHED:
                self.downloads.forget(snap.job_id)
        self.error_label.clear()
        self.on_poll()

    def shutdown(self) -> None:
        self._poll.stop()
