"""Settings: key -> JSON value."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert

from desktop.core.store import errors as E
from desktop.core.store import models as m
from desktop.core.store.errors import InvalidOperationError
from desktop.core.store.session import Database


class SettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        with self._db.read() as s:
            row = s.get(m.Setting, key)
            return default if row is None else row.value

    def set(self, key: str, value: Any) -> None:
        """Stores any JSON-serialisable value (a TypeError-free check happens first)."""
        try:
            json.dumps(value)
        except (TypeError, ValueError) as exc:
            raise InvalidOperationError(E.SETTING_NOT_SAVED(key=key, reason=str(exc))) from exc
        stmt = insert(m.Setting).values(key=key, value=value, updated_at=time.time())
        stmt = stmt.on_conflict_do_update(
            index_elements=["key"],
            set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
        )
        with self._db.write() as s:
            s.execute(stmt)

    def delete(self, key: str) -> None:
        with self._db.write() as s:
            s.execute(delete(m.Setting).where(m.Setting.key == key))

    def all(self) -> dict[str, Any]:
        """Every setting except the store's own bookkeeping (keys starting with "store.")."""
        with self._db.read() as s:
            rows = s.execute(
                select(m.Setting.key, m.Setting.value).where(~m.Setting.key.startswith("store."))
            )
            return {r.key: r.value for r in rows}
