"""The error banner shows only the current message's actions, and each runs once then closes."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from desktop.ui.error_banner import ErrorBanner


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
