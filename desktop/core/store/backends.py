"""Saved backends (servers Tessera talks to): the `backends` table and its repository.

API keys are not stored here (they live in the OS keyring); the probe result is kept so the
app knows what a server can do without asking it again at every start.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import JSON, Float, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.backends.config import BackendConfig, ProbeResult
from desktop.core.store import errors as E
from desktop.core.store.errors import InvalidOperationError, NotFoundError
from desktop.core.store.models import Base
from desktop.core.store.session import Database


class BackendRow(Base):
    __tablename__ = "backends"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    base_url: Mapped[str] = mapped_column(Text)
    default_model: Mapped[str | None] = mapped_column(Text)
    api_key_env: Mapped[str | None] = mapped_column(Text)
    probe: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


def _config(row: BackendRow) -> BackendConfig:
    return BackendConfig(
        name=row.name,
        kind=row.kind,  # type: ignore[arg-type]  # checked when saved
        base_url=row.base_url,
        default_model=row.default_model,
        api_key_env=row.api_key_env,
        probe=ProbeResult.from_dict(row.probe) if row.probe else None,
        extra=dict(row.extra or {}),
    )


class BackendRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[BackendConfig]:
        with self._db.read() as s:
            return [_config(r) for r in s.scalars(select(BackendRow).order_by(BackendRow.name))]

    def get(self, name: str) -> BackendConfig:
        with self._db.read() as s:
            row = s.scalar(select(BackendRow).where(BackendRow.name == name))
            if row is None:
                raise NotFoundError(E.NO_BACKEND(name=name))
            return _config(row)

    def find(self, name: str) -> BackendConfig | None:
        try:
            return self.get(name)
        except NotFoundError:
            return None

    def save(self, config: BackendConfig, *, replace: bool = False) -> BackendConfig:
        """Adds `config`; with `replace`, an existing backend of that name is overwritten."""
        now = time.time()
        with self._db.write() as s:
            row = s.scalar(select(BackendRow).where(BackendRow.name == config.name))
            if row is not None and not replace:
                raise InvalidOperationError(E.BACKEND_EXISTS(name=config.name))
            if row is None:
                row = BackendRow(name=config.name, created_at=now)
                s.add(row)
            row.kind = config.kind
            row.base_url = config.base_url
            row.default_model = config.default_model
            row.api_key_env = config.api_key_env
            row.probe = config.probe.to_dict() if config.probe else None
            row.extra = dict(config.extra)
            row.updated_at = now
            s.flush()
            return _config(row)

    def save_probe(self, name: str, probe: ProbeResult) -> None:
        with self._db.write() as s:
            row = s.scalar(select(BackendRow).where(BackendRow.name == name))
            if row is None:
                raise NotFoundError(E.NO_BACKEND(name=name))
            row.probe = probe.to_dict()
            row.updated_at = time.time()

    def remove(self, name: str) -> bool:
        with self._db.write() as s:
            result = s.execute(delete(BackendRow).where(BackendRow.name == name))
            return bool(result.rowcount)  # type: ignore[attr-defined]
