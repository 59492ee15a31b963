"""The conversation pane: mode switch, error banner, transcript and composer, on a controller."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QMenu,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.chat.composer import Composer
from desktop.ui.chat.controller import ChatController
from desktop.ui.chat.load_progress import LoadProgressStrip
from desktop.ui.chat.model_notice import ModelNotice
from desktop.ui.chat.probabilities import build_alternatives_menu
from desktop.ui.chat.thinking_block import ACTION as THINKING_ACTION
from desktop.ui.chat.thinking_block import shown_open as thinking_is_open
from desktop.ui.chat.transcript_view import ChatTranscriptView
from desktop.ui.widgets.elided_label import ElidedLabel
from desktop.ui.widgets.error_banner import ErrorBanner


class ChatPanel(QWidget):
    """Puts the transcript and the composer around a `ChatController`."""

    reload_requested = Signal(dict)  # LoadOptions changes, e.g. {"n_gpu_layers": 0}
    choose_model_requested = Signal()
    compare_requested = Signal(int)  # message id: "Compare…" on a message

    def __init__(self, controller: ChatController, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("chatPanel")
        self.controller = controller
        # A long title ends in "…", never pushing the mode switch out of view.
        self.title = ElidedLabel(self.tr("New chat"), self)
        self.title.setObjectName("chatTitle")
        self.chat_mode = QRadioButton(self.tr("Chat"), self)
        self.completion_mode = QRadioButton(self.tr("Completion"), self)
        self.chat_mode.setChecked(True)
        self.completion_mode.setToolTip(
            self.tr("Raw text continuation, for base models; saved like chats")
        )
        modes = QButtonGroup(self)
        modes.addButton(self.chat_mode)
        modes.addButton(self.completion_mode)
        header = QHBoxLayout()
        header.setContentsMargins(14, 8, 14, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.chat_mode)
        header.addWidget(self.completion_mode)

        self.banner = ErrorBanner(self)
        self.model_notice = ModelNotice(controller.engine, self)
        self.view = ChatTranscriptView(self)
        self.view.setModel(controller.model)
        self.composer = Composer(self)
        self.load_strip = LoadProgressStrip(self)
        # Set by the model loader: True when a send waits for a model load (load_on_send.py).
        self.send_gate: Callable[[str], bool] | None = None
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.model_notice)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.load_strip)
        layout.addWidget(self.composer)

        self.composer.send_requested.connect(self.on_composer_send_requested)
        self.composer.stop_requested.connect(controller.stop)
        controller.busy_changed.connect(self.on_controller_busy_changed)
        controller.error_occurred.connect(self.on_controller_error_occurred)
        self.view.action_requested.connect(self.on_view_action_requested)
        self.view.token_clicked.connect(self.on_view_token_clicked)
        self.completion_mode.toggled.connect(self.on_completion_mode_toggled)
        controller.completion_mode_changed.connect(self.on_controller_completion_mode_changed)
        self.model_notice.completion_requested.connect(
            lambda: self.completion_mode.setChecked(True)
        )
        self.last_menu: QMenu | None = None

    def add_above_composer(self, widget: QWidget) -> None:
        """A panel between the transcript and the composer (the tool approval card)."""
        self._layout.insertWidget(self._layout.indexOf(self.composer), widget)

    # ------------------------------------------------------------------ composer

    @Slot(str)
    def on_composer_send_requested(self, text: str) -> None:
        editing = self.composer.editing_message()
        self.banner.hide()
        if self.send_gate is not None and self.send_gate(text):
            return
        if editing is not None:
            row = self.controller.model.row_of(editing)
            ok = row >= 0 and self.controller.edit(row, text)
            if ok:
                self.composer.end_edit()
        else:
            ok = self.controller.send(text)
        if ok:
            self.composer.edit.clear()
            self.view.follow_bottom()
        self.composer.edit.setFocus()  # a click on Send must not leave the keyboard elsewhere

    @Slot(bool)
    def on_controller_busy_changed(self, busy: bool) -> None:
        self.composer.set_busy(busy)
        self.chat_mode.setEnabled(not busy)
        self.completion_mode.setEnabled(not busy)

    def stop_or_cancel(self) -> None:
        """Esc: stop a streaming reply, or leave edit mode."""
        if self.controller.is_busy():
            self.controller.stop()
        elif self.composer.is_busy():
            self.composer.stop_requested.emit()  # a message waiting for its model
        elif self.composer.editing_message() is not None:
            self.composer.on_cancel_edit_clicked()
        else:
            self.banner.hide()

    @Slot(bool)
    def on_completion_mode_toggled(self, enabled: bool) -> None:
        self.controller.set_completion_mode(enabled)
        self._show_mode(enabled)

    def _show_mode(self, completion: bool) -> None:
        self.title.setText(self.tr("Completion") if completion else self.tr("New chat"))
        self.composer.send_button.setText(self.tr("Generate") if completion else self.tr("Send"))
        self.model_notice.set_completion_mode(completion)

    @Slot(bool)
    def on_controller_completion_mode_changed(self, completion: bool) -> None:
        """A saved session was opened: show its mode without starting a new one."""
        for button in (self.completion_mode, self.chat_mode):
            button.blockSignals(True)
        (self.completion_mode if completion else self.chat_mode).setChecked(True)
        for button in (self.completion_mode, self.chat_mode):
            button.blockSignals(False)
        self._show_mode(completion)

    # ------------------------------------------------------------------ errors

    @Slot(str, str, str)
    def on_controller_error_occurred(self, kind: str, message: str, hint: str) -> None:
        actions: list[tuple[str, Callable[[], object]]] = []
        if kind == "store":
            actions.append((self.tr("Retry saving"), self.controller.retry_failed_writes))
        elif kind in ("worker_died", "out_of_memory", "internal"):
            actions += [
                (self.tr("Reload model"), lambda: self.reload_requested.emit({})),
                (
                    self.tr("Fewer GPU layers"),
                    lambda: self.reload_requested.emit({"fewer_gpu_layers": True}),
                ),
                (self.tr("Reload on CPU"), lambda: self.reload_requested.emit({"n_gpu_layers": 0})),
                (self.tr("Choose another file"), self.choose_model_requested.emit),
            ]
        elif kind == "not_loaded":
            actions.append((self.tr("Choose a model"), self.choose_model_requested.emit))
        if kind == "worker_died":
            message = self.tr("The model's engine stopped unexpectedly: %1").replace("%1", message)
            hint = hint or self.tr("Your messages are saved. Reload the model to go on.")
        self.banner.show_message(message, hint, actions)

    # ------------------------------------------------------------------ transcript actions

    @Slot(int, str)
    def on_view_action_requested(self, row: int, action: str) -> None:
        controller = self.controller
        item = controller.model.item(row)
        if action == "copy":
            QGuiApplication.clipboard().setText(item.text)
        elif action == "regenerate":
            controller.regenerate(row)
        elif action == "continue":
            controller.continue_reply(row)
        elif action == "edit" and item.message_id is not None:
            self.composer.begin_edit(item.message_id, item.text)
        elif action == "delete":
            controller.delete(row)
        elif action == "compare" and item.message_id is not None:
            self.compare_requested.emit(item.message_id)
        elif action == THINKING_ACTION:
            # The user's choice, kept while the reply streams on and after.
            controller.model.update(row, thinking_open=not thinking_is_open(item))
        elif action in ("prev", "next"):
            controller.switch_branch(row, -1 if action == "prev" else 1)
        elif action == "raw":  # a tool card <-> the exact text
            controller.model.update(row, show_raw=not item.show_raw)

    @Slot(int, int, QPoint)
    def on_view_token_clicked(self, row: int, token_index: int, global_pos: QPoint) -> None:
        item = self.controller.model.item(row)
        if item.streaming or not 0 <= token_index < len(item.tokens):
            return
        blocked, note = self.controller.branch_limits(row, token_index)
        menu = build_alternatives_menu(self, item.tokens[token_index], note=note, blocked=blocked)
        self.last_menu = menu
        menu.triggered.connect(
            lambda action: (
                action.data() is not None
                and self.controller.branch_from_token(row, token_index, int(action.data()))
            )
        )
        menu.popup(global_pos)

    def set_show_probabilities(self, show: bool) -> None:
        delegate = self.view.message_delegate
        delegate.show_probabilities = show
        if show:
            self.controller.load_probabilities()
        delegate.invalidate()
        self.controller.model.refresh_all()
        self.view.scheduleDelayedItemsLayout()
