"""The window's status bar: the loaded model, its backend and GPU layers, memory, reply speed.

It follows the engine's signals and the chat's finished replies itself; `show_message()` is
where any part of the window says something that failed or changed, for a few seconds.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.core.engine.protocol import LoadOptions, ModelInfo
from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.chat.transcript_model import MessageItem

log = logging.getLogger(__name__)

MESSAGE_MS = 10_000  # how long a transient status line stays
MEMORY_MS = 3_000


class WindowStatusBar(QStatusBar):
    """Permanent labels on the right, transient messages on the left."""

    def __init__(self, engine: EngineSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self.model = QLabel(self.tr("No model loaded"))
        self.backend = QLabel("")
        self.layers = QLabel("")
        self.memory = QLabel("")
        self.speed = QLabel("")
        for label in (self.model, self.backend, self.layers, self.memory, self.speed):
            label.setContentsMargins(6, 0, 6, 0)
            self.addPermanentWidget(label)
        engine.load_started.connect(self.on_engine_load_started)
        engine.loaded.connect(self.on_engine_loaded)
        engine.load_failed.connect(self.on_engine_load_failed)
        engine.unloaded.connect(self.on_engine_unloaded)
        self._memory_timer = QTimer(self)
        self._memory_timer.setInterval(MEMORY_MS)
        self._memory_timer.timeout.connect(self.on_memory_timer_timeout)
        self._memory_timer.start()

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.showMessage(text, MESSAGE_MS)

    def stop(self) -> None:
        self._memory_timer.stop()

    @Slot(object)
    def on_engine_load_started(self, options: LoadOptions) -> None:
        self.model.setText(self.tr("Loading %1…").replace("%1", os.path.basename(options.path)))

    @Slot(object)
    def on_engine_loaded(self, info: ModelInfo) -> None:
        self.model.setText(f"{info.name} ({info.file_type})")
        self.backend.setText(info.backend)
        self.layers.setText(
            self.tr("GPU layers %1/%2")
            .replace("%1", str(info.n_gpu_layers_offloaded))
            .replace("%2", str(info.n_layers))
        )
        self.on_memory_timer_timeout()

    @Slot(object)
    def on_engine_load_failed(self, _failure: object) -> None:
        self.model.setText(self.tr("No model loaded"))

    @Slot()
    def on_engine_unloaded(self) -> None:
        self.model.setText(self.tr("No model loaded"))
        self.backend.setText("")
        self.layers.setText("")

    def show_remote(self, model: str, backend: str) -> None:
        """The chat generates on a server: its model and name instead of the local engine's."""
        self.model.setText(model)
        self.backend.setText(backend)
        self.layers.setText("")

    def show_local(self) -> None:
        """Back on the local engine: what it holds."""
        info = self._engine.info
        if info is not None:
            self.on_engine_loaded(info)
        else:
            self.on_engine_unloaded()

    @Slot(object)
    def on_reply_finished(self, item: MessageItem) -> None:
        if item.tok_s is not None:
            self.speed.setText(self.tr("%1 tok/s").replace("%1", f"{item.tok_s:.1f}"))

    @Slot()
    def on_memory_timer_timeout(self) -> None:
        """Memory of the window and the engine processes together, as the user pays for it."""
        import psutil

        try:
            process = psutil.Process()
            rss = process.memory_info().rss
            children = process.children(recursive=True)
        except psutil.Error as exc:
            log.debug("memory not measured: %s", exc)
            return
        for child in children:
            try:
                rss += child.memory_info().rss
            except psutil.Error:
                continue  # a child that ended meanwhile
        self.memory.setText(self.tr("Memory %1 MB").replace("%1", f"{rss / 1_048_576:,.0f}"))
