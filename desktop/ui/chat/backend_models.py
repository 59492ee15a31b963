"""The picker's server groups and the chat's remote model: listing, choosing, saying limits.

`BackendModels` lists each saved backend's models off the GUI thread (a network call) into
the inspector's picker, one group per backend, with the reason in place of the models when a
server is down. Choosing an entry points the chat's `ChatTarget` at it; once the server has
said what it can do, the inspector shows what it cannot (Capabilities.why_not), and the
composer counts tokens with the server's tokenizer or, without one, estimates with tiktoken.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.backends.base import BackendModel
from desktop.core.backends.config import BackendConfig
from desktop.ui.chat.inspector import Inspector
from desktop.ui.chat.model_picker import PickerEntry
from desktop.ui.chat.remote_count import AsyncTokenCounter
from desktop.ui.chat.target import ChatTarget
from desktop.ui.i18n import error_text, message_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

# What the chat would use, in the order the note lists what a server cannot do.
CHAT_CAPABILITIES = ("tokenizer", "logprobs", "raw_completion", "token_prompt")
WARNING_COLOR = "#b06000"
ERROR_COLOR = "#d93025"


def group_header(config: BackendConfig) -> str:
    """ "gpu-box · vllm 0.11.0" (what the last probe found), else the configured kind."""
    probe = config.probe
    if probe is not None and probe.capabilities.server_kind:
        caps = probe.capabilities
        server = " ".join(x for x in (caps.server_kind, caps.server_version) if x)
        return f"{config.name} · {server}"
    return f"{config.name} · {config.kind}"


def model_entry(config: BackendConfig, model: BackendModel, tooltip_extra: str = "") -> PickerEntry:
    label = model.name or model.id
    if "/" in label or "\\" in label:  # a server naming its model by a file path
        label = PurePath(label.replace("\\", "/")).name
    lines = [model.id, f"{config.name} · {config.base_url}"]
    if model.context_length:
        lines.append(f"n_ctx {model.context_length:,}")
    if tooltip_extra:
        lines.append(tooltip_extra)
    return PickerEntry("remote", label, "\n".join(lines), backend=config.name, model=model.id)


class BackendModels(QObject):
    """Owns no widget: acts on the inspector and the composer through the chat page."""

    listed = Signal(str)  # a backend's group was filled (models or a note): tests, screenshots
    groups_shown = Signal()  # the saved backends' groups are in the picker (being listed)

    def __init__(
        self,
        inspector: Inspector,
        target: ChatTarget,
        registry: Callable[[], Any],
        *,
        tokenizers: Callable[[], Any] | None = None,
        composer: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.inspector = inspector
        self.target = target
        self.registry = registry
        self.tokenizers = tokenizers
        self.composer = composer
        self._tasks = BackgroundTasks(self, name="tessera-backend-models")
        self._generation = 0  # a refresh's answers are dropped once a newer refresh started
        self._counter: AsyncTokenCounter | None = None
        self._configs: dict[str, BackendConfig] = {}
        inspector.model_chosen.connect(self.on_model_chosen)
        target.changed.connect(self.on_target_changed)

    # ------------------------------------------------------------------ listing

    def refresh(self) -> None:
        """Lists the saved backends, then each one's models, in the background."""
        self._generation += 1
        generation = self._generation
        registry = self.registry

        def read() -> list[BackendConfig]:
            return list(registry().configs())

        def failed(exc: BaseException) -> None:
            log.warning("saved backends could not be read: %s", exc)
            self.inspector.notice.emit(error_text(exc))

        self._tasks.run(
            read, on_done=lambda configs: self._show_groups(generation, configs), on_error=failed
        )

    def _show_groups(self, generation: int, configs: list[BackendConfig]) -> None:
        if generation != self._generation:
            return
        self._configs = {c.name: c for c in configs}
        made = self._made_tokenizers()
        if made is not None:  # the Tokenizer page offers each server's tokenizer
            made.set_backends([c.name for c in configs])
        listing = self.tr("Listing models…")
        self.inspector.set_backend_groups(
            [(c.name, group_header(c), [PickerEntry("note", listing, backend=c.name)])
             for c in configs]
        )  # fmt: skip
        self.groups_shown.emit()
        registry = self.registry
        for config in configs:
            name = config.name

            def work(name: str = name) -> list[BackendModel]:
                return list(registry().open(name).list_models(refresh=True))

            self._tasks.run(
                work,
                on_done=functools.partial(self._on_listed, generation, config),
                on_error=functools.partial(self._on_list_failed, generation, config),
            )

    def _order(self, config: BackendConfig, models: list[BackendModel]) -> list[BackendModel]:
        """Recently used first, then the server's order (the default model leading)."""
        recent = [r.model for r in self.target.recent() if r.backend == config.name]
        rank = {model: i for i, model in enumerate(recent)}
        default = config.default_model
        return sorted(
            models,
            key=lambda m: (rank.get(m.id, len(rank)), 0 if m.id == default else 1),
        )

    def _on_listed(self, generation: int, config: BackendConfig, models: list) -> None:
        if generation != self._generation:
            return
        entries = [model_entry(config, m) for m in self._order(config, models)]
        if not entries:
            entries = [
                PickerEntry("note", self.tr("This server lists no models."), backend=config.name)
            ]
        self.inspector.set_backend_entries(config.name, entries)
        self.listed.emit(config.name)

    def _on_list_failed(self, generation: int, config: BackendConfig, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.info("models of %s not listed: %s", config.name, exc)
        reason = error_text(exc)
        entries = [PickerEntry("note", reason, reason, backend=config.name)]
        if config.default_model:  # a server down now may be up when the message is sent
            entries.insert(
                0,
                model_entry(
                    config,
                    BackendModel(config.default_model, config.default_model, config.name),
                    self.tr("The server did not answer when its models were listed."),
                ),
            )
        self.inspector.set_backend_entries(config.name, entries)
        self.listed.emit(config.name)

    # ------------------------------------------------------------------ choosing

    @Slot(object)
    def on_model_chosen(self, entry: PickerEntry) -> None:
        if entry.kind == "remote" and entry.backend and entry.model:
            self.target.use_remote(entry.backend, entry.model)
        elif entry.kind == "local":
            self.target.use_local()

    @Slot()
    def on_target_changed(self) -> None:
        target = self.target
        if not target.is_remote():
            self.inspector.set_backend_note("")
            self.inspector.set_probabilities_note("")
            self.inspector.model_status.show()
            self._restore_local_counter()
            return
        self.inspector.model_status.hide()
        name = target.backend_name()
        if target.connecting():
            self.inspector.set_backend_note(
                html.escape(self.tr("Connecting to %1…").replace("%1", name))
            )
            return
        problem = target.problem()
        if problem:
            self.inspector.set_backend_note(
                f"<span style='color:{ERROR_COLOR}'>{html.escape(problem)}</span>"
            )
            return
        caps = target.capabilities()
        self.inspector.set_backend_note(self._describe(name, target.model_name(), caps))
        few = caps.why_not("logprobs")
        self.inspector.set_probabilities_note(
            message_text(few) if few is not None else "",
            caps.max_top_logprobs if caps.logprobs and caps.max_top_logprobs else 20,
        )
        self._use_remote_counter(name)

    def _describe(self, backend: str, model: str, caps: Any) -> str:
        server = " ".join(x for x in (caps.server_kind, caps.server_version) if x)
        facts = [f"<b>{html.escape(model)}</b>", html.escape(f"{backend} · {server}")]
        if caps.context_length:
            facts.append(
                html.escape(self.tr("context %1").replace("%1", f"{caps.context_length:,}"))
            )
        lines = [f"{facts[0]}<br>{' · '.join(facts[1:])}"]
        for name in CHAT_CAPABILITIES:
            message = caps.why_not(name)
            if message is not None and not (name == "logprobs" and caps.logprobs):
                text = html.escape(message_text(message))
                lines.append(f"<span style='color:{WARNING_COLOR}'>{text}</span>")
        return "<br>".join(lines)

    # ------------------------------------------------------------------ token counts

    def _made_tokenizers(self) -> Any:
        """The TokenizerRegistry if it exists yet (making it imports numpy: not for this)."""
        made = getattr(self.tokenizers, "made", None)
        return made() if callable(made) else None

    def _use_remote_counter(self, backend: str) -> None:
        if self.tokenizers is None or self.composer is None:
            return
        registry = self.tokenizers()
        registry.set_chat_backend(backend)  # the Tokenizer page follows the chat
        target = self.target
        n_ctx = target.context_length()

        def choose() -> tuple[Any, Any]:
            return registry.for_backend(backend)  # the server's tokenizer, or tiktoken + why

        def chosen(result: tuple[Any, Any]) -> None:
            if target.backend_name() != backend:
                return  # another model was chosen meanwhile
            tokenizer, note = result
            if note is not None:  # counting locally with tiktoken is instant
                self._counter = None
                self.composer.set_token_counter(
                    tokenizer.count_tokens,
                    n_ctx,
                    estimate=self.tr("estimate with tiktoken o200k"),
                    note=message_text(note),
                )
                return
            self._counter = AsyncTokenCounter(tokenizer.count_tokens, self)
            self.composer.set_token_counter(self._counter, n_ctx)

        def failed(exc: BaseException) -> None:
            if target.backend_name() == backend:
                self.composer.set_token_counter(None)
                self.inspector.notice.emit(
                    self.tr("Token counting unavailable: %1").replace("%1", error_text(exc))
                )

        self._tasks.run(choose, on_done=chosen, on_error=failed)

    def _restore_local_counter(self) -> None:
        """Back on the local engine: count with the loaded model's vocabulary, as before."""
        self._counter = None
        made = self._made_tokenizers()
        if made is not None:
            made.set_chat_backend(None)
        if self.tokenizers is None or self.composer is None:
            return
        info = self.target.engine.info
        if info is None:
            self.composer.set_token_counter(None)
            return
        registry = self.tokenizers()
        spec = registry.loaded_model_spec
        if spec is None:
            self.composer.set_token_counter(None)
            return
        self.composer.set_token_counter(lambda text: registry.live_count(text, spec), info.n_ctx)

    def shutdown(self) -> None:
        self._tasks.shutdown(timeout=5.0)
