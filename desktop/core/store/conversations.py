"""Conversations: create, list the most recent, rename, pin, per-chat settings, delete."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import delete, func, select, update

from desktop.core.store import errors as E
from desktop.core.store import models as m
from desktop.core.store.errors import DamagedRecordError, InvalidOperationError, NotFoundError
from desktop.core.store.records import (
    UNREADABLE,
    Conversation,
    ConversationSummary,
    RecordList,
    UnreadableRecord,
    utc,
)
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
        kind=row.kind or "chat",
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
        kind: str = "chat",
        source: str | None = None,
    ) -> Conversation:
        """A new, empty conversation. An empty title is filled from the first user message.
        `kind` "completion" holds a prompt (a user message) and its continuations; `source`
        says where it came from ("api": a request to the API server)."""
        _check_policy(overflow_policy)
        if kind not in m.CONVERSATION_KINDS:
            raise InvalidOperationError(E.UNKNOWN_KIND(kind=repr(kind)))
        now = time.time()
        row = m.Conversation(
            title=title.strip(),
            title_is_auto=not title.strip(),
            pinned=False,
            model=model,
            system_prompt=system_prompt,
            sampling_params=dict(sampling_params or {}),
            overflow_policy=overflow_policy,
            kind=kind,
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
                raise NotFoundError(E.NO_CONVERSATION(id=conversation_id))
            try:
                return conversation_record(row)
            except UNREADABLE as exc:
                raise DamagedRecordError(conversation_id, str(exc)) from exc

    def list_recent(self, limit: int = 100, offset: int = 0) -> RecordList[ConversationSummary]:
        """Pinned first, then the most recently updated.

        A row that cannot be read (a date out of range, written by an older version) is left
        out and named in `.skipped`, so one bad row never empties the list."""
        c = m.Conversation.__table__.c
        msg = m.Message.__table__.c
        count = (
            select(func.count())
            .where(msg.conversation_id == c.id)
            .correlate(m.Conversation.__table__)
            .scalar_subquery()
        )
        stmt = (
            select(c.id, c.title, c.pinned, c.model, c.updated_at, count, c.kind, c.source)
            .order_by(c.pinned.desc(), c.updated_at.desc(), c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._db.read() as s:
            rows = s.execute(stmt).all()
        out: RecordList[ConversationSummary] = RecordList()
        skipped = []
        for r in rows:
            try:
                updated = utc(r[4])
            except UNREADABLE as exc:
                skipped.append(UnreadableRecord(r[0], f"its date cannot be read ({exc})"))
                continue
            title = r[1] if isinstance(r[1], str) else ""
            model = r[3] if isinstance(r[3], str) else None
            kind = r[6] if r[6] in ("chat", "completion") else "chat"
            source = r[7] if isinstance(r[7], str) else None
            out.append(
                ConversationSummary(r[0], title, bool(r[2]), model, updated, r[5], kind, source)
            )
        out.skipped = tuple(skipped)
        return out

    def count(self) -> int:
        with self._db.read() as s:
            return s.scalar(select(func.count()).select_from(m.Conversation)) or 0

    def rename(self, conversation_id: int, title: str) -> Conversation:
        title = " ".join(title.split())
        if not title:
            raise InvalidOperationError(E.EMPTY_TITLE())
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
                raise NotFoundError(E.NO_CONVERSATION(id=conversation_id))

    def _update(self, conversation_id: int, **values: Any) -> Conversation:
        values["updated_at"] = time.time()
        with self._db.write() as s:
            s.execute(
                update(m.Conversation).where(m.Conversation.id == conversation_id).values(**values)
            )
            row = s.get(m.Conversation, conversation_id)
            if row is None:
                raise NotFoundError(E.NO_CONVERSATION(id=conversation_id))
            return conversation_record(row)


def _check_policy(policy: str) -> None:
    if policy not in OVERFLOW_POLICIES:
        raise InvalidOperationError(
            E.UNKNOWN_OVERFLOW(policy=policy, choices=", ".join(OVERFLOW_POLICIES))
        )
