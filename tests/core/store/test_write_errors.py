"""A write that fails (disk full, read-only) rolls back, says why, and can be retried."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from desktop.core.store import StoreWriteError
from desktop.core.store.db import Store
from desktop.core.store.session import Database, configure_connection
from tests.core.store.conftest import chat, write_refusing_database


def full_disk_store(store: Store) -> tuple[Store, sqlite3.Connection]:
    """The same file through one connection that may not grow the file (a full disk)."""
    conn = sqlite3.connect(store.path, check_same_thread=False, isolation_level=None)
    configure_connection(conn)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    return Store(Database(store.path, engine)), conn


def test_disk_full_while_saving_a_long_message_rolls_back_and_retry_succeeds(store):
    conv, _ = chat(store, "short question")
    full, conn = full_disk_store(store)
    long_text = "这是一段很长的回答。" * 20000  # ~600 KB: needs new pages
    with pytest.raises(StoreWriteError) as err:
        full.messages.append_user(conv, long_text)
    assert err.value.reason == "disk_full"
    assert "disk" in str(err.value) and "full" in str(err.value)
    # Rolled back: no half-written message, no stale index entry, the chat is as before.
    assert [m.content for m in store.messages.active_path(conv)] == ["short question"]
    assert store.search.messages("很长") == []
    assert store.conversations.list_recent()[0].message_count == 1

    conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    saved = full.messages.append_user(conv, long_text)
    assert store.messages.get(saved.id).content == long_text
    full.close()


def test_disk_full_during_finish_keeps_the_streaming_text_and_finishing_again_works(store):
    conv, _ = chat(store, "q")
    reply = store.messages.start_assistant(conv)
    store.messages.checkpoint(reply.id, "partial")
    full, conn = full_disk_store(store)
    final = "final answer " * 50000
    with pytest.raises(StoreWriteError):
        full.messages.finish(reply.id, final, stats={"completion_tokens": 9})
    got = store.messages.get(reply.id)
    assert (got.status, got.content, got.completion_tokens) == ("streaming", "partial", None)
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert full.messages.finish(reply.id, final).content == final
    full.close()


def test_read_only_database_mid_session_reports_it_and_changes_nothing(store):
    conv, _ = chat(store, "keep me")
    db, refuse = write_refusing_database(store)
    ro = Store(db)
    for attempt in (
        lambda: ro.conversations.create(),
        lambda: ro.messages.append_user(conv, "lost?"),
        lambda: ro.conversations.rename(conv, "new name"),
        lambda: ro.settings.set("theme", "dark"),
        lambda: ro.messages.delete(store.messages.active_path(conv)[0].id),
    ):
        with pytest.raises(StoreWriteError) as err:
            attempt()
        assert err.value.reason == "read_only" and "read-only" in str(err.value)
    assert store.conversations.count() == 1
    assert [m.content for m in store.messages.active_path(conv)] == ["keep me"]
    assert store.conversations.get(conv).title == "keep me"
    refuse(False)
    assert ro.messages.append_user(conv, "now it saves").content == "now it saves"
    ro.close()
