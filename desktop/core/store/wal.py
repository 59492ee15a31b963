"""Moves SQLite's WAL checkpoints off the thread that writes (the GUI thread).

With the default auto-checkpoint, every ~1000th page written makes that commit copy the WAL
into the database and fsync it: a 5-25 ms stall in the middle of a streaming reply. The
store's connections turn auto-checkpoint off and this thread runs a PASSIVE checkpoint (it
never blocks writers or readers) every couple of seconds on its own connection instead.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)


DEFAULT_INTERVAL = 2.0  # seconds between checkpoints


class WalCheckpointThread:
    def __init__(self, db_path: Path, interval: float = DEFAULT_INTERVAL) -> None:
        self._path = db_path
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="tessera-wal-checkpoint", daemon=True
        )
        self._counted = threading.Condition()
        self.checkpoints = 0  # completed so far

    def start(self) -> WalCheckpointThread:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=True)
        except sqlite3.Error:
            log.warning("WAL checkpoint thread could not open %s", self._path, exc_info=True)
            return
        try:
            conn.execute("PRAGMA busy_timeout = 1000")
            while not self._stop.wait(self._interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    with self._counted:
                        self.checkpoints += 1
                        self._counted.notify_all()
                except sqlite3.Error:  # busy or read-only: the next round retries
                    log.debug("WAL checkpoint skipped", exc_info=True)
        finally:
            conn.close()

    def wait_for_checkpoints(self, count: int, timeout: float | None = None) -> bool:
        """Blocks until `count` checkpoints have completed; False on timeout."""
        with self._counted:
            return self._counted.wait_for(lambda: self.checkpoints >= count, timeout)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
