"""The Compare page's saved comparisons: the "Open saved…" menu, and reopening one as it was."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtWidgets import QLabel, QMenu, QSpinBox

from desktop.core.compare.events import TurnFinished
from desktop.core.compare.reopen import ReopenedComparison
from desktop.core.engine.protocol import ChatMessage
from desktop.ui.compare.controller import CompareController
from desktop.ui.compare.pane_widget import ComparePane
from desktop.ui.i18n import error_text, message_text

# The texts keep the page's translation context ("ComparePage", written out: lupdate reads
# only literals, and files a mixin's self.tr under the mixin while Qt looks it up under the
# page), as they were the page's own before they moved here; the plurals are SavedEntryLabel's.


class SavedEntryLabel(QObject):
    """A saved comparison's menu entry (a QObject so lupdate sees its "%n" plurals)."""

    def text(self, name: str, when: str, panes: int, turns: int) -> str:
        panes_text = self.tr("%n pane(s)", "", panes)
        turns_text = self.tr("%n message(s)", "", turns)
        return f"{name} · {when} · {panes_text}, {turns_text}"


class ComparePageParts(Protocol):
    """What reopening uses of the page it is mixed into (ComparePage)."""

    controller: CompareController
    panes: list[ComparePane]
    saved_menu: QMenu
    max_tokens: QSpinBox
    schedule_label: QLabel
    _turns: int

    def new_comparison(self, history: list[ChatMessage] | None = None) -> None: ...
    def add_pane(self) -> ComparePane | None: ...
    def remove_pane(self, pane: ComparePane) -> None: ...
    def on_problem(self, text: str) -> None: ...
    def open_saved(self, run_id: int) -> None: ...
    def _show_divergences(self, event: TurnFinished) -> None: ...
    def _note(self, text: str) -> str: ...
    def _update_buttons(self) -> None: ...


class SavedComparisons:
    """The page's "Open saved…" menu (`saved_menu`), `open_saved` and `show_saved`."""

    @Slot()
    def on_saved_menu_about_to_show(self: ComparePageParts) -> None:
        self.saved_menu.clear()
        try:
            saved = self.controller.saved_comparisons()
        except Exception as exc:  # noqa: BLE001 - StoreError: said, the menu stays empty
            self.on_problem(error_text(exc))
            saved = []
        if not saved:
            none = QCoreApplication.translate("ComparePage", "No saved comparisons yet")
            self.saved_menu.addAction(none).setEnabled(False)
        for summary in saved:
            when = summary.started_at.strftime("%Y-%m-%d %H:%M")
            label = SavedEntryLabel().text(
                summary.name, when, len(summary.labels) or 0, summary.turns
            )
            action = self.saved_menu.addAction(label)
            action.setToolTip("\n".join(summary.labels))
            action.setData(summary.run_id)
            action.triggered.connect(lambda _c=False, r=summary.run_id: self.open_saved(r))
        self.saved_menu.setToolTipsVisible(True)

    def open_saved(self: ComparePageParts, run_id: int) -> None:
        """Reopens saved comparison `run_id` (read in the background; `show_saved` then)."""
        if self.controller.busy:
            self.on_problem(
                QCoreApplication.translate(
                    "ComparePage", "Wait for the replies to finish, or stop them first."
                )
            )
            return
        self.controller.open_saved(run_id)

    @Slot(object)
    def show_saved(self: ComparePageParts, found: ReopenedComparison) -> None:
        """The saved comparison as it was: its panes' models and settings, every message
        and reply, ratings and picks; the composer sends its next message to the same panes."""
        self.new_comparison(list(found.history))
        while len(self.panes) < len(found.panes):
            self.add_pane()
        while len(self.panes) > len(found.panes):
            self.remove_pane(self.panes[-1])
        self.controller.take_up(found)
        max_tokens = found.targets[0].params.get("max_tokens")
        if isinstance(max_tokens, int):
            self.max_tokens.setValue(max_tokens)
        for index, (pane, saved) in enumerate(zip(self.panes, found.panes, strict=True)):
            pane.header.show_saved(saved.target, missing=saved.missing is not None)
            for turn in found.turns:
                why = QCoreApplication.translate("ComparePage", "This reply was not saved.")
                pane.show_saved_turn(turn.index, turn.text, saved.reply(turn.index), why)
                pane.set_saved(turn.index)
                pane.set_picked(turn.index, found.picked.get(turn.index) == index)
                if turn.index in saved.ratings:
                    pane.set_rating(turn.index, saved.ratings[turn.index])
            if saved.missing is not None:
                pane.banner.show_message(message_text(saved.missing))
        self._turns = len(found.turns)
        for turn in found.turns:
            if turn.finished is not None:
                self._show_divergences(turn.finished)
        self.schedule_label.setText(
            self._note(
                QCoreApplication.translate(
                    "ComparePage",
                    "Reopened “%1”, saved %2. A new message goes to the same panes and is "
                    "saved with it; New comparison starts over.",
                )
                .replace("%1", found.name)
                .replace("%2", found.stored.run.summary.started_at.strftime("%Y-%m-%d %H:%M"))
            )
        )
        if found.problems:
            self.on_problem(" ".join(message_text(m) for m in found.problems))
        self._update_buttons()
