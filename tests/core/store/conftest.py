"""Store fixtures: a fresh database file per test, closed at teardown."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.store import Store, open_store


@pytest.fixture(scope="session")
def pristine_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at head, migrated once per session (migrating takes ~0.3 s)."""
    path = tmp_path_factory.mktemp("pristine") / "tessera.db"
    open_store(path).close()
    return path


@pytest.fixture
def store(tmp_path: Path, pristine_db: Path) -> Iterator[Store]:
    db = tmp_path / "tessera.db"
    shutil.copyfile(pristine_db, db)
    s = open_store(db)
    yield s
    s.close()


def chat(store: Store, *turns: str, title: str = "") -> tuple[int, list[int]]:
    """A conversation with alternating user/assistant turns; returns (id, message ids)."""
    conv = store.conversations.create(title=title)
    ids = []
    for i, text in enumerate(turns):
        if i % 2 == 0:
            ids.append(store.messages.append_user(conv.id, text).id)
        else:
            reply = store.messages.start_assistant(conv.id, model="tiny.gguf")
            ids.append(store.messages.finish(reply.id, text).id)
    return conv.id, ids


def write_refusing_database(store: Store):
    """A Database on the same file whose only connection refuses writes (`query_only`),
    and a function to switch the refusal off/on.

    As root, permissions cannot make a file read-only, so this is how a test makes SQLite
    itself answer "attempt to write a readonly database" mid-session.
    """
    import sqlite3

    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from desktop.core.store.session import Database, configure_connection

    conn = sqlite3.connect(store.path, check_same_thread=False, isolation_level=None)
    configure_connection(conn)
    conn.execute("PRAGMA query_only = 1")
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)

    def refuse(on: bool) -> None:
        conn.execute(f"PRAGMA query_only = {int(on)}")

    return Database(store.path, engine), refuse
