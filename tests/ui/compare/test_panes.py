"""Adding and removing panes: two to four, each with its own target."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.compare.helpers import open_compare


def test_panes_are_added_up_to_four_and_removed_down_to_two(qtbot, compare_window, tiny_model_path):
    page = open_compare(compare_window)
    assert len(page.panes) == 2
    assert page.panes[0].header.remove_button.isHidden()  # two is the least
    page.panes[0].header.choose_path(str(tiny_model_path))
    page.panes[0].header.temperature.setValue(0.3)

    page.add_button.click()
    page.add_button.click()
    assert len(page.panes) == 4
    assert not page.add_button.isEnabled()
    # A new pane starts on the model of the pane before it.
    assert page.panes[3].header.entry() == page.panes[2].header.entry()

    third = page.panes[2]
    qtbot.mouseClick(third.header.remove_button, Qt.MouseButton.LeftButton)
    assert len(page.panes) == 3 and third not in page.panes
    assert page.add_button.isEnabled()
    assert [p.header.number.text() for p in page.panes] == ["<b>1</b>", "<b>2</b>", "<b>3</b>"]
    targets = page.targets()
    assert targets is not None and len(targets) == 3
    assert targets[0].model == str(tiny_model_path)
    assert targets[0].params["temperature"] == 0.3
    assert targets[0].params["max_tokens"] == page.max_tokens.value()
