"""One compare pane: its header, its live status and stats, its error, and its transcript.

The transcript is the chat's own view and delegate (Markdown once a reply is complete,
probability shading, the alternatives on a click); a reply's footer links are the pane's:
Copy, "Better" (pick this reply for the turn) and 1-5 stars; a reasoning model's thinking
block opens and closes on a click on its header, as in the chat. Where this pane's reply parts
ways with another pane's of the same model, the first differing token is marked.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.compare.pane import PaneReply, PaneView
from desktop.core.engine.protocol import ChatMessage, Token
from desktop.ui.chat.model_picker import ModelPickerModel
from desktop.ui.chat.probabilities import build_alternatives_menu
from desktop.ui.chat.thinking_block import ACTION as THINKING_ACTION
from desktop.ui.chat.thinking_block import shown_open as thinking_is_open
from desktop.ui.chat.transcript_model import MessageItem, TranscriptModel
from desktop.ui.chat.transcript_view import ChatTranscriptView
from desktop.ui.compare.pane_header import PaneHeader
from desktop.ui.i18n import message_text
from desktop.ui.widgets.error_banner import ErrorBanner

STARS = 5


class ComparePane(QFrame):
    """`turn_of_row` maps the transcript's reply rows to the comparison's turns."""

    remove_requested = Signal()
    pick_requested = Signal(int)  # turn
    rate_requested = Signal(int, int)  # turn, stars
    continue_requested = Signal()

    def __init__(self, number: int, picker: ModelPickerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("comparePane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.header = PaneHeader(number, picker)
        self.header.remove_requested.connect(self.remove_requested)
        self.status = QLabel()
        self.status.setObjectName("paneStatus")
        self.status.setWordWrap(True)
        self.banner = ErrorBanner(self)
        self.banner.hide()
        self.model = TranscriptModel(self)
        self.view = ChatTranscriptView(self)
        self.view.setModel(self.model)
        self.view.action_requested.connect(self.on_view_action_requested)
        self.view.token_clicked.connect(self.on_view_token_clicked)
        self.continue_button = QPushButton(self.tr("Continue as chat"))
        self.continue_button.setToolTip(
            self.tr("Open this pane's conversation in the Chat page, to go on with it alone")
        )
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self.continue_requested)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addStretch(1)
        bottom.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.status)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.turn_of_row: dict[int, int] = {}
        self._live_row = -1
        self._picked: dict[int, bool] = {}  # turn -> this pane's reply is the picked one
        self._ratings: dict[int, int] = {}  # turn -> stars
        self._saved: set[int] = set()  # turns in the store: pick and stars offered

    # ------------------------------------------------------------------ the transcript

    def reset(self, history: list[ChatMessage]) -> None:
        """Empties the pane; `history` (a chat compared from) is shown first."""
        items = [MessageItem(None, m.role, m.content, actions=()) for m in history]
        self.model.set_items(items)
        self.turn_of_row.clear()
        self._picked.clear()
        self._ratings.clear()
        self._saved.clear()
        self._live_row = -1
        self.banner.hide()
        self.status.clear()
        self.continue_button.setEnabled(False)

    def begin_turn(self, turn: int, text: str) -> None:
        self.banner.hide()
        self.model.append(MessageItem(None, "user", text, actions=()))
        item = MessageItem(None, "assistant", "", status="streaming", actions=())
        self._live_row = self.model.append(item)
        self.turn_of_row[self._live_row] = turn
        self.status.setText(self.tr("Waiting…"))
        self.view.follow_bottom()

    def append_tokens(self, tokens: tuple[Token, ...]) -> None:
        if self._live_row >= 0:
            self.model.append_tokens(self._live_row, list(tokens))

    def show_loading(self, name: str) -> None:
        self.status.setText(self.tr("Loading %1…").replace("%1", name))

    def show_live(self, view: PaneView) -> None:
        if view.status == "streaming":
            self.status.setText(self.stats_text(view.count, view.ttft_seconds,
                                                view.tokens_per_second))  # fmt: skip

    def stats_text(self, count: int, ttft: float | None, rate: float | None) -> str:
        parts = [self.tr("%n token(s)", "", count)]
        if ttft is not None:
            parts.append(self.tr("TTFT %1 ms").replace("%1", f"{ttft * 1000:.0f}"))
        if rate:
            parts.append(self.tr("%1 tok/s").replace("%1", f"{rate:.1f}"))
        return " · ".join(parts)

    def finish(self, reply: PaneReply) -> None:
        """The turn's reply as the session kept it (text, tokens, stats, error)."""
        row = self._live_row
        self._live_row = -1
        if row < 0:
            return
        if reply.failed:
            self.model.update(row, status="error", text="", tokens=[])
            error = message_text(reply.error) if reply.error is not None else ""
            hint = message_text(reply.hint) if reply.hint is not None else ""
            self.banner.show_message(error, hint)
            self.status.setText(self.tr("No reply"))
            return
        status = {"cancelled": "cancelled", "interrupted": "interrupted"}.get(
            reply.finish_reason, "complete"
        )
        self.model.update(
            row,
            status=status,
            text=reply.text,
            tokens=list(reply.tokens),
            completion_tokens=reply.token_count,
            ttft_seconds=reply.ttft_seconds,
            tok_s=reply.tokens_per_second,
            error=message_text(reply.error) if reply.error is not None else "",
        )
        self._update_actions(row)
        self.status.setText(
            self.stats_text(reply.token_count, reply.ttft_seconds, reply.tokens_per_second)
        )
        if reply.error is not None:
            self.banner.show_message(message_text(reply.error))
        self.continue_button.setEnabled(True)

    def show_saved_turn(self, turn: int, text: str, reply: PaneReply | None, why: str) -> None:
        """A turn of a reopened comparison: the message and the saved reply, or, when the
        reply was not saved, `why` in its place."""
        self.begin_turn(turn, text)
        if reply is not None:
            self.finish(reply)
            return
        row, self._live_row = self._live_row, -1
        self.model.update(row, status="error", text="", tokens=[], error=why)
        self.status.setText(self.tr("No reply"))

    def mark(self, turn: int, token_index: int | None, tooltip: str = "") -> None:
        """Marks token `token_index` of `turn`'s reply (None: no mark)."""
        row = self.row_of_turn(turn)
        if row >= 0:
            self.model.update(row, mark_token=token_index)
            if tooltip:
                self.view.setToolTip(tooltip)

    def row_of_turn(self, turn: int) -> int:
        return next((row for row, t in self.turn_of_row.items() if t == turn), -1)

    def reply_item(self, turn: int) -> MessageItem | None:
        row = self.row_of_turn(turn)
        return self.model.item(row) if row >= 0 else None

    # ------------------------------------------------------------------ pick and stars

    def set_saved(self, turn: int) -> None:
        self._saved.add(turn)
        self._update_actions(self.row_of_turn(turn))

    def set_picked(self, turn: int, picked: bool) -> None:
        self._picked[turn] = picked
        self._update_actions(self.row_of_turn(turn))

    def set_rating(self, turn: int, stars: int) -> None:
        self._ratings[turn] = stars
        self._update_actions(self.row_of_turn(turn))

    def picked(self, turn: int) -> bool:
        return self._picked.get(turn, False)

    def rating(self, turn: int) -> int:
        return self._ratings.get(turn, 0)

    def _update_actions(self, row: int) -> None:
        if row < 0:
            return
        item = self.model.item(row)
        actions = [("copy", self.tr("Copy"))]
        turn = self.turn_of_row.get(row)
        if turn is not None and turn in self._saved and item.status != "error":
            label = self.tr("✓ Better") if self.picked(turn) else self.tr("Better")
            actions.append(("pick", label))
            stars = self._ratings.get(turn, 0)
            actions += [(f"rate{n}", "★" if n <= stars else "☆") for n in range(1, STARS + 1)]
        self.model.update(row, actions=tuple(actions))

    @Slot(int, str)
    def on_view_action_requested(self, row: int, action: str) -> None:
        item = self.model.item(row)
        turn = self.turn_of_row.get(row)
        if action == "copy":
            QGuiApplication.clipboard().setText(item.text)
        elif action == "pick" and turn is not None:
            self.pick_requested.emit(turn)
        elif action.startswith("rate") and turn is not None:
            self.rate_requested.emit(turn, int(action.removeprefix("rate")))
        elif action == THINKING_ACTION:
            # As in the chat: the user's choice, kept while the reply streams on and after.
            self.model.update(row, thinking_open=not thinking_is_open(item))

    @Slot(int, int, QPoint)
    def on_view_token_clicked(self, row: int, token_index: int, global_pos: QPoint) -> None:
        item = self.model.item(row)
        if item.streaming or not 0 <= token_index < len(item.tokens):
            return
        # The alternatives are shown; regenerating from one is the chat's (Continue as chat).
        menu = build_alternatives_menu(self, item.tokens[token_index], blocked=True)
        self.last_menu = menu
        menu.popup(global_pos)

    def set_show_probabilities(self, show: bool) -> None:
        delegate = self.view.message_delegate
        delegate.show_probabilities = show
        delegate.invalidate()
        self.model.refresh_all()
        self.view.scheduleDelayedItemsLayout()

    def set_dark(self, dark: bool) -> None:
        self.view.message_delegate.dark = dark
        self.view.message_delegate.invalidate()
        self.model.refresh_all()

    def set_locked(self, locked: bool) -> None:
        self.header.set_locked(locked)

    def sizeHint(self):  # noqa: N802 - Qt override
        hint = super().sizeHint()
        hint.setWidth(max(hint.width(), 300))
        return hint
