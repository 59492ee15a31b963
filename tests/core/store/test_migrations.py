"""Upgrades: every revision's sample data survives the way to head; failures change nothing."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop.core.store import open_store
from desktop.core.store.migrate import (
    MIGRATIONS_DIR,
    head_revision,
    known_revisions,
    list_backups,
    upgrade_to_head,
)
from desktop.core.store.models import Base, import_all_models
from desktop.core.store.session import Database, configure_connection

SAMPLES = sorted((Path(__file__).parent / "samples").glob("rev_*.py"))


def load_sample(path: Path):
    spec = importlib.util.spec_from_file_location(f"store_sample_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database_at(db: Path, revision: str, script_location: Path | None = None) -> None:
    database = Database(db)
    upgrade_to_head(database.engine, revision, script_location=script_location)
    database.dispose()


def raw_connection(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    configure_connection(conn)
    return conn


def test_every_revision_has_a_sample():
    assert {load_sample(p).REVISION for p in SAMPLES} == known_revisions()


@pytest.mark.parametrize("sample_path", SAMPLES, ids=lambda p: p.stem)
def test_data_written_at_each_revision_survives_the_upgrade_to_head(tmp_path, sample_path):
    sample = load_sample(sample_path)
    db = tmp_path / "tessera.db"
    database_at(db, sample.REVISION)
    conn = raw_connection(db)
    with conn:
        sample.insert(conn)
    conn.close()

    with open_store(db) as store:
        if head_revision() != sample.REVISION:
            assert store.backup_taken is not None and store.backup_taken.exists()
            with sqlite3.connect(store.backup_taken) as old:
                rev = old.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            assert rev == sample.REVISION
        conn = raw_connection(db)
        try:
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            assert rev == head_revision()
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            sample.check(conn, store)
        finally:
            conn.close()


def test_models_match_the_schema_the_migrations_build(tmp_path):
    import_all_models()
    with open_store(tmp_path / "tessera.db") as store, store.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # FTS5 tables (and their shadow tables) are made by the migrations, not the models.
    fts = ("messages_fts", "knowledge_fts")
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith(fts))]
    assert diff == []


FAILING_REVISION = textwrap.dedent(
    """
    from alembic import op

    revision = "9999"
    down_revision = {head!r}

    def upgrade():
        op.execute("DELETE FROM messages")
        op.execute("UPDATE conversations SET title = 'broken'")
        op.execute("SELECT * FROM a_table_that_does_not_exist")

    def downgrade():
        pass
    """
)


def test_a_migration_that_fails_half_way_changes_nothing(tmp_path):
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_failing.py").write_text(
        FAILING_REVISION.format(head=head_revision())
    )
    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        conv = store.conversations.create()
        store.messages.append_user(conv.id, "must survive a failed upgrade")
    database = Database(db)
    with pytest.raises(Exception, match="a_table_that_does_not_exist"):
        upgrade_to_head(database.engine, script_location=scripts)
    database.dispose()
    with open_store(db) as store:
        assert store.conversations.get(conv.id).title == "must survive a failed upgrade"
        assert store.messages.active_path(conv.id)[0].content == "must survive a failed upgrade"


def test_opening_at_head_takes_no_backup_but_store_backup_is_consistent(tmp_path):
    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        store.conversations.create(title="in the backup")
        backup = store.backup()
    assert list_backups(db) == [backup]
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT title FROM conversations").fetchall() == [("in the backup",)]


def test_the_head_revision_constant_is_alembics_head() -> None:
    # An up-to-date database opens without importing Alembic; a new migration updates the constant.
    from desktop.core.store.migrations import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def test_an_up_to_date_database_opens_without_importing_alembic(tmp_path) -> None:
    import subprocess
    import sys

    from desktop.core.store import open_store

    open_store(tmp_path / "tessera.db").close()
    code = (
        "import sys; from desktop.core.store import open_store; "
        f"open_store({str(tmp_path / 'tessera.db')!r}).close(); "
        "sys.exit(3 if 'alembic' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
