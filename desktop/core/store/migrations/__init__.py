"""Alembic migrations shipped inside the package (revision ids "0001", "0002", ...)."""
