"""Light and dark themes: a Fusion palette plus a small stylesheet, following the OS by default."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core.resources import resource_path

PREFERENCES = ("system", "light", "dark")


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(preference: str) -> bool:
    """True for dark."""
    if preference == "dark":
        return True
    if preference == "light":
        return False
    return system_is_dark()


def _palette(dark: bool) -> QPalette:
    palette = QPalette()
    if dark:
        colors = {
            QPalette.ColorRole.Window: "#25272b",
            QPalette.ColorRole.WindowText: "#e6e6e6",
            QPalette.ColorRole.Base: "#1e2024",
            QPalette.ColorRole.AlternateBase: "#2c2f35",
            QPalette.ColorRole.Text: "#e6e6e6",
            QPalette.ColorRole.Button: "#2f3238",
            QPalette.ColorRole.ButtonText: "#e6e6e6",
            QPalette.ColorRole.Highlight: "#3d6fd8",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#2f3238",
            QPalette.ColorRole.ToolTipText: "#e6e6e6",
            QPalette.ColorRole.PlaceholderText: "#8a8f98",
            QPalette.ColorRole.Link: "#8ab4f8",
            QPalette.ColorRole.Mid: "#3a3d44",
        }
    else:
        colors = {
            QPalette.ColorRole.Window: "#fbfbfc",
            QPalette.ColorRole.WindowText: "#1f2328",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#eef2f7",
            QPalette.ColorRole.Text: "#1f2328",
            QPalette.ColorRole.Button: "#f1f3f5",
            QPalette.ColorRole.ButtonText: "#1f2328",
            QPalette.ColorRole.Highlight: "#0b57d0",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#ffffff",
            QPalette.ColorRole.ToolTipText: "#1f2328",
            QPalette.ColorRole.PlaceholderText: "#6b7280",
            QPalette.ColorRole.Link: "#0b57d0",
            QPalette.ColorRole.Mid: "#d0d4da",
        }
    for role, value in colors.items():
        palette.setColor(role, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7c818a"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7c818a"))
    return palette


def apply_theme(app: QApplication, preference: str = "system") -> bool:
    """Apply the theme; returns True when it is dark."""
    dark = resolve(preference)
    app.setStyle("Fusion")
    app.setPalette(_palette(dark))
    qss = resource_path("themes", "dark.qss" if dark else "light.qss")
    try:
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    except OSError:
        app.setStyleSheet("")
    return dark


class ThemeController(QObject):
    """Keeps the application's theme in line with the preference and, for "system", the OS."""

    theme_changed = Signal(bool)  # dark

    def __init__(self, app: QApplication, preference: str = "system", parent=None) -> None:
        super().__init__(parent)
        self._app = app
        self.preference = preference if preference in PREFERENCES else "system"
        self.dark = apply_theme(app, self.preference)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.on_color_scheme_changed)

    def set_preference(self, preference: str) -> None:
        self.preference = preference if preference in PREFERENCES else "system"
        self._apply()

    @Slot(Qt.ColorScheme)
    def on_color_scheme_changed(self, _scheme) -> None:
        if self.preference == "system":
            self._apply()

    def _apply(self) -> None:
        dark = apply_theme(self._app, self.preference)
        if dark != self.dark:
            self.dark = dark
            self.theme_changed.emit(dark)
