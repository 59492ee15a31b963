"""Conversations remember where they came from: `source` is "api" for requests to Tessera's
API server (shown with an "API" tag), NULL for chats made in the app or the CLI.

Revision ID: 0007
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("conversations", sa.Column("source", sa.String(16)))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("source")
