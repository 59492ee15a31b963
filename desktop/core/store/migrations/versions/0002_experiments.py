"""Experiments: definitions (cases, configs), runs, per-cell results and ratings.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy of desktop/core/store/experiments.py at this revision.


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("versions", sa.JSON, nullable=False),
        sa.Column("checks", sa.JSON, nullable=False),
        sa.Column("repeats", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_experiments"),
    )
    op.create_table(
        "experiment_cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("experiment_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("values", sa.JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name="fk_experiment_cases_experiment_id_experiments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_experiment_cases"),
    )
    op.create_index(
        "ix_experiment_cases_experiment", "experiment_cases", ["experiment_id", "position"]
    )
    op.create_table(
        "experiment_configs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("experiment_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("model_path", sa.Text, nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("load", sa.JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name="fk_experiment_configs_experiment_id_experiments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_experiment_configs"),
    )
    op.create_index(
        "ix_experiment_configs_experiment", "experiment_configs", ["experiment_id", "position"]
    )
    op.create_table(
        "experiment_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("experiment_id", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("engine_version", sa.Text, nullable=False),
        sa.Column("spec", sa.JSON, nullable=False),
        sa.Column("total_cells", sa.Integer, nullable=False),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("finished_at", sa.Float),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiments.id"],
            name="fk_experiment_runs_experiment_id_experiments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_experiment_runs"),
        sa.UniqueConstraint("experiment_id", "number", name="uq_experiment_runs_experiment_id"),
    )
    op.create_table(
        "experiment_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("version_index", sa.Integer, nullable=False),
        sa.Column("case_index", sa.Integer, nullable=False),
        sa.Column("config_index", sa.Integer, nullable=False),
        sa.Column("repeat", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("system", sa.Text, nullable=False),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("model_prompt", sa.Text, nullable=False),
        sa.Column("model_path", sa.Text, nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("output", sa.Text, nullable=False),
        sa.Column("finish_reason", sa.String(32), nullable=False),
        sa.Column("prompt_tokens", sa.Integer, nullable=False),
        sa.Column("completion_tokens", sa.Integer, nullable=False),
        sa.Column("ttft_seconds", sa.Float),
        sa.Column("tokens_per_second", sa.Float),
        sa.Column("total_seconds", sa.Float, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("checks", sa.JSON, nullable=False),
        sa.Column("passed", sa.Boolean),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["experiment_runs.id"],
            name="fk_experiment_results_run_id_experiment_runs",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_experiment_results"),
        sa.UniqueConstraint(
            "run_id",
            "version_index",
            "case_index",
            "config_index",
            "repeat",
            name="uq_experiment_results_run_id",
        ),
    )
    op.create_table(
        "experiment_ratings",
        sa.Column("result_id", sa.Integer, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="ck_experiment_ratings_rating_range"),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["experiment_results.id"],
            name="fk_experiment_ratings_result_id_experiment_results",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("result_id", name="pk_experiment_ratings"),
    )


def downgrade() -> None:
    for table in (
        "experiment_ratings",
        "experiment_results",
        "experiment_runs",
        "experiment_configs",
        "experiment_cases",
        "experiments",
    ):
        op.drop_table(table)
