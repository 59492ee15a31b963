"""The engine process: owns llama.cpp, serves the client's commands over a pipe.

Started by `EngineClient` with multiprocessing's "spawn" context. Its stderr goes to a file the
client reads back when the process dies (the tail explains a native crash). While a reply is
streaming, quick commands (tokenize, count, render) are served between token batches; others
wait until the reply ends. Cancellation arrives through shared memory, checked every token, so
it never waits behind the pipe.

Test hook: TESSERA_ENGINE_CRASH_AFTER=N makes the process abort after N generated tokens
(counted over the process's life); TESSERA_ENGINE_CRASH_NATIVE=1 aborts through ggml_abort.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import signal
import sys
import traceback
from collections import deque
from typing import Any

log = logging.getLogger(__name__)

CRASH_ENV = "TESSERA_ENGINE_CRASH_AFTER"

# Commands answered even while a reply is streaming: they do not touch the KV cache.
QUICK_OPS = frozenset(
    {"tokenize", "detokenize", "count_tokens", "render_prompt", "ping", "build_info"}
)


def _redirect_stderr(path: str | None) -> None:
    """Both stderr and stdout go to the log file: the worker speaks through its pipe only, and
    llama.cpp's GGML_ABORT prints its native backtrace (through gdb) on stdout, which would
    land in the middle of `tessera chat --json` output."""
    if not path:
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 2)
    os.dup2(fd, 1)
    os.close(fd)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115


def _install_log_filter(L: Any) -> None:
    """llama.cpp's info chatter is dropped; warnings and errors go to stderr (the crash tail)."""
    state = {"keep": True}

    def log(level: int, text: bytes, _user: Any) -> None:
        if level != 5:  # 5 = continuation of the previous message
            state["keep"] = level in (2, 3)
        if state["keep"]:
            with contextlib.suppress(OSError):
                os.write(2, text)

    cb = L.llama_log_callback(log)
    L.llama_log_set(cb, None)
    _install_log_filter.keepalive = cb  # type: ignore[attr-defined]


class Worker:
    def __init__(self, conn: Any, cancel: Any, llama: Any) -> None:
        self.conn = conn
        self.cancel = cancel
        self.L = llama
        self.runtime: Any = None
        self.loop: Any = None
        self.embedder: Any = None  # an EmbeddingRuntime (this process then serves embeddings)
        self.deferred: deque[tuple] = deque()
        self.crash_after = int(os.environ.get(CRASH_ENV, "0") or 0)

    # ----------------------------------------------------------------- plumbing

    def send(self, msg: tuple) -> None:
        self.conn.send(msg)

    def serve(self) -> None:
        self.send(("ready", None, os.getpid()))
        while True:
            if self.deferred:
                msg = self.deferred.popleft()
            else:
                try:
                    msg = self.conn.recv()
                except (EOFError, OSError):
                    break  # the client went away
            op, call_id, payload = msg
            if op == "shutdown":
                self._unload()
                self.send(("reply", call_id, None))
                break
            self._dispatch(op, call_id, payload)

    def _dispatch(self, op: str, call_id: int, payload: Any) -> None:
        from desktop.core.engine import errors as E
        from desktop.core.engine.errors import EngineError

        handler = getattr(self, f"op_{op}", None)
        try:
            if handler is None:
                raise EngineError("bad_request", E.UNKNOWN_COMMAND(op=op))
            result = handler(call_id, payload)
        except EngineError as exc:
            self.send(("error", call_id, exc.to_event()))
        except Exception as exc:  # a bug: the client reports (and logs) it, the worker serves on
            log.error("engine command %s failed", op, exc_info=True)  # to stderr: the crash tail
            detail = "".join(traceback.format_exception(exc)[-6:])
            err = EngineError("internal", E.FAILED(error=str(exc)), None, detail)
            self.send(("error", call_id, err.to_event()))
        else:
            if op != "generate":
                self.send(("reply", call_id, result))

    def service(self) -> None:
        """Between token batches: answer quick commands, keep the rest for later."""
        conn = self.conn
        while conn.poll():
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                return
            if msg[0] in QUICK_OPS:
                self._dispatch(*msg)
            else:
                self.deferred.append(msg)

    def _require_model(self) -> Any:
        from desktop.core.engine import errors as E
        from desktop.core.engine.errors import EngineError

        if self.runtime is None:
            raise EngineError("not_loaded", E.NOT_LOADED(), E.LOAD_FIRST())
        return self.runtime

    def _unload(self) -> None:
        if self.runtime is not None:
            self.runtime.close()
        self.runtime = None
        self.loop = None
        if self.embedder is not None:
            self.embedder.close()
        self.embedder = None

    def _require_embedder(self) -> Any:
        from desktop.core.engine import errors as E
        from desktop.core.engine.errors import EngineError

        if self.embedder is None:
            raise EngineError("not_loaded", E.NO_EMBEDDER(), E.LOAD_FIRST())
        return self.embedder

    # ----------------------------------------------------------------- commands

    def op_ping(self, call_id: int, payload: Any) -> int:
        return os.getpid()

    def op_build_info(self, call_id: int, payload: Any) -> Any:
        from desktop.core.engine.buildinfo import describe_build

        return describe_build()

    def op_load(self, call_id: int, options: Any) -> Any:
        from desktop.core.engine.decode_loop import DecodeLoop
        from desktop.core.engine.runtime import ModelRuntime

        self._unload()
        last = [-1.0]

        def progress(value: float) -> None:
            if value >= 1.0 or value - last[0] >= 0.02:
                last[0] = value
                self.send(("progress", call_id, value))

        self.runtime = ModelRuntime(self.L, options, progress)
        self.loop = DecodeLoop(self.runtime, self.crash_after)
        return self.runtime.info

    def op_unload(self, call_id: int, payload: Any) -> None:
        self._unload()

    def op_tokenize(self, call_id: int, payload: tuple[str, bool, bool]) -> list[int]:
        text, add_special, parse_special = payload
        return self._require_model().tokenize(text, add_special, parse_special)

    def op_detokenize(self, call_id: int, ids: list[int]) -> str:
        return self._require_model().detokenize(ids)

    def op_count_tokens(self, call_id: int, text: str) -> int:
        return len(self._require_model().tokenize(text, False, True))

    def op_render_prompt(self, call_id: int, payload: tuple) -> tuple[str, list[int]]:
        from desktop.core.engine.prompt import render_messages

        messages, add_generation_prompt, continue_last, *rest = payload
        return render_messages(
            self._require_model(),
            messages,
            add_generation_prompt=add_generation_prompt and not continue_last,
            continue_last=continue_last,
            tools=rest[0] if rest else None,
        )

    def op_load_embedder(self, call_id: int, options: Any) -> Any:
        from desktop.core.engine.embedding_runtime import EmbeddingRuntime

        self._unload()
        self.embedder = EmbeddingRuntime(self.L, options)
        return self.embedder.info

    def op_embed(self, call_id: int, texts: list[str]) -> Any:
        return self._require_embedder().embed(texts)

    def op_embed_count_tokens(self, call_id: int, texts: list[str]) -> list[int]:
        return self._require_embedder().count_tokens(texts)

    def op_rerank(self, call_id: int, payload: tuple[str, list[str]]) -> list[float]:
        query, documents = payload
        return self._require_embedder().rerank(query, documents)

    def op_generate(self, call_id: int, req: Any) -> None:
        from desktop.core.engine import errors as E
        from desktop.core.engine.errors import EngineError

        rid = req.request_id
        cancel = self.cancel
        try:
            self._require_model()
            done = self.loop.run(
                req,
                lambda: cancel.value == rid,
                lambda r, tokens: self.send(("tokens", r, tokens)),
                self.service,
            )
        except EngineError as exc:
            self.send(("gen_error", rid, exc.to_event(rid)))
            return
        except Exception as exc:  # a bug: the client reports (and logs) it, the worker serves on
            log.error("generating reply %s failed", rid, exc_info=True)
            detail = "".join(traceback.format_exception(exc)[-6:])
            err = EngineError("internal", E.FAILED(error=str(exc)), None, detail)
            self.send(("gen_error", rid, err.to_event(rid)))
            return
        self.send(("done", rid, done))


def worker_main(conn: Any, cancel: Any, stderr_path: str | None) -> None:
    """Entry point of the spawned process."""
    # Ctrl-C in a terminal reaches the whole process group: the parent decides what it means
    # (cancel a reply, keep finished experiment cells); the engine must outlive it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _redirect_stderr(stderr_path)
    faulthandler.enable()
    import llama_cpp.llama_cpp as L

    _install_log_filter(L)
    L.llama_backend_init()
    try:
        Worker(conn, cancel, L).serve()
    finally:
        with contextlib.suppress(OSError):
            conn.close()
