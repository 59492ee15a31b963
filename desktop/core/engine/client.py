"""EngineClient: the parent side of the engine, the only way the app talks to llama.cpp.

The worker runs in a spawned child process; a reader thread here turns its messages into
replies to blocking calls and into events of the running `Generation`. When the child dies
(segfault, abort, killed for memory) the reader sees the pipe close at once and reports
`worker_died` with the exit code or signal and the tail of the child's stderr; a later `load`
starts a fresh process.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import queue
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import (
    ChatMessage,
    Done,
    EngineErrorEvent,
    GenerateRequest,
    LoadOptions,
    ModelInfo,
    Token,
    TokenBatch,
    TopToken,
)

__all__ = ["EngineClient", "EngineError", "Generation"]

log = logging.getLogger(__name__)

Event = TokenBatch | Done | EngineErrorEvent
STDERR_TAIL_LINES = 20
DEFAULT_CALL_TIMEOUT = 60.0
SPAWN_TIMEOUT = 120.0

_DIED_HINT = (
    "Load the model again. If it keeps happening, try fewer GPU layers, a smaller context, "
    "or another quantization."
)


class Generation:
    """One streaming reply. Iterate for events (TokenBatch..., then one Done or
    EngineErrorEvent), or pass `on_event` to `generate` to get them on the reader thread."""

    def __init__(
        self, client: EngineClient, request: GenerateRequest, on_event: Callable | None
    ) -> None:
        self._client = client
        self.request = request
        self.request_id = request.request_id
        self._on_event = on_event
        self._queue: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self._texts: list[str] = []
        self._finished = threading.Event()
        self._consumed_end = False
        self.done: Done | None = None
        self.error: EngineErrorEvent | None = None
        self.tokens: list[Token] = []  # every token received so far

    @property
    def text(self) -> str:
        """The reply so far (the whole reply once finished)."""
        if self.done is not None:
            return self.done.text
        return "".join(self._texts)

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def cancel(self) -> None:
        """Stop the reply; the Done that follows has finish_reason "cancelled" and the text."""
        if not self._finished.is_set():
            self._client._cancel(self.request_id)

    def __iter__(self) -> Iterator[Event]:
        while not self._consumed_end:
            event = self._queue.get()
            if isinstance(event, (Done, EngineErrorEvent)):
                self._consumed_end = True
            yield event

    def wait(self, timeout: float | None = None) -> Done:
        """Block until the reply ends; returns its Done or raises EngineError."""
        if not self._finished.wait(timeout):
            raise EngineError("internal", "The reply did not finish in time.")
        if self.error is not None:
            raise EngineError.from_event(self.error)
        assert self.done is not None
        return self.done

    # Called on the client's reader thread.
    def _deliver(self, event: Event) -> None:
        if self._finished.is_set():
            return
        if isinstance(event, TokenBatch):
            self.tokens.extend(event.tokens)
            self._texts.extend(t.text for t in event.tokens)
        elif isinstance(event, Done):
            self.done = event
        else:
            self.error = event
        terminal = not isinstance(event, TokenBatch)
        self._queue.put(event)
        if terminal:
            self._finished.set()
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:
                log.exception("on_event callback failed")


class _Call:
    __slots__ = ("event", "result", "error", "on_progress")

    def __init__(self, on_progress: Callable[[float], None] | None = None) -> None:
        self.event = threading.Event()
        self.result: Any = None
        self.error: EngineError | None = None
        self.on_progress = on_progress


class EngineClient:
    """Spawns the engine process on the first `load`; thread-safe; also a context manager."""

    def __init__(self, *, stderr_tail_lines: int = STDERR_TAIL_LINES) -> None:
        self._lock = threading.RLock()
        self._send_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._calls: dict[int, _Call] = {}
        self._generations: dict[int, Generation] = {}
        self._proc: Any = None
        self._conn: Any = None
        self._cancel_value: Any = None
        self._reader: threading.Thread | None = None
        self._stderr_path: str | None = None
        self._closing = False
        self._tail_lines = stderr_tail_lines
        self._ready = threading.Event()
        self.model_info: ModelInfo | None = None
        self.last_load_options: LoadOptions | None = None
        self.last_exit: str | None = None  # "exit code 1" / "signal SIGABRT" after a crash
        self._build_info: Any = None

    # ----------------------------------------------------------------- state

    @property
    def is_alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    @property
    def is_loaded(self) -> bool:
        return self.model_info is not None and self.is_alive

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def __enter__(self) -> EngineClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    # ----------------------------------------------------------------- process

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=True)
        self._cancel_value = ctx.RawValue("q", -(2**62))
        fd, self._stderr_path = tempfile.mkstemp(prefix="tessera-engine-", suffix=".log")
        os.close(fd)
        from desktop.core.engine.worker import worker_main

        proc = ctx.Process(
            target=worker_main,
            args=(child, self._cancel_value, self._stderr_path),
            name="tessera-engine",
            daemon=True,
        )
        proc.start()
        child.close()  # so the pipe reports EOF as soon as the worker dies
        self._proc, self._conn = proc, parent
        self._closing = False
        self._ready.clear()
        self._reader = threading.Thread(
            target=self._read_loop, args=(proc, parent), name="tessera-engine-reader", daemon=True
        )
        self._reader.start()
        if not self._ready.wait(SPAWN_TIMEOUT) or not proc.is_alive():
            raise self._died_error(proc)

    def _ensure_process(self) -> None:
        with self._lock:
            if not self.is_alive:
                self._cleanup_process()
                self._spawn()

    def _read_loop(self, proc: Any, conn: Any) -> None:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                break
            except Exception:  # an unpicklable message: report, keep reading
                log.exception("bad message from the engine")
                continue
            try:
                self._handle(msg)
            except Exception:
                log.exception("failed to handle an engine message")
        self._on_pipe_closed(proc)

    def _handle(self, msg: tuple) -> None:
        kind, key, payload = msg
        if kind == "tokens":
            gen = self._generations.get(key)
            if gen is not None:
                gen._deliver(TokenBatch(key, tuple(_token(t) for t in payload)))
        elif kind in ("done", "gen_error"):
            gen = self._generations.pop(key, None)
            if gen is not None:
                gen._deliver(payload)
        elif kind == "reply":
            call = self._calls.pop(key, None)
            if call is not None:
                call.result = payload
                call.event.set()
        elif kind == "error":
            call = self._calls.pop(key, None)
            if call is not None:
                call.error = EngineError.from_event(payload)
                call.event.set()
        elif kind == "progress":
            call = self._calls.get(key)
            if call is not None and call.on_progress is not None:
                try:
                    call.on_progress(payload)
                except Exception:
                    log.exception("on_progress callback failed")
        elif kind == "ready":
            self._ready.set()

    def _on_pipe_closed(self, proc: Any) -> None:
        # No self._lock here: close() holds it while it waits for this thread.
        if proc is not self._proc:
            return
        error = None if self._closing else self._died_error(proc)
        calls, self._calls = self._calls, {}
        gens, self._generations = self._generations, {}
        self.model_info = None
        if error is None:
            error = EngineError("worker_died", "The engine was closed.")
        self._ready.set()
        for call in calls.values():
            call.error = error
            call.event.set()
        for gen in gens.values():
            gen._deliver(error.to_event(gen.request_id))

    def _died_error(self, proc: Any) -> EngineError:
        proc.join(timeout=1.0)
        code = proc.exitcode
        if code is None:
            how = "stopped responding"
        elif code < 0:
            try:
                how = f"was killed by signal {signal.Signals(-code).name}"
            except ValueError:
                how = f"was killed by signal {-code}"
        else:
            how = f"exited with code {code}"
        self.last_exit = how
        tail = self._stderr_tail()
        message = f"The engine process {how}."
        if code is not None and -code == getattr(signal, "SIGKILL", 9):
            message += " The system may have run out of memory."
        return EngineError("worker_died", message, _DIED_HINT, tail)

    def _stderr_tail(self) -> str:
        if not self._stderr_path:
            return ""
        try:
            with open(self._stderr_path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - 16384))
                data = fh.read()
        except OSError:
            return ""
        lines = data.decode("utf-8", errors="replace").splitlines()
        return "\n".join(lines[-self._tail_lines :])

    def _cleanup_process(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        self.model_info = None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()
        if proc is not None:
            proc.join(timeout=0.1)
        if self._stderr_path:
            with contextlib.suppress(OSError):
                os.unlink(self._stderr_path)
            self._stderr_path = None

    # ----------------------------------------------------------------- calls

    def _send(self, msg: tuple) -> None:
        conn = self._conn
        if conn is None:
            raise EngineError("not_loaded", "No model is loaded.", "Load a model first.")
        try:
            with self._send_lock:
                conn.send(msg)
        except (OSError, ValueError):
            raise self._died_error(self._proc) from None

    def _call(
        self,
        op: str,
        payload: Any = None,
        timeout: float | None = DEFAULT_CALL_TIMEOUT,
        on_progress: Callable[[float], None] | None = None,
    ) -> Any:
        if not self.is_alive:
            raise EngineError("not_loaded", "No model is loaded.", "Load a model first.")
        call_id = next(self._ids)
        call = _Call(on_progress)
        self._calls[call_id] = call
        self._send((op, call_id, payload))
        if not call.event.wait(timeout):
            self._calls.pop(call_id, None)
            raise EngineError("internal", f"The engine did not answer '{op}' in time.")
        if call.error is not None:
            raise call.error
        return call.result

    def load(
        self,
        options: LoadOptions,
        timeout: float | None = None,
        on_progress: Callable[[float], None] | None = None,
    ) -> ModelInfo:
        """Load a model (replacing any loaded one); blocks until ready. Raises EngineError."""
        from desktop.core.gguf.meta import GGUFError, read_gguf_meta

        try:  # refuse bad files before spawning anything
            read_gguf_meta(options.path)
        except GGUFError as exc:
            raise EngineError(exc.kind, exc.message, exc.hint) from None  # type: ignore[arg-type]
        with self._lock:
            self._cancel_all()
            self._ensure_process()
            self.model_info = None
            self.last_load_options = options
        info = self._call("load", options, timeout=timeout, on_progress=on_progress)
        self.model_info = info
        return info

    def unload(self) -> None:
        """Free the model (the process stays for a quick next load)."""
        self._cancel_all()
        if self.is_alive:
            with contextlib.suppress(EngineError):
                self._call("unload")
        self.model_info = None

    def close(self) -> None:
        """Stop the engine process (waits briefly, then kills it)."""
        with self._lock:
            proc = self._proc
            if proc is None:
                return
            self._closing = True
            self._cancel_all()
            if proc.is_alive():
                with contextlib.suppress(EngineError):
                    self._call("shutdown", timeout=5.0)
            proc.join(timeout=2.0)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=2.0)
            if self._reader is not None and self._reader is not threading.current_thread():
                self._reader.join(timeout=2.0)
            self._cleanup_process()

    def _cancel_all(self) -> None:
        for gen in list(self._generations.values()):
            gen.cancel()

    def _cancel(self, request_id: int) -> None:
        if self._cancel_value is not None:
            self._cancel_value.value = request_id

    def _require_loaded(self) -> None:
        if not self.is_loaded:
            raise EngineError(
                "not_loaded",
                "No model is loaded." if self.last_exit is None else "The engine has stopped.",
                "Load a model first.",
            )

    def generate(self, request: GenerateRequest, on_event: Callable | None = None) -> Generation:
        """Start a reply (non-blocking). A reply still running is cancelled first."""
        self._require_loaded()
        with self._lock:
            if request.request_id in self._generations:
                raise EngineError(
                    "bad_request", f"Request {request.request_id} is already running."
                )
            self._cancel_all()
            gen = Generation(self, request, on_event)
            self._generations[request.request_id] = gen
            try:
                self._send(("generate", next(self._ids), request))
            except EngineError:
                self._generations.pop(request.request_id, None)
                raise
        return gen

    def build_info(self) -> Any:
        """The engine process's llama.cpp build (BuildInfo), asked once per process; None
        before the first load (no process yet)."""
        if not self.is_alive:
            return None
        if self._build_info is None:
            self._build_info = self._call("build_info")
        return self._build_info

    def tokenize(
        self, text: str, add_special: bool = False, parse_special: bool = True
    ) -> list[int]:
        self._require_loaded()
        return self._call("tokenize", (text, add_special, parse_special))

    def detokenize(self, ids: Sequence[int]) -> str:
        self._require_loaded()
        return self._call("detokenize", [int(i) for i in ids])

    def count_tokens(self, text: str) -> int:
        self._require_loaded()
        return self._call("count_tokens", text)

    def render_prompt(
        self,
        messages: Sequence[ChatMessage],
        add_generation_prompt: bool = True,
        continue_last: bool = False,
    ) -> tuple[str, list[int]]:
        """The exact prompt text the model sees for `messages`, and its token ids."""
        self._require_loaded()
        msgs = tuple(ChatMessage(m.role, m.content) for m in messages)
        return self._call("render_prompt", (msgs, add_generation_prompt, continue_last))


def _token(t: tuple) -> Token:
    tid, text, piece, logprob, top, forced = t
    return Token(
        tid,
        text,
        piece,
        logprob,
        tuple(TopToken(a, b, c) for a, b, c in top) if top is not None else None,
        forced,
    )
