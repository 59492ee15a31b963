"""Python logging for Tessera: one rotating file in the data folder, configured once per process.

`configure_logging(paths, level)` is called by the `tessera` entry point for the window and every
subcommand. Records go to `<data>/logs/tessera.log` (rotated at 2 MB, five old files kept), with
the process id, so a user can send the file when something failed. Uncaught exceptions (main
thread and worker threads) are logged with their traceback before Python prints them.

Secrets never reach the file: a filter on the handler masks Hugging Face tokens, bearer and
basic credentials, and any value handed to `register_secret()` (the token read from the
keyring), in the message and in the traceback text.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

LOG_FILE_NAME = "tessera.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
LEVELS = ("debug", "info", "warning", "error")
DEFAULT_LEVEL = "info"
FORMAT = "%(asctime)s %(levelname)-7s [%(process)d %(threadName)s] %(name)s: %(message)s"

_MASK = "***"
_SECRET_PATTERNS = (
    re.compile(r"\bhf_[A-Za-z0-9]{10,}"),  # Hugging Face access tokens
    re.compile(r"(?i)(\bbearer\s+)[^\s'\",;]+"),
    re.compile(r"(?i)(\bbasic\s+)[A-Za-z0-9+/=]{8,}"),
    re.compile(r"(?i)((?:token|password|secret|api[_-]?key)[\"']?\s*[=:]\s*[\"']?)[^\s'\",;&]+"),
)
_secrets: set[str] = set()
_secrets_lock = threading.Lock()


class HasLogs(Protocol):
    @property
    def logs(self) -> Path: ...


def log_dir(paths: HasLogs) -> Path:
    """The folder holding tessera.log and its rotated copies (File > Open log folder)."""
    return Path(paths.logs)


def log_file(paths: HasLogs) -> Path:
    return log_dir(paths) / LOG_FILE_NAME


def register_secret(value: str | None) -> None:
    """Masks `value` wherever it would appear in a log record from now on."""
    if value and len(value) >= 4:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """`text` with every known secret and credential-shaped value masked."""
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, _MASK)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + _MASK, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks secrets in the whole text (message and traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _TesseraHandler(logging.handlers.RotatingFileHandler):
    """Ours, so configuring again (tests, a second `main()`) replaces it instead of adding one."""


def configure_logging(
    paths: HasLogs, level: str = DEFAULT_LEVEL, *, capture_uncaught: bool = True
) -> Path | None:
    """Send this process's log records to the rotating file in `log_dir(paths)`.

    Returns the log file, or None when the folder cannot be written (then warnings and errors
    go to stderr only, and the app runs on). Idempotent: a second call replaces the handler.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _TesseraHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(_level_number(level))
    path = log_file(paths)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _TesseraHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        print(f"tessera: cannot write the log file {path}: {exc}", file=sys.stderr)
        return None
    handler.setFormatter(RedactingFormatter(FORMAT))
    root.addHandler(handler)
    logging.captureWarnings(True)
    if capture_uncaught:
        _log_uncaught_exceptions()
    return path


def _level_number(level: str) -> int:
    if level.lower() not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {level!r}")
    return int(getattr(logging, level.upper()))


def _log_uncaught_exceptions() -> None:
    if getattr(sys.excepthook, "_tessera", False):
        return
    previous_hook = sys.excepthook
    previous_thread_hook = threading.excepthook
    log = logging.getLogger("tessera.uncaught")

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> Any:
        if not issubclass(kind, KeyboardInterrupt):
            log.critical("uncaught exception", exc_info=(kind, value, tb))
        return previous_hook(kind, value, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> Any:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            name = args.thread.name if args.thread is not None else "?"
            log.critical(
                "uncaught exception in thread %s",
                name,
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        return previous_thread_hook(args)

    hook._tessera = True  # type: ignore[attr-defined]
    sys.excepthook = hook
    threading.excepthook = thread_hook
