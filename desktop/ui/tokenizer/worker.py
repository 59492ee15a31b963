"""Tokenizes for the tokenizer panel on a thread of its own; only the newest request matters."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.core.tokenizers import TokenizerError, TokenizerRegistry
from desktop.core.tokenizers.base import Tokenizer
from desktop.core.tokenizers.display import TokenDisplay, build_display
from desktop.core.tokenizers.prompt import PromptTokens, tokenize_prompt
from desktop.ui.i18n import error_text, message_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenizeRequest:
    request_id: int
    specs: tuple[str, ...]
    text: str = ""
    messages: tuple[dict, ...] | None = None  # prompt mode when set
    add_generation_prompt: bool = True
    parse_special: bool = True
    add_special: bool = False
    show_whitespace: bool = False
    context_length: int | None = None


@dataclass(frozen=True)
class ColumnResult:
    request_id: int
    column: int
    spec: str
    display: TokenDisplay | None = None
    prompt: PromptTokens | None = None
    error: str = ""
    seconds: float = 0.0
    note: str = ""  # e.g. a server without a tokenizer: counted with tiktoken as an estimate


class TokenizeWorker(QObject):
    """Lives on a QThread. Skips work for requests that a newer one has replaced."""

    column_ready = Signal(object)  # ColumnResult
    loading = Signal(int, str)  # column, spec: a tokenizer is being loaded (may take a second)
    request_done = Signal(int)

    def __init__(self, registry: TokenizerRegistry) -> None:
        super().__init__()
        self._registry = registry
        self.newest_request = 0  # written by the GUI thread; an int store is atomic

    @Slot(object)
    def on_request(self, request: TokenizeRequest) -> None:
        for column, spec in enumerate(request.specs):
            if request.request_id < self.newest_request:
                break
            self.column_ready.emit(self._column(request, column, spec))
        self.request_done.emit(request.request_id)

    def _column(self, request: TokenizeRequest, column: int, spec: str) -> ColumnResult:
        started = time.perf_counter()
        note = ""
        tokenizer: Tokenizer | None
        try:
            if spec.startswith("backend:"):
                # The server's own tokenizer, or tiktoken o200k with a note saying it estimates.
                self.loading.emit(column, spec)
                tokenizer, why = self._registry.for_backend(spec.split(":", 1)[1])
                note = message_text(why) if why is not None else ""
            else:
                tokenizer = self._registry.loaded(spec)
            if tokenizer is None:
                self.loading.emit(column, spec)
                tokenizer = self._registry.get(spec)
            prompt = None
            if request.messages is not None:
                prompt = tokenize_prompt(
                    tokenizer,
                    request.messages,
                    add_generation_prompt=request.add_generation_prompt,
                    context_length=request.context_length,
                    override=self._registry.template_override(spec),
                )
                tokenization = prompt.tokenization
            else:
                tokenization = tokenizer.tokenize(
                    request.text,
                    parse_special=request.parse_special,
                    add_special=request.add_special,
                )
            display = build_display(tokenization, show_whitespace=request.show_whitespace)
        except TokenizerError as exc:
            return ColumnResult(request.request_id, column, spec, error=error_text(exc))
        except Exception as exc:  # a bug must not kill the thread: say it in the column
            log.exception("tokenizing with %s failed", spec)
            return ColumnResult(
                request.request_id, column, spec, error=f"{type(exc).__name__}: {exc}"
            )
        return ColumnResult(
            request.request_id,
            column,
            spec,
            display=display,
            prompt=prompt,
            seconds=time.perf_counter() - started,
            note=note,
        )


class TokenizeThread(QObject):
    """Owns the worker's QThread; `stop()` ends it (idempotent)."""

    def __init__(self, registry: TokenizerRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Not `self.thread`: that would hide QObject.thread().
        self.qthread = QThread()
        self.qthread.setObjectName("tokenizer-panel")
        self.worker = TokenizeWorker(registry)
        self.worker.moveToThread(self.qthread)
        self.qthread.finished.connect(self.worker.deleteLater)
        self.qthread.start()

    def stop(self, timeout_ms: int = 30_000) -> None:
        if self.qthread.isRunning():
            self.worker.newest_request = 1 << 62  # whatever is queued is stale now
            self.qthread.quit()
            self.qthread.wait(timeout_ms)


def specs_tuple(specs: Sequence[str]) -> tuple[str, ...]:
    return tuple(s for s in specs if s)
