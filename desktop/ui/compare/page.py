"""The Compare page: one message to 2-4 panes side by side, each streaming its own reply.

Each pane's header picks its target; one composer sends the same conversation to every pane
(follow-ups too). The page says whether local models run at the same time or one after
another and why, and where replies of the same model part ways. A pick or stars per reply
are saved with the comparison (an experiment run, listed on the Experiments page); a pane
can be continued as a normal chat. "Open saved…" reopens a saved comparison as it was (its
panes, messages and replies; saved_menu.py); its next message goes on with the same panes. The
session itself is the CompareController's.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.compare.divergence import Divergence
from desktop.core.compare.events import (
    PaneFailed,
    PaneFinished,
    PaneLoading,
    PaneStarted,
    TurnFinished,
    TurnStarted,
)
from desktop.core.compare.from_chat import ChatStart
from desktop.core.compare.session import MAX_TARGETS, MIN_TARGETS
from desktop.core.compare.target import CompareTarget
from desktop.core.engine.protocol import ChatMessage, Token
from desktop.ui.chat.composer import Composer
from desktop.ui.chat.model_picker import ModelPickerModel, PickerEntry
from desktop.ui.chat.probabilities import visible_piece
from desktop.ui.compare.controller import CompareController
from desktop.ui.compare.pane_widget import ComparePane
from desktop.ui.compare.saved_menu import SavedComparisons
from desktop.ui.i18n import message_text

DEFAULT_MAX_TOKENS = 256
NOTE_COLOR = "#8a8f98"


class ComparePage(QWidget, SavedComparisons):
    chat_opened = Signal(int)  # a pane was continued as this conversation: show it
    comparison_saved = Signal(int)  # experiment id: the Experiments page lists it
    notice = Signal(str)  # a transient status line for the window

    def __init__(
        self,
        controller: CompareController,
        picker: ModelPickerModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("comparePage")
        self.controller = controller
        controller.setParent(self)
        self.picker = picker
        self.panes: list[ComparePane] = []
        self.history: list[ChatMessage] = []  # a chat compared from: every pane starts with it
        self._turns = 0  # messages sent in this comparison
        self._dark = False

        self.title = QLabel(self.tr("Compare"))
        self.title.setObjectName("compareTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.add_button = QPushButton(self.tr("Add pane"))
        self.add_button.setToolTip(
            self.tr("Compare up to %1 targets").replace("%1", str(MAX_TARGETS))
        )
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.new_button = QPushButton(self.tr("New comparison"))
        self.new_button.setToolTip(
            self.tr("Start over: empty panes whose targets can be changed again")
        )
        self.new_button.clicked.connect(self.on_new_button_clicked)
        self.saved_menu = QMenu(self)
        self.saved_menu.aboutToShow.connect(self.on_saved_menu_about_to_show)
        self.open_button = QPushButton(self.tr("Open saved…"))
        self.open_button.setToolTip(
            self.tr("Reopen a saved comparison: its panes, messages and replies as they were")
        )
        self.open_button.setMenu(self.saved_menu)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 32_768)
        self.max_tokens.setValue(DEFAULT_MAX_TOKENS)
        self.max_tokens.setToolTip(self.tr("The longest reply each pane may write, in tokens"))
        self.show_probabilities = QCheckBox(self.tr("Show probabilities"))
        self.show_probabilities.toggled.connect(self.on_show_probabilities_toggled)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Max tokens")))
        top.addWidget(self.max_tokens)
        top.addWidget(self.show_probabilities)
        top.addWidget(self.add_button)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)

        self.schedule_label = QLabel()
        self.schedule_label.setObjectName("compareSchedule")
        self.schedule_label.setWordWrap(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.divergence_label = QLabel()
        self.divergence_label.setObjectName("compareDivergence")
        self.divergence_label.setWordWrap(True)
        self.divergence_label.setTextFormat(Qt.TextFormat.RichText)
        self.divergence_label.hide()
        self.problem_label = QLabel()
        self.problem_label.setObjectName("compareProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #d93025;")
        self.problem_label.hide()
        self.composer = Composer(self)
        self.composer.send_requested.connect(self.on_composer_send_requested)
        self.composer.stop_requested.connect(controller.cancel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.schedule_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.divergence_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.composer)

        c = controller
        c.turn_started.connect(self.on_turn_started)
        c.pane_loading.connect(self.on_pane_loading)
        c.pane_started.connect(self.on_pane_started)
        c.tokens_arrived.connect(self.on_tokens_arrived)
        c.frame.connect(self.on_frame)
        c.pane_finished.connect(self.on_pane_finished)
        c.turn_finished.connect(self.on_turn_finished)
        c.busy_changed.connect(self.composer.set_busy)
        c.saved.connect(self.on_saved)
        c.chat_created.connect(self.chat_opened)
        c.chat_read.connect(self.seed_from_chat)
        c.reopened.connect(self.show_saved)
        c.problem.connect(self.on_problem)
        for _ in range(MIN_TARGETS):
            self.add_pane()
        self._show_schedule_hint()
        self._update_buttons()

    # ------------------------------------------------------------------ panes

    def add_pane(self) -> ComparePane | None:
        if len(self.panes) >= MAX_TARGETS or self.controller.started():
            return None
        pane = ComparePane(len(self.panes) + 1, self.picker)
        pane.set_dark(self._dark)
        pane.set_show_probabilities(self.show_probabilities.isChecked())
        pane.reset(self.history)
        if self.panes:  # a new pane starts as a copy of the last one's model
            entry = self.panes[-1].header.entry()
            if entry is not None:
                pane.header.choose(entry)
        pane.remove_requested.connect(lambda p=pane: self.remove_pane(p))
        pane.pick_requested.connect(lambda turn, p=pane: self.on_pick_requested(p, turn))
        pane.rate_requested.connect(lambda turn, n, p=pane: self.on_rate_requested(p, turn, n))
        pane.continue_requested.connect(lambda p=pane: self.on_continue_requested(p))
        self.panes.append(pane)
        self.splitter.addWidget(pane)
        self.splitter.setSizes([1000] * len(self.panes))
        self._update_buttons()
        return pane

    def remove_pane(self, pane: ComparePane) -> None:
        if len(self.panes) <= MIN_TARGETS or self.controller.started():
            return
        self.panes.remove(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        for number, p in enumerate(self.panes, start=1):
            p.header.set_number(number)
        self._update_buttons()

    def _update_buttons(self) -> None:
        started = self.controller.started()
        self.add_button.setEnabled(not started and len(self.panes) < MAX_TARGETS)
        for pane in self.panes:
            pane.set_locked(started)
            pane.header.remove_button.setVisible(len(self.panes) > MIN_TARGETS)
        self.max_tokens.setEnabled(not started)

    def targets(self) -> list[CompareTarget] | None:
        """Every pane's target, with the page's reply length; None (and says why) when a pane
        has no model."""
        targets = []
        for number, pane in enumerate(self.panes, start=1):
            target = pane.header.target()
            if target is None:
                self.on_problem(
                    self.tr("Choose a model for pane %1 first.").replace("%1", str(number))
                )
                return None
            params = {**target.params, "max_tokens": self.max_tokens.value()}
            targets.append(CompareTarget(
                target.kind, target.model, target.backend, params, system=target.system
            ))  # fmt: skip
        return targets

    # ------------------------------------------------------------------ sending

    @Slot(str)
    def on_composer_send_requested(self, text: str) -> None:
        self.send(text)

    def send(self, text: str) -> bool:
        """Sends `text` to every pane (the first message starts the comparison)."""
        if not text.strip() or self.controller.busy:
            return False
        targets: list[CompareTarget] = []
        if not self.controller.started():
            found = self.targets()
            if found is None:
                return False
            targets = found
        if not self.controller.send(text, targets, self.history):
            return False
        self.problem_label.hide()
        self.divergence_label.hide()
        self.composer.edit.clear()
        for pane in self.panes:
            pane.begin_turn(self._turns, text)
        self._turns += 1
        self._update_buttons()
        return True

    # ------------------------------------------------------------------ what the session says

    def _show_schedule_hint(self) -> None:
        self.schedule_label.setText(
            self._note(
                self.tr(
                    "Local models run at the same time when they fit in memory together, "
                    "otherwise one after another; servers answer at the same time."
                )
            )
        )

    @staticmethod
    def _note(text: str) -> str:
        return f'<span style="color:{NOTE_COLOR};">{html.escape(text)}</span>'

    @Slot(object)
    def on_turn_started(self, event: TurnStarted) -> None:
        self.schedule_label.setText(
            html.escape(" ".join(message_text(m) for m in event.schedule.messages))
        )

    @Slot(object)
    def on_pane_loading(self, event: PaneLoading) -> None:
        if event.pane < len(self.panes):
            self.panes[event.pane].show_loading(Path(event.model).name)

    @Slot(object)
    def on_pane_started(self, event: PaneStarted) -> None:
        if event.pane < len(self.panes):
            self.panes[event.pane].status.setText(self.tr("Writing…"))

    @Slot(int, object)
    def on_tokens_arrived(self, pane: int, tokens: tuple[Token, ...]) -> None:
        if pane < len(self.panes):
            self.panes[pane].append_tokens(tokens)

    @Slot()
    def on_frame(self) -> None:
        session = self.controller.session
        if session is None:
            return
        for pane, state in zip(self.panes, session.panes, strict=False):
            pane.show_live(state.view())

    @Slot(object)
    def on_pane_finished(self, event: PaneFinished | PaneFailed) -> None:
        session = self.controller.session
        if session is None or event.pane >= len(self.panes):
            return
        replies = session.panes[event.pane].replies
        reply = next((r for r in replies if r.turn == event.turn), None)
        if reply is not None:
            self.panes[event.pane].finish(reply)

    @Slot(object)
    def on_turn_finished(self, event: TurnFinished) -> None:
        self._show_divergences(event)
        self.composer.edit.setFocus()

    def _show_divergences(self, event: TurnFinished) -> None:
        lines = []
        marks: dict[int, tuple[int, str]] = {}
        for d in event.divergences:
            lines.append(self._divergence_text(d))
            for index, token in ((d.a, d.token_a), (d.b, d.token_b)):
                # One mark per pane: where it leaves the reply most like its own.
                if token is not None and (index not in marks or d.index > marks[index][0]):
                    marks[index] = (d.index, lines[-1])
        for a, b in event.identical:
            lines.append(
                self.tr("Panes %1 and %2 wrote the same reply, token for token.")
                .replace("%1", str(a + 1))
                .replace("%2", str(b + 1))
            )
        for number, shown in enumerate(self.panes):
            at, why = marks.get(number, (None, ""))
            shown.mark(event.turn, at, why)
        self.divergence_label.setText("<br>".join(html.escape(line) for line in lines))
        self.divergence_label.setVisible(bool(lines))

    def _divergence_text(self, d: Divergence) -> str:
        def shown(token: object) -> str:
            text = getattr(token, "text", None)
            return self.tr("(end)") if text is None else f"“{visible_piece(text)}”"

        return (
            self.tr("Panes %1 and %2 part ways at token %3: %4 and %5 (marked).")
            .replace("%1", str(d.a + 1))
            .replace("%2", str(d.b + 1))
            .replace("%3", str(d.index + 1))
            .replace("%4", shown(d.token_a))
            .replace("%5", shown(d.token_b))
        )

    @Slot(int, int)
    def on_saved(self, experiment_id: int, _run_id: int) -> None:
        for pane in self.panes:
            for turn in range(self._turns):
                if pane.reply_item(turn) is not None:
                    pane.set_saved(turn)
        self.comparison_saved.emit(experiment_id)

    @Slot(str)
    def on_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()
        self.notice.emit(text)

    # ------------------------------------------------------------------ the verdict

    def on_pick_requested(self, pane: ComparePane, turn: int) -> None:
        if pane not in self.panes:
            return
        for other in self.panes:
            other.set_picked(turn, other is pane)
            if other is not pane and other.rating(turn) >= 5:
                other.set_rating(turn, 4)  # as the store demotes it
        pane.set_rating(turn, 5)
        self.controller.pick(turn, self.panes.index(pane))

    def on_rate_requested(self, pane: ComparePane, turn: int, stars: int) -> None:
        if pane in self.panes:
            pane.set_rating(turn, stars)
            self.controller.rate(turn, self.panes.index(pane), stars)

    def on_continue_requested(self, pane: ComparePane) -> None:
        if pane in self.panes:
            self.controller.continue_as_chat(self.panes.index(pane))

    # ------------------------------------------------------------------ starting over

    @Slot()
    def on_add_button_clicked(self) -> None:
        self.add_pane()

    @Slot()
    def on_new_button_clicked(self) -> None:
        self.new_comparison()

    def new_comparison(self, history: list[ChatMessage] | None = None) -> None:
        """Empty panes (with `history` from a chat) whose targets can be changed again."""
        self.controller.close_session()
        self.history = list(history or [])
        self._turns = 0
        for pane in self.panes:
            pane.reset(self.history)
            pane.header.clear_saved()
        self.divergence_label.hide()
        self.problem_label.hide()
        self._show_schedule_hint()
        self._update_buttons()

    def start_from_chat(self, message_id: int) -> None:
        """ "Compare…" on a chat message: the page is seeded from that chat (in the
        background; `seed_from_chat` then)."""
        self.controller.read_chat(message_id)

    @Slot(object)
    def seed_from_chat(self, start: ChatStart) -> None:
        """The chat up to the message is every pane's history, the message waits in the
        composer, the chat's model and system prompt are each pane's to begin with."""
        self.new_comparison(list(start.history))
        entry = self._entry_for(start.model) if start.model else None
        for pane in self.panes:
            if entry is not None:
                pane.header.choose(entry)
            pane.header.set_system(start.system)
        self.composer.set_text(start.message)
        self.composer.edit.setFocus()

    def _entry_for(self, model: str) -> PickerEntry | None:
        """The picker's entry for a chat's model: a conversation keeps the model's name (or
        a server's model id), so the file name, its stem and the label are tried."""
        if Path(model).is_file():
            return PickerEntry("local", Path(model).name, model, path=model)
        for entry in self.picker.entries():
            if not entry.selectable:
                continue
            names = {entry.label, entry.model}
            if entry.path:
                names |= {entry.path, Path(entry.path).name, Path(entry.path).stem}
            if model in names:
                return entry
        return None

    # ------------------------------------------------------------------ look and closing

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        for pane in self.panes:
            pane.set_dark(dark)

    @Slot(bool)
    def on_show_probabilities_toggled(self, show: bool) -> None:
        for pane in self.panes:
            pane.set_show_probabilities(show)

    def shutdown(self) -> None:
        self.controller.shutdown()


def build_compare_page(
    store: Any,
    picker: ModelPickerModel,
    backends: Callable[[], Any] | None = None,
) -> ComparePage:
    """The page on the open store (comparisons are saved in it, chats read and created)."""
    from desktop.core.store.comparisons import ComparisonRepository

    controller = CompareController(
        comparisons=ComparisonRepository(store.db), store=store, backends=backends
    )
    return ComparePage(controller, picker)
