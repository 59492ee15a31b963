"""The "New knowledge base" dialog: a name, an embedding GGUF or none, chunk size and overlap."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class NewBase:
    name: str
    embedder: str | None  # a .gguf path, or None: search by words only
    chunk_tokens: int
    chunk_overlap: int


class NewBaseDialog(QDialog):
    def __init__(self, models_dir: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newKnowledgeBase")
        self.setWindowTitle(self.tr("New knowledge base"))
        self._models_dir = models_dir
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("e.g. Project notes"))
        self.words_only = QRadioButton(self.tr("Words only (no embedding model)"), self)
        self.with_embedder = QRadioButton(self.tr("Words and meaning, with an embedding model:"))
        self.words_only.setChecked(True)
        self.embedder_edit = QLineEdit(self)
        self.embedder_edit.setObjectName("embedderPath")
        self.embedder_edit.setPlaceholderText(self.tr("an embedding .gguf file"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        embedder_row = QHBoxLayout()
        embedder_row.addWidget(self.embedder_edit, 1)
        embedder_row.addWidget(self.browse_button)
        hint = QLabel(
            self.tr(
                "Multilingual embedders find Chinese and English alike: bge-m3, "
                "bge-small-zh-v1.5, multilingual-e5-small, Qwen3-Embedding-0.6B (GGUF). "
                "Without one, search matches words (Chinese included)."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.chunk_tokens = QSpinBox(self)
        self.chunk_tokens.setRange(16, 8192)
        self.chunk_tokens.setValue(256)
        self.chunk_tokens.setSuffix(self.tr(" tokens"))
        self.chunk_overlap = QSpinBox(self)
        self.chunk_overlap.setRange(0, 4096)
        self.chunk_overlap.setValue(32)
        self.chunk_overlap.setSuffix(self.tr(" tokens"))
        self.problem = QLabel(self)
        self.problem.setObjectName("dialogProblem")
        self.problem.setStyleSheet("color: #d93025;")
        self.problem.setWordWrap(True)
        self.problem.hide()

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Search by"), self.words_only)
        form.addRow("", self.with_embedder)
        form.addRow("", embedder_row)
        form.addRow("", hint)
        form.addRow(self.tr("Chunk size"), self.chunk_tokens)
        form.addRow(self.tr("Overlap"), self.chunk_overlap)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self.on_browse_button_clicked)
        self.embedder_edit.textEdited.connect(lambda _t: self.with_embedder.setChecked(True))
        self.resize(520, self.sizeHint().height())

    def values(self) -> NewBase:
        embedder = self.embedder_edit.text().strip() if self.with_embedder.isChecked() else ""
        return NewBase(
            " ".join(self.name_edit.text().split()),
            embedder or None,
            self.chunk_tokens.value(),
            self.chunk_overlap.value(),
        )

    def problem_text(self) -> str:
        """Why OK cannot be taken yet ("" when it can)."""
        values = self.values()
        if not values.name:
            return self.tr("Give the knowledge base a name.")
        if self.with_embedder.isChecked() and values.embedder is None:
            return self.tr("Choose an embedding model, or search by words only.")
        if values.chunk_overlap > values.chunk_tokens // 2:
            return self.tr("The overlap can be at most half the chunk size.")
        return ""

    @Slot()
    def on_buttons_accepted(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if not problem:
            self.accept()

    @Slot()
    def on_browse_button_clicked(self) -> None:
        folder = str(self._models_dir) if self._models_dir else ""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Embedding model"), folder, self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.embedder_edit.setText(path)
            self.with_embedder.setChecked(True)
