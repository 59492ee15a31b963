"""Schema upgrades: checks before touching a file, a timestamped backup, then Alembic to head."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.messages import Message
from desktop.core.store import errors as E
from desktop.core.store.errors import StoreCorruptError, StoreOpenError, StoreTooNewError
from desktop.core.store.migrations import HEAD_REVISION

if TYPE_CHECKING:  # Alembic is imported only when a migration runs (not on a normal start)
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# settings row {"open": bool, "checked_at": epoch}: did the last session close cleanly, and
# when did quick_check last pass.
SESSION_KEY = "store.session"
CHECK_EVERY_SECONDS = 7 * 86400
SQLITE_MAGIC = b"SQLite format 3\x00"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.lru_cache(maxsize=1)
def head_revision() -> str:
    heads = script_directory().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


@functools.lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    return frozenset(rev.revision for rev in script_directory().walk_revisions())


def list_backups(db_path: Path) -> list[Path]:
    """Backups taken beside `db_path`, newest first."""
    found = db_path.parent.glob(f"{db_path.stem}.backup-*.db")
    return sorted(found, key=lambda p: p.name, reverse=True)


def _readonly_connection(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)


def _needs_check(conn: sqlite3.Connection) -> bool:
    """True unless the last session closed cleanly and the last check is under a week old."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (SESSION_KEY,)).fetchone()
        state = json.loads(row[0]) if row else None
        if not isinstance(state, dict):
            return True
        age = time.time() - float(state.get("checked_at") or 0)
        return bool(state.get("open", True)) or not 0 <= age < CHECK_EVERY_SECONDS
    except (sqlite3.Error, ValueError, TypeError):
        return True


def inspect_existing(
    db_path: Path, *, integrity_check: bool | None = None
) -> tuple[str | None, bool]:
    """Checks an existing file without modifying it. Returns (schema revision, whether
    `PRAGMA quick_check` ran).

    The revision is None for an empty database (no tables). `integrity_check=None` runs the
    check when the last session did not close cleanly (a crash, a power cut, a copy taken while
    open) or the last check is a week old: on a 1 GB database it takes seconds, too slow for
    every start. Raises StoreCorruptError, StoreTooNewError or StoreOpenError; in every case
    the file is left exactly as it was.
    """
    from desktop.core.store.space import diagnose_open_failure

    try:
        with db_path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise diagnose_open_failure(db_path, str(exc), error=exc) or StoreOpenError(
            E.CANNOT_READ_DATABASE(path=str(db_path), reason=str(exc))
        ) from exc
    if header and header != SQLITE_MAGIC:
        raise StoreCorruptError(db_path, "not a SQLite database", list_backups(db_path))
    if not header:
        return None, False
    try:
        conn = _readonly_connection(db_path)
    except sqlite3.Error as exc:
        raise diagnose_open_failure(db_path, str(exc)) or StoreOpenError(
            _cannot_open(db_path, str(exc))
        ) from exc
    try:
        if integrity_check is None:
            integrity_check = _needs_check(conn)
        if integrity_check:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
            if rows != ["ok"]:
                raise StoreCorruptError(db_path, "; ".join(rows)[:300], list_backups(db_path))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None, integrity_check
        if "alembic_version" not in tables:
            raise StoreOpenError(E.NOT_TESSERA(path=str(db_path)))
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        # A full disk makes SQLite say "disk I/O error" (it cannot create the -shm file): not
        # damage, and never a reason to offer starting with an empty database.
        not_damage = diagnose_open_failure(db_path, text)
        if not_damage is not None:
            raise not_damage from exc
        if any(word in text.lower() for word in _NOT_CORRUPTION):
            raise StoreOpenError(_cannot_open(db_path, text)) from exc
        raise StoreCorruptError(db_path, text, list_backups(db_path)) from exc
    finally:
        conn.close()
    revision = row[0] if row else None
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise StoreTooNewError(db_path, revision)
    return revision, integrity_check


# SQLite errors at open that say "cannot access", not "the file is damaged".
_NOT_CORRUPTION = ("readonly", "read-only", "unable to open", "locked", "permission", "access")


def _cannot_open(db_path: Path, text: str) -> Message:
    if (
        not os.access(db_path.parent, os.W_OK)
        or not os.access(db_path, os.W_OK)
        or ("readonly" in text.lower())
    ):
        return E.CANNOT_OPEN_READ_ONLY(path=str(db_path), reason=text)
    return E.CANNOT_OPEN(path=str(db_path), reason=text)


def backup_database(db_path: Path, label: str = "") -> Path:
    """A consistent copy (SQLite backup API, WAL included) beside the database."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    suffix = f"-{label}" if label else ""
    target = db_path.with_name(f"{db_path.stem}.backup-{stamp}{suffix}.db")
    n = 1
    while target.exists():
        n += 1
        target = db_path.with_name(f"{db_path.stem}.backup-{stamp}{suffix}-{n}.db")
    src = _readonly_connection(db_path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    except BaseException:
        dst.close()
        target.unlink(missing_ok=True)  # half a copy (a full disk) only takes space
        raise
    finally:
        dst.close()
        src.close()
    return target


def upgrade_to_head(
    engine: Engine, target: str = "head", *, script_location: Path | None = None
) -> None:
    """Runs every pending migration in one transaction, with foreign keys off meanwhile.

    SQLite rebuilds a table to alter it (drop + recreate); with foreign keys on, dropping a
    parent table would cascade-delete its children, so they are off during the migration and
    `foreign_key_check` must pass before the commit. `script_location` (tests) runs another
    copy of the migrations folder.
    """
    from alembic import command

    with engine.connect() as conn:
        # On the raw connection, outside any transaction: inside one the pragma is ignored.
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                cfg = alembic_config()
                if script_location is not None:
                    cfg.set_main_option("script_location", str(script_location))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StoreOpenError(E.UPGRADE_WOULD_BREAK(count=len(problems)))
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def set_aside_damaged(db_path: Path) -> Path:
    """Renames a damaged database (and its -wal/-shm) out of the way, never deleting it, so a new
    one can be created in its place. Returns where it went."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}.db")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}-{n}.db")
    if db_path.exists():
        db_path.rename(aside)
    for extra in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + extra)
        if side.exists():
            side.rename(aside.with_name(aside.name + extra))
    return aside


def restore_backup(db_path: Path, backup: Path) -> Path:
    """Puts `backup` in place of `db_path`; the damaged file is renamed, never deleted.

    Returns where the damaged file went.
    """
    aside = set_aside_damaged(db_path)
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(db_path)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return aside
