"""Send loads the picked model first: no "press Load" step, no question when the pick changes.

With a model picked but not loaded (or another one loaded), Send starts loading the picked one
with its remembered settings and the message goes out once it is ready; meanwhile the composer
keeps the text and shows Stop (which drops the wait). With nothing picked at all, the send goes
on to the controller, whose banner says there is no model.

Before the first load of a session (a start with a remembered model), the load starts as soon
as the user starts typing: the seconds spent typing hide it. Later (after an unload, a failed
load, a crash) only Send loads, and a loaded model is never replaced before Send.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot

from desktop.core.engine.protocol import LoadOptions, ModelInfo
from desktop.ui.chat.chat_panel import ChatPanel
from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.chat.load_progress import LoadProgressStrip

log = logging.getLogger(__name__)


class LoadOnSend(QObject):
    """Installed as the chat panel's send gate by the model loader."""

    def __init__(
        self,
        panel: ChatPanel,
        strip: LoadProgressStrip,
        engine: EngineSession,
        wanted: Callable[[], LoadOptions | None],  # the picked model with its load settings
        load: Callable[[LoadOptions], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.strip = strip
        self.engine = engine
        self.wanted = wanted
        self.load = load
        self._waiting = False
        panel.send_gate = self.hold_send
        panel.composer.stop_requested.connect(self.drop)
        panel.composer.edit.textChanged.connect(self.on_composer_text_changed)
        engine.loaded.connect(self.on_engine_loaded)
        engine.load_failed.connect(self.on_engine_load_failed)

    def waiting(self) -> bool:
        """A message waits for a model load."""
        return self._waiting

    def hold_send(self, _text: str) -> bool:
        """True when the send waits for a load (started here when needed)."""
        if self._waiting:
            return True
        options = self.wanted()
        info = self.engine.info
        if self.engine.is_loading():
            self._wait()  # a load someone started: the message follows it
            return True
        if options is None or (info is not None and info.path == options.path):
            return False  # nothing picked, or the picked model is the loaded one
        self._wait()
        self.load(options)
        return True

    @Slot()
    def on_composer_text_changed(self) -> None:
        """Typing before the session's first load: load the picked model now, the message will
        need it."""
        engine = self.engine
        if engine.last_options is not None or engine.is_loading():
            return
        if not self.panel.composer.text().strip() or not self.panel.isVisible():
            return
        options = self.wanted()
        if options is not None:
            self.load(options)

    def _wait(self) -> None:
        self._waiting = True
        self.panel.composer.set_busy(True)
        self.strip.set_message_waiting(True)

    @Slot()
    def drop(self) -> None:
        """Stop while waiting: the message stays in the composer, unsent; the load goes on."""
        if not self._waiting:
            return
        self._waiting = False
        self.panel.composer.set_busy(self.panel.controller.is_busy())
        self.strip.set_message_waiting(False)

    @Slot(object)
    def on_engine_loaded(self, _info: ModelInfo) -> None:
        if not self._waiting:
            return
        self._waiting = False
        self.panel.composer.set_busy(False)
        text = self.panel.composer.text()
        if text.strip():
            # What the composer shows now is what goes out (the user may have kept typing);
            # the gate runs again, so a pick changed meanwhile loads that one next.
            self.panel.on_composer_send_requested(text)

    @Slot(object)
    def on_engine_load_failed(self, _failure: object) -> None:
        if self._waiting:
            log.info("a message waited for a load that failed; it stays in the composer")
        self.drop()
