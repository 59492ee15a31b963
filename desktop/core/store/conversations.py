"""Conversations: create, list the most recent, rename, pin, per-chat settings, delete."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import delete, func, select, update

from desktop.core.store import models as m
from desktop.core.store.errors import InvalidOperationError, NotFoundError
from desktop.core.store.records import Conversation, ConversationSummary, utc
from desktop.core.store.session import Database

OVERFLOW_POLICIES = ("stop", "truncate_middle", "rolling_window")
TITLE_MAX = 60
_UNSET: Any = object()


def make_title(text: str) -> str:
    """A title from a first message: its first non-empty line, whitespace collapsed, trimmed."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rstrip() + "…"
    return ""


def conversation_record(row: m.Conversation) -> Conversation:
    return Conversation(
        id=row.id,
        title=row.title,
        title_is_auto=row.title_is_auto,
        pinned=row.pinned,
        model=row.model,
        system_prompt=row.system_prompt,
        sampling_params=dict(row.sampling_params or {}),
        overflow_policy=row.overflow_policy,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
        source=row.source,
    )


class ConversationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(
        self,
        *,
        title: str = "",
        model: str | None = None,
        system_prompt: str = "",
        sampling_params: dict[str, Any] | None = None,
        overflow_policy: str = "stop",
        source: str | None = None,
    ) -> Conversation:
        """A new, empty conversation. An empty title is filled from the first user message.
        `source` says where it came from ("api": a request to the API server)."""
        _check_policy(overflow_policy)
        now = time.time()
        row = m.Conversation(
            title=title.strip(),
            title_is_auto=not title.strip(),
            pinned=False,
            model=model,
            system_prompt=system_prompt,
            sampling_params=dict(sampling_params or {}),
            overflow_policy=overflow_policy,
            source=source,
            created_at=now,
            updated_at=now,
        )
        with self._db.write() as s:
            s.add(row)
            s.flush()
            return conversation_record(row)

    def get(self, conversation_id: int) -> Conversation:
        with self._db.read() as s:
            row = s.get(m.Conversation, conversation_id)
            if row is None:
                raise NotFoundError(f"There is no conversation {conversation_id}.")
            return conversation_record(row)

    def list_recent(self, limit: int = 100, offset: int = 0) -> list[ConversationSummary]:
        """Pinned first, then the most recently updated."""
        c = m.Conversation.__table__.c
        msg = m.Message.__table__.c
        count = (
            select(func.count())
            .where(msg.conversation_id == c.id)
            .correlate(m.Conversation.__table__)
            .scalar_subquery()
        )
        stmt = (
            select(c.id, c.title, c.pinned, c.model, c.updated_at, count, c.source)
            .order_by(c.pinned.desc(), c.updated_at.desc(), c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._db.read() as s:
            return [
                ConversationSummary(r[0], r[1], bool(r[2]), r[3], utc(r[4]), r[5], r[6])
                for r in s.execute(stmt)
            ]

    def count(self) -> int:
        with self._db.read() as s:
            return s.scalar(select(func.count()).select_from(m.Conversation)) or 0

    def rename(self, conversation_id: int, title: str) -> Conversation:
        title = " ".join(title.split())
        if not title:
            raise InvalidOperationError("A conversation title cannot be empty.")
        return self._update(conversation_id, title=title, title_is_auto=False)

    def set_pinned(self, conversation_id: int, pinned: bool) -> Conversation:
        return self._update(conversation_id, pinned=bool(pinned))

    def update_settings(
        self,
        conversation_id: int,
        *,
        model: str | None = _UNSET,
        system_prompt: str = _UNSET,
        sampling_params: dict[str, Any] = _UNSET,
        overflow_policy: str = _UNSET,
    ) -> Conversation:
        """Changes only the arguments given."""
        values: dict[str, Any] = {}
        if model is not _UNSET:
            values["model"] = model
        if system_prompt is not _UNSET:
            values["system_prompt"] = system_prompt
        if sampling_params is not _UNSET:
            values["sampling_params"] = dict(sampling_params)
        if overflow_policy is not _UNSET:
            _check_policy(overflow_policy)
            values["overflow_policy"] = overflow_policy
        return self._update(conversation_id, **values)

    def delete(self, conversation_id: int) -> None:
        """Deletes the conversation and every message in it."""
        with self._db.write() as s:
            result = s.execute(delete(m.Conversation).where(m.Conversation.id == conversation_id))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"There is no conversation {conversation_id}.")

    def _update(self, conversation_id: int, **values: Any) -> Conversation:
        values["updated_at"] = time.time()
        with self._db.write() as s:
            s.execute(
                update(m.Conversation).where(m.Conversation.id == conversation_id).values(**values)
            )
            row = s.get(m.Conversation, conversation_id)
            if row is None:
                raise NotFoundError(f"There is no conversation {conversation_id}.")
            return conversation_record(row)


def _check_policy(policy: str) -> None:
    if policy not in OVERFLOW_POLICIES:
        raise InvalidOperationError(
            f"Unknown context-overflow policy {policy!r}; use one of {', '.join(OVERFLOW_POLICIES)}."
        )
