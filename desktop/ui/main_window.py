"""The main window: navigation, the chat page (history, transcript, inspector), status bar."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.engine.protocol import LoadOptions, ModelInfo
from desktop.ui.bridge import EngineBridge
from desktop.ui.chat.chat_panel import ChatPanel
from desktop.ui.chat.controller import ChatController
from desktop.ui.chat.conversation_list import ConversationListPanel
from desktop.ui.chat.engine_session import EngineSession, LoadFailure
from desktop.ui.chat.inspector import Inspector
from desktop.ui.chat.transcript_model import MessageItem, TranscriptModel
from desktop.ui.chat.welcome import WelcomePanel
from desktop.ui.settings_dialog import SEND_KEY, THEME_KEY, SettingsDialog

PAGES = ("chat", "models", "tokenizer", "templates", "experiments")


class MainWindow(QMainWindow):
    """Built by `desktop.app.build_main_window`; every dependency comes in through here."""

    def __init__(
        self,
        history: Any,  # ChatStore, or None for a window without a database
        engine: EngineSession,
        bridge: EngineBridge,
        qsettings: QSettings,
        models_dir: Path | None = None,
        gpu_offload_supported: bool | None = None,
        layer_count: Callable[[str], int | None] = lambda _p: None,
        pages: dict[str, QWidget | None] | None = None,
        theme: Any = None,
        tokenizers: Callable[[], Any] | None = None,  # the shared TokenizerRegistry, made lazily
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Tessera"))
        self.history = history
        self.engine = engine
        self.bridge = bridge
        self.qsettings = qsettings
        self.models_dir = models_dir
        self.theme = theme
        self.tokenizers = tokenizers
        self._tokenizer_registry: Any = None  # set once a model load asked for it
        self._closing = False

        self.inspector = Inspector(
            history,
            models=self.available_models,
            layer_count=layer_count,
            gpu_offload_supported=gpu_offload_supported,
        )
        self.transcript = TranscriptModel(self)
        self.controller = ChatController(
            history, engine, bridge, self.transcript, self.inspector.generation_options, self
        )
        self.chat_panel = ChatPanel(self.controller)
        self.conversations = ConversationListPanel(history) if history is not None else None
        self.welcome = WelcomePanel()
        self.chat_stack = QStackedWidget()
        self.chat_stack.addWidget(self.chat_panel)
        self.chat_stack.addWidget(self.welcome)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("chatSplitter")
        self.splitter.setChildrenCollapsible(True)
        if self.conversations is not None:
            self.splitter.addWidget(self.conversations)
        self.splitter.addWidget(self.chat_stack)
        self.splitter.addWidget(self.inspector)
        side = max(300, self.inspector.preferred_width())
        sizes = [230, 700, side] if self.conversations is not None else [700, side]
        self.splitter.setSizes(sizes)
        self.splitter.setStretchFactor(len(sizes) - 2, 1)

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
            "tokenizer": self.tr("Tokenizer"),
            "templates": self.tr("Templates"),
            "experiments": self.tr("Experiments"),
        }
        self.page_widgets: dict[str, QWidget] = {}
        self._page_builders: dict[str, Callable[[], QWidget | None]] = {}
        for name in PAGES:
            widget = self.splitter if name == "chat" else (pages or {}).get(name)
            if callable(widget) and not isinstance(widget, QWidget):
                # Built the first time it is shown: its imports stay out of the start time.
                self._page_builders[name] = widget
                widget = QWidget()
                widget.setObjectName(f"pending_{name}")
                QVBoxLayout(widget).setContentsMargins(0, 0, 0, 0)
            elif widget is None:
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

        self._build_status_bar()
        self._build_actions()
        self._connect()
        self._apply_preferences()
        self._restore_geometry()
        self.refresh_models()
        if self.conversations is not None:
            self.conversations.refresh()
        self._memory_timer = QTimer(self)
        self._memory_timer.setInterval(3000)
        self._memory_timer.timeout.connect(self.on_memory_timer_timeout)
        self._memory_timer.start()

    # ------------------------------------------------------------------ building

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_model = QLabel(self.tr("No model loaded"))
        self.status_backend = QLabel("")
        self.status_layers = QLabel("")
        self.status_memory = QLabel("")
        self.status_speed = QLabel("")
        for label in (
            self.status_model,
            self.status_backend,
            self.status_layers,
            self.status_memory,
            self.status_speed,
        ):
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)

    def _action(self, text: str, shortcut: Any, slot: Callable, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_chat_action = self._action(
            self.tr("&New chat"), "Ctrl+N", self.on_new_chat, "newChat"
        )
        self.open_model_action = self._action(
            self.tr("&Open model file…"), "Ctrl+O", self.on_open_model, "openModel"
        )
        self.settings_action = self._action(
            self.tr("&Settings…"), "Ctrl+,", self.on_settings, "settings"
        )
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q", self.close, "quit")
        self.search_action = self._action(
            self.tr("&Search chats"), "Ctrl+K", self.on_search, "searchChats"
        )
        self.stop_action = self._action(
            self.tr("S&top"), "Esc", self.chat_panel.stop_or_cancel, "stop"
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
            self.on_toggle_probabilities,
            "showProbabilities",
        )
        self.probabilities_action.setCheckable(True)
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.new_chat_action, self.open_model_action, self.settings_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        chat_menu = menu.addMenu(self.tr("&Chat"))
        for action in (self.search_action, self.stop_action, self.regenerate_action):
            chat_menu.addAction(action)
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addAction(self.inspector_action)
        view_menu.addAction(self.probabilities_action)

    def _connect(self) -> None:
        inspector, engine, controller = self.inspector, self.engine, self.controller
        inspector.load_requested.connect(self.on_load_requested)
        inspector.unload_requested.connect(engine.unload)
        inspector.open_file_requested.connect(self.on_open_model)
        inspector.show_probabilities_changed.connect(self.on_show_probabilities_changed)
        engine.load_started.connect(self.on_engine_load_started)
        engine.load_progress.connect(inspector.set_load_progress)
        engine.loaded.connect(self.on_engine_loaded)
        engine.load_failed.connect(self.on_engine_load_failed)
        engine.unloaded.connect(self.on_engine_unloaded)
        controller.reply_finished.connect(self.on_controller_reply_finished)
        controller.conversation_changed.connect(self.on_controller_conversation_changed)
        controller.notice.connect(self.on_controller_notice)
        self.chat_panel.reload_requested.connect(self.on_reload_requested)
        self.chat_panel.choose_model_requested.connect(self.on_open_model)
        self.welcome.open_file_requested.connect(self.open_model_file)
        self.welcome.models_folder_chosen.connect(self.add_models_folder)
        self.welcome.download_requested.connect(self.on_welcome_download_requested)
        if self.conversations is not None:
            self.conversations.conversation_activated.connect(self.open_conversation)
            self.conversations.new_chat_requested.connect(self.on_new_chat)
            self.conversations.conversation_deleted.connect(self.on_conversation_deleted)
            self.conversations.conversation_renamed.connect(self.on_conversation_renamed)
        self._connect_pages()
        if self.theme is not None:
            self.theme.theme_changed.connect(self.on_theme_changed)
            self.on_theme_changed(self.theme.dark)

    def _placeholder(self, name: str) -> QWidget:
        widget = QLabel(self.tr("This part of Tessera is not available in this build."))
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        widget.setObjectName(f"placeholder_{name}")
        return widget

    def page(self, name: str) -> QWidget:
        """The page's widget, building it now if it was deferred."""
        builder = self._page_builders.pop(name, None)
        if builder is not None:
            holder = self.page_widgets[name]
            try:
                widget = builder()
            except Exception as exc:  # noqa: BLE001 - a broken panel must not break the window
                self.statusBar().showMessage(str(exc), 10000)
                widget = None
            widget = widget if widget is not None else self._placeholder(name)
            holder.layout().addWidget(widget)
            self.page_widgets[name] = widget
            self._connect_pages()
        return self.page_widgets[name]

    @Slot(int)
    def on_navigation_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.page(PAGES[row])
            self.pages.setCurrentIndex(row)

    def _connect_pages(self) -> None:
        """Signals of the other teams' panels, when they are present (duck-typed)."""
        connected = getattr(self, "_connected_pages", set())
        self._connected_pages = connected
        models = self.page_widgets.get("models")
        if models in connected:
            models = None
        else:
            connected.add(models)
        for name in ("model_installed", "library_changed"):
            signal = getattr(models, name, None)
            if signal is not None:
                signal.connect(self.on_library_changed)
        library = getattr(getattr(models, "library_panel", None), "library_changed", None)
        if library is not None:
            library.connect(self.on_library_changed)
        templates = self.page_widgets.get("templates")
        if templates in connected:
            templates = None
        else:
            connected.add(templates)
        if hasattr(templates, "sendToChat"):
            templates.sendToChat.connect(self.on_template_send_to_chat)
        if hasattr(templates, "sendToNewChat"):
            templates.sendToNewChat.connect(self.on_template_send_to_new_chat)
        if hasattr(templates, "useAsSystemPrompt"):
            templates.useAsSystemPrompt.connect(self.on_template_use_as_system_prompt)

    @Slot()
    @Slot(str)
    def on_library_changed(self, _path: str = "") -> None:
        self.refresh_models()

    @Slot(str, str)
    def on_template_send_to_chat(self, system: str, user: str) -> None:
        self.show_page("chat")
        self.chat_stack.setCurrentWidget(self.chat_panel)
        if system:
            self.inspector.system_prompt.setPlainText(system)
        self.chat_panel.composer.set_text(user)
        self.chat_panel.composer.edit.setFocus()

    @Slot(str, str)
    def on_template_send_to_new_chat(self, system: str, user: str) -> None:
        self.on_new_chat()
        self.on_template_send_to_chat(system, user)

    @Slot(str)
    def on_template_use_as_system_prompt(self, system: str) -> None:
        self.show_page("chat")
        self.inspector.system_prompt.setPlainText(system)

    # ------------------------------------------------------------------ preferences and geometry

    def _setting(self, key: str, default: Any) -> Any:
        if self.history is None:
            return default
        try:
            return self.history.get(key, default)
        except Exception:  # noqa: BLE001 - preferences are never worth a failed start
            return default

    def _apply_preferences(self) -> None:
        self.chat_panel.composer.set_enter_sends(bool(self._setting(SEND_KEY, False)))

    def _restore_geometry(self) -> None:
        geometry = self.qsettings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.qsettings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.inspector_action.setChecked(self.inspector.isVisibleTo(self) or geometry is None)

    def _save_geometry(self) -> None:
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.setValue("window/splitter", self.splitter.saveState())
        self.qsettings.sync()

    # ------------------------------------------------------------------ models on disk

    def available_models(self) -> list[tuple[str, str]]:
        """(label, path) of the library's model files and any .gguf in the models folder."""
        seen: dict[str, str] = {}
        if self.history is not None:
            with contextlib.suppress(Exception):
                for record in self.history.store.models.list():
                    if os.path.exists(record.path):
                        label = record.hub_file or os.path.basename(record.path)
                        seen[os.path.normpath(record.path)] = label
        if self.models_dir is not None and self.models_dir.is_dir():
            for path in sorted(self.models_dir.rglob("*.gguf")):
                seen.setdefault(os.path.normpath(str(path)), path.name)
        return [(label, path) for path, label in seen.items()]

    def refresh_models(self) -> None:
        self.inspector.reload_models()
        first_run = self.inspector.selected_path() is None and not self.engine.is_loaded()
        self.chat_stack.setCurrentWidget(self.welcome if first_run else self.chat_panel)

    def register_model(self, path: str) -> None:
        if self.history is None:
            return
        try:
            size = os.path.getsize(path)
        except OSError:
            size = None
        try:
            if self.history.store.models.by_path(path) is None:
                self.history.store.models.upsert(path, size_bytes=size)
        except Exception as exc:  # noqa: BLE001 - the file can still be loaded this session
            self.statusBar().showMessage(str(exc), 8000)

    @Slot(str)
    def open_model_file(self, path: str) -> None:
        """Register a .gguf, select it and load it with the inspector's settings."""
        path = os.path.abspath(path)
        self.register_model(path)
        self.inspector.reload_models()
        self.inspector.select_model_path(path)
        self.chat_stack.setCurrentWidget(self.chat_panel)
        options = self.inspector.load_options()
        if options is not None:
            self.on_load_requested(options)

    @Slot(str)
    def add_models_folder(self, folder: str) -> None:
        found = sorted(Path(folder).rglob("*.gguf"))
        for path in found:
            self.register_model(str(path))
        if self.history is not None:
            folders = list(self._setting("models.folders", []) or [])
            if folder not in folders:
                folders.append(folder)
                with contextlib.suppress(Exception):
                    self.history.set("models.folders", folders)
        if not found:
            self.welcome.show_status(
                self.tr("No .gguf files were found in %1.").replace("%1", folder)
            )
            return
        self.refresh_models()

    @Slot(str, str)
    def on_welcome_download_requested(self, repo: str, filename: str) -> None:
        page = self.page("models")
        preselect = getattr(page, "preselect", None)
        if preselect is None:
            self.welcome.show_status(
                self.tr(
                    "The model hub is not available in this build. Download %1 from %2 by hand "
                    "and open it here."
                )
                .replace("%1", filename)
                .replace("%2", repo)
            )
            return
        self.show_page("models")
        preselect(repo, filename)

    def show_page(self, name: str) -> None:
        self.navigation.setCurrentRow(PAGES.index(name))

    @Slot()
    def on_open_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a model"),
            str(self.models_dir or ""),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if path:
            self.open_model_file(path)

    # ------------------------------------------------------------------ loading

    @Slot(object)
    def on_load_requested(self, options: LoadOptions) -> None:
        if self.controller.is_busy():
            self.controller.stop()
        self.engine.load(options)

    @Slot(dict)
    def on_reload_requested(self, changes: dict) -> None:
        last = self.engine.last_options or self.inspector.load_options()
        if last is None:
            self.on_open_model()
            return
        if changes.pop("fewer_gpu_layers", False):
            info_layers = (
                self.engine.info.n_layers
                if self.engine.info
                else self.inspector.gpu_slider.maximum()
            )
            current = info_layers if last.n_gpu_layers < 0 else last.n_gpu_layers
            changes["n_gpu_layers"] = max(0, current // 2)
        self.engine.load(replace(last, **changes))

    @Slot(object)
    def on_engine_load_started(self, options: LoadOptions) -> None:
        self.inspector.set_loading(options)
        self.status_model.setText(
            self.tr("Loading %1…").replace("%1", os.path.basename(options.path))
        )

    @Slot(object)
    def on_engine_loaded(self, info: ModelInfo) -> None:
        self.inspector.set_model_info(info)
        self.chat_panel.banner.hide()
        self.chat_stack.setCurrentWidget(self.chat_panel)
        self.status_model.setText(f"{info.name} ({info.file_type})")
        self.status_backend.setText(info.backend)
        self.on_memory_timer_timeout()
        self.status_layers.setText(
            self.tr("GPU layers %1/%2")
            .replace("%1", str(info.n_gpu_layers_offloaded))
            .replace("%2", str(info.n_layers))
        )
        if self.history is not None:
            with contextlib.suppress(Exception):
                models = self.history.store.models
                record = models.by_path(info.path) or models.upsert(info.path)
                models.upsert(
                    info.path,
                    architecture=info.architecture,
                    n_params=info.n_params,
                    quantization=info.file_type,
                    context_length=info.n_ctx_train,
                    size_bytes=info.size_bytes,
                )
                models.touch(record.id)
        for warning in info.warnings:
            self.statusBar().showMessage(warning, 10000)
        self._share_loaded_model_tokenizer(info)

    def _share_loaded_model_tokenizer(self, info: ModelInfo) -> None:
        """The tokenizer page lists the loaded model first; the composer counts with its vocabulary."""
        if self.tokenizers is None:
            return
        try:
            registry = self._tokenizer_registry = self.tokenizers()
            spec = registry.set_loaded_model(info.path)  # vocab-only load in the background
            chosen = info.template if info.template and info.template.source == "override" else None
            registry.set_template_override(
                info.path, chosen and (chosen.builtin or chosen.template)
            )
        except Exception as exc:  # noqa: BLE001 - a count is a nicety, never a failed load
            self.statusBar().showMessage(
                self.tr("Token counting unavailable: %1").replace("%1", str(exc)), 10000
            )
            return
        self.chat_panel.composer.set_token_counter(
            lambda text: registry.live_count(text, spec), info.n_ctx
        )

    @Slot(object)
    def on_engine_load_failed(self, failure: LoadFailure) -> None:
        self.inspector.set_load_failed(failure.message)
        self.status_model.setText(self.tr("No model loaded"))
        self.chat_stack.setCurrentWidget(self.chat_panel)
        actions = [(self.tr("Choose another file"), self.on_open_model)]
        if failure.kind in ("out_of_memory", "worker_died", "internal"):
            actions = [
                (
                    self.tr("Fewer GPU layers"),
                    lambda: self.on_reload_requested({"fewer_gpu_layers": True}),
                ),
                (self.tr("Load on CPU"), lambda: self.on_reload_requested({"n_gpu_layers": 0})),
                *actions,
            ]
        title = (
            self.tr("Could not load %1: %2")
            .replace("%1", os.path.basename(failure.options.path))
            .replace("%2", failure.message)
        )
        self.chat_panel.banner.show_message(title, failure.hint, actions)

    @Slot()
    def on_engine_unloaded(self) -> None:
        self.inspector.set_model_info(None)
        self.chat_panel.composer.set_token_counter(None)
        self.status_model.setText(self.tr("No model loaded"))
        self.status_backend.setText("")
        self.status_layers.setText("")

    # ------------------------------------------------------------------ chat

    @Slot(object)
    def on_controller_reply_finished(self, item: MessageItem) -> None:
        if item.tok_s is not None:
            self.status_speed.setText(self.tr("%1 tok/s").replace("%1", f"{item.tok_s:.1f}"))
        info = self.engine.info
        if info is not None and item.prompt_tokens is not None:
            self.inspector.set_context_usage(
                item.prompt_tokens + (item.completion_tokens or 0), info.n_ctx
            )
        if self.conversations is not None:
            self.conversations.refresh()

    @Slot(int)
    def on_controller_conversation_changed(self, conversation_id: int) -> None:
        if self.conversations is not None:
            self.conversations.set_current(conversation_id)
            self.conversations.refresh()
        self._update_title()

    @Slot(str)
    def on_controller_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    @Slot(int)
    def open_conversation(self, conversation_id: int) -> None:
        self.show_page("chat")
        self.chat_stack.setCurrentWidget(self.chat_panel)
        if self.chat_panel.completion_mode.isChecked():
            self.chat_panel.chat_mode.setChecked(True)
        self.controller.open_conversation(conversation_id)
        if self.history is not None:
            with contextlib.suppress(Exception):
                conversation = self.history.conversation(conversation_id)
                self.inspector.system_prompt.setPlainText(conversation.system_prompt or "")
        if self.inspector.show_probs.isChecked():
            self.controller.load_probabilities()
        self.chat_panel.view.follow_bottom()
        self._update_title()

    def _update_title(self) -> None:
        title = self.tr("New chat")
        if self.history is not None and self.controller.conversation_id is not None:
            with contextlib.suppress(Exception):
                title = self.history.conversation(self.controller.conversation_id).title or title
        self.chat_panel.title.setText(title)

    @Slot()
    def on_new_chat(self) -> None:
        self.show_page("chat")
        if self.chat_panel.completion_mode.isChecked():
            self.chat_panel.chat_mode.setChecked(True)
        self.controller.new_conversation()
        if self.conversations is not None:
            self.conversations.set_current(None)
        self._update_title()
        self.chat_panel.composer.edit.setFocus()

    @Slot(int)
    def on_conversation_deleted(self, conversation_id: int) -> None:
        if self.controller.conversation_id == conversation_id:
            self.controller.conversation_id = None
            self.on_new_chat()

    @Slot(int)
    def on_conversation_renamed(self, conversation_id: int) -> None:
        if self.controller.conversation_id == conversation_id:
            self._update_title()

    @Slot()
    def on_search(self) -> None:
        self.show_page("chat")
        if self.conversations is not None:
            self.conversations.focus_search()

    @Slot()
    def on_regenerate(self) -> None:
        self.controller.regenerate()

    @Slot()
    def on_toggle_inspector(self) -> None:
        self.inspector.setVisible(not self.inspector.isVisible())
        self.inspector_action.setChecked(self.inspector.isVisible())

    @Slot()
    def on_toggle_probabilities(self) -> None:
        self.inspector.show_probs.setChecked(not self.inspector.show_probs.isChecked())

    @Slot(bool)
    def on_show_probabilities_changed(self, show: bool) -> None:
        self.probabilities_action.setChecked(show)
        self.chat_panel.set_show_probabilities(show)

    @Slot(bool)
    def on_theme_changed(self, dark: bool) -> None:
        delegate = self.chat_panel.view.message_delegate
        delegate.dark = dark
        delegate.invalidate()
        self.transcript.refresh_all()

    @Slot()
    def on_settings(self) -> None:
        theme = self.theme.preference if self.theme is not None else "system"
        dialog = SettingsDialog(bool(self._setting(SEND_KEY, False)), theme, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.values())

    def apply_settings(self, values: dict[str, Any]) -> None:
        if self.history is not None:
            for key, value in values.items():
                try:
                    self.history.set(key, value)
                except Exception as exc:  # noqa: BLE001 - applied for this session anyway
                    self.statusBar().showMessage(str(exc), 8000)
        self.chat_panel.composer.set_enter_sends(bool(values.get(SEND_KEY, False)))
        if self.theme is not None and THEME_KEY in values:
            self.theme.set_preference(values[THEME_KEY])

    @Slot()
    def on_memory_timer_timeout(self) -> None:
        try:
            import psutil

            process = psutil.Process()
            rss = process.memory_info().rss
            for child in process.children(recursive=True):
                try:
                    rss += child.memory_info().rss
                except psutil.Error:
                    continue
        except Exception:  # noqa: BLE001 - memory display is best effort
            return
        self.status_memory.setText(self.tr("Memory %1 MB").replace("%1", f"{rss / 1_048_576:,.0f}"))

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            self._memory_timer.stop()
            self.controller.shutdown()
            self._save_geometry()
            for name in self._page_builders:
                self.page_widgets.pop(name, None)  # never built: nothing to stop
            for page in self.page_widgets.values():
                shutdown = getattr(page, "shutdown", None)
                if callable(shutdown):
                    with contextlib.suppress(Exception):
                        shutdown()
            page_registry = getattr(self.page_widgets.get("tokenizer"), "registry", None)
            for registry in {self._tokenizer_registry, page_registry} - {None}:
                with contextlib.suppress(Exception):
                    registry.close()  # frees the vocab-only llama.cpp models
            self.engine.close()
            self.bridge.shutdown()
        super().closeEvent(event)

    def set_window_icon_from(self, path: Path) -> None:
        if path.exists():
            self.setWindowIcon(QIcon(str(path)))
