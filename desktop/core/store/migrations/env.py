"""Alembic environment: runs on the connection `open_store` passes in, never on its own URL."""

from __future__ import annotations

from alembic import context

from desktop.core.store.models import Base, import_all_models

import_all_models()
target_metadata = Base.metadata

# Migrations run only through desktop.core.store.migrate.upgrade_to_head(), which passes an
# open connection already inside a transaction (so a failed upgrade leaves nothing behind).
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Tessera migrations run through desktop.core.store.migrate.upgrade_to_head(); "
        "see desktop/core/store/README.md"
    )


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    # The FTS5 index and its shadow tables are created by raw SQL, not by the ORM models.
    return not (type_ == "table" and name is not None and name.startswith("messages_fts"))


context.configure(
    connection=connection,
    target_metadata=target_metadata,
    include_object=include_object,
    render_as_batch=True,  # SQLite alters tables by rebuilding them
)
with context.begin_transaction():
    context.run_migrations()
