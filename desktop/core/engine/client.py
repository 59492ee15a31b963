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
import re
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from desktop.core.engine import errors as E
from desktop.core.engine.embeddings import EmbedderLoadOptions, EmbedderModelInfo, EmbeddingBatch
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
from desktop.core.engine.turns import (
    API_OWNER,
    APP_OWNER,
    BUSY_WITH_API,
    BUSY_WITH_API_HINT,
    BUSY_WITH_APP,
    BUSY_WITH_APP_HINT,
    EngineTurns,
)

__all__ = ["EngineClient", "EngineError", "Generation"]

log = logging.getLogger(__name__)

Event = TokenBatch | Done | EngineErrorEvent
STDERR_TAIL_LINES = 20
DEFAULT_CALL_TIMEOUT = 60.0
SPAWN_TIMEOUT = 120.0

_ABORT_LINE = re.compile(r"^[\w./\\-]+:\d+: \S")  # ggml_abort's "%s:%d: " prefix


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
        self._on_end: Callable[[], None] | None = None  # gives the engine's turn back
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
            raise EngineError("internal", E.REPLY_TIMEOUT())
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
            self._end_turn()
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:
                log.exception("on_event callback failed")

    def _end_turn(self) -> None:
        # Before the Done reaches anyone: whoever waits for the engine may go as it arrives.
        end, self._on_end = self._on_end, None
        if end is not None:
            end()


class _Call:
    __slots__ = ("event", "result", "error", "on_progress")

    def __init__(self, on_progress: Callable[[float], None] | None = None) -> None:
        self.event = threading.Event()
        self.result: Any = None
        self.error: EngineError | None = None
        self.on_progress = on_progress


class EngineClient:
    """Spawns the engine process on the first `load`; thread-safe; also a context manager.

    `turns` (EngineTurns): set when the window and the API server share this engine; then
    `generate`, `load` and `unload` take part in turns for their `owner`."""

    def __init__(
        self, *, stderr_tail_lines: int = STDERR_TAIL_LINES, turns: EngineTurns | None = None
    ) -> None:
        self.turns = turns
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
        self._stderr_fd: int | None = None  # kept open: the file is unlinked once the worker runs
        self._closing = False
        self._tail_lines = stderr_tail_lines
        self._ready = threading.Event()
        self._pipe_open = False  # the reader still reads; a call registered now gets answered
        self._pipe_closed = threading.Event()
        self.model_info: ModelInfo | None = None
        self.embedder_info: EmbedderModelInfo | None = None
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
        try:
            self.close()
        except Exception:
            log.debug("closing the engine on garbage collection failed", exc_info=True)

    # ----------------------------------------------------------------- process

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=True)
        self._cancel_value = ctx.RawValue("q", -(2**62))
        self._stderr_fd, self._stderr_path = tempfile.mkstemp(
            prefix="tessera-engine-", suffix=".log"
        )
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
        self._pipe_closed.clear()
        self._pipe_open = True
        self._reader = threading.Thread(
            target=self._read_loop, args=(proc, parent), name="tessera-engine-reader", daemon=True
        )
        self._reader.start()
        if not self._ready.wait(SPAWN_TIMEOUT) or not proc.is_alive():
            raise self._died_error(proc)
        self._unlink_log()

    def _unlink_log(self) -> None:
        """Removes the log's name once the worker has it open (POSIX keeps an open file
        readable): however the worker or this process ends, even by kill -9, nothing is left
        behind. Windows cannot remove an open file; there `_cleanup_process` does it."""
        if self._stderr_path and os.name == "posix":
            with contextlib.suppress(OSError):
                os.unlink(self._stderr_path)
            self._stderr_path = None

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
        if kind in ("error", "gen_error") and payload.kind == "internal":
            log.error("the engine failed: %s\n%s", payload.text, payload.detail)
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
        self._pipe_open = False  # before taking the calls: see _call
        error = None if self._closing else self._died_error(proc)
        calls, self._calls = self._calls, {}
        gens, self._generations = self._generations, {}
        self.model_info = None
        self.embedder_info = None
        if error is None:
            error = EngineError("worker_died", E.CLOSED())
        self._ready.set()
        for call in calls.values():
            call.error = error
            call.event.set()
        for gen in gens.values():
            gen._deliver(error.to_event(gen.request_id))
        self._pipe_closed.set()

    def wait_closed(self, timeout: float | None = None) -> bool:
        """Blocks until the client has seen the engine process go (its pipe closed and every
        pending call and reply failed or answered); False on timeout."""
        return self._pipe_closed.wait(timeout)

    def _died_error(self, proc: Any) -> EngineError:
        proc.join(timeout=1.0)
        code = proc.exitcode
        if code is None:
            how, message = "stopped responding", E.DIED_UNRESPONSIVE()
        elif code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            how = f"was killed by signal {name}"
            killed = -code == getattr(signal, "SIGKILL", 9)
            message = (E.DIED_OUT_OF_MEMORY if killed else E.DIED_SIGNAL)(signal=name)
        else:
            how, message = f"exited with code {code}", E.DIED_EXIT_CODE(code=code)
        self.last_exit = how
        tail = self._stderr_tail()
        log.warning("the engine process %s; its stderr ended with:\n%s", how, tail)
        return EngineError("worker_died", message, E.DIED_HINT(), tail)

    def _stderr_tail(self) -> str:
        fd = self._stderr_fd
        if fd is None:
            return ""
        try:
            size = os.fstat(fd).st_size
            start = max(0, size - 16384)
            if hasattr(os, "pread"):
                data = os.pread(fd, size - start, start)
            else:
                os.lseek(fd, start, os.SEEK_SET)
                data = os.read(fd, size - start)
        except OSError:
            return ""
        lines = data.decode("utf-8", errors="replace").splitlines()
        tail = lines[-self._tail_lines :]
        # GGML_ABORT writes "file:line: why" and then a long native backtrace: keep the why.
        causes = [ln for ln in lines[: -self._tail_lines] if _ABORT_LINE.match(ln)]
        return "\n".join(causes[-1:] + (["…"] if causes else []) + tail)

    def _cleanup_process(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        self.model_info = None
        self.embedder_info = None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()
        if proc is not None:
            proc.join(timeout=0.1)
        if self._stderr_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._stderr_fd)
            self._stderr_fd = None
        if self._stderr_path:
            with contextlib.suppress(OSError):
                os.unlink(self._stderr_path)
            self._stderr_path = None

    # ----------------------------------------------------------------- calls

    def _send(self, msg: tuple) -> None:
        conn = self._conn
        if conn is None:
            raise EngineError("not_loaded", E.NOT_LOADED(), E.LOAD_FIRST())
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
            raise EngineError("not_loaded", E.NOT_LOADED(), E.LOAD_FIRST())
        call_id = next(self._ids)
        call = _Call(on_progress)
        self._calls[call_id] = call
        if not self._pipe_open:  # the reader already failed every pending call: not this one
            self._calls.pop(call_id, None)
            proc = self._proc
            if proc is None:
                raise EngineError("not_loaded", E.NOT_LOADED(), E.LOAD_FIRST())
            raise self._died_error(proc)
        self._send((op, call_id, payload))
        if not call.event.wait(timeout):
            self._calls.pop(call_id, None)
            raise EngineError("internal", E.NO_ANSWER(op=op))
        if call.error is not None:
            raise call.error
        return call.result

    def _check_turn(self, owner: str) -> None:
        """EngineError "busy" when the other owner is generating (see EngineTurns)."""
        if self.turns is not None and not self.turns.free_for(owner):
            raise _busy(owner)

    def load(
        self,
        options: LoadOptions,
        timeout: float | None = None,
        on_progress: Callable[[float], None] | None = None,
        *,
        owner: str = APP_OWNER,
    ) -> ModelInfo:
        """Load a model (replacing any loaded one); blocks until ready. Raises EngineError
        ("busy" while another owner generates: loading would cut its reply off)."""
        from desktop.core.gguf import GGUFError, read_gguf_meta

        self._check_turn(owner)
        try:  # refuse bad files before spawning anything
            read_gguf_meta(options.path)
        except GGUFError as exc:
            raise EngineError.from_user_error(exc.kind, exc) from None
        with self._lock:
            self._cancel_all()
            self._ensure_process()
            self.model_info = None
            self.embedder_info = None
            self.last_load_options = options
        info = self._call("load", options, timeout=timeout, on_progress=on_progress)
        self.model_info = info
        return info

    def unload(self, *, owner: str = APP_OWNER) -> None:
        """Free the model (the process stays for a quick next load)."""
        self._check_turn(owner)
        self._cancel_all()
        if self.is_alive:
            with contextlib.suppress(EngineError):
                self._call("unload")
        self.model_info = None
        self.embedder_info = None

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
            message = E.NOT_LOADED() if self.last_exit is None else E.STOPPED()
            raise EngineError("not_loaded", message, E.LOAD_FIRST())

    def generate(
        self,
        request: GenerateRequest,
        on_event: Callable | None = None,
        *,
        owner: str = APP_OWNER,
    ) -> Generation:
        """Start a reply (non-blocking). A reply still running is cancelled first (one of the
        same owner's: with `turns`, another owner's reply makes this an EngineError "busy")."""
        self._require_loaded()
        turns = self.turns
        with self._lock:
            if request.request_id in self._generations:
                raise EngineError("bad_request", E.ALREADY_RUNNING(id=request.request_id))
            if turns is not None and not turns.take(owner):
                raise _busy(owner)
            self._cancel_all()
            gen = Generation(self, request, on_event)
            if turns is not None:
                gen._on_end = lambda: turns.give_back(owner)
            self._generations[request.request_id] = gen
            try:
                self._send(("generate", next(self._ids), request))
            except EngineError:
                self._generations.pop(request.request_id, None)
                gen._end_turn()
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

    # ----------------------------------------------------------------- embeddings

    def load_embedder(
        self, options: EmbedderLoadOptions, timeout: float | None = None
    ) -> EmbedderModelInfo:
        """Make this engine process an embedder (replacing any loaded model). The process then
        answers `embed`, `embed_count_tokens` and `rerank`; keep a separate client for chat."""
        from desktop.core.gguf import GGUFError, read_gguf_meta

        try:
            meta = read_gguf_meta(options.path, check_architecture=False)
        except GGUFError as exc:
            raise EngineError.from_user_error(exc.kind, exc) from None
        if not meta.n_tensors:
            raise EngineError(
                "unsupported_architecture", E.VOCAB_ONLY(name=os.path.basename(options.path))
            )
        with self._lock:
            self._cancel_all()
            self._ensure_process()
            self.model_info = None
            self.embedder_info = None
        info: EmbedderModelInfo = self._call("load_embedder", options, timeout=timeout)
        self.embedder_info = info
        return info

    def _require_embedder(self) -> None:
        if self.embedder_info is None or not self.is_alive:
            raise EngineError("not_loaded", E.NO_EMBEDDER(), E.LOAD_FIRST())

    def embed(self, texts: Sequence[str], timeout: float | None = None) -> EmbeddingBatch:
        """L2-normalised vectors, one per text, in order (texts longer than the model's
        context are cut: see `EmbeddingBatch.truncated`)."""
        self._require_embedder()
        return self._call("embed", [str(t) for t in texts], timeout=timeout)

    def embed_count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Each text's length in the embedder's own tokens, without added specials."""
        self._require_embedder()
        return self._call("embed_count_tokens", [str(t) for t in texts])

    def rerank(self, query: str, documents: Sequence[str]) -> list[float]:
        """A reranker GGUF's relevance score of each document for `query` (higher = better)."""
        self._require_embedder()
        return self._call("rerank", (query, [str(d) for d in documents]))

    def render_prompt(
        self,
        messages: Sequence[ChatMessage],
        add_generation_prompt: bool = True,
        continue_last: bool = False,
        tools: Sequence[dict] | None = None,
    ) -> tuple[str, list[int]]:
        """The exact prompt text the model sees for `messages` (and `tools`: their schemas
        count against the context too), and its token ids."""
        self._require_loaded()
        msgs = tuple(
            m if isinstance(m, ChatMessage) else ChatMessage(m.role, m.content) for m in messages
        )
        payload = (msgs, add_generation_prompt, continue_last, tuple(tools) if tools else None)
        return self._call("render_prompt", payload)


def _busy(owner: str) -> EngineError:
    if owner == API_OWNER:
        return EngineError("busy", BUSY_WITH_APP(), BUSY_WITH_APP_HINT())
    return EngineError("busy", BUSY_WITH_API(), BUSY_WITH_API_HINT())


def _token(t: tuple) -> Token:
    tid, text, piece, logprob, top, forced, *rest = t
    return Token(
        tid,
        text,
        piece,
        logprob,
        tuple(TopToken(a, b, c) for a, b, c in top) if top is not None else None,
        forced,
        rest[0] if rest else None,
        tuple(TopToken(a, b, c) for a, b, c in rest[1]) if len(rest) > 1 and rest[1] else None,
    )
