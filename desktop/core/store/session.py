"""The SQLite engine (pragmas, SQL functions) and short read/write units of work."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from desktop.core.store import errors as E
from desktop.core.store.errors import InvalidOperationError, StoreError, StoreWriteError
from desktop.core.store.fts import SQL_FUNCTION, search_text

BUSY_TIMEOUT_MS = 5000


def _decode_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def configure_connection(dbapi_conn: sqlite3.Connection, *, auto_checkpoint: bool = True) -> None:
    """Pragmas and functions every connection needs, including raw ones in tools and tests.

    `auto_checkpoint=False` when a WalCheckpointThread checkpoints instead (see wal.py).
    """
    dbapi_conn.create_function(SQL_FUNCTION, 1, search_text, deterministic=True)
    # Text that is not UTF-8 (written by another program) reads as U+FFFD instead of making
    # the whole query fail, so one such row cannot hide every other one.
    dbapi_conn.text_factory = _decode_text
    cur = dbapi_conn.cursor()
    try:
        if not auto_checkpoint:
            cur.execute("PRAGMA wal_autocheckpoint = 0")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode and str(mode[0]).lower() != "wal":
            # A read-only file cannot switch to WAL; the first write will report it.
            pass
    finally:
        cur.close()


def make_engine(path: Path, *, auto_checkpoint: bool = True) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
        pool_pre_ping=False,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy (not the sqlite3 module's legacy heuristics) decide where transactions
        # begin, so a write unit of work can take the write lock up front.
        dbapi_conn.isolation_level = None
        configure_connection(dbapi_conn, auto_checkpoint=auto_checkpoint)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("tessera_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def describe_write_failure(exc: BaseException, path: Path) -> StoreWriteError:
    """Maps SQLite's error text to a sentence a user understands."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreWriteError(E.WRITE_READ_ONLY(folder=str(path.parent)), reason="read_only")
    if "disk is full" in text or "database or disk is full" in text or "no space" in text:
        return StoreWriteError(E.WRITE_DISK_FULL(folder=str(path.parent)), reason="disk_full")
    if "locked" in text or "busy" in text:
        return StoreWriteError(E.WRITE_BUSY(), reason="busy")
    if "unable to open" in text:
        return StoreWriteError(E.WRITE_CANNOT_OPEN(path=str(path), reason=text), reason="read_only")
    return StoreWriteError(E.WRITE_FAILED(path=str(path), reason=text), reason="other")


class Database:
    """Owns the engine; hands out one short Session per unit of work.

    Other features' repositories (e.g. experiments) take this object and use `read()` /
    `write()` exactly like the built-in ones.
    """

    def __init__(
        self, path: Path, engine: Engine | None = None, *, auto_checkpoint: bool = True
    ) -> None:
        self.path = path
        self.engine = engine or make_engine(path, auto_checkpoint=auto_checkpoint)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        except sa_exc.DBAPIError as exc:
            raise StoreError(E.READ_FAILED(path=str(self.path), reason=str(exc.orig))) from exc
        finally:
            session.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back (raising StoreWriteError)."""
        session = self._sessions()
        try:
            session.connection(execution_options={"tessera_write": True})
            yield session
            session.commit()
        except sa_exc.IntegrityError as exc:
            session.rollback()
            raise InvalidOperationError(E.CONFLICT(reason=str(exc.orig))) from exc
        except sa_exc.DBAPIError as exc:
            session.rollback()
            raise describe_write_failure(exc, self.path) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
