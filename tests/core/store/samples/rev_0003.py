"""A database at revision 0003: a completion session and a model's remembered load settings."""

from __future__ import annotations

import json
import sqlite3

REVISION = "0003"


def insert(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO conversations (id, title, title_is_auto, pinned, model, system_prompt,"
        " sampling_params, overflow_policy, kind, active_root_id, created_at, updated_at)"
        " VALUES (1, '从前有座山', 1, 0, '/models/base.gguf', '', ?, 'stop', 'completion', NULL,"
        " 1700000000.0, 1700000100.0)",
        (json.dumps({"temperature": 0.0}),),
    )
    conn.execute(
        "INSERT INTO messages (id, conversation_id, parent_id, active_child_id, role, content,"
        " status, created_at, updated_at) VALUES (1, 1, NULL, NULL, 'user', '从前有座山，',"
        " 'complete', 1700000000.0, 1700000000.0)"
    )
    for mid, text in ((2, "山里有座庙。"), (3, "山上有棵树。")):
        conn.execute(
            "INSERT INTO messages (id, conversation_id, parent_id, role, content, status,"
            " completion_tokens, created_at, updated_at)"
            " VALUES (?, 1, 1, 'assistant', ?, 'complete', 6, 1700000050.0, 1700000050.0)",
            (mid, text),
        )
    conn.execute("UPDATE conversations SET active_root_id = 1 WHERE id = 1")
    conn.execute("UPDATE messages SET active_child_id = 3 WHERE id = 1")
    conn.execute(
        "INSERT INTO model_files (id, path, n_gpu_layers, n_ctx, chat_template_override,"
        " flash_attn, cache_type_k, cache_type_v, added_at)"
        " VALUES (1, '/models/base.gguf', 12, 8192, 'gemma', 'on', 'q8_0', 'q4_0', 1700000000.0)"
    )


def check(conn: sqlite3.Connection, store) -> None:
    (summary,) = store.conversations.list_recent()
    assert (summary.kind, summary.title, summary.message_count) == ("completion", "从前有座山", 3)
    tree = store.messages.tree(1)
    assert tree.conversation.kind == "completion"
    assert [m.content for m in tree.active_path] == ["从前有座山，", "山上有棵树。"]
    assert tree.active_path[-1].sibling_count == 2
    assert [h.message_id for h in store.search.messages("有座庙")] == [2]
    model = store.models.by_path("/models/base.gguf")
    assert model.load_settings() == {
        "n_gpu_layers": 12,
        "n_ctx": 8192,
        "flash_attn": "on",
        "type_k": "q8_0",
        "type_v": "q4_0",
        "chat_template_override": "gemma",
    }
