"""Knowledge bases: sources, documents, chunks with a CJK-aware full-text index, chat links.

Revision ID: 0005
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen copy of desktop/core/store/knowledge_tables.py at this revision.


def upgrade() -> None:
    op.create_table(
        "knowledge_bases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("embedder", sa.Text),
        sa.Column("embedder_name", sa.Text),
        sa.Column("embedder_dimension", sa.Integer),
        sa.Column("embedder_identity", sa.Text),
        sa.Column("query_prefix", sa.Text, nullable=False),
        sa.Column("document_prefix", sa.Text, nullable=False),
        sa.Column("chunk_tokens", sa.Integer, nullable=False),
        sa.Column("chunk_overlap", sa.Integer, nullable=False),
        sa.Column("max_file_bytes", sa.Integer, nullable=False),
        sa.Column("index_state", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_knowledge_bases"),
        sa.UniqueConstraint("name", name="uq_knowledge_bases_name"),
    )
    op.create_table(
        "knowledge_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("base_id", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("added_at", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["knowledge_bases.id"],
            name="fk_knowledge_sources_base_id_knowledge_bases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_knowledge_sources"),
        sa.UniqueConstraint("base_id", "path", name="uq_knowledge_sources_base_id"),
    )
    op.create_table(
        "knowledge_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("base_id", sa.Integer, nullable=False),
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("mtime_ns", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.JSON),
        sa.Column("encoding", sa.String(32)),
        sa.Column("n_pages", sa.Integer),
        sa.Column("n_chunks", sa.Integer, nullable=False),
        sa.Column("n_tokens", sa.Integer, nullable=False),
        sa.Column("indexed_at", sa.Float),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["knowledge_bases.id"],
            name="fk_knowledge_documents_base_id_knowledge_bases",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["knowledge_sources.id"],
            name="fk_knowledge_documents_source_id_knowledge_sources",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_knowledge_documents"),
        sa.UniqueConstraint("base_id", "path", name="uq_knowledge_documents_base_id"),
    )
    op.create_index("ix_knowledge_documents_status", "knowledge_documents", ["base_id", "status"])
    op.create_table(
        "knowledge_chunks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("base_id", sa.Integer, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("token_count", sa.Integer, nullable=False),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("line_start", sa.Integer, nullable=False),
        sa.Column("line_end", sa.Integer, nullable=False),
        sa.Column("page_start", sa.Integer),
        sa.Column("page_end", sa.Integer),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["knowledge_documents.id"],
            name="fk_knowledge_chunks_document_id_knowledge_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["knowledge_bases.id"],
            name="fk_knowledge_chunks_base_id_knowledge_bases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_knowledge_chunks"),
    )
    op.create_index("ix_knowledge_chunks_document", "knowledge_chunks", ["document_id", "ordinal"])
    op.create_index("ix_knowledge_chunks_base", "knowledge_chunks", ["base_id"])
    op.create_table(
        "knowledge_attachments",
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("base_id", sa.Integer, nullable=False),
        sa.Column("attached_at", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_knowledge_attachments_conversation_id_conversations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["knowledge_bases.id"],
            name="fk_knowledge_attachments_base_id_knowledge_bases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "base_id", name="pk_knowledge_attachments"),
    )
    op.create_table(
        "knowledge_injections",
        sa.Column("message_id", sa.Integer, nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("template", sa.Text, nullable=False),
        sa.Column("injected_text", sa.Text, nullable=False),
        sa.Column("injected_tokens", sa.Integer),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name="fk_knowledge_injections_message_id_messages",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", name="pk_knowledge_injections"),
    )

    # The chunks' full-text index: the same CJK-bigram search text as messages_fts (fts.py),
    # so a 2-character Chinese word is found inside a sentence, with FTS5's bm25() ranking.
    # The trigram tokenizer was not chosen: it cannot match 2-character words, the most
    # common Chinese word length. Chunks never change in place (a re-index replaces them),
    # so insert and delete triggers are enough.
    op.execute(
        "CREATE VIEW knowledge_fts_source AS "
        "SELECT id, tessera_search_text(text) AS body FROM knowledge_chunks"
    )
    op.execute(
        "CREATE VIRTUAL TABLE knowledge_fts USING fts5(body, content='knowledge_fts_source', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    # Per-term document counts: frequent query words are dropped before ranking (see
    # knowledge_search.py).
    op.execute("CREATE VIRTUAL TABLE knowledge_fts_vocab USING fts5vocab(knowledge_fts, 'row')")
    op.execute(
        """
        CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge_chunks BEGIN
            INSERT INTO knowledge_fts(rowid, body) VALUES (new.id, tessera_search_text(new.text));
        END
        """
    )
    op.execute(
        """
        CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge_chunks BEGIN
            INSERT INTO knowledge_fts(knowledge_fts, rowid, body)
            VALUES ('delete', old.id, tessera_search_text(old.text));
        END
        """
    )
    op.execute(
        """
        CREATE TRIGGER knowledge_fts_update AFTER UPDATE OF text ON knowledge_chunks BEGIN
            INSERT INTO knowledge_fts(knowledge_fts, rowid, body)
            VALUES ('delete', old.id, tessera_search_text(old.text));
            INSERT INTO knowledge_fts(rowid, body) VALUES (new.id, tessera_search_text(new.text));
        END
        """
    )


def downgrade() -> None:
    for trigger in ("knowledge_fts_update", "knowledge_fts_delete", "knowledge_fts_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS knowledge_fts_vocab")
    op.execute("DROP TABLE IF EXISTS knowledge_fts")
    op.execute("DROP VIEW IF EXISTS knowledge_fts_source")
    for table in (
        "knowledge_injections",
        "knowledge_attachments",
        "knowledge_chunks",
        "knowledge_documents",
        "knowledge_sources",
        "knowledge_bases",
    ):
        op.drop_table(table)
