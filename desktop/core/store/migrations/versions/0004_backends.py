"""Backends: saved servers (name, kind, URL, default model, probe), and where each reply and
experiment cell was generated (backend, server version; the model id is in `model` /
`model_path` as before).

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen copy of desktop/core/store/backends.py and the new columns at this revision.


def upgrade() -> None:
    op.create_table(
        "backends",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("base_url", sa.Text, nullable=False),
        sa.Column("default_model", sa.Text),
        sa.Column("api_key_env", sa.Text),
        sa.Column("probe", sa.JSON),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_backends"),
        sa.UniqueConstraint("name", name="uq_backends_name"),
    )
    # NULL on replies saved before: nobody recorded where they ran (it was the local engine).
    op.add_column("messages", sa.Column("backend", sa.Text))
    op.add_column("messages", sa.Column("server_version", sa.Text))
    op.add_column(
        "experiment_configs",
        sa.Column("backend", sa.Text, nullable=False, server_default=""),
    )
    op.add_column(
        "experiment_results",
        sa.Column("backend", sa.Text, nullable=False, server_default=""),
    )
    op.add_column(
        "experiment_results",
        sa.Column("server_version", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("experiment_results") as batch:
        batch.drop_column("server_version")
        batch.drop_column("backend")
    with op.batch_alter_table("experiment_configs") as batch:
        batch.drop_column("backend")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("server_version")
        batch.drop_column("backend")
    op.drop_table("backends")
