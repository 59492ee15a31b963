"""A long chat title ends in "…" and never pushes its neighbours out of view."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QRadioButton, QWidget

from desktop.ui.widgets.elided_label import ElidedLabel


def test_a_long_title_is_cut_with_an_ellipsis_and_keeps_the_mode_switch_visible(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    title = ElidedLabel("写一个统计字数的 Python 函数, counting words in English and 中文 too " * 3)
    mode = QRadioButton("Completion")
    row = QHBoxLayout(host)
    row.addWidget(title, 1)
    row.addWidget(mode)
    host.resize(360, 40)
    host.show()
    qtbot.waitExposed(host)
    assert mode.geometry().right() <= host.width()
    assert title.geometry().right() < mode.geometry().left()
    title.grab()  # paints: the cut text's tooltip is the whole title
    assert title.is_elided() and title.toolTip() == title.text()

    title.setText("short")
    title.grab()
    assert not title.is_elided() and title.toolTip() == ""
