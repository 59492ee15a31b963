"""Which model the chat uses: the picker's list, opening a file or a folder, loading, reloading.

The picker lists what the core library (`desktop.core.models.library.Library`) says can be
loaded, so a split GGUF (`-00001-of-00002.gguf` ...) is one entry and loads from its first
part, and a file opened from elsewhere is registered by reference. What the engine reports
while loading goes to the chat page (inspector, banner); the window's status bar follows the
engine's signals itself.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog

from desktop.core.engine.protocol import LoadOptions, ModelInfo
from desktop.core.models.display_name import display_name
from desktop.core.models.library import (
    Library,
    LibraryError,
    find_gguf_models,
    first_part,
    normalize,
)
from desktop.core.models.load_settings import remembered_load_options
from desktop.core.store.errors import StoreError
from desktop.ui.chat.chat_store import ChatStore
from desktop.ui.chat.engine_session import EngineSession, LoadFailure
from desktop.ui.chat.load_on_send import LoadOnSend
from desktop.ui.chat.page import ChatPage
from desktop.ui.i18n import error_text, message_text

log = logging.getLogger(__name__)

FOLDERS_KEY = "models.folders"  # folders the user pointed the welcome panel at


class ModelLoader(QObject):
    """Owns no widget; acts on the chat page's inspector, banner and welcome panel."""

    notice = Signal(str)  # a transient status line: a load's warnings, a failed registration

    def __init__(
        self,
        page: ChatPage,
        engine: EngineSession,
        library: Library | None,
        settings: ChatStore | None,
        *,
        models_dir: Path | None = None,
        tokenizers: Callable[[], Any] | None = None,  # the shared TokenizerRegistry, made lazily
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.page = page
        self.engine = engine
        self.library = library
        self.settings = settings
        self.models_dir = models_dir
        self.tokenizers = tokenizers
        self.tokenizer_registry: Any = None  # set once a load asked for it
        inspector = page.inspector
        inspector.load_requested.connect(self.on_load_requested)
        inspector.unload_requested.connect(engine.unload)
        inspector.open_file_requested.connect(self.choose_model_file)
        engine.load_started.connect(self.on_engine_load_started)
        engine.load_progress.connect(inspector.set_load_progress)
        engine.loaded.connect(self.on_engine_loaded)
        engine.load_failed.connect(self.on_engine_load_failed)
        engine.unloaded.connect(self.on_engine_unloaded)
        strip = page.chat_panel.load_strip
        engine.load_started.connect(strip.on_load_started)
        engine.load_progress.connect(strip.on_load_progress)
        engine.loaded.connect(strip.on_load_ended)
        engine.load_failed.connect(strip.on_load_ended)
        self.load_on_send = LoadOnSend(
            page.chat_panel, strip, engine, self.wanted_load_options, self.on_load_requested, self
        )
        page.chat_panel.reload_requested.connect(self.on_reload_requested)
        page.chat_panel.choose_model_requested.connect(self.choose_model_file)
        page.welcome.open_file_requested.connect(self.open_model_file)
        page.welcome.models_folder_chosen.connect(self.add_models_folder)
        self.refresh_models()

    # ------------------------------------------------------------------ the picker

    def available_models(self) -> list[tuple[str, str]]:
        """(label, path) of every model that can be loaded now, one entry per split model."""
        if self.library is None:
            # A window without a database (--self-test): the models folder as it is.
            if self.models_dir is None or not self.models_dir.is_dir():
                return []
            return [(path.name, str(path)) for path in find_gguf_models(self.models_dir)]
        try:
            choices = self.library.choices()
        except (StoreError, OSError) as exc:
            log.warning("the model library could not be listed: %s", exc)
            self.notice.emit(
                self.tr("Your models could not be listed: %1").replace("%1", error_text(exc))
            )
            return []
        out = []
        for choice in choices:
            # "Qwen2.5-0.5B-Instruct · Q4_K_M": the repo (or file) name, size, quantization.
            label = display_name(
                choice.label,
                hub_repo=choice.hub_repo,
                # A split's count is its first part's alone (the library reads one header).
                n_params=choice.n_params if choice.parts == 1 else None,
                quantization=choice.quantization,
            )
            if choice.parts > 1:
                label += self.tr(" (%1 parts)").replace("%1", str(choice.parts))
            out.append((label, choice.path))
        return out

    def refresh_models(self) -> None:
        """Lists the models again; with none and nothing loaded, the welcome panel shows."""
        inspector = self.page.inspector
        inspector.set_models(self.available_models())
        if not inspector.picker_model.has_choices() and not self.engine.is_loaded():
            self.page.show_welcome()
        else:
            self.page.show_chat()

    def register_model(self, path: str) -> str:
        """Adds the model at `path` to the library by reference (when it is not there yet);
        returns the path to load: the first part of a split."""
        first = first_part(Path(os.path.abspath(path)))
        if self.library is None:
            return str(first)
        try:
            return self.library.import_file(first, "reference").path
        except LibraryError as exc:
            # Already in the library, or a file the engine will refuse with a better message.
            log.info("%s not added to the library: %s", first, exc)
        except (StoreError, OSError) as exc:
            log.warning("%s could not be added to the library: %s", first, exc)
            self.notice.emit(error_text(exc))
        return str(normalize(first))

    @Slot(str)
    def open_model_file(self, path: str) -> None:
        """Register a .gguf, select it and load it with the inspector's settings."""
        path = self.register_model(path)
        inspector = self.page.inspector
        inspector.set_models(self.available_models())
        inspector.select_model_path(path)
        self.page.show_chat()
        self.on_load_requested(self.load_options_for(path))

    def load_options_for(self, path: str) -> LoadOptions:
        """How `path` loads: the inspector's settings, with what was remembered for it over them."""
        shown = self.page.inspector.load_options()
        defaults = replace(shown, path=path) if shown is not None else LoadOptions(path=path)
        records = getattr(self.library, "records", None)
        return remembered_load_options(records, defaults)

    def wanted_load_options(self) -> LoadOptions | None:
        """The model picked in the inspector, as it should load; None when nothing is picked."""
        path = self.page.inspector.selected_path()
        return self.load_options_for(path) if path is not None else None

    @Slot(str)
    def add_models_folder(self, folder: str) -> None:
        """Every complete model in `folder` joins the library by reference."""
        welcome = self.page.welcome
        failures: list[tuple[str, BaseException]] = []
        if self.library is None:
            found = [str(p) for p in find_gguf_models(Path(folder))]
        else:
            try:
                scanned = self.library.scan_folder(folder)
            except LibraryError as exc:
                welcome.show_status(error_text(exc))
                return
            found = [model.path for model in scanned]
            for model in scanned:
                if model.known:
                    continue
                try:
                    self.library.import_file(model.path, "reference")
                except (LibraryError, StoreError, OSError) as exc:
                    log.warning("%s could not be added to the library: %s", model.path, exc)
                    failures.append((model.path, exc))
        self._remember_folder(folder)
        if not found:
            welcome.show_status(self.tr("No .gguf files were found in %1.").replace("%1", folder))
            return
        for path, error in failures:
            text = (
                self.tr("%1 could not be added: %2")
                .replace("%1", os.path.basename(path))
                .replace("%2", error_text(error))
            )
            welcome.show_status(text)  # where the user looks if nothing else could be added
            self.notice.emit(text)
        self.refresh_models()

    def _remember_folder(self, folder: str) -> None:
        if self.settings is None:
            return
        try:
            folders = list(self.settings.get(FOLDERS_KEY, []) or [])
            if folder not in folders:
                self.settings.set(FOLDERS_KEY, [*folders, folder])
        except StoreError as exc:
            log.warning("the models folder setting was not saved: %s", exc)
            self.notice.emit(error_text(exc))

    @Slot()
    def choose_model_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.page.window(),
            self.tr("Open a model"),
            str(self.models_dir or ""),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if path:
            self.open_model_file(path)

    # ------------------------------------------------------------------ loading

    @Slot(object)
    def on_load_requested(self, options: LoadOptions) -> None:
        controller = self.page.controller
        if controller.is_busy():
            controller.stop()
        self.engine.load(options)

    @Slot(dict)
    def on_reload_requested(self, changes: dict) -> None:
        inspector = self.page.inspector
        last = self.engine.last_options or inspector.load_options()
        if last is None:
            self.choose_model_file()
            return
        if changes.pop("fewer_gpu_layers", False):
            info = self.engine.info
            layers = info.n_layers if info else inspector.gpu_slider.maximum()
            current = layers if last.n_gpu_layers < 0 else last.n_gpu_layers
            changes["n_gpu_layers"] = max(0, current // 2)
        self.engine.load(replace(last, **changes))

    @Slot(object)
    def on_engine_load_started(self, options: LoadOptions) -> None:
        self.page.inspector.set_loading(options)

    @Slot(object)
    def on_engine_loaded(self, info: ModelInfo) -> None:
        self.page.inspector.set_model_info(info)
        self.page.chat_panel.banner.hide()
        self.page.show_chat()
        if self.library is not None:
            try:
                self.library.mark_used(info.path)
            except (StoreError, OSError) as exc:  # the model is loaded all the same
                log.warning("%s: last use not recorded: %s", info.path, exc)
        for warning in info.warnings:
            self.notice.emit(message_text(warning))
        self._share_loaded_model_tokenizer(info)

    def _share_loaded_model_tokenizer(self, info: ModelInfo) -> None:
        """The tokenizer page lists the loaded model first; the composer counts with its vocabulary."""
        if self.tokenizers is None:
            return
        try:
            from desktop.core.tokenizers import TokenizerError

            registry = self.tokenizer_registry = self.tokenizers()
            spec = registry.set_loaded_model(info.path)  # vocab-only load in the background
            chosen = info.template if info.template and info.template.source == "override" else None
            registry.set_template_override(
                info.path, chosen and (chosen.builtin or chosen.template)
            )
        except (TokenizerError, OSError, ImportError) as exc:  # a count is a nicety
            log.warning("token counting unavailable for %s", info.path, exc_info=exc)
            self.notice.emit(
                self.tr("Token counting unavailable: %1").replace("%1", error_text(exc))
            )
            return
        self.page.chat_panel.composer.set_token_counter(
            lambda text: registry.live_count(text, spec), info.n_ctx
        )

    @Slot(object)
    def on_engine_load_failed(self, failure: LoadFailure) -> None:
        page = self.page
        page.inspector.set_load_failed(failure.message)
        page.show_chat()
        actions: list[tuple[str, Callable[[], object]]] = [
            (self.tr("Choose another file"), self.choose_model_file)
        ]
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
        page.chat_panel.banner.show_message(title, failure.hint, actions)

    @Slot()
    def on_engine_unloaded(self) -> None:
        self.page.inspector.set_model_info(None)
        self.page.chat_panel.composer.set_token_counter(None)
