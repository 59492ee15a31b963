"""`open_store()`: checks, backs up, migrates and opens the database; `Store` holds the repos."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc

from desktop.core.store import errors as E
from desktop.core.store.conversations import ConversationRepository
from desktop.core.store.errors import (
    StoreError,
    StoreOpenError,
    StoreReadOnlyError,
    StoreWriteError,
)
from desktop.core.store.experiments import ExperimentRepository
from desktop.core.store.instance_lock import held_by_another_process
from desktop.core.store.messages import MessageRepository
from desktop.core.store.migrate import (
    SESSION_KEY,
    backup_database,
    inspect_existing,
    list_backups,
    upgrade_to_head,
)
from desktop.core.store.migrations import HEAD_REVISION
from desktop.core.store.model_files import ModelFileRepository
from desktop.core.store.models import import_all_models
from desktop.core.store.search import SearchRepository
from desktop.core.store.session import Database, describe_write_failure
from desktop.core.store.settings import SettingsRepository
from desktop.core.store.space import diagnose_open_failure
from desktop.core.store.templates import TemplateRepository
from desktop.core.store.wal import DEFAULT_INTERVAL as WAL_CHECKPOINT_INTERVAL
from desktop.core.store.wal import WalCheckpointThread

DATABASE_NAME = "tessera.db"  # inside a data folder (as DataPaths.database names it)


class Store:
    """The open database and its repositories.

    - `conversations`: ConversationRepository (list, rename, pin, settings, delete)
    - `messages`: MessageRepository (the tree: append, stream, finish, branches, load)
    - `search`: SearchRepository (full-text search with snippets)
    - `models`: ModelFileRepository, `templates`: TemplateRepository,
      `settings`: SettingsRepository, `experiments`: ExperimentRepository
    - `db`: the Database (engine + `read()`/`write()` units of work), for the store's own
      maintenance (integrity check, shutdown); every feature goes through a repository.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.path = db.path
        self.conversations = ConversationRepository(db)
        self.messages = MessageRepository(db)
        self.search = SearchRepository(db)
        self.models = ModelFileRepository(db)
        self.templates = TemplateRepository(db)
        self.settings = SettingsRepository(db)
        self.experiments = ExperimentRepository(db)
        self.backup_taken: Path | None = None  # the pre-migration backup this open made
        self.interrupted: tuple[int, ...] = ()  # replies found "streaming" and marked interrupted
        self.integrity_checked = False  # whether this open ran PRAGMA quick_check
        self._session_checked_at: float | None = None
        # Checkpoints the write-ahead log off the writing thread while the store is open.
        self.wal_checkpointer: WalCheckpointThread | None = None

    def backup(self) -> Path:
        """A consistent copy beside the database (e.g. before a risky operation)."""
        return backup_database(self.path, "manual")

    def backups(self) -> list[Path]:
        return list_backups(self.path)

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (None: not versioned)."""
        with self.db.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def check_integrity(self) -> list[str]:
        """Runs `PRAGMA quick_check` now (seconds on a large database: use a worker thread).
        Returns the problems found; [] means healthy."""
        with self.db.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(20)")]
        if rows == ["ok"]:
            self._session_checked_at = time.time()
            return []
        return rows

    def _begin_session(self, checked: bool) -> None:
        state = self.settings.get(SESSION_KEY)
        previous = state.get("checked_at", 0) if isinstance(state, dict) else 0
        self._session_checked_at = time.time() if checked else previous
        self.settings.set(SESSION_KEY, {"open": True, "checked_at": self._session_checked_at})

    def close(self) -> None:
        """Records a clean shutdown (so the next start may skip quick_check) and closes."""
        if self._session_checked_at is not None:
            with contextlib.suppress(StoreError):
                self.settings.set(
                    SESSION_KEY, {"open": False, "checked_at": self._session_checked_at}
                )
            self._session_checked_at = None
        if self.wal_checkpointer is not None:
            self.wal_checkpointer.stop()
            self.wal_checkpointer = None
        # Closing the last connection checkpoints what is left and removes the WAL file.
        self.db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _database_path(target: Any) -> Path:
    database = getattr(target, "database", None)  # DataPaths
    if database is not None:
        return Path(database)
    path = Path(target).expanduser()
    return path / DATABASE_NAME if path.is_dir() else path


def open_store(
    target: Any,
    *,
    integrity_check: bool | None = None,
    recover_interrupted: bool | None = None,
    checkpoint_interval: float = WAL_CHECKPOINT_INTERVAL,
) -> Store:
    """Opens (creating if needed) the store at `target`: a DataPaths, a data folder, or a
    database file path.

    Order: refuse a database from a newer Tessera, or a damaged one (PRAGMA quick_check; the
    error lists the backups), without touching it; back up an existing database before any
    migration; migrate to head; mark replies left "streaming" as "interrupted".
    `integrity_check=None` runs quick_check after an unclean shutdown or when the last check
    is a week old (see migrate.inspect_existing); True: always; False: never.
    `recover_interrupted=None` does that unless another process holds the data folder's
    instance lock (it may be streaming right now). `checkpoint_interval`: seconds between
    background WAL checkpoints.
    Raises StoreOpenError (or its subclasses StoreTooNewError, StoreCorruptError).
    """
    import_all_models()
    path = _database_path(target).expanduser()
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise diagnose_open_failure(path, exc.strerror or "", error=exc) or StoreOpenError(
            E.CANNOT_CREATE_FOLDER(folder=str(folder), reason=exc.strerror)
        ) from exc
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not os.access(folder, os.W_OK):
        raise StoreReadOnlyError(path)
    revision, checked = (
        inspect_existing(path, integrity_check=integrity_check) if exists else (None, True)
    )
    head = HEAD_REVISION
    backup = None
    if revision is not None and revision != head:
        try:
            backup = backup_database(path, f"rev{revision}")
        except (sqlite3.Error, OSError) as exc:
            full = diagnose_open_failure(path, str(exc), backup=True)
            if full is not None:
                raise full from exc
            raise StoreOpenError(
                E.BACKUP_BEFORE_UPGRADE_FAILED(path=str(path), reason=str(exc))
            ) from exc
    db = Database(path, auto_checkpoint=False)
    try:
        if revision != head:
            upgrade_to_head(db.engine)
        store = Store(db)
        store.backup_taken = backup
        store.integrity_checked = checked
        sole_user = not held_by_another_process(folder)
        if recover_interrupted is None:
            recover_interrupted = sole_user
        if recover_interrupted:
            store.interrupted = tuple(store.messages.recover_interrupted())
        if sole_user:
            store._begin_session(checked)
        store.wal_checkpointer = WalCheckpointThread(path, checkpoint_interval).start()
        return store
    except StoreWriteError as exc:
        db.dispose()
        raise diagnose_open_failure(path, str(exc)) or StoreOpenError(
            exc.user_message, exc.user_hint
        ) from exc
    except sa_exc.DBAPIError as exc:
        db.dispose()
        err = describe_write_failure(exc, path)
        not_damage = diagnose_open_failure(path, str(err), backup=backup is not None)
        if not_damage is not None and backup is None:
            raise not_damage from exc
        if backup is not None:
            raise StoreOpenError(
                E.UPGRADE_FAILED(error=err.user_message, backup=str(backup))
            ) from exc
        raise StoreOpenError(err.user_message) from exc
    except StoreError:
        db.dispose()
        raise
