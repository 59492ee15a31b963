"""Opening the database: new, reopened, newer Tessera, damaged, foreign, read-only."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from desktop.core.paths import DataPaths
from desktop.core.store import (
    StoreCorruptError,
    StoreOpenError,
    StoreTooNewError,
    open_store,
)
from desktop.core.store.migrate import head_revision, list_backups, restore_backup
from tests.core.store.conftest import chat

REPO = Path(__file__).resolve().parents[3]


def test_a_new_data_dir_gets_a_wal_database_at_head_with_pragmas(tmp_path):
    paths = DataPaths(tmp_path / "fresh")
    with open_store(paths) as store:
        assert store.path == paths.database and store.backup_taken is None
        with store.db.engine.connect() as conn:
            pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 5000
            assert pragma("synchronous") == 1  # NORMAL
            rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            assert rev == head_revision()
    assert list_backups(paths.database) == []


def test_reopening_keeps_everything_and_takes_no_backup(tmp_path):
    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        conv, _ = chat(store, "remember me", "I will")
    with open_store(db) as store:
        assert [m.content for m in store.messages.active_path(conv)] == ["remember me", "I will"]
        assert store.backup_taken is None
    assert list_backups(db) == []


def test_database_from_a_newer_tessera_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        chat(store, "from the future")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreTooNewError) as err:
        open_store(db)
    assert "newer version of Tessera" in str(err.value) and "0999" in str(err.value)
    assert db.read_bytes() == before
    assert list_backups(db) == []


def _damage(db: Path) -> None:
    """Overwrites the middle pages with garbage, as a failing disk would."""
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page, len(data) - page, page * 2):
        data[offset + 8 : offset + 200] = b"\xde\xad\xbe\xef" * 48
    db.write_bytes(bytes(data))


def test_damaged_database_is_reported_with_the_latest_backup_and_can_be_restored(tmp_path):
    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        conv, _ = chat(store, "precious words", "kept safe")
        backup = store.backup()
        store.db.engine.dispose()
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(db)
    damaged = db.read_bytes()
    with pytest.raises(StoreCorruptError) as err:
        open_store(db, integrity_check=True)
    assert err.value.latest_backup == backup
    assert str(backup) in str(err.value) and "damaged" in str(err.value)
    assert db.read_bytes() == damaged  # never silently recreated

    aside = restore_backup(db, backup)
    assert aside.read_bytes() == damaged
    with open_store(db) as store:
        assert [m.content for m in store.messages.active_path(conv)] == [
            "precious words",
            "kept safe",
        ]


UNCLEAN_EXIT = textwrap.dedent(
    """
    import os, sys
    from desktop.core.store import open_store
    store = open_store(sys.argv[1])
    store.conversations.create(title="open when the power went out")
    os.kill(os.getpid(), 9)
    """
)


def test_quick_check_runs_after_an_unclean_exit_and_not_after_a_clean_close(tmp_path):
    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        assert store.integrity_checked  # a new file counts as checked
    with open_store(db) as store:
        assert not store.integrity_checked  # clean close, checked minutes ago: fast start
    proc = subprocess.run(
        [sys.executable, "-c", UNCLEAN_EXIT, str(db)], cwd=REPO, capture_output=True, timeout=60
    )
    assert proc.returncode == -9, proc.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(db)
    with pytest.raises(StoreCorruptError):
        open_store(db)  # default policy: the crash forces the check


def test_a_week_old_check_is_repeated(tmp_path):
    db = tmp_path / "tessera.db"
    open_store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE settings SET value = json_set(value, '$.checked_at', 1000.0) "
            "WHERE key = 'store.session'"
        )
    with open_store(db) as store:
        assert store.integrity_checked
        assert store.check_integrity() == []
    with open_store(db) as store:
        assert not store.integrity_checked


def test_a_file_that_is_not_sqlite_is_reported_as_damaged_and_kept(tmp_path):
    db = tmp_path / "tessera.db"
    db.write_bytes(b"this is a text file, not a database" * 100)
    with pytest.raises(StoreCorruptError) as err:
        open_store(db)
    assert "not a SQLite database" in str(err.value) and err.value.backups == []
    assert db.read_bytes().startswith(b"this is a text file")


def test_someone_elses_sqlite_file_is_not_touched(tmp_path):
    db = tmp_path / "tessera.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    before = db.read_bytes()
    with pytest.raises(StoreOpenError) as err:
        open_store(db)
    assert "not a Tessera database" in str(err.value)
    assert db.read_bytes() == before


@pytest.fixture
def readonly_dir():
    """A folder the test process can write and an unprivileged probe process cannot."""
    root = Path(tempfile.mkdtemp(prefix="tessera-ro-"))
    root.chmod(0o755)
    folder = root / "data"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(root)


def _probe(db: Path) -> dict:
    """Runs open_store in a forked child that cannot write the folder. Root ignores file
    modes, so as root the child first drops to the 'nobody' user."""
    db.parent.chmod(0o555)
    if db.exists():
        db.chmod(0o444)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: report through the pipe, never return into pytest
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            try:
                open_store(db).close()
                result = {"opened": True}
            except StoreOpenError as exc:
                result = {"opened": False, "error": str(exc)}
            os.write(write_end, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    db.parent.chmod(0o755)
    assert data, "the probe process died"
    return json.loads(data)


def test_read_only_data_dir_without_a_database_gets_a_clear_message(readonly_dir):
    result = _probe(readonly_dir / "tessera.db")
    assert result["opened"] is False
    assert "read-only" in result["error"] and "--data-dir" in result["error"]
    assert list(readonly_dir.iterdir()) == []


def test_read_only_data_dir_with_a_database_gets_a_clear_message_and_loses_nothing(
    readonly_dir,
):
    db = readonly_dir / "tessera.db"
    with open_store(db) as store:
        conv, _ = chat(store, "still here")
    before = db.read_bytes()
    result = _probe(db)
    assert result["opened"] is False
    assert "read-only" in result["error"]
    assert db.read_bytes() == before
    db.chmod(0o644)
    with open_store(db) as store:
        assert store.messages.active_path(conv)[0].content == "still here"
