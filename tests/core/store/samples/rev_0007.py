"""A database at revision 0007: a conversation saved from a request to the API server
(source "api") beside one made in the app (source NULL)."""

from __future__ import annotations

import sqlite3

REVISION = "0007"


def insert(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        INSERT INTO conversations (id, title, title_is_auto, pinned, model, system_prompt,
            sampling_params, overflow_policy, active_root_id, created_at, updated_at, source)
        VALUES
          (1, '接口', 1, 0, 'tiny', '', '{"temperature": 0.2}', 'stop', NULL, 1700000000.0,
           1700000100.0, 'api'),
          (2, 'in the app', 0, 0, NULL, '', '{}', 'stop', NULL, 1700000000.0, 1700000050.0,
           NULL);
        INSERT INTO messages (id, conversation_id, parent_id, active_child_id, role, content,
            status, created_at, updated_at, model, backend, server_version, finish_reason)
        VALUES
          (1, 1, NULL, NULL, 'user', '你好', 'complete', 1700000001.0, 1700000001.0, NULL,
           NULL, NULL, NULL),
          (2, 1, 1, NULL, 'assistant', '你好！', 'complete', 1700000002.0, 1700000003.0,
           'tiny', 'local', 'llama-cpp-python 0.3.36', 'stop');
        UPDATE conversations SET active_root_id = 1 WHERE id = 1;
        UPDATE messages SET active_child_id = 2 WHERE id = 1;
        """
    )


def check(conn: sqlite3.Connection, store) -> None:
    api = store.conversations.get(1)
    assert (api.source, api.title, api.sampling_params) == ("api", "接口", {"temperature": 0.2})
    assert store.conversations.get(2).source is None
    listed = {c.id: c.source for c in store.conversations.list_recent()}
    assert listed == {1: "api", 2: None}
    assert [m.content for m in store.messages.active_path(1)] == ["你好", "你好！"]
