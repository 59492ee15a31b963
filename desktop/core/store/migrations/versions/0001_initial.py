"""Initial schema: conversations, message tree, FTS index, model files, templates, settings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copy of the schema at this revision: later model changes go in new revisions.


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("title_is_auto", sa.Boolean, nullable=False),
        sa.Column("pinned", sa.Boolean, nullable=False),
        sa.Column("model", sa.Text),
        sa.Column("system_prompt", sa.Text, nullable=False),
        sa.Column("sampling_params", sa.JSON, nullable=False),
        sa.Column("overflow_policy", sa.String(32), nullable=False),
        sa.Column("active_root_id", sa.Integer),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["active_root_id"],
            ["messages.id"],
            name="fk_conversations_active_root_id_messages",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
    )
    op.create_index("ix_conversations_recent", "conversations", ["pinned", "updated_at"])

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("parent_id", sa.Integer),
        sa.Column("active_child_id", sa.Integer),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("finish_reason", sa.String(32)),
        sa.Column("prompt_tokens", sa.Integer),
        sa.Column("completion_tokens", sa.Integer),
        sa.Column("ttft_seconds", sa.Float),
        sa.Column("tokens_per_second", sa.Float),
        sa.Column("stats", sa.JSON),
        sa.Column("model", sa.Text),
        sa.Column("params", sa.JSON),
        sa.Column("token_logprobs", sa.LargeBinary),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_messages_conversation_id_conversations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["messages.id"],
            name="fk_messages_parent_id_messages",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["active_child_id"],
            ["messages.id"],
            name="fk_messages_active_child_id_messages",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
    )
    op.create_index("ix_messages_conversation", "messages", ["conversation_id", "id"])
    op.create_index("ix_messages_parent", "messages", ["parent_id"])
    op.create_index("ix_messages_status", "messages", ["status"])

    op.create_table(
        "model_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("hub_repo", sa.Text),
        sa.Column("hub_file", sa.Text),
        sa.Column("hub_revision", sa.Text),
        sa.Column("size_bytes", sa.Integer),
        sa.Column("sha256", sa.String(64)),
        sa.Column("quantization", sa.String(32)),
        sa.Column("architecture", sa.String(64)),
        sa.Column("n_params", sa.Integer),
        sa.Column("context_length", sa.Integer),
        sa.Column("n_gpu_layers", sa.Integer),
        sa.Column("n_ctx", sa.Integer),
        sa.Column("chat_template_override", sa.Text),
        sa.Column("added_at", sa.Float, nullable=False),
        sa.Column("last_used_at", sa.Float),
        sa.PrimaryKeyConstraint("id", name="pk_model_files"),
        sa.UniqueConstraint("path", name="uq_model_files_path"),
    )

    op.create_table(
        "prompt_templates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_prompt_templates"),
        sa.UniqueConstraint("name", name="uq_prompt_templates_name"),
    )

    op.create_table(
        "template_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("template_id", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("system", sa.Text),
        sa.Column("default_params", sa.JSON, nullable=False),
        sa.Column("parent_version_id", sa.Integer),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["prompt_templates.id"],
            name="fk_template_versions_template_id_prompt_templates",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_version_id"],
            ["template_versions.id"],
            name="fk_template_versions_parent_version_id_template_versions",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_template_versions"),
        sa.UniqueConstraint("template_id", "number", name="uq_template_versions_template_id"),
    )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )

    # Versions are immutable: only the FK action (parent deleted -> NULL) may change a row.
    op.execute(
        """
        CREATE TRIGGER template_versions_immutable
        BEFORE UPDATE OF template_id, number, body, system, default_params, note, created_at
        ON template_versions
        BEGIN
            SELECT RAISE(ABORT, 'template versions are immutable; add a new version');
        END
        """
    )

    # Full-text index over the CJK-bigram search text (desktop/core/store/fts.py). External
    # content through a view, so the text itself is stored once (in messages). A reply under
    # generation is indexed once it stops streaming: its checkpoints (one a second) then cost
    # a plain row update, not a re-index of the whole growing text.
    op.execute(
        "CREATE VIEW messages_fts_source AS "
        "SELECT id, tessera_search_text(content) AS body FROM messages "
        "WHERE status != 'streaming'"
    )
    op.execute(
        "CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages_fts_source', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        """
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
        WHEN new.status != 'streaming' BEGIN
            INSERT INTO messages_fts(rowid, body)
            VALUES (new.id, tessera_search_text(new.content));
        END
        """
    )
    op.execute(
        """
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
        WHEN old.status != 'streaming' BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, body)
            VALUES ('delete', old.id, tessera_search_text(old.content));
        END
        """
    )
    op.execute(
        """
        CREATE TRIGGER messages_fts_unindex AFTER UPDATE OF content, status ON messages
        WHEN old.status != 'streaming' BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, body)
            VALUES ('delete', old.id, tessera_search_text(old.content));
        END
        """
    )
    op.execute(
        """
        CREATE TRIGGER messages_fts_reindex AFTER UPDATE OF content, status ON messages
        WHEN new.status != 'streaming' BEGIN
            INSERT INTO messages_fts(rowid, body)
            VALUES (new.id, tessera_search_text(new.content));
        END
        """
    )


def downgrade() -> None:
    for trigger in (
        "messages_fts_reindex",
        "messages_fts_unindex",
        "messages_fts_delete",
        "messages_fts_insert",
        "template_versions_immutable",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS messages_fts")
    op.execute("DROP VIEW IF EXISTS messages_fts_source")
    for table in (
        "settings",
        "template_versions",
        "prompt_templates",
        "model_files",
        "messages",
        "conversations",
    ):
        op.drop_table(table)
