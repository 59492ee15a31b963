"""Logging: one rotating file in the data folder, secrets never in it, crashes always in it."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core import logs
from desktop.core.hub import HubConfig, TokenStore
from desktop.core.logs import configure_logging, log_dir
from desktop.core.paths import DataPaths

TOKEN = "hf_TesseraSecretToken0123456789"


@pytest.fixture
def isolated_logging() -> Iterator[None]:
    """configure_logging changes process-wide state: put it back after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    hooks = sys.excepthook, threading.excepthook
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks
    logging.captureWarnings(False)


class _Keyring:
    """Just enough of the keyring module for TokenStore."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.saved.get((service, user))

    def set_password(self, service: str, user: str, value: str) -> None:
        self.saved[(service, user)] = value


def _text(paths: DataPaths) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (log_dir(paths) / "tessera.log").read_text(encoding="utf-8")


def test_records_go_to_the_data_folder_once(tmp_path: Path, isolated_logging: None) -> None:
    paths = DataPaths(tmp_path / "data")
    path = configure_logging(paths, "debug")
    configure_logging(paths, "debug")  # again (a second main()): still one handler
    assert path == paths.logs / "tessera.log"
    logging.getLogger("desktop.core.test").info("hello 你好")
    assert _text(paths).count("hello 你好") == 1
    assert "INFO" in _text(paths) and "desktop.core.test" in _text(paths)


def test_levels_filter_and_bad_levels_are_refused(tmp_path: Path, isolated_logging: None) -> None:
    paths = DataPaths(tmp_path / "data")
    configure_logging(paths, "warning")
    log = logging.getLogger("desktop.core.test")
    log.info("quiet detail")
    log.warning("loud problem")
    text = _text(paths)
    assert "loud problem" in text and "quiet detail" not in text
    with pytest.raises(ValueError, match="log level"):
        configure_logging(paths, "chatty")


def test_the_file_rotates_and_keeps_a_few_old_ones(
    tmp_path: Path, isolated_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 10_000)
    paths = DataPaths(tmp_path / "data")
    configure_logging(paths)
    log = logging.getLogger("desktop.core.test")
    for i in range(2_000):
        log.info("line %d %s", i, "x" * 60)
    names = sorted(p.name for p in paths.logs.iterdir())
    assert names[0] == "tessera.log"
    assert len(names) == 1 + logs.BACKUP_COUNT
    assert all(p.stat().st_size <= 10_000 for p in paths.logs.iterdir())


def test_secrets_never_reach_the_file(tmp_path: Path, isolated_logging: None) -> None:
    paths = DataPaths(tmp_path / "data")
    configure_logging(paths, "debug")
    tokens = TokenStore(keyring_module=_Keyring())
    tokens.set(TOKEN)
    assert tokens.get() == TOKEN
    log = logging.getLogger("desktop.core.test")
    config = HubConfig("http://127.0.0.1:1", TOKEN)
    log.info("hub config %r", config)
    log.info("headers %s", config.auth_headers("http://127.0.0.1:1/x"))
    log.info("the token itself: %s", TOKEN)
    try:
        raise RuntimeError(f"request with ?token={TOKEN[3:]} failed")
    except RuntimeError:
        log.exception("a failure that quotes it")
    text = _text(paths)
    assert "hub config" in text and "a failure that quotes it" in text
    assert TOKEN[3:] not in text
    assert "***" in text


# The thread dies on purpose: pytest's own report of it is expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_uncaught_exceptions_in_threads_are_logged(tmp_path: Path, isolated_logging: None) -> None:
    paths = DataPaths(tmp_path / "data")
    configure_logging(paths)

    def crash() -> None:
        raise ValueError("worker blew up")

    thread = threading.Thread(target=crash, name="doomed")
    thread.start()
    thread.join()
    text = _text(paths)
    assert "uncaught exception in thread doomed" in text
    assert "ValueError: worker blew up" in text
