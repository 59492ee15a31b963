"""The message composer: a text box with Send/Stop, Ctrl+Enter (or Enter) to send, an edit mode."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.i18n import error_text

log = logging.getLogger(__name__)


class ComposerEdit(QPlainTextEdit):
    """Plain-text input; the send key is Ctrl+Enter, or Enter when `enter_sends` is set."""

    submit = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.enter_sends = False
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if ctrl or (self.enter_sends and not shift):
                self.submit.emit()
                event.accept()
                return
            if self.enter_sends and shift:
                self.insertPlainText("\n")
                event.accept()
                return
        super().keyPressEvent(event)


TokenCounter = Callable[[str], "int | None"]  # None: the tokenizer is still loading
COUNT_DELAY_MS = 150  # typing pauses shorter than this do not recount
RETRY_MS = 250  # while the tokenizer loads in the background
MAX_RETRIES = 60  # 15 s: a vocabulary that takes longer has failed to load
MAX_COUNTED_CHARS = (
    50_000  # counted on the GUI thread: ~35 ms here; longer goes to the Tokenizer page
)


class Composer(QWidget):
    """Emits `send_requested(text)` / `stop_requested()`; shows Stop while a reply streams.

    With a token counter (`set_token_counter`), a line under the box shows how many tokens the
    message is and which share of the context it would use, updated shortly after typing stops.
    """

    send_requested = Signal(str)
    stop_requested = Signal()
    edit_cancelled = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.edit = ComposerEdit(self)
        self.edit.setObjectName("composerEdit")
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.setFixedHeight(84)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(self.tr("Stop generating (Esc)"))
        self.stop_button.hide()
        self.banner = QLabel(self)
        self.banner.setObjectName("composerBanner")
        self.banner.hide()
        self.cancel_edit_button = QToolButton(self)
        self.cancel_edit_button.setText(self.tr("Cancel edit"))
        self.cancel_edit_button.hide()
        self.token_count = QLabel(self)
        self.token_count.setObjectName("composerTokenCount")
        self.token_count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.token_count.setToolTip(
            self.tr("Tokens in this message, counted with the loaded model's own tokenizer")
        )
        self.token_count.hide()
        self._counter: TokenCounter | None = None
        self._n_ctx = 0
        self._estimate = ""  # said after the count when it is only an estimate
        self._retries = 0
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self.on_count_timer_timeout)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.banner, 1)
        top.addWidget(self.cancel_edit_button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 10)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.token_count)

        self.edit.textChanged.connect(self.on_edit_text_changed)
        self.edit.submit.connect(self.on_submit)
        self.send_button.clicked.connect(self.on_submit)
        self.stop_button.clicked.connect(self.stop_requested)
        self.cancel_edit_button.clicked.connect(self.on_cancel_edit_clicked)
        self._editing: int | None = None
        self._busy = False
        self.set_enter_sends(False)

    def set_enter_sends(self, enter_sends: bool) -> None:
        self.edit.enter_sends = enter_sends
        if enter_sends:
            hint = self.tr("Message… (Enter to send, Shift+Enter for a new line)")
        else:
            hint = self.tr("Message… (Ctrl+Enter to send)")
        self.edit.setPlaceholderText(hint)

    def set_token_counter(
        self, counter: TokenCounter | None, n_ctx: int = 0, *, estimate: str = "", note: str = ""
    ) -> None:
        """Count the message with `counter` against a context of `n_ctx` tokens; None hides it.
        `estimate` (e.g. "estimate with tiktoken o200k") follows the count when it is not the
        model's own tokenizer, and `note` then says why in the tooltip."""
        self._counter = counter
        self._n_ctx = n_ctx
        self._estimate = estimate
        self._retries = 0
        self.token_count.setToolTip(
            note or self.tr("Tokens in this message, counted with the loaded model's own tokenizer")
        )
        self._count_timer.stop()
        if counter is None:
            self.token_count.hide()
            return
        self.token_count.show()
        self.on_count_timer_timeout()

    @Slot()
    def on_edit_text_changed(self) -> None:
        if self._counter is not None:
            self._retries = 0
            self._count_timer.start(COUNT_DELAY_MS)

    @Slot()
    def on_count_timer_timeout(self) -> None:
        if self._counter is None:
            return
        text = self.text()
        if len(text) > MAX_COUNTED_CHARS:
            self.token_count.setText(self.tr("Too long to count here: see the Tokenizer page"))
            return
        try:
            count = self._counter(text)
        except Exception as exc:  # the injected counter may fail any way: never break typing
            log.warning("token count failed", exc_info=exc)
            self.token_count.setText(
                self.tr("Token count unavailable: %1").replace("%1", error_text(exc))
            )
            return
        if count is None:
            self._retries += 1
            if self._retries > MAX_RETRIES:
                self.token_count.setText(
                    self.tr("Token count unavailable: the vocabulary did not load")
                )
                return
            self.token_count.setText(self.tr("Loading the vocabulary to count tokens…"))
            self._count_timer.start(RETRY_MS)
            return
        self._retries = 0
        tokens = self.tr("%n token(s)", "", count)
        if self._n_ctx > 0:
            share = 100.0 * count / self._n_ctx
            text = self.tr("%1 · %2% of the %3-token context")
            text = text.replace("%1", tokens).replace("%2", f"{share:.1f}")
            text = text.replace("%3", f"{self._n_ctx:,}")
        else:
            text = tokens
        if self._n_ctx and count > self._n_ctx:
            text = self.tr("%1 — longer than the context").replace("%1", text)
        if self._estimate:
            text = f"{text} ({self._estimate})"
        self.token_count.setText(text)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)

    def set_busy(self, busy: bool) -> None:
        """While a reply streams, Send becomes Stop (typing the next message stays possible)."""
        self._busy = busy
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)

    def is_busy(self) -> bool:
        return self._busy

    def editing_message(self) -> int | None:
        return self._editing

    def begin_edit(self, message_id: int, text: str) -> None:
        self._editing = message_id
        self.banner.setText(self.tr("Editing a message: sending creates a new branch."))
        self.banner.show()
        self.cancel_edit_button.show()
        self.set_text(text)
        self.edit.setFocus()

    def end_edit(self) -> None:
        self._editing = None
        self.banner.hide()
        self.cancel_edit_button.hide()

    @Slot()
    def on_cancel_edit_clicked(self) -> None:
        self.end_edit()
        self.edit.clear()
        self.edit_cancelled.emit()

    @Slot()
    def on_submit(self) -> None:
        if self._busy:
            return  # a reply is streaming: Ctrl+Enter must not start a second one
        text = self.text()
        if not text.strip():
            return
        self.send_requested.emit(text)
