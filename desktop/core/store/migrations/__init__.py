"""Alembic migrations shipped inside the package (revision ids "0001", "0002", ...)."""

# The newest revision, so an up-to-date database opens without importing Alembic (~150 ms of a
# start). A test checks it against Alembic's own head: a new migration must update it.
HEAD_REVISION = "0007"
