"""The exact prompt a request becomes: rendered once here, shown in the log, sent as token ids.

Where the backend can render its chat template and tokenize (the local engine, llama-server),
the server renders the chat into text and token ids itself and sends those ids to generate:
what the Server page shows is then what the model read, by construction, not a second guess
beside it. The beginning-of-sequence token is added the way the engine adds it (only when the
model wants one and the template did not write it). Other servers get the messages as they
came, and the log says why their prompt cannot be shown. With tools, the local engine's
template renders them itself (its `tools` variable); a server renders tools on its side, so
its prompt is not shown.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.backends.base import Backend
from desktop.core.backends.local import LocalBackend
from desktop.core.engine.protocol import ChatMessage
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

TOOLS_ON_SERVER = MessageSpec(
    "server.tools_on_server",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The backend renders the tools into the prompt itself, out of sight."
    ),
)


@dataclass(frozen=True)
class RenderedPrompt:
    text: str | None  # None: the backend does not show it
    ids: tuple[int, ...] | None
    send_ids: bool  # generate from `ids` (exact) rather than from the messages or text
    note: Message | None = None  # why text or ids are missing


class PromptRenderer:
    """Blocking (backend calls): run it off the event loop."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._bos: dict[str | None, tuple[int, ...]] = {}
        self._lock = threading.Lock()

    def _leading(self, model: str | None) -> tuple[int, ...]:
        """The tokens the model puts before any text ([BOS], or none)."""
        with self._lock:
            cached = self._bos.get(model)
        if cached is None:
            cached = self._backend.tokenize("", add_special=True, model=model).ids
            with self._lock:
                self._bos[model] = cached
        return cached

    def _ids(self, text: str, model: str | None) -> tuple[int, ...]:
        ids = self._backend.tokenize(text, add_special=False, parse_special=True, model=model).ids
        bos = self._leading(model)
        if bos and ids[: len(bos)] != bos:
            ids = bos + ids
        return ids

    def chat(
        self,
        messages: Sequence[ChatMessage],
        model: str | None,
        tools: Sequence[dict] | None = None,
    ) -> RenderedPrompt:
        caps = self._backend.capabilities()
        if not caps.apply_template:
            return RenderedPrompt(None, None, False, caps.why_not("apply_template"))
        backend = self._backend
        if tools and not isinstance(backend, LocalBackend):
            return RenderedPrompt(None, None, False, TOOLS_ON_SERVER())
        if tools and isinstance(backend, LocalBackend):
            text = backend.apply_template(messages, model=model, tools=tools)
        else:
            text = backend.apply_template(messages, add_generation_prompt=True, model=model)
        if not caps.tokenizer:
            return RenderedPrompt(text, None, False, caps.why_not("tokenizer"))
        ids = self._ids(text, model)
        return RenderedPrompt(text, ids, caps.token_prompt and bool(ids))

    def completion(
        self, text: str | None, ids: Sequence[int] | None, model: str | None
    ) -> RenderedPrompt:
        caps = self._backend.capabilities()
        if ids is not None:
            shown = self._backend.detokenize(ids, model=model) if caps.tokenizer else None
            return RenderedPrompt(shown, tuple(ids), True, caps.why_not("tokenizer"))
        if not caps.tokenizer:
            return RenderedPrompt(text, None, False, caps.why_not("tokenizer"))
        tokens = self._backend.tokenize(text or "", add_special=True, model=model).ids
        return RenderedPrompt(text, tokens, caps.token_prompt and bool(tokens))
