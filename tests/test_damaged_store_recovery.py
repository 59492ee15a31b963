"""A damaged chat database at start: restore the latest backup or start fresh, keeping the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.app import open_store_or_recover
from desktop.core.paths import DataPaths
from desktop.core.store import StoreCorruptError, open_store


def _damaged_with_backup(paths: DataPaths) -> tuple[int, bytes]:
    with open_store(paths) as store:
        conv = store.conversations.create(title="kept")
        store.messages.append_user(conv.id, "我的笔记 precious words")
        store.backup()
        store.conversations.create(title="after the backup")
        store.db.engine.dispose()
        with sqlite3.connect(paths.database) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(paths.database.read_bytes())
    for offset in range(4096, len(data) - 4096, 8192):  # a failing disk: garbage mid-file
        data[offset + 8 : offset + 200] = b"\xde\xad\xbe\xef" * 48
    paths.database.write_bytes(bytes(data))
    return conv.id, bytes(data)


def _damaged_copies(paths: DataPaths) -> list[Path]:
    return sorted(paths.database.parent.glob("*.damaged-*.db"))


def test_restoring_the_backup_brings_the_chats_back_and_keeps_the_damaged_file(tmp_path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    conv_id, damaged = _damaged_with_backup(paths)
    asked: list[StoreCorruptError] = []

    def choose(error: StoreCorruptError) -> str:
        asked.append(error)
        return "restore"

    store = open_store_or_recover(paths, choose)
    assert store is not None and len(asked) == 1
    with store:
        assert [m.content for m in store.messages.active_path(conv_id)] == [
            "我的笔记 precious words"
        ]
    [kept] = _damaged_copies(paths)
    assert kept.read_bytes() == damaged


def test_starting_fresh_gives_an_empty_database_and_keeps_the_damaged_file(tmp_path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    _, damaged = _damaged_with_backup(paths)
    store = open_store_or_recover(paths, lambda _e: "fresh")
    assert store is not None
    with store:
        assert store.conversations.count() == 0
    [kept] = _damaged_copies(paths)
    assert kept.read_bytes() == damaged


def test_quitting_leaves_the_damaged_database_untouched(tmp_path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    _, damaged = _damaged_with_backup(paths)
    assert open_store_or_recover(paths, lambda _e: "quit") is None
    assert paths.database.read_bytes() == damaged
    assert _damaged_copies(paths) == []
