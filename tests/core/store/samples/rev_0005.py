"""A database at revision 0005 with a knowledge base (document, chunks, chat links)."""

from __future__ import annotations

import json
import sqlite3

REVISION = "0005"


def insert(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        INSERT INTO conversations (id, title, title_is_auto, pinned, model, system_prompt,
            sampling_params, overflow_policy, active_root_id, created_at, updated_at)
        VALUES (50, '知识问答', 0, 0, 'models/tiny.gguf', '', '{}', 'stop', NULL,
            1700000000.0, 1700000100.0);
        INSERT INTO messages (id, conversation_id, parent_id, active_child_id, role, content,
            status, created_at, updated_at)
        VALUES (50, 50, NULL, NULL, 'user', '端口是多少？', 'complete', 1700000001.0, 1700000001.0),
               (51, 50, 50, NULL, 'assistant', '八千 [1]', 'complete', 1700000002.0, 1700000002.0);
        INSERT INTO knowledge_bases (id, name, description, embedder, embedder_name,
            embedder_dimension, embedder_identity, query_prefix, document_prefix, chunk_tokens,
            chunk_overlap, max_file_bytes, index_state, created_at, updated_at)
        VALUES (1, '手册', '', 'model:/models/bge.gguf', 'bge-small-zh-v1.5', 512,
            'gguf:bge-small-zh-v1.5:512:1:cls', '为这个句子生成表示以用于检索相关文章：', '',
            256, 32, 67108864, '{"status": "done", "done": 2, "total": 2}',
            1700000000.0, 1700000050.0);
        INSERT INTO knowledge_sources (id, base_id, path, added_at)
        VALUES (1, 1, '/home/u/手册', 1700000000.0);
        INSERT INTO knowledge_documents (id, base_id, source_id, path, kind, size, mtime_ns,
            sha256, status, reason, encoding, n_pages, n_chunks, n_tokens, indexed_at)
        VALUES (1, 1, 1, '/home/u/手册/代理.md', 'markdown', 120, 1700000000000000000,
            'ab', 'indexed', NULL, 'utf-8', NULL, 2, 30, 1700000010.0),
            (2, 1, 1, '/home/u/手册/锁.pdf', 'pdf', 999, 1700000000000000000, 'cd', 'skipped',
            '{"code": "knowledge.pdf_encrypted", "template": "the PDF is encrypted with a password", "params": {}}',
            NULL, NULL, 0, 0, NULL);
        INSERT INTO knowledge_chunks (id, document_id, base_id, ordinal, text, token_count,
            char_start, char_end, line_start, line_end, page_start, page_end)
        VALUES (1, 1, 1, 0, '代理服务器的端口是八千。', 14, 0, 12, 1, 1, NULL, NULL),
               (2, 1, 1, 1, 'Restart the proxy after changing its timeout.', 16, 13, 60, 2, 3,
                NULL, NULL);
        INSERT INTO knowledge_attachments (conversation_id, base_id, attached_at)
        VALUES (50, 1, 1700000001.0);
        """
    )
    conn.execute(
        "INSERT INTO knowledge_injections (message_id, query, template, injected_text,"
        " injected_tokens, citations, created_at) VALUES (51, '端口是多少？', '{context} {question}',"
        " '[1] 代理服务器的端口是八千。 端口是多少？', 21, ?, 1700000002.0)",
        (json.dumps([{"number": 1, "chunk_id": 1, "path": "/home/u/手册/代理.md"}]),),
    )


def check(conn: sqlite3.Connection, store) -> None:
    from desktop.core.store.knowledge import KnowledgeRepository
    from desktop.core.store.knowledge_search import KnowledgeSearchRepository

    repo = KnowledgeRepository(store.db)
    base = repo.base_by_name("手册")
    assert (base.embedder_name, base.embedder_dimension, base.index_state.status) == (
        "bge-small-zh-v1.5",
        512,
        "done",
    )
    docs = {d.path: d for d in repo.documents(base.id)}
    assert docs["/home/u/手册/锁.pdf"].reason.code == "knowledge.pdf_encrypted"
    assert [c.line_start for c in repo.document_chunks(1)] == [1, 2]
    hits = KnowledgeSearchRepository(store.db).bm25([base.id], "代理服务器")
    assert [h[0] for h in hits] == [1]
    assert [b.id for b in repo.attached(50)] == [1]
    injection = repo.injection(51)
    assert injection.injected_tokens == 21 and injection.citations[0]["chunk_id"] == 1
