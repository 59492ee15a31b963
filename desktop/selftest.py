"""`tessera --self-test`: check that this installation works, one line per check, exit 0 or 1.

Runs the same code paths as the app, on throwaway data: database migrations, a tiny GGUF model
loaded and run in the engine's worker process, an offline tiktoken encoding, and the main
window opened offscreen. It never touches the user's data folder and never uses the network.
A check whose part of Tessera is missing from this build fails with a line that says so.
"""

from __future__ import annotations

import contextlib
import faulthandler
import importlib
import logging
import os
import platform
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from desktop import __version__

CHECK_TIMEOUT_S = 120  # a hung check ends the process with a traceback instead of hanging CI
GENERATE_TOKENS = 8


class CheckFailed(Exception):
    """A check's failure, worded for the report line."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float


Check = Callable[[Path], str]  # gets a scratch folder; returns what it proved, or raises


def require(module: str, what: str) -> ModuleType:
    """Import `module`, or fail the check saying which part of Tessera is missing."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise CheckFailed(f"{what} is missing from this build (no module {module})") from None
        raise


def require_attr(module: ModuleType, name: str, what: str):
    value = getattr(module, name, None)
    if value is None:
        raise CheckFailed(f"{what} is missing from this build ({module.__name__}.{name})")
    return value


@contextlib.contextmanager
def network_disabled() -> Iterator[None]:
    """Make every outgoing connection and DNS lookup in this process fail at once."""

    def refuse(*_args, **_kwargs):
        raise OSError("network access is disabled during the self-test")

    saved = (socket.socket.connect, socket.create_connection, socket.getaddrinfo)
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.create_connection, socket.getaddrinfo = saved  # type: ignore[method-assign]


# --------------------------------------------------------------------------- checks


def check_migrations(work: Path) -> str:
    store_mod = require("desktop.core.store", "the chat store")
    open_store = require_attr(store_mod, "open_store", "the chat store's open function")
    db_path = work / "data" / "tessera.db"
    store = open_store(db_path)
    try:
        revision = store.schema_revision()
        # A message written and found again proves the schema, the triggers and SQLite's FTS5
        # (compiled into the bundled libsqlite3, or not) all work in this build.
        conversation = store.conversations.create(title="self-test")
        message = store.messages.append(conversation.id, "user", CHINESE_SAMPLE)
        hits = store.search.messages("分词")
    finally:
        store.close()
    if not any(hit.message_id == message.id for hit in hits):
        raise CheckFailed("full-text search did not find a message just written")
    return f"new database migrated to {revision}; write + Chinese full-text search OK"


def check_engine(work: Path) -> str:
    from desktop.core.gguf.tiny_model import write_tiny_gguf

    model = write_tiny_gguf(work / "tessera-selftest.gguf")
    client_mod = require("desktop.core.engine.client", "the engine client")
    protocol = importlib.import_module("desktop.core.engine.protocol")
    engine_client = require_attr(client_mod, "EngineClient", "the engine client")
    client = engine_client()
    try:
        info = client.load(protocol.LoadOptions(path=str(model), n_ctx=512, n_threads=2))
        request = protocol.GenerateRequest(
            request_id=1,
            params=protocol.SamplingParams(seed=1, max_tokens=GENERATE_TOKENS),
            messages=(protocol.ChatMessage("user", "Hello, 世界"),),
        )
        tokens, done = 0, None
        for event in client.generate(request):
            if isinstance(event, protocol.TokenBatch):
                tokens += len(event.tokens)
            elif isinstance(event, protocol.Token):
                tokens += 1
            elif isinstance(event, protocol.Done):
                done = event
            elif isinstance(event, protocol.EngineErrorEvent):
                raise CheckFailed(f"engine error: {event.message} {event.detail}".strip())
    finally:
        try:
            client.close()
        except Exception:  # the check's own result matters more than a failed close
            logging.getLogger(__name__).warning("closing the engine failed", exc_info=True)
    if done is None or tokens == 0:
        raise CheckFailed(f"generation ended without tokens (got {tokens}, done={done})")
    return (
        f"tiny GGUF loaded on {info.backend} ({info.n_vocab}-token vocab), generated {tokens} "
        f"tokens ({done.finish_reason}, {done.stats.decode_tok_s:.0f} tok/s)"
    )


# A sentence and its ids in cl100k_base (tiktoken's own; see tests/e2e/test_selftest.py).
TIKTOKEN_SAMPLE = ("cl100k_base", "hello world", [15339, 1917])
CHINESE_SAMPLE = "你好，世界！大语言模型的分词。"


def check_tiktoken(work: Path) -> str:
    tokenizers = require("desktop.core.tokenizers", "the tokenizer module")
    from desktop.core.paths import DataPaths

    name, text, expected = TIKTOKEN_SAMPLE
    # An empty cache and no downloads: the encoding must come from the files shipped in
    # resources/tiktoken, as on a first start without network.
    paths = DataPaths(work / "data").ensure()
    cache = tokenizers.TiktokenCache.for_data_paths(paths, allow_download=False)
    registry = tokenizers.TokenizerRegistry(cache)
    try:
        with network_disabled():
            tokenizer = registry.get(f"tiktoken:{name}")
            ids = list(tokenizer.encode(text))
            zh = tokenizer.encode(CHINESE_SAMPLE)
            zh_text = b"".join(tokenizer.token_bytes(i) for i in zh).decode("utf-8")
    finally:
        registry.close()
    if ids != expected:
        raise CheckFailed(f"{name} gave {ids} for {text!r}, expected {expected}")
    if zh_text != CHINESE_SAMPLE:
        raise CheckFailed(f"{name} does not round-trip Chinese text: {zh_text!r}")
    return (
        f"bundled {name} loaded offline; {text!r} -> {ids}; Chinese round-trips ({len(zh)} tokens)"
    )


def check_window(work: Path) -> str:
    # Offscreen: the check must work on a headless machine and never flash a window.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app_mod = require("desktop.app", "the main window")
    build_main_window = require_attr(app_mod, "build_main_window", "the main window builder")
    from PySide6.QtWidgets import QApplication

    from desktop.core.paths import DataPaths

    qapp = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "tessera"])
    paths = DataPaths(work / "data").ensure()
    # With a real (fresh) store the window builds every panel, as on a normal start.
    store_mod = require("desktop.core.store", "the chat store")
    store = store_mod.open_store(paths)
    try:
        window = build_main_window(paths, store)
        try:
            window.show()
            qapp.processEvents()
            title, visible = window.windowTitle(), window.isVisible()
        finally:
            window.close()
            window.deleteLater()
            qapp.processEvents()
    finally:
        store.close()
    if not visible:
        raise CheckFailed("the main window did not show")
    return f"main window {title!r} opened and closed ({qapp.platformName()})"


CHECKS: tuple[tuple[str, Check], ...] = (
    ("database migrations", check_migrations),
    ("model load + generate", check_engine),
    ("tiktoken offline", check_tiktoken),
    ("main window", check_window),
)


# --------------------------------------------------------------------------- runner


def run_check(name: str, check: Check, work: Path) -> CheckResult:
    scratch = work / name.replace(" ", "-").replace("+", "and")
    scratch.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        detail = check(scratch)
        ok = True
    except CheckFailed as exc:
        ok, detail = False, str(exc)
    except Exception as exc:  # report any failure as a line, keep checking the rest
        logging.getLogger(__name__).warning("self-test check %s failed", name, exc_info=True)
        ok = False
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        detail = f"{type(exc).__name__}: {exc} (at {where})"
    return CheckResult(name, ok, detail, time.perf_counter() - start)


def format_result(result: CheckResult) -> str:
    status = "PASS" if result.ok else "FAIL"
    return f"{status}  {result.name:<22} {result.detail} [{result.seconds:.1f} s]"


def describe_installation() -> str:
    kind = "bundle" if getattr(sys, "frozen", False) else "Python"
    return (
        f"Tessera {__version__} self-test ({kind}: {sys.executable}; Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()})"
    )


def start_watchdog(name: str, timeout_s: float, say: Callable[[str], None]) -> threading.Timer:
    """End the process if a check hangs: CI gets a FAIL line and the stuck stack, not a hang."""

    def expire() -> None:
        say(f"FAIL  {name:<22} did not finish in {timeout_s:.0f} s; self-test stopped")
        if sys.stderr is not None:
            faulthandler.dump_traceback(file=sys.stderr)
        os._exit(1)

    timer = threading.Timer(timeout_s, expire)
    timer.daemon = True
    timer.start()
    return timer


def run_self_test(
    checks: tuple[tuple[str, Check], ...] = CHECKS, out=None, timeout_s: float = CHECK_TIMEOUT_S
) -> int:
    """Run every check, print one line each and a summary; 0 when all pass, else 1."""
    out = out or sys.stdout

    def say(line: str) -> None:
        if out is not None:
            print(line, file=out, flush=True)

    say(describe_installation())
    saved_env = {k: os.environ.get(k) for k in ("TESSERA_DATA_DIR", "HF_HUB_OFFLINE")}
    results = []
    with tempfile.TemporaryDirectory(prefix="tessera-selftest-") as tmp:
        work = Path(tmp)
        # Anything that resolves the data dir on its own lands in the scratch folder.
        os.environ["TESSERA_DATA_DIR"] = str(work / "data")
        os.environ["HF_HUB_OFFLINE"] = "1"
        try:
            for name, check in checks:
                watchdog = start_watchdog(name, timeout_s, say)
                try:
                    result = run_check(name, check, work)
                finally:
                    watchdog.cancel()
                results.append(result)
                say(format_result(result))
        finally:
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    failed = [r.name for r in results if not r.ok]
    if failed:
        say(f"self-test FAILED: {len(failed)} of {len(results)} checks ({', '.join(failed)})")
        return 1
    say(f"self-test passed: {len(results)} checks")
    return 0
