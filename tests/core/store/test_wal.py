"""WAL checkpoints happen on a background thread: the write-ahead log stays bounded."""

from __future__ import annotations

import threading

from desktop.core.store import open_store


def _wal_size(db) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_the_log_is_checkpointed_in_the_background_and_reused(tmp_path):
    db = tmp_path / "tessera.db"
    with open_store(db, checkpoint_interval=0.05) as store:
        conv = store.conversations.create()
        chunk = "流式输出 streaming output " * 4000  # ~100 KB per message
        for _ in range(40):
            store.messages.append_user(conv.id, chunk)
        first = _wal_size(db)
        assert first > 3_000_000
        checkpointer = store.wal_checkpointer
        assert checkpointer is not None
        # Two more: the second started after the last write, so it copied all of it.
        assert checkpointer.wait_for_checkpoints(checkpointer.checkpoints + 2, timeout=60)
        for _ in range(40):
            store.messages.append_user(conv.id, chunk)
        # Checkpointed meanwhile, so the second batch reused the log instead of doubling it.
        assert _wal_size(db) < first * 1.5
        assert any(t.name == "tessera-wal-checkpoint" for t in threading.enumerate())
    assert not any(t.name == "tessera-wal-checkpoint" for t in threading.enumerate())
    assert _wal_size(db) == 0  # closing checkpoints the rest and removes the log
    with open_store(db) as store:
        assert len(store.messages.active_path(conv.id)) == 80
