"""First run: no models yet. A model suggested for this machine, downloaded right here, or a local
.gguf, or a models folder.

The panel only shows; `FirstRunFlow` (first_run.py) finds the suggestion, runs the download and
loads the model, and the `ModelLoader` opens files and folders.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _note(text: str, parent: QWidget, name: str = "welcomeDetail") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setObjectName(name)
    return label


class WelcomePanel(QWidget):
    """Three ways to get a first model. Hub states: looking, suggested, downloading, failed,
    offline (then the local ways come first and the download waits for "Try again")."""

    shown = Signal()  # the panel became visible: time to look for a suggestion
    download_requested = Signal()  # the suggested model, now
    cancel_requested = Signal()  # stop the running download
    retry_requested = Signal()  # ask the Hub again (after "unreachable")
    open_file_requested = Signal(str)  # path of a .gguf
    models_folder_chosen = Signal(str)  # folder to scan for .gguf files

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.title = QLabel(self.tr("Welcome to Tessera"), self)
        self.title.setObjectName("welcomeTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = _note(
            self.tr(
                "Tessera runs language models on this computer. You have no model yet: "
                "pick one of these to start chatting."
            ),
            self,
            "welcomeIntro",
        )

        # The suggested download.
        self.download_section = QWidget(self)
        self.download_button = QPushButton(self.tr("Download a recommended model"))
        self.download_button.setObjectName("downloadRecommended")
        self.download_button.setDefault(True)
        self.suggestion = _note(self.tr("Finding a model that suits this computer…"), self)
        self.suggestion.setObjectName("welcomeSuggestion")
        self.suggestion.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.suggestion.font()
        bold.setBold(True)
        self.suggestion.setFont(bold)
        self.why = _note("", self, "welcomeWhy")
        self.why.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("welcomeProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.progress_text = _note("", self, "welcomeProgressText")
        self.progress_text.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelDownload")
        self.cancel_button.hide()
        progress_row = QHBoxLayout()
        progress_row.setContentsMargins(0, 0, 0, 0)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        column = QVBoxLayout(self.download_section)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.download_button)
        column.addWidget(self.suggestion)
        column.addWidget(self.why)
        column.addLayout(progress_row)
        column.addWidget(self.progress_text)

        # The Hub cannot be reached: said once, with a way to ask again.
        self.hub_section = QWidget(self)
        self.hub_notice = _note("", self, "welcomeHubNotice")
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setObjectName("retryHub")
        hub_row = QHBoxLayout(self.hub_section)
        hub_row.setContentsMargins(0, 0, 0, 0)
        hub_row.addWidget(self.hub_notice, 1)
        hub_row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hub_section.hide()

        # What is already on this computer.
        self.local_section = QWidget(self)
        self.open_button = QPushButton(self.tr("Open a .gguf file…"))
        self.open_button.setObjectName("openGguf")
        self.folder_button = QPushButton(self.tr("Use a models folder…"))
        self.folder_button.setObjectName("modelsFolder")
        local = QVBoxLayout(self.local_section)
        local.setContentsMargins(0, 0, 0, 0)
        local.setSpacing(4)
        local.addWidget(self.open_button)
        local.addWidget(_note(self.tr("A model you already downloaded."), self))
        local.addSpacing(8)
        local.addWidget(self.folder_button)
        local.addWidget(
            _note(self.tr("Tessera lists every .gguf file in it and its subfolders."), self)
        )
        for button in (self.download_button, self.open_button, self.folder_button):
            button.setMinimumHeight(36)

        self.status = _note("", self, "welcomeStatus")
        self.sections = QVBoxLayout()
        self.sections.setSpacing(16)
        self._place(online=True)
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addSpacing(8)
        column.addLayout(self.sections)
        column.addWidget(self.status)
        box = QWidget(self)
        box.setMaximumWidth(560)
        box.setLayout(column)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(box, 4)
        middle.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)

        self.download_button.clicked.connect(self.download_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.retry_button.clicked.connect(self.retry_requested)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.folder_button.clicked.connect(self.on_folder_button_clicked)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def _place(self, *, online: bool) -> None:
        """Online, the suggested download comes first; offline, what is on this computer."""
        order = (
            (self.download_section, self.local_section)
            if online
            else (self.hub_section, self.local_section, self.download_section)
        )
        for widget in (self.hub_section, self.download_section, self.local_section):
            self.sections.removeWidget(widget)
        for widget in order:
            self.sections.addWidget(widget)
        self.hub_section.setVisible(not online)
        self.download_section.setVisible(online)

    # ------------------------------------------------------------------ states

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def show_looking(self) -> None:
        """Asking the Hub which model suits this machine."""
        self._place(online=True)
        self.download_button.setEnabled(True)
        self.suggestion.setText(self.tr("Finding a model that suits this computer…"))
        self.why.hide()
        self._hide_progress()

    def show_suggestion(self, title: str, why: str) -> None:
        """What the button downloads (name · quantization · size) and why, in one line each."""
        self._place(online=True)
        self.download_button.setText(self.tr("Download a recommended model"))
        self.download_button.setEnabled(True)
        self.suggestion.setText(title)
        self.why.setText(why)
        self.why.setVisible(bool(why))
        self._hide_progress()

    def show_starting(self) -> None:
        """Clicked before the suggestion was known: it starts as soon as it is."""
        self.download_button.setText(self.tr("Downloading…"))
        self.download_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.progress_text.setText(self.tr("Finding a model that suits this computer…"))
        self.progress_text.show()
        self.cancel_button.hide()

    def show_progress(self, fraction: float | None, details: str) -> None:
        """A running download: `details` says size, speed and time left."""
        self.download_button.setText(self.tr("Downloading…"))
        self.download_button.setEnabled(False)
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * fraction))
        self.progress.show()
        self.progress_text.setText(details)
        self.progress_text.show()
        self.cancel_button.show()

    def show_download_failed(self, message: str) -> None:
        self.download_button.setText(self.tr("Try the download again"))
        self.download_button.setEnabled(True)
        self._hide_progress()
        self.progress_text.setText(message)
        self.progress_text.show()

    def show_unreachable(self, message: str) -> None:
        """The Hub cannot be reached (or serves none of the suggestions): local ways first."""
        self.hub_notice.setText(message)
        self._place(online=False)
        self._hide_progress()

    def _hide_progress(self) -> None:
        self.progress.hide()
        self.progress_text.hide()
        self.cancel_button.hide()

    def is_offline(self) -> bool:
        return self.hub_section.isVisibleTo(self)

    # ------------------------------------------------------------------ local models

    @Slot()
    def on_open_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a model"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.open_file_requested.emit(path)

    @Slot()
    def on_folder_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with .gguf models"))
        if folder:
            self.models_folder_chosen.emit(folder)
