"""Prompt templates and their immutable, numbered versions."""

from __future__ import annotations

import builtins
import time
from typing import Any

from sqlalchemy import delete, func, select

from desktop.core.store import errors as E
from desktop.core.store import models as m
from desktop.core.store.errors import InvalidOperationError, NotFoundError
from desktop.core.store.records import PromptTemplate, TemplateVersion, to_datetime, utc
from desktop.core.store.session import Database


def _template(row: m.PromptTemplate, latest: int) -> PromptTemplate:
    return PromptTemplate(
        id=row.id,
        name=row.name,
        description=row.description,
        tags=tuple(row.tags or ()),
        kind=row.kind,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
        latest_version=latest,
    )


def _version(row: m.TemplateVersion) -> TemplateVersion:
    return TemplateVersion(
        id=row.id,
        template_id=row.template_id,
        number=row.number,
        body=row.body,
        system=row.system,
        default_params=dict(row.default_params or {}),
        parent_version_id=row.parent_version_id,
        note=row.note,
        created_at=to_datetime(row.created_at),
    )


class TemplateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(
        self,
        name: str,
        body: str,
        *,
        description: str = "",
        tags: tuple[str, ...] | list[str] = (),
        kind: str = "chat",
        system: str | None = None,
        default_params: dict[str, Any] | None = None,
    ) -> tuple[PromptTemplate, TemplateVersion]:
        """A new template with its version 1."""
        name = name.strip()
        if not name:
            raise InvalidOperationError(E.TEMPLATE_NEEDS_NAME())
        if kind not in m.TEMPLATE_KINDS:
            raise InvalidOperationError(E.TEMPLATE_KIND(kind=kind))
        now = time.time()
        with self._db.write() as s:
            if s.scalar(select(m.PromptTemplate.id).where(m.PromptTemplate.name == name)):
                raise InvalidOperationError(E.TEMPLATE_EXISTS(name=name))
            tpl = m.PromptTemplate(
                name=name,
                description=description,
                tags=list(tags),
                kind=kind,
                created_at=now,
                updated_at=now,
            )
            s.add(tpl)
            s.flush()
            ver = m.TemplateVersion(
                template_id=tpl.id,
                number=1,
                body=body,
                system=system,
                default_params=dict(default_params or {}),
                note="",
                created_at=now,
            )
            s.add(ver)
            s.flush()
            return _template(tpl, 1), _version(ver)

    def add_version(
        self,
        template_id: int,
        body: str,
        *,
        system: str | None = None,
        default_params: dict[str, Any] | None = None,
        parent_version_id: int | None = None,
        note: str = "",
    ) -> TemplateVersion:
        """Saves an edit as the next version number; earlier versions never change.

        `parent_version_id` defaults to the latest version (the one being edited).
        """
        now = time.time()
        with self._db.write() as s:
            tpl = s.get(m.PromptTemplate, template_id)
            if tpl is None:
                raise NotFoundError(E.NO_TEMPLATE(id=template_id))
            latest = s.execute(
                select(m.TemplateVersion.id, m.TemplateVersion.number)
                .where(m.TemplateVersion.template_id == template_id)
                .order_by(m.TemplateVersion.number.desc())
            ).first()
            if parent_version_id is None and latest is not None:
                parent_version_id = latest[0]
            ver = m.TemplateVersion(
                template_id=template_id,
                number=(latest[1] if latest else 0) + 1,
                body=body,
                system=system,
                default_params=dict(default_params or {}),
                parent_version_id=parent_version_id,
                note=note,
                created_at=now,
            )
            s.add(ver)
            tpl.updated_at = now
            s.flush()
            return _version(ver)

    def update_info(
        self,
        template_id: int,
        *,
        name: str | None = None,
        description: str | None = None,
        tags: tuple[str, ...] | list[str] | None = None,
        kind: str | None = None,
    ) -> PromptTemplate:
        """Name, description, tags and kind may change; bodies change only through new
        versions."""
        if kind is not None and kind not in m.TEMPLATE_KINDS:
            raise InvalidOperationError(E.TEMPLATE_KIND(kind=kind))
        with self._db.write() as s:
            tpl = s.get(m.PromptTemplate, template_id)
            if tpl is None:
                raise NotFoundError(E.NO_TEMPLATE(id=template_id))
            if name is not None:
                if not name.strip():
                    raise InvalidOperationError(E.TEMPLATE_NEEDS_NAME())
                tpl.name = name.strip()
            if description is not None:
                tpl.description = description
            if tags is not None:
                tpl.tags = list(tags)
            if kind is not None:
                tpl.kind = kind
            tpl.updated_at = time.time()
            s.flush()
            return _template(tpl, self._latest_number(s, template_id))

    def list(self) -> list[PromptTemplate]:
        latest = (
            select(m.TemplateVersion.template_id, func.max(m.TemplateVersion.number).label("n"))
            .group_by(m.TemplateVersion.template_id)
            .subquery()
        )
        with self._db.read() as s:
            rows = s.execute(
                select(m.PromptTemplate, latest.c.n)
                .outerjoin(latest, latest.c.template_id == m.PromptTemplate.id)
                .order_by(m.PromptTemplate.name)
            ).all()
            return [_template(r[0], r[1] or 0) for r in rows]

    def get(self, template_id: int) -> PromptTemplate:
        with self._db.read() as s:
            tpl = s.get(m.PromptTemplate, template_id)
            if tpl is None:
                raise NotFoundError(E.NO_TEMPLATE(id=template_id))
            return _template(tpl, self._latest_number(s, template_id))

    def by_name(self, name: str) -> PromptTemplate | None:
        with self._db.read() as s:
            tpl = s.scalars(select(m.PromptTemplate).where(m.PromptTemplate.name == name)).first()
            return None if tpl is None else _template(tpl, self._latest_number(s, tpl.id))

    def versions(self, template_id: int) -> builtins.list[TemplateVersion]:
        """Oldest first."""
        with self._db.read() as s:
            rows = s.scalars(
                select(m.TemplateVersion)
                .where(m.TemplateVersion.template_id == template_id)
                .order_by(m.TemplateVersion.number)
            )
            return [_version(r) for r in rows]

    def version(self, version_id: int) -> TemplateVersion:
        with self._db.read() as s:
            row = s.get(m.TemplateVersion, version_id)
            if row is None:
                raise NotFoundError(E.NO_TEMPLATE_VERSION(id=version_id))
            return _version(row)

    def latest(self, template_id: int) -> TemplateVersion:
        with self._db.read() as s:
            row = s.scalars(
                select(m.TemplateVersion)
                .where(m.TemplateVersion.template_id == template_id)
                .order_by(m.TemplateVersion.number.desc())
            ).first()
            if row is None:
                raise NotFoundError(E.NO_TEMPLATE(id=template_id))
            return _version(row)

    def delete(self, template_id: int) -> None:
        """Deletes the template and all its versions."""
        with self._db.write() as s:
            s.execute(delete(m.PromptTemplate).where(m.PromptTemplate.id == template_id))

    @staticmethod
    def _latest_number(s: Any, template_id: int) -> int:
        return (
            s.scalar(
                select(func.max(m.TemplateVersion.number)).where(
                    m.TemplateVersion.template_id == template_id
                )
            )
            or 0
        )
