"""Composition root: builds the store, the engine client, the bridge and the main window."""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.app_pages import build_knowledge_page, optional_pages
from desktop.core.paths import DataPaths

log = logging.getLogger(__name__)


def _layer_count(path: str) -> int | None:
    from desktop.core.gguf import GGUFError, read_gguf_meta

    try:
        return read_gguf_meta(path).n_layers
    except (GGUFError, OSError) as exc:  # an unreadable file just gets no slider range
        log.info("no layer count for %s: %s", path, exc)
        return None


def _gpu_offload_supported(paths: DataPaths) -> bool:
    """Asked of a child process (cached per llama.cpp build): the window never loads llama.cpp."""
    from desktop.core.engine.build_probe import probe_build

    return probe_build(paths.cache).gpu_offload


def _default_client_factory() -> Callable[[], Any]:
    def make() -> Any:
        from desktop.core.engine.client import EngineClient

        return EngineClient()

    return make


class Lazy:
    """A value made on first use, once, from any thread; `made()` without making it."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._value: Any = None

    def __call__(self) -> Any:
        with self._lock:
            if self._value is None:
                self._value = self._make()
            return self._value

    def made(self) -> Any:
        return self._value


def _backend_registry(store: Any) -> Lazy:
    """The saved backends (BackendRegistry), made on first use: it imports the HTTP client,
    which stays off the way to the first window."""

    def make() -> Any:
        from desktop.core.backends.registry import BackendRegistry
        from desktop.core.store.backends import BackendRepository

        return BackendRegistry(BackendRepository(store.db))

    return Lazy(make)


def _tokenizer_registry(paths: DataPaths, backends: Callable[[], Any] | None = None) -> Lazy:
    """One TokenizerRegistry for the tokenizer page and the composer's count, made on first use
    (importing tokenizers and numpy stays off the way to the first window); `backends:NAME`
    tokenizers come from the saved backends."""

    def make() -> Any:
        from desktop.core.store.errors import StoreError
        from desktop.core.tokenizers import TiktokenCache, TokenizerRegistry

        resolver = (lambda name: backends().open(name)) if backends is not None else None
        registry = TokenizerRegistry(TiktokenCache.for_data_paths(paths), backends=resolver)
        if backends is not None:
            try:
                registry.set_backends([c.name for c in backends().configs()])
            except StoreError as exc:  # the servers' tokenizers are just not offered
                log.warning("saved backends not offered as tokenizers: %s", exc)
        return registry

    return Lazy(make)


def _toolbox(store: Any) -> Any:
    """The tools a chat may enable (built-ins, MCP servers from Settings); None without a store."""
    if store is None:
        return None
    from desktop.core.store.errors import StoreError
    from desktop.core.tools.tool_settings import SETTINGS_KEY, ToolSettings
    from desktop.core.tools.toolbox import Toolbox

    try:
        saved = store.settings.get(SETTINGS_KEY)
    except StoreError as exc:  # tools start with the built-ins only
        log.warning("tool settings could not be read: %s", exc)
        saved = None
    return Toolbox(ToolSettings.from_dict(saved))


def _template_formats(store: Any) -> Callable[[], list[tuple[str, dict[str, Any]]]] | None:
    """Prompt templates whose default params carry an output format (a JSON Schema saved with
    the template), for the chat's format picker."""
    if store is None:
        return None

    def formats() -> list[tuple[str, dict[str, Any]]]:
        from desktop.core.templates.library import TemplateLibrary
        from desktop.core.tools.output_format import format_part, has_format

        library = TemplateLibrary(store.templates)
        out = []
        for entry in library.entries():
            params = library.content(entry).params
            if has_format(params) and params.get("format") != "text":
                out.append((entry.title, format_part(params)))
        return out

    return formats


def _shared_engine(factory: Callable[[], Any], turns: Any) -> Callable[[], Any]:
    """The chat's engine client, shared with the Server page's API server in turns."""

    def make() -> Any:
        client = factory()
        if hasattr(client, "turns"):
            client.turns = turns
        return client

    return make


def log_folder(paths: DataPaths) -> Path:
    """Where Tessera's log files go (File > Open log folder shows it)."""
    from desktop.core.logs import log_dir

    return log_dir(paths)


def _knowledge_service(store: Any, paths: DataPaths) -> Any:
    """The knowledge bases of the Knowledge page and the chat; the library behind them is made
    on first use (its imports stay off the way to the first window)."""
    from desktop.ui.knowledge.service import KnowledgeService

    def make_library() -> Any:
        from desktop.core.knowledge.library import KnowledgeLibrary

        return KnowledgeLibrary(store, paths.root)

    def make_repository() -> Any:
        from desktop.core.store.knowledge import KnowledgeRepository

        return KnowledgeRepository(store.db)

    return KnowledgeService(make_library, make_repository)


def _wire_first_run(window: Any, loader: Any, hub: Any, paths: DataPaths) -> None:
    """The welcome panel's suggestion and download (ui/chat/first_run.py), made the first time
    the panel shows: a window that opens on a chat never imports it."""
    chat = window.chat

    def start() -> None:
        if getattr(window, "first_run", None) is not None:
            return
        from desktop.core.models.hardware import detect_hardware
        from desktop.ui.chat.first_run import FirstRunFlow

        flow = FirstRunFlow(
            chat.welcome,
            loader,
            hub,
            functools.partial(detect_hardware, cache_dir=paths.cache),
            parent=window,
        )
        window.first_run = flow
        window.on_close.insert(0, flow.shutdown)

    chat.welcome.shown.connect(start)
    if chat.welcome.isVisible():
        start()


def build_main_window(
    paths: DataPaths,
    store: Any = None,
    client_factory: Callable[[], Any] | None = None,
    *,
    app: Any = None,
    theme_preference: str | None = None,
    pages: dict[str, Any] | None = None,
    with_pages: bool = True,
    backends: Callable[[], Any] | None = None,
) -> Any:
    """The main window with everything wired; the caller owns `store` (closes it after the window).

    Tests pass a real store and `EngineClient` (or a factory making one); `--self-test` passes
    nothing and gets a window without a database. `pages=None` builds the optional panels.
    `backends()` returns the BackendRegistry of saved servers (default: one on `store`, made
    on first use); the window closes it.
    """
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.core.engine.presets import SamplingPresets
    from desktop.core.engine.turns import EngineTurns
    from desktop.core.models.library import Library
    from desktop.core.resources import resource_path
    from desktop.core.store.errors import StoreError
    from desktop.ui.bridge import EngineBridge
    from desktop.ui.chat.chat_store import ChatStore
    from desktop.ui.chat.engine_session import EngineSession
    from desktop.ui.chat.model_loader import ModelLoader
    from desktop.ui.chat.page import ChatPage
    from desktop.ui.chat.target import ChatTarget
    from desktop.ui.garbage import collect_on_gui_thread
    from desktop.ui.main_window import MainWindow
    from desktop.ui.models.download_status import DownloadStatus
    from desktop.ui.models.hub_access import HubAccess
    from desktop.ui.settings_dialog import THEME_KEY
    from desktop.ui.theme import ThemeController

    app = app or QApplication.instance()
    history = ChatStore(store) if store is not None else None
    if theme_preference is None:
        theme_preference = "system"
        if history is not None:
            try:
                theme_preference = history.get(THEME_KEY, "system") or "system"
            except StoreError as exc:
                log.warning("the theme setting could not be read: %s", exc)
    theme = ThemeController(app, theme_preference) if app is not None else None
    collect_on_gui_thread()  # after the big imports, before any worker thread starts
    bridge = EngineBridge()
    turns = EngineTurns()  # the chat and the Server page's API take turns on one engine
    engine = EngineSession(
        _shared_engine(client_factory or _default_client_factory(), turns), bridge
    )
    paths.root.mkdir(parents=True, exist_ok=True)
    qsettings = QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)
    if backends is None and store is not None:
        backends = _backend_registry(store)
    tokenizers = _tokenizer_registry(paths, backends)
    library = Library(paths, store.models) if store is not None else None
    target = ChatTarget(engine, backends, settings=history)
    knowledge = _knowledge_service(store, paths) if store is not None else None
    chat = ChatPage(
        history,
        engine,
        bridge,
        SamplingPresets(store.settings if store is not None else None),
        layer_count=_layer_count,
        gpu_offload_supported=None,
        target=target,
        toolbox=_toolbox(store),
        template_formats=_template_formats(store),
        knowledge=knowledge,
    )
    loader = ModelLoader(
        chat, engine, library, history, models_dir=paths.models, tokenizers=tokenizers
    )
    backend_models = None
    if backends is not None:
        from desktop.ui.chat.backend_models import BackendModels

        backend_models = BackendModels(
            chat.inspector,
            target,
            backends,
            tokenizers=tokenizers,
            composer=chat.chat_panel.composer,
        )
    hub = HubAccess(library, store.settings if store is not None else None, paths)
    if pages is None and with_pages and store is not None:
        pages = optional_pages(
            store,
            paths,
            engine,
            tokenizers,
            library,
            backends,
            chat.controller.is_busy,
            hub=hub,
            turns=turns,
            picker=chat.inspector.picker_model,
        )
    if knowledge is not None and "knowledge" not in (pages or {}):
        # Built the first time it is shown, like the others; the chat's citations open it.
        pages = {**(pages or {}), "knowledge": lambda: build_knowledge_page(knowledge, paths)}
    window = MainWindow(
        chat,
        loader,
        engine,
        bridge,
        qsettings,
        settings=history,
        pages=pages,
        theme=theme,
        log_folder=log_folder(paths),
        backends=backends,
        backend_models=backend_models,
    )
    if knowledge is not None:
        knowledge.setParent(window)
        window.on_close.append(knowledge.close)
    loader.setParent(window)
    if backend_models is not None:
        backend_models.setParent(window)

        def servers_listed() -> None:  # a first run with servers only: they are the models
            if chat.inspector.picker_model.has_choices():
                chat.show_chat()

        backend_models.groups_shown.connect(servers_listed)
        backend_models.refresh()  # each server's models, listed in the background
    hub.setParent(window)
    downloads = DownloadStatus(hub)
    window.status.addPermanentWidget(downloads)
    downloads.clicked.connect(lambda: window.show_page("models"))
    hub.installed.connect(lambda _path, _repo: loader.refresh_models())
    window.on_close += [downloads.stop, hub.shutdown]
    if store is not None:
        _wire_first_run(window, loader, hub, paths)
    else:  # --self-test: nowhere to keep a download
        chat.welcome.show_unreachable(
            QCoreApplication.translate(
                "App", "This window keeps no data, so it downloads nothing: open a .gguf file."
            )
        )
    bridge.setParent(window)
    engine.setParent(window)
    if theme is not None:
        theme.setParent(window)
    window.set_window_icon_from(resource_path("icons", "tessera-256.png"))

    # A child process answers (the first time per llama.cpp build): not on the way to the window.
    def gpu_support_unknown(exc: BaseException) -> None:
        log.warning("GPU support could not be determined; assuming none", exc_info=exc)
        chat.inspector.set_gpu_offload_supported(False)

    bridge.tasks.run(
        functools.partial(_gpu_offload_supported, paths),
        on_done=chat.inspector.set_gpu_offload_supported,
        on_error=gpu_support_unknown,
    )
    return window


def install_translator(app: Any, locale: Any = None) -> list[Any]:
    """Install Tessera's `tessera_<locale>.qm` (resources/translations) and Qt's own
    `qtbase_<locale>.qm` (OK/Cancel, file dialogs; shipped with PySide6 and in the bundle) when
    they exist. Returns the installed translators, Tessera's first; [] when neither exists."""
    import PySide6
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from desktop.core.resources import resource_path

    locale = locale or QLocale()
    ours = [str(resource_path("translations"))]
    qt_folders = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        os.path.join(os.path.dirname(PySide6.__file__), "Qt", "translations"),  # frozen bundle
    ]
    installed: list[Any] = []

    def install(name: str, folders: list[str], language: Any) -> bool:
        translator = QTranslator(app)
        if not any(translator.load(language, name, "_", folder) for folder in folders):
            return False
        app.installTranslator(translator)
        installed.append(translator)
        return True

    if not install("tessera", ours, locale):
        # A language without its own file reads English, with English plurals ("1 token").
        install("tessera", ours, QLocale(QLocale.Language.English))
    install("qtbase", qt_folders, locale)
    return installed


def _message(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, title, text)


def open_store_or_recover(paths: DataPaths, choose: Callable[[Any], str]) -> Any:
    """`open_store(paths)`; when the database is damaged, `choose(error)` decides: "restore" the
    latest backup, start "fresh", or "quit" (returns None). The damaged file is always kept."""
    from desktop.core.store import StoreCorruptError, open_store
    from desktop.core.store.migrate import restore_backup, set_aside_damaged

    try:
        return open_store(paths)
    except StoreCorruptError as exc:
        choice = choose(exc)
        if choice == "restore" and exc.latest_backup is not None:
            restore_backup(exc.path, exc.latest_backup)
        elif choice == "fresh":
            set_aside_damaged(exc.path)
        else:
            return None
        return open_store(paths)


def _ask_about_damaged_store(error: Any) -> str:
    """The dialog for a damaged chat database: restore the latest backup, start fresh, or quit."""
    box, restore, fresh = damaged_store_box(error)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore"
    if clicked is fresh:
        return "fresh"
    return "quit"


def damaged_store_box(error: Any) -> tuple[Any, Any, Any]:
    """The damaged-database question, not yet shown: (box, restore button or None, fresh)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("App", "Tessera"))
    box.setText(QCoreApplication.translate("App", "Tessera's chat database is damaged."))
    details = [
        QCoreApplication.translate("App", "%1 could not be read (%2). It was not changed.")
        .replace("%1", str(error.path))
        .replace("%2", error.detail)
    ]
    restore = None
    if error.latest_backup is not None:
        restore = box.addButton(
            QCoreApplication.translate("App", "Restore the latest backup"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        details.append(
            QCoreApplication.translate(
                "App", "Restoring brings back your chats as they were in %1."
            ).replace("%1", error.latest_backup.name)
        )
    fresh = box.addButton(
        QCoreApplication.translate("App", "Start with an empty database"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    details.append(
        QCoreApplication.translate(
            "App",
            "Either way the damaged file is kept in the same folder, renamed, so nothing is lost.",
        )
    )
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setInformativeText("\n\n".join(details))
    # Enter must never set the chats aside: without a backup, it closes and decides nothing.
    box.setDefaultButton(restore or close)
    box.setEscapeButton(close)
    return box, restore, fresh


def run_app(paths: DataPaths, argv: list[str]) -> int:
    """Open the main window; returns the process exit code."""
    import multiprocessing
    import sqlite3

    multiprocessing.freeze_support()
    from desktop.qt_libraries import xcb_problem

    problem = xcb_problem()
    if problem is not None:  # Qt would abort with a message that names no library
        logging.getLogger(__name__).error("%s", problem)
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop import __version__
    from desktop.core.resources import resource_path
    from desktop.core.store import (
        InstanceLock,
        InstanceLockedError,
        StoreDiskFullError,
        StoreError,
        StoreReadOnlyError,
    )
    from desktop.ui.i18n import error_text

    QCoreApplication.setOrganizationName("Tessera")
    QCoreApplication.setApplicationName("Tessera")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(argv)
    # Wayland and the desktop shell match the window to tessera's .desktop file (icon, name).
    QApplication.setDesktopFileName("io.github.tessera.Tessera")
    QApplication.setWindowIcon(QIcon(str(resource_path("icons", "tessera-256.png"))))
    install_translator(app)

    try:
        paths.ensure()
    except OSError as exc:
        _message(
            QCoreApplication.translate("App", "Tessera"),
            QCoreApplication.translate("App", "Tessera cannot use its data folder: %1").replace(
                "%1", str(exc)
            ),
        )
        return 1
    lock = InstanceLock(paths.root)
    try:
        lock.acquire()
    except InstanceLockedError as exc:
        _message(QCoreApplication.translate("App", "Tessera is already running"), error_text(exc))
        return 1
    except StoreError as exc:
        _message(QCoreApplication.translate("App", "Tessera"), error_text(exc))
        return 1
    try:
        try:
            store = open_store_or_recover(paths, _ask_about_damaged_store)
        except StoreDiskFullError as exc:  # not damage: nothing to restore, nothing to set aside
            _message(QCoreApplication.translate("App", "The disk is full"), str(exc))
            return 1
        except StoreReadOnlyError as exc:
            _message(
                QCoreApplication.translate("App", "Tessera's data folder is read-only"), str(exc)
            )
            return 1
        except (StoreError, OSError, sqlite3.Error) as exc:  # a restore can fail too
            title = QCoreApplication.translate("App", "Tessera cannot open its chats")
            _message(title, error_text(exc))
            return 1
        if store is None:
            return 1
        try:
            window = build_main_window(paths, store, app=app)
            window.show()
            if os.environ.get("TESSERA_QUIT_AFTER_SHOW"):
                # Benchmarks and smoke tests: say when the window is up, then close it.
                from PySide6.QtCore import QTimer

                def shown() -> None:
                    print("tessera: window shown", flush=True)
                    window.close()

                QTimer.singleShot(0, shown)
            code = app.exec()
        finally:
            store.close()
    finally:
        lock.release()
    return int(code)
