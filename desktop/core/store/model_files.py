"""Model files known to Tessera: where they are, where they came from, how to load them."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import delete, select

from desktop.core.store import errors as E
from desktop.core.store import models as m
from desktop.core.store.errors import InvalidOperationError, NotFoundError
from desktop.core.store.records import ModelFile, to_datetime, utc
from desktop.core.store.session import Database

_FIELDS = (
    "hub_repo",
    "hub_file",
    "hub_revision",
    "size_bytes",
    "sha256",
    "quantization",
    "architecture",
    "n_params",
    "context_length",
    "n_gpu_layers",
    "n_ctx",
    "chat_template_override",
    "flash_attn",
    "cache_type_k",
    "cache_type_v",
)
# LoadOptions field -> column, for the settings remembered per model.
LOAD_SETTING_COLUMNS = {
    "n_gpu_layers": "n_gpu_layers",
    "n_ctx": "n_ctx",
    "flash_attn": "flash_attn",
    "type_k": "cache_type_k",
    "type_v": "cache_type_v",
    "chat_template_override": "chat_template_override",
}


def _record(row: m.ModelFile) -> ModelFile:
    return ModelFile(
        id=row.id,
        path=row.path,
        added_at=utc(row.added_at),
        last_used_at=to_datetime(row.last_used_at),
        **{f: getattr(row, f) for f in _FIELDS},
    )


class ModelFileRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def upsert(self, path: str, **fields: Any) -> ModelFile:
        """Adds the file at `path` or updates the given fields of the known one."""
        unknown = set(fields) - set(_FIELDS)
        if unknown:
            raise InvalidOperationError(E.UNKNOWN_MODEL_FIELDS(fields=", ".join(sorted(unknown))))
        with self._db.write() as s:
            row = s.scalars(select(m.ModelFile).where(m.ModelFile.path == path)).first()
            if row is None:
                row = m.ModelFile(path=path, added_at=time.time())
                s.add(row)
            for key, value in fields.items():
                setattr(row, key, value)
            s.flush()
            return _record(row)

    def get(self, model_id: int) -> ModelFile:
        with self._db.read() as s:
            row = s.get(m.ModelFile, model_id)
            if row is None:
                raise NotFoundError(E.NO_MODEL_FILE(id=model_id))
            return _record(row)

    def by_path(self, path: str) -> ModelFile | None:
        with self._db.read() as s:
            row = s.scalars(select(m.ModelFile).where(m.ModelFile.path == path)).first()
            return None if row is None else _record(row)

    def list(self) -> list[ModelFile]:
        """Most recently used first, then most recently added."""
        with self._db.read() as s:
            rows = s.scalars(
                select(m.ModelFile).order_by(
                    m.ModelFile.last_used_at.desc().nulls_last(), m.ModelFile.added_at.desc()
                )
            )
            return [_record(r) for r in rows]

    def set_load_defaults(
        self,
        model_id: int,
        *,
        n_gpu_layers: int | None,
        n_ctx: int | None,
        chat_template_override: str | None,
    ) -> ModelFile:
        return self._update(
            model_id,
            n_gpu_layers=n_gpu_layers,
            n_ctx=n_ctx,
            chat_template_override=chat_template_override,
        )

    def remember_load_settings(self, path: str, **settings: Any) -> ModelFile:
        """Saves load settings (LoadOptions field names: n_gpu_layers, n_ctx, flash_attn,
        type_k, type_v, chat_template_override) for the model at `path`, adding it if new.
        Only the settings given change; None clears one (back to the default)."""
        unknown = set(settings) - set(LOAD_SETTING_COLUMNS)
        if unknown:
            raise InvalidOperationError(E.UNKNOWN_LOAD_SETTINGS(names=", ".join(sorted(unknown))))
        override = settings.get("chat_template_override")
        if isinstance(override, str) and not override.strip():
            settings["chat_template_override"] = None
        return self.upsert(path, **{LOAD_SETTING_COLUMNS[k]: v for k, v in settings.items()})

    def touch(self, model_id: int) -> ModelFile:
        """Records that the model was just loaded."""
        return self._update(model_id, last_used_at=time.time())

    def delete(self, model_id: int) -> None:
        """Forgets the file (the file on disk is not touched here)."""
        with self._db.write() as s:
            s.execute(delete(m.ModelFile).where(m.ModelFile.id == model_id))

    def _update(self, model_id: int, **values: Any) -> ModelFile:
        with self._db.write() as s:
            row = s.get(m.ModelFile, model_id)
            if row is None:
                raise NotFoundError(E.NO_MODEL_FILE(id=model_id))
            for key, value in values.items():
                setattr(row, key, value)
            s.flush()
            return _record(row)
