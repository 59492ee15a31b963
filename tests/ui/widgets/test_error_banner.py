"""The error banner shows only the current message's actions, and each runs once then closes."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from desktop.ui.widgets.error_banner import ErrorBanner


def _visible_buttons(banner: ErrorBanner) -> list[str]:
    return [b.text() for b in banner.findChildren(QPushButton) if b.isVisible()]


def test_a_new_message_replaces_the_previous_actions_at_once(qtbot) -> None:
    banner = ErrorBanner()
    qtbot.addWidget(banner)
    banner.show_message("Could not load", "", [("Fewer GPU layers", print), ("Load on CPU", print)])
    assert _visible_buttons(banner) == ["Fewer GPU layers", "Load on CPU"]
    old = list(banner.action_buttons)
    ran: list[str] = []
    banner.show_message(
        "No model is loaded.", "Pick one", [("Choose a model", lambda: ran.append("x"))]
    )
    # Before the event loop runs again (deleteLater pending), the old buttons are already gone.
    assert not any(b.isVisible() for b in old)
    qtbot.waitUntil(lambda: _visible_buttons(banner) == ["Choose a model"], timeout=2000)
    banner.button("Choose a model").click()
    assert ran == ["x"] and not banner.isVisible()


def test_two_short_lines_make_a_short_banner(qtbot) -> None:
    from PySide6.QtWidgets import QListView, QVBoxLayout, QWidget

    host = QWidget()
    qtbot.addWidget(host)
    banner = ErrorBanner()
    layout = QVBoxLayout(host)
    layout.addWidget(banner)
    layout.addWidget(QListView(), 1)
    host.resize(560, 700)
    host.show()
    banner.show_message(
        "The reply stopped because the context is full.",
        "Start a new chat, raise the context size, or change the overflow policy.",
    )
    qtbot.waitUntil(lambda: banner.isVisible())
    line = banner.fontMetrics().height()
    # Two lines of text and margins; it once reserved 270 px (a word per line).
    assert banner.height() < 5 * line
    assert banner.message.width() > 400
