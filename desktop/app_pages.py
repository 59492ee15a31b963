"""Builders of the window's pages, each from the services it needs. A page's modules are
imported the first time it shows (MainWindow.page), keeping start fast."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from desktop.core.paths import DataPaths

log = logging.getLogger(__name__)


def optional_pages(
    store: Any,
    paths: DataPaths,
    engine: Any,
    tokenizers: Callable[[], Any],
    library: Any,
    backends: Callable[[], Any] | None = None,
    chat_busy: Callable[[], bool] = lambda: False,
    hub: Any = None,
    turns: Any = None,
    picker: Any = None,
) -> dict[str, Callable[[], Any]]:
    """Builders for the other pages, each from its own dependencies. Each page is built the
    first time it is shown (MainWindow.page), keeping start fast; one that fails to build
    becomes a placeholder page (logged, and said in the status bar), never a failed start."""
    return {
        "models": lambda: _build_models_page(library, store.settings, paths, hub),
        "tokenizer": lambda: _build_tokenizer_page(tokenizers()),
        "templates": lambda: _build_templates_page(store, engine),
        "experiments": lambda: _build_experiments_page(store, paths, engine, backends, chat_busy),
        "server": lambda: _build_server_page(store, engine, turns, tokenizers),
        "compare": lambda: _build_compare_page(store, picker, backends),
    }


def build_knowledge_page(service: Any, paths: DataPaths) -> Any:
    from desktop.ui.knowledge.page import KnowledgePage

    return KnowledgePage(service, paths.models)


def _build_compare_page(store: Any, picker: Any, backends: Callable[[], Any] | None) -> Any:
    from desktop.ui.compare.page import build_compare_page

    # Panes offer what the chat's picker lists (local files, the saved servers' models); local
    # panes run in engine processes of the comparison's own, as its memory plan decides.
    return build_compare_page(store, picker, backends)


def _build_models_page(library: Any, settings: Any, paths: DataPaths, hub: Any = None) -> Any:
    from desktop.ui.models.page import build_models_page

    return build_models_page(library, settings, paths, hub=hub)


def _build_tokenizer_page(registry: Any) -> Any:
    from desktop.ui.tokenizer.panel import TokenizerPanel

    return TokenizerPanel(registry)


def _build_templates_page(store: Any, engine: Any) -> Any:
    from desktop.core.engine.errors import EngineError
    from desktop.core.templates.library import TemplateLibrary
    from desktop.ui.templates.panel import build_templates_panel

    def count_tokens(text: str) -> int | None:
        # A quick pipe round trip to the engine process; None while no model is loaded.
        if not engine.is_loaded():
            return None
        try:
            return int(engine.client.count_tokens(text))
        except EngineError as exc:  # the preview falls back to characters
            log.info("token count unavailable: %s", exc)
            return None

    return build_templates_panel(TemplateLibrary(store.templates), count_tokens)


def _build_experiments_page(
    store: Any,
    paths: DataPaths,
    engine: Any,
    backends: Callable[[], Any] | None,
    chat_busy: Callable[[], bool],
) -> Any:
    from desktop.core.store.experiments import ExperimentRepository
    from desktop.core.templates.library import TemplateLibrary
    from desktop.ui.experiments.panel import build_experiments_panel

    # Local cells run on the chat's engine (one copy of the weights in memory), remote ones
    # on the saved backends, `backends.parallelism` cells at a time.
    return build_experiments_panel(
        ExperimentRepository(store.db),
        TemplateLibrary(store.templates),
        paths.models,
        engine=engine,
        chat_busy=chat_busy,
        backends=backends,
        settings=store.settings,
    )


SERVER_KEY_ACCOUNT = "api-server"  # the Server page's API key in the OS keyring


def _build_server_page(store: Any, engine: Any, turns: Any, tokenizers: Callable[[], Any]) -> Any:
    from desktop.core.backends.local import LocalBackend
    from desktop.core.engine.turns import API_OWNER
    from desktop.core.secrets import KeyringSecret
    from desktop.ui.server.page import ServerPage

    page = ServerPage(
        # The chat's engine, whatever it has loaded; the API takes turns with the chat.
        lambda: LocalBackend(engine.client, owner=API_OWNER),
        turns=turns,
        store=store,
        settings=store.settings,
        key_store=KeyringSecret(SERVER_KEY_ACCOUNT),
        tokenizer_for=lambda path: tokenizers().get(f"model:{path}"),
    )
    page.set_model(engine.info.path if engine.info is not None else None)
    engine.loaded.connect(page.on_engine_loaded)
    engine.unloaded.connect(page.on_engine_unloaded)
    return page
