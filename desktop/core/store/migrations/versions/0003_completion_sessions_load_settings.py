"""Completion sessions and remembered load settings.

Conversations get a kind ("chat", or "completion": a prompt and its continuations as branches).
Model files remember flash attention (auto/on/off) and the K and V cache types next to the GPU
layers, context and chat template override they already had.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="chat"))
    with op.batch_alter_table("model_files") as batch:
        batch.add_column(sa.Column("flash_attn", sa.String(8)))
        batch.add_column(sa.Column("cache_type_k", sa.String(8)))
        batch.add_column(sa.Column("cache_type_v", sa.String(8)))


def downgrade() -> None:
    with op.batch_alter_table("model_files") as batch:
        batch.drop_column("cache_type_v")
        batch.drop_column("cache_type_k")
        batch.drop_column("flash_attn")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("kind")
