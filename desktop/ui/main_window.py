"""The main window: navigation between pages, menus, the status bar, window state, closing.

The chat page (ui/chat/page.py) and the model loader (ui/chat/model_loader.py) come in built;
the other pages come as widgets or as builders run the first time the page is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from desktop.core.store.errors import StoreError
from desktop.ui.bridge import EngineBridge
from desktop.ui.chat.chat_store import ChatStore
from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.chat.model_loader import ModelLoader
from desktop.ui.chat.page import ChatPage
from desktop.ui.i18n import error_text
from desktop.ui.settings_dialog import SEND_KEY, THEME_KEY, SettingsDialog
from desktop.ui.status_bar import WindowStatusBar

if TYPE_CHECKING:
    from desktop.ui.backends.page import BackendsPage

log = logging.getLogger(__name__)

PAGES = (
    "chat",
    "models",
    "knowledge",
    "tokenizer",
    "templates",
    "experiments",
    "compare",
    "server",
)

PageBuilder = Callable[[], QWidget | None]


class MainWindow(QMainWindow):
    """Built by `desktop.app.build_main_window`; every dependency comes in through here."""

    def __init__(
        self,
        chat: ChatPage,
        model_loader: ModelLoader,
        engine: EngineSession,
        bridge: EngineBridge,
        qsettings: QSettings,
        *,
        settings: ChatStore | None = None,
        pages: dict[str, QWidget | PageBuilder | None] | None = None,
        theme: Any = None,
        log_folder: Path | None = None,
        backends: Callable[[], Any] | None = None,
        backend_models: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Tessera"))
        self.chat = chat
        self.model_loader = model_loader
        self.engine = engine
        self.bridge = bridge
        self.qsettings = qsettings
        self.settings = settings
        self.theme = theme
        self.log_folder = log_folder
        self.backends = backends  # the BackendRegistry, made on first use
        self.backend_models = backend_models  # ui.chat.backend_models.BackendModels
        self.settings_dialog: SettingsDialog | None = None  # while it is open
        self._closing = False
        # Parts built around the window (the first-run flow, the shared downloads, knowledge)
        # that stop with it, after the pages and before the engine.
        self.on_close: list[Callable[[], object]] = []
        self.first_run: Any = None  # the welcome panel's download flow, once it is needed

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(140)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        labels = {
            "chat": self.tr("Chat"),
            "models": self.tr("Models"),
            "knowledge": self.tr("Knowledge"),
            "tokenizer": self.tr("Tokenizer"),
            "templates": self.tr("Templates"),
            "experiments": self.tr("Experiments"),
            "server": self.tr("Server"),
            "compare": self.tr("Compare"),
        }
        self.page_widgets: dict[str, QWidget] = {}
        self._page_builders: dict[str, PageBuilder] = {}
        self._connected_pages: set[QWidget] = set()
        for name in PAGES:
            given = chat if name == "chat" else (pages or {}).get(name)
            widget: QWidget
            if isinstance(given, QWidget):
                widget = given
            elif callable(given):
                # Built the first time it is shown: its imports stay out of the start time.
                self._page_builders[name] = given
                widget = QWidget()
                widget.setObjectName(f"pending_{name}")
                QHBoxLayout(widget).setContentsMargins(0, 0, 0, 0)
            else:
                widget = self._placeholder(name)
            self.page_widgets[name] = widget
            self.pages.addWidget(widget)
            self.navigation.addItem(labels[name])
        self.navigation.currentRowChanged.connect(self.on_navigation_current_row_changed)
        self.navigation.setCurrentRow(0)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.status = WindowStatusBar(engine, self)
        self.setStatusBar(self.status)
        self._build_actions()
        self._connect()
        self._apply_preferences()
        self._restore_geometry()

    # ------------------------------------------------------------------ building

    def _action(
        self, text: str, shortcut: str | None, slot: Callable[[], object], name: str
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        chat = self.chat
        self.new_chat_action = self._action(
            self.tr("&New chat"), "Ctrl+N", self.on_new_chat, "newChat"
        )
        self.open_model_action = self._action(
            self.tr("&Open model file…"),
            "Ctrl+O",
            self.model_loader.choose_model_file,
            "openModel",
        )
        self.open_log_folder_action = self._action(
            self.tr("Open &log folder"), None, self.on_open_log_folder, "openLogFolder"
        )
        self.settings_action = self._action(
            self.tr("&Settings…"), "Ctrl+,", self.on_settings, "settings"
        )
        self.backends_action = self._action(
            self.tr("&Backends…"), None, self.on_backends, "backends"
        )
        self.backends_action.setEnabled(self.backends is not None)
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q", self.close, "quit")
        self.search_action = self._action(
            self.tr("&Search chats"), "Ctrl+K", self.on_search, "searchChats"
        )
        self.stop_action = self._action(
            self.tr("S&top"), "Esc", chat.chat_panel.stop_or_cancel, "stop"
        )
        self.regenerate_action = self._action(
            self.tr("&Regenerate"), "Ctrl+Shift+R", self.on_regenerate, "regenerate"
        )
        self.inspector_action = self._action(
            self.tr("&Inspector"), "Ctrl+I", self.on_toggle_inspector, "toggleInspector"
        )
        self.inspector_action.setCheckable(True)
        self.inspector_action.setChecked(True)
        self.probabilities_action = self._action(
            self.tr("Show &probabilities"),
            "Ctrl+Shift+P",
            chat.toggle_probabilities,
            "showProbabilities",
        )
        self.probabilities_action.setCheckable(True)
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (
            self.new_chat_action,
            self.open_model_action,
            self.settings_action,
            self.backends_action,
        ):
            file_menu.addAction(action)
        file_menu.addAction(self.open_log_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        chat_menu = menu.addMenu(self.tr("&Chat"))
        for action in (self.search_action, self.stop_action, self.regenerate_action):
            chat_menu.addAction(action)
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addAction(self.inspector_action)
        view_menu.addAction(self.probabilities_action)

    def _connect(self) -> None:
        chat = self.chat
        chat.controller.reply_finished.connect(self.status.on_reply_finished)
        chat.notice.connect(self.show_status)
        chat.probabilities_shown.connect(self.probabilities_action.setChecked)
        self.model_loader.notice.connect(self.show_status)
        chat.target.changed.connect(self.on_chat_target_changed)
        link = getattr(chat, "knowledge_link", None)
        if link is not None:
            link.chunk_requested.connect(self.on_knowledge_chunk_requested)
            link.manage_requested.connect(lambda: self.show_page("knowledge"))
        chat.chat_panel.compare_requested.connect(self.on_compare_requested)
        self._connect_pages()
        if self.theme is not None:
            self.theme.theme_changed.connect(chat.set_dark)
            chat.set_dark(self.theme.dark)

    def _placeholder(self, name: str) -> QWidget:
        widget = QLabel(self.tr("This part of Tessera is not available in this build."))
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        widget.setObjectName(f"placeholder_{name}")
        return widget

    # ------------------------------------------------------------------ pages

    def page(self, name: str) -> QWidget:
        """The page's widget, building it now if it was deferred."""
        builder = self._page_builders.pop(name, None)
        if builder is not None:
            holder = self.page_widgets[name]
            try:
                widget = builder()
            except Exception as exc:  # a broken panel must not break the window
                log.exception("the %s page could not be built", name)
                self.show_status(
                    self.tr("This page could not be opened: %1").replace("%1", error_text(exc))
                )
                widget = None
            widget = widget if widget is not None else self._placeholder(name)
            layout = holder.layout()
            assert layout is not None  # made with the holder in __init__
            layout.addWidget(widget)
            self.page_widgets[name] = widget
            self._connect_pages()
        return self.page_widgets[name]

    def show_page(self, name: str) -> None:
        self.navigation.setCurrentRow(PAGES.index(name))

    @Slot(int)
    def on_navigation_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.page(PAGES[row])
            self.pages.setCurrentIndex(row)

    def _connect_pages(self) -> None:
        """Signals of the other pages, once each page exists (duck-typed: a page may be a
        placeholder, or a test's stand-in)."""
        models = self.page_widgets.get("models")
        if models is not None and models not in self._connected_pages:
            self._connected_pages.add(models)
            for name in ("model_installed", "library_changed"):
                signal = getattr(models, name, None)
                if signal is not None:
                    signal.connect(self.on_library_changed)
            library = getattr(getattr(models, "library_panel", None), "library_changed", None)
            if library is not None:
                library.connect(self.on_library_changed)
            template = getattr(models, "template_requested", None)
            if template is not None:
                template.connect(self.on_choose_template)
        templates = self.page_widgets.get("templates")
        if templates is not None and templates not in self._connected_pages:
            self._connected_pages.add(templates)
            if hasattr(templates, "sendToChat"):
                templates.sendToChat.connect(self.on_template_send_to_chat)
            if hasattr(templates, "sendToNewChat"):
                templates.sendToNewChat.connect(self.on_template_send_to_new_chat)
            if hasattr(templates, "useAsSystemPrompt"):
                templates.useAsSystemPrompt.connect(self.on_template_use_as_system_prompt)
        server = self.page_widgets.get("server")
        if server is not None and server not in self._connected_pages:
            self._connected_pages.add(server)
            if hasattr(server, "open_conversation"):
                server.open_conversation.connect(self.on_open_conversation)
            if hasattr(server, "notice"):
                server.notice.connect(self.show_status)
        experiments: Any = self.page_widgets.get("experiments")
        results = getattr(experiments, "results", None)
        if results is not None and results not in self._connected_pages:
            self._connected_pages.add(results)
            if hasattr(results, "openInCompareRequested"):
                results.openInCompareRequested.connect(self.on_open_comparison)
        compare: Any = self.page_widgets.get("compare")
        if compare is not None and compare not in self._connected_pages:
            self._connected_pages.add(compare)
            if hasattr(compare, "chat_opened"):
                compare.chat_opened.connect(self.on_open_conversation)
                compare.comparison_saved.connect(self.on_comparison_saved)
                compare.notice.connect(self.show_status)
                if self.theme is not None:
                    self.theme.theme_changed.connect(compare.set_dark)
                    compare.set_dark(self.theme.dark)

    @Slot(int)
    def on_compare_requested(self, message_id: int) -> None:
        """ "Compare…" on a chat message: the Compare page, seeded from that chat."""
        start = getattr(self.page("compare"), "start_from_chat", None)
        if start is not None:
            start(message_id)
            self.show_page("compare")

    @Slot(int)
    def on_open_conversation(self, conversation_id: int) -> None:
        """A conversation saved elsewhere (an API request, a compare pane continued as a
        chat) opened in the chat, listed."""
        self.show_page("chat")
        if self.chat.conversations is not None:
            self.chat.conversations.refresh()
        self.chat.open_conversation(conversation_id)

    @Slot(int)
    def on_open_comparison(self, run_id: int) -> None:
        """ "Open in Compare" on a saved comparison: the Compare page shows it as it was."""
        open_saved = getattr(self.page("compare"), "open_saved", None)
        if open_saved is not None:
            open_saved(run_id)
            self.show_page("compare")

    @Slot(int)
    def on_comparison_saved(self, _experiment_id: int) -> None:
        refresh = getattr(self.page_widgets.get("experiments"), "refresh_list", None)
        if refresh is not None:
            refresh()

    @Slot()
    @Slot(str)
    def on_library_changed(self, _path: str = "") -> None:
        self.model_loader.refresh_models()

    @Slot(str, str)
    def on_template_send_to_chat(self, system: str, user: str) -> None:
        self.show_page("chat")
        self.chat.send_to_chat(system, user)

    @Slot(str)
    def on_choose_template(self, path: str) -> None:
        """The Models page's "Choose its chat template…": the chat, that model, its list."""
        self.show_page("chat")
        inspector = self.chat.inspector
        inspector.select_model_path(path)
        inspector.load_settings.template_combo.setFocus()

    @Slot(str, str)
    def on_template_send_to_new_chat(self, system: str, user: str) -> None:
        self.on_new_chat()
        self.on_template_send_to_chat(system, user)

    @Slot(str)
    def on_template_use_as_system_prompt(self, system: str) -> None:
        self.show_page("chat")
        self.chat.use_as_system_prompt(system)

    @Slot(dict)
    def on_knowledge_chunk_requested(self, citation: dict) -> None:
        """A reply's citation: its chunk on the Knowledge page."""
        page = self.page("knowledge")
        show = getattr(page, "show_citation", None)
        if show is None:
            return
        self.show_page("knowledge")
        show(citation)

    # ------------------------------------------------------------------ chat actions

    @Slot()
    def on_new_chat(self) -> None:
        self.show_page("chat")
        self.chat.new_chat()

    @Slot()
    def on_search(self) -> None:
        self.show_page("chat")
        self.chat.focus_search()

    @Slot()
    def on_regenerate(self) -> None:
        self.chat.controller.regenerate()

    @Slot()
    def on_toggle_inspector(self) -> None:
        self.inspector_action.setChecked(self.chat.toggle_inspector())

    @Slot(str)
    def show_status(self, text: str) -> None:
        self.status.show_message(text)

    # ------------------------------------------------------------------ preferences and geometry

    def _setting(self, key: str, default: Any) -> Any:
        if self.settings is None:
            return default
        try:
            return self.settings.get(key, default)
        except StoreError as exc:  # preferences are never worth a failed start
            log.warning("setting %s could not be read: %s", key, exc)
            return default

    def _apply_preferences(self) -> None:
        self.chat.chat_panel.composer.set_enter_sends(bool(self._setting(SEND_KEY, False)))

    def _restore_geometry(self) -> None:
        geometry = self.qsettings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.qsettings.value("window/splitter")
        if splitter is not None:
            self.chat.restoreState(splitter)
        self.inspector_action.setChecked(self.chat.inspector.isVisibleTo(self) or geometry is None)

    def _save_geometry(self) -> None:
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.setValue("window/splitter", self.chat.saveState())
        self.qsettings.sync()

    @Slot()
    def on_settings(self, backends_tab: bool = False) -> None:
        theme = self.theme.preference if self.theme is not None else "system"
        page = self.backends_page() if self.backends is not None else None
        dialog = SettingsDialog(
            bool(self._setting(SEND_KEY, False)), theme, self, backends_page=page
        )
        self.settings_dialog = dialog  # tests and screenshots reach the open dialog here
        if backends_tab:
            dialog.show_backends()
        try:
            accepted = dialog.exec() == SettingsDialog.DialogCode.Accepted
        finally:
            self.settings_dialog = None
            if page is not None:
                page.shutdown()
                if page.dirty:  # saved as they were made, whatever the dialog's answer
                    self.on_backends_changed()
        if accepted:
            self.apply_settings(dialog.values())

    def backends_page(self) -> BackendsPage:
        """Settings > Backends on the saved backends (for the settings dialog)."""
        from desktop.core.backends.registry import parallelism
        from desktop.ui.backends.page import BackendsPage

        assert self.backends is not None
        registry = self.backends()
        return BackendsPage(registry, parallelism=parallelism(_SettingsView(self)))

    @Slot()
    def on_backends(self) -> None:
        """File > Backends…: the settings dialog on its Backends tab."""
        self.on_settings(backends_tab=True)

    @Slot()
    def on_backends_changed(self) -> None:
        """A backend was added, edited or removed: the picker lists the servers again."""
        if self.backend_models is not None:
            self.backend_models.refresh()
        self.chat.target.reconnect()

    @Slot()
    def on_chat_target_changed(self) -> None:
        target = self.chat.target
        if target.is_remote():
            self.status.show_remote(target.model_name(), target.backend_name())
        else:
            self.status.show_local()

    def apply_settings(self, values: dict[str, Any]) -> None:
        if self.settings is not None:
            for key, value in values.items():
                try:
                    self.settings.set(key, value)
                except StoreError as exc:  # applied for this session anyway
                    log.warning("setting %s not saved: %s", key, exc)
                    self.show_status(error_text(exc))
        self.chat.chat_panel.composer.set_enter_sends(bool(values.get(SEND_KEY, False)))
        if self.theme is not None and THEME_KEY in values:
            self.theme.set_preference(values[THEME_KEY])

    @Slot()
    def on_open_log_folder(self) -> None:
        """File > Open log folder: the folder in the system's file manager (made if missing)."""
        if self.log_folder is None:
            self.show_status(self.tr("This window keeps no log."))
            return
        try:
            self.log_folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("log folder %s could not be made: %s", self.log_folder, exc)
            self.show_status(
                self.tr("The log folder could not be opened: %1").replace("%1", error_text(exc))
            )
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_folder))):
            self.show_status(
                self.tr("No file manager opened %1.").replace("%1", str(self.log_folder))
            )

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            self.status.stop()
            self.chat.shutdown()
            self._save_geometry()
            for name in self._page_builders:
                self.page_widgets.pop(name, None)  # never built: nothing to stop
            for name, page in self.page_widgets.items():
                if page is self.chat:
                    continue  # shut down first, above
                shutdown = getattr(page, "shutdown", None)
                if callable(shutdown):
                    try:
                        shutdown()
                    except Exception:  # one page failing to stop must not keep the rest running
                        log.exception("the %s page did not shut down cleanly", name)
            for stop in self.on_close:
                try:
                    stop()
                except Exception:  # the rest must stop all the same
                    log.exception("a part of the window did not shut down cleanly")
            page_registry = getattr(self.page_widgets.get("tokenizer"), "registry", None)
            for registry in {self.model_loader.tokenizer_registry, page_registry} - {None}:
                try:
                    registry.close()  # frees the vocab-only llama.cpp models
                except Exception:  # closing goes on: the process is ending anyway
                    log.exception("a tokenizer registry did not close cleanly")
            if self.backend_models is not None:
                self.backend_models.shutdown()
            self.engine.close()
            self.bridge.shutdown()
            made = getattr(self.backends, "made", None)
            registry = made() if callable(made) else None
            if registry is not None:
                registry.close()  # ends the servers' connections
        super().closeEvent(event)

    def set_window_icon_from(self, path: Path) -> None:
        if path.exists():
            self.setWindowIcon(QIcon(str(path)))


class _SettingsView:
    """The window's settings as `parallelism()` reads them (`get(key, default)`)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def get(self, key: str, default: Any = None) -> Any:
        return self._window._setting(key, default)
