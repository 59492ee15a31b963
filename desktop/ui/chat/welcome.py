"""First run: no models yet. Offer a recommended download, a local .gguf, or a models folder."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

RECOMMENDED_REPO = "Qwen/Qwen2.5-0.5B-Instruct-GGUF"
RECOMMENDED_FILE = "qwen2.5-0.5b-instruct-q4_k_m.gguf"


class WelcomePanel(QWidget):
    """Three ways to get a first model; the main window carries each one out."""

    download_requested = Signal(str, str)  # Hub repo id, file name
    open_file_requested = Signal(str)  # path of a .gguf
    models_folder_chosen = Signal(str)  # folder to scan for .gguf files

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel(self.tr("Welcome to Tessera"), self)
        title.setObjectName("welcomeTitle")
        intro = QLabel(
            self.tr(
                "Tessera runs language models on this computer. You have no model yet: "
                "pick one of these to start chatting."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.download_button = QPushButton(self.tr("Download a recommended model"), self)
        self.download_button.setObjectName("downloadRecommended")
        self.open_button = QPushButton(self.tr("Open a .gguf file…"), self)
        self.open_button.setObjectName("openGguf")
        self.folder_button = QPushButton(self.tr("Use a models folder…"), self)
        self.folder_button.setObjectName("modelsFolder")
        self.status = QLabel(self)
        self.status.setObjectName("welcomeStatus")
        self.status.setWordWrap(True)

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(8)
        details = (
            self.tr("Qwen2.5 0.5B Instruct, Q4_K_M, about 400 MB, from the model hub."),
            self.tr("A model you already downloaded."),
            self.tr("Tessera lists every .gguf file in it and its subfolders."),
        )
        for button, detail in zip(
            (self.download_button, self.open_button, self.folder_button), details, strict=True
        ):
            button.setMinimumHeight(36)
            column.addWidget(button)
            note = QLabel(detail, self)
            note.setWordWrap(True)
            note.setObjectName("welcomeDetail")
            column.addWidget(note)
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

        self.download_button.clicked.connect(self.on_download_button_clicked)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.folder_button.clicked.connect(self.on_folder_button_clicked)

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    @Slot()
    def on_download_button_clicked(self) -> None:
        self.download_requested.emit(RECOMMENDED_REPO, RECOMMENDED_FILE)

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
