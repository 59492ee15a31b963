"""What a user does on the Compare page, shared by its tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

TURN_TIMEOUT = 90_000  # engine processes start and load on shared cores


def open_compare(window) -> object:
    window.show_page("compare")
    return window.page("compare")


def set_pane(pane, path: Path, *, temperature: float, seed: int) -> None:
    pane.header.choose_path(str(path))
    pane.header.temperature.setValue(temperature)
    pane.header.seed.setValue(seed)


def send_to_panes(qtbot, page, text: str, *, max_tokens: int = 16) -> None:
    """Type the message and press Ctrl+Enter, as a user would; wait until every pane is done
    and the turn is saved."""
    if page.max_tokens.isEnabled():
        page.max_tokens.setValue(max_tokens)
    page.composer.edit.setFocus()
    page.composer.set_text(text)
    signals = [page.controller.turn_finished, page.controller.saved]
    with qtbot.waitSignals(signals, timeout=TURN_TIMEOUT):
        qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def reply_ids(pane, turn: int = 0) -> list[int]:
    item = pane.reply_item(turn)
    assert item is not None
    return [t.id for t in item.tokens]


def click_link(qtbot, view, row: int, action: str) -> None:
    view.scrollTo(view.model().index(row, 0))
    point = view.point_of_action(row, action)
    assert point is not None, f"no {action!r} link on row {row}"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
