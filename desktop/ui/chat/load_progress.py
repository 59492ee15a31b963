"""A model load's progress above the composer, where the user is about to type.

Follows the engine session: shown when a load starts, the percentage from llama.cpp's progress
callback, gone when the model is ready or failed (the banner then says why).
"""

from __future__ import annotations

import os

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop.core.engine.protocol import LoadOptions
from desktop.ui.widgets.elided_label import ElidedLabel


class LoadProgressStrip(QWidget):
    """ "Loading qwen2.5-0.5b-instruct-q4_k_m.gguf… 45%" with a slim bar; hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadProgress")
        # A long file name shortens with "…": it must never widen the chat pane.
        self.label = ElidedLabel("", self)
        self.label.setObjectName("loadProgressText")
        self.waiting_note = QLabel(self.tr("Your message is sent as soon as it is ready."), self)
        self.waiting_note.setObjectName("loadProgressWaiting")
        self.waiting_note.setWordWrap(True)
        self.waiting_note.hide()
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.setMaximumWidth(220)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 4, 14, 4)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.waiting_note)
        self._name = ""
        self._percent: int | None = None
        self._waiting = False
        self.hide()

    @Slot(object)
    def on_load_started(self, options: LoadOptions) -> None:
        self._name = os.path.basename(options.path)
        self._percent = None
        self.bar.setRange(0, 0)
        self._update()
        self.show()

    @Slot(float)
    def on_load_progress(self, fraction: float) -> None:
        self._percent = max(0, min(100, int(round(fraction * 100))))
        self.bar.setRange(0, 100)
        self.bar.setValue(self._percent)
        self._update()

    def set_message_waiting(self, waiting: bool) -> None:
        """A sent message goes out once the model is ready: say so."""
        self._waiting = waiting
        self._update()

    @Slot()
    def on_load_ended(self, *_args: object) -> None:
        self._waiting = False
        self.hide()

    def percent(self) -> int | None:
        return self._percent

    def _update(self) -> None:
        if self._percent is None:
            text = self.tr("Loading %1…").replace("%1", self._name)
        else:
            text = (
                self.tr("Loading %1… %2%")
                .replace("%1", self._name)
                .replace("%2", str(self._percent))
            )
        self.label.setText(text)
        self.waiting_note.setVisible(self._waiting)
