"""A database at revision 0001 with data in every table (raw SQL), and what must survive."""

from __future__ import annotations

import json
import sqlite3
import zlib

REVISION = "0001"

LOGPROBS = {
    "v": 1,
    "source": "raw",
    "t": [[15, "你", -0.25, [[15, "你", -0.25], [16, "您", -1.75]], False]],
}


def insert(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        INSERT INTO conversations (id, title, title_is_auto, pinned, model, system_prompt,
            sampling_params, overflow_policy, active_root_id, created_at, updated_at)
        VALUES (1, '迁移测试 migration', 0, 1, 'models/tiny.gguf', 'Be terse.',
            '{"temperature": 0.3}', 'rolling_window', NULL, 1700000000.0, 1700000100.0);

        INSERT INTO messages (id, conversation_id, parent_id, active_child_id, role, content,
            status, error, finish_reason, prompt_tokens, completion_tokens, ttft_seconds,
            tokens_per_second, stats, model, params, token_logprobs, created_at, updated_at)
        VALUES
          (1, 1, NULL, NULL, 'user', '数据库升级会丢消息吗？', 'complete', NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1700000001.0, 1700000001.0),
          (2, 1, 1, NULL, 'assistant', '不会，先备份再迁移。', 'complete', NULL, 'stop',
           12, 9, 0.125, 33.5, '{"prompt_tokens": 12, "completion_tokens": 9}',
           'models/tiny.gguf', '{"seed": 7}', NULL, 1700000002.0, 1700000003.0),
          (3, 1, 1, NULL, 'assistant', 'An older answer', 'cancelled', NULL, 'cancelled',
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1700000004.0, 1700000004.0),
          (4, 1, 2, NULL, 'user', 'streaming when it crashed', 'complete', NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1700000005.0, 1700000005.0),
          (5, 1, 4, NULL, 'assistant', 'half a rep', 'streaming', NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1700000006.0, 1700000006.0);

        UPDATE conversations SET active_root_id = 1 WHERE id = 1;
        UPDATE messages SET active_child_id = 2 WHERE id = 1;
        UPDATE messages SET active_child_id = 4 WHERE id = 2;
        UPDATE messages SET active_child_id = 5 WHERE id = 4;

        INSERT INTO model_files (id, path, hub_repo, hub_file, hub_revision, size_bytes, sha256,
            quantization, architecture, n_params, context_length, n_gpu_layers, n_ctx,
            chat_template_override, added_at, last_used_at)
        VALUES (1, 'models/tiny.gguf', 'owner/tiny-GGUF', 'tiny-Q4_K_M.gguf', 'abc123',
            400000, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
            'Q4_K_M', 'llama', 20000000, 2048, -1, 4096, NULL, 1700000000.0, 1700000050.0);

        INSERT INTO prompt_templates (id, name, description, tags, kind, created_at, updated_at)
        VALUES (1, '翻译', 'Translate text', '["i18n", "zh"]', 'chat', 1700000000.0,
            1700000010.0);
        INSERT INTO template_versions (id, template_id, number, body, system, default_params,
            parent_version_id, note, created_at)
        VALUES
          (1, 1, 1, 'Translate {{text}}', NULL, '{}', NULL, '', 1700000000.0),
          (2, 1, 2, 'Translate {{text}} into {{lang}}', 'You translate.',
           '{"temperature": 0.1}', 1, 'add lang', 1700000010.0);

        INSERT INTO settings (key, value, updated_at)
        VALUES ('ui.theme', '"dark"', 1700000000.0),
               ('chat.defaults', '{"max_tokens": 256, "stop": ["\\n\\n"]}', 1700000000.0);
        """
    )
    blob = zlib.compress(json.dumps(LOGPROBS).encode())
    conn.execute("UPDATE messages SET token_logprobs = ? WHERE id = 2", (blob,))


def check(conn: sqlite3.Connection, store) -> None:
    conv = store.conversations.get(1)
    assert (conv.title, conv.title_is_auto, conv.pinned) == ("迁移测试 migration", False, True)
    assert (conv.system_prompt, conv.overflow_policy) == ("Be terse.", "rolling_window")
    assert conv.sampling_params == {"temperature": 0.3}

    path = store.messages.active_path(1)
    assert [m.id for m in path] == [1, 2, 4, 5]
    assert path[1].sibling_count == 2 and path[1].stats == {
        "prompt_tokens": 12,
        "completion_tokens": 9,
    }
    assert (path[1].ttft_seconds, path[1].tokens_per_second, path[1].params) == (
        0.125,
        33.5,
        {"seed": 7},
    )
    # The crash-left reply is recovered on open, text intact.
    assert (path[3].status, path[3].content) == ("interrupted", "half a rep")
    assert store.messages.get(3).status == "cancelled"
    lp = store.messages.logprobs(2)
    assert lp.tokens[0].alternatives[1].text == "您" and lp.tokens[0].logprob == -0.25

    assert [h.message_id for h in store.search.messages("备份")] == [2]
    assert [h.message_id for h in store.search.messages("升级")] == [1]

    model = store.models.by_path("models/tiny.gguf")
    assert (model.hub_repo, model.quantization, model.n_gpu_layers, model.n_ctx) == (
        "owner/tiny-GGUF",
        "Q4_K_M",
        -1,
        4096,
    )
    assert model.sha256.startswith("e3b0c442")

    template = store.templates.get(1)
    assert (template.name, template.tags, template.latest_version) == ("翻译", ("i18n", "zh"), 2)
    versions = store.templates.versions(1)
    assert [v.body for v in versions] == ["Translate {{text}}", "Translate {{text}} into {{lang}}"]
    assert versions[1].parent_version_id == 1 and versions[1].default_params == {"temperature": 0.1}

    assert store.settings.get("ui.theme") == "dark"
    assert store.settings.get("chat.defaults") == {"max_tokens": 256, "stop": ["\n\n"]}
    assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 5
