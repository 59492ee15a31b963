"""The message tree: append, stream, finish, regenerate, edit, switch branch, delete, load.

Each message points to its parent; each parent remembers which child continues the active path
(`active_child_id`, and `conversations.active_root_id` for the first level). Regenerating or
editing adds a sibling and makes it active; switching a branch moves those pointers, so every
subtree keeps its own last choice (like the `< 2/3 >` switcher of hosted chat apps).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.orm import Session

from desktop.core.store import errors as E
from desktop.core.store import logprobs as lp
from desktop.core.store import models as m
from desktop.core.store.conversations import conversation_record, make_title
from desktop.core.store.errors import DamagedRecordError, InvalidOperationError, NotFoundError
from desktop.core.store.records import (
    UNREADABLE,
    ConversationTree,
    Message,
    MessageLogprobs,
    Siblings,
    utc,
)
from desktop.core.store.session import Database

FINAL_STATUSES = ("complete", "cancelled", "error", "interrupted")

_CHECKPOINT = (
    cast(Table, m.Message.__table__)
    .update()
    .where(m.Message.id == bindparam("mid"))
    .values(content=bindparam("content"), updated_at=bindparam("now"))
)

_ACTIVE_WALK = text(
    """
    WITH RECURSIVE path(id, next, depth) AS (
        SELECT id, active_child_id, 0 FROM messages WHERE id = :root
        UNION ALL
        SELECT m.id, m.active_child_id, p.depth + 1
        FROM messages AS m JOIN path AS p ON m.id = p.next
        WHERE p.depth < 1000000
    )
    SELECT id FROM path ORDER BY depth
    """
)
ACTIVE_LEAF: Any = object()  # "append below the end of the active path"

_T = cast(Table, m.Message.__table__)
_COLUMNS = (
    _T.c.id,
    _T.c.conversation_id,
    _T.c.parent_id,
    _T.c.role,
    _T.c.content,
    _T.c.status,
    _T.c.created_at,
    _T.c.updated_at,
    _T.c.error,
    _T.c.finish_reason,
    _T.c.prompt_tokens,
    _T.c.completion_tokens,
    _T.c.ttft_seconds,
    _T.c.tokens_per_second,
    _T.c.stats,
    _T.c.model,
    _T.c.params,
    _T.c.token_logprobs.isnot(None).label("has_logprobs"),
    _T.c.active_child_id,
    _T.c.backend,
    _T.c.server_version,
)


def _record(row: Any, index: int = 0, count: int = 1) -> Message:
    return Message(
        id=row[0],
        conversation_id=row[1],
        parent_id=row[2],
        role=row[3],
        content=row[4],
        status=row[5],
        created_at=utc(row[6]),
        updated_at=utc(row[7]),
        error=row[8],
        finish_reason=row[9],
        prompt_tokens=row[10],
        completion_tokens=row[11],
        ttft_seconds=row[12],
        tokens_per_second=row[13],
        stats=row[14],
        model=row[15],
        params=row[16],
        has_logprobs=bool(row[17]),
        active_child_id=row[18],
        backend=row[19],
        server_version=row[20],
        sibling_index=index,
        sibling_count=count,
    )


def stats_to_dict(stats: Any) -> dict[str, Any] | None:
    """Accepts a GenerationStats dataclass or a dict."""
    if stats is None:
        return None
    if dataclasses.is_dataclass(stats) and not isinstance(stats, type):
        return dataclasses.asdict(stats)
    return dict(stats)


class MessageRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ reading

    def get(self, message_id: int) -> Message:
        with self._db.read() as s:
            row = s.execute(select(*_COLUMNS).where(_T.c.id == message_id)).first()
            if row is None:
                raise NotFoundError(E.NO_MESSAGE(id=message_id))
            sib = self._siblings(s, row[1], row[2], row[0])
            return _record(row, sib.index, sib.count)

    def tree(self, conversation_id: int) -> ConversationTree:
        """Every message of a conversation (all branches) and its active path, in one query.

        Raises DamagedRecordError (naming the conversation) when a stored value cannot be read.
        """
        try:
            return self._tree(conversation_id)
        except UNREADABLE as exc:
            raise DamagedRecordError(conversation_id, str(exc) or type(exc).__name__) from exc

    def _tree(self, conversation_id: int) -> ConversationTree:
        with self._db.read() as s:
            conv = s.get(m.Conversation, conversation_id)
            if conv is None:
                raise NotFoundError(E.NO_CONVERSATION(id=conversation_id))
            rows = s.execute(
                select(*_COLUMNS).where(_T.c.conversation_id == conversation_id).order_by(_T.c.id)
            ).all()
            record = conversation_record(conv)
            active_root = conv.active_root_id
        children: dict[int | None, list[int]] = {}
        for r in rows:
            children.setdefault(r[2], []).append(r[0])
        position = {mid: i for ids in children.values() for i, mid in enumerate(ids)}
        messages = {r[0]: _record(r, position[r[0]], len(children[r[2]])) for r in rows}
        path = _walk(messages, children, active_root)
        return ConversationTree(record, messages, tuple(path))

    def active_path(self, conversation_id: int) -> list[Message]:
        """The messages shown in the chat, root first."""
        return self.tree(conversation_id).active_path

    def siblings(self, message_id: int) -> Siblings:
        """Messages sharing this one's parent (oldest first) and this one's index among them."""
        with self._db.read() as s:
            row = s.execute(
                select(_T.c.conversation_id, _T.c.parent_id).where(_T.c.id == message_id)
            ).first()
            if row is None:
                raise NotFoundError(E.NO_MESSAGE(id=message_id))
            return self._siblings(s, row[0], row[1], message_id)

    def logprobs(self, message_id: int) -> MessageLogprobs | None:
        """The per-token probabilities saved with a reply, or None."""
        with self._db.read() as s:
            row = s.execute(select(_T.c.token_logprobs).where(_T.c.id == message_id)).first()
            if row is None:
                raise NotFoundError(E.NO_MESSAGE(id=message_id))
            return lp.decode(row[0])

    # ------------------------------------------------------------------ writing

    def append(
        self,
        conversation_id: int,
        role: str,
        content: str,
        *,
        parent_id: int | None = ACTIVE_LEAF,
        status: str = "complete",
        model: str | None = None,
        params: dict[str, Any] | None = None,
        backend: str | None = None,
        server_version: str | None = None,
    ) -> Message:
        """Adds a message below `parent_id` (default: the end of the active path), active.
        A reply records where it was generated: `backend` ("local" or a backend's name),
        `server_version` and `model` (a file path or the server's model id)."""
        if role not in m.MESSAGE_ROLES:
            raise InvalidOperationError(E.UNKNOWN_ROLE(role=role))
        if status not in m.MESSAGE_STATUSES:
            raise InvalidOperationError(E.UNKNOWN_STATUS(status=status))
        with self._db.write() as s:
            conv = s.get(m.Conversation, conversation_id)
            if conv is None:
                raise NotFoundError(E.NO_CONVERSATION(id=conversation_id))
            if parent_id is ACTIVE_LEAF:
                parent_id = self._active_leaf(s, conv)
            elif parent_id is not None:
                self._check_in_conversation(s, parent_id, conversation_id)
            now = time.time()
            row = m.Message(
                conversation_id=conversation_id,
                parent_id=parent_id,
                role=role,
                content=content,
                status=status,
                model=model,
                params=params,
                backend=backend,
                server_version=server_version,
                created_at=now,
                updated_at=now,
            )
            s.add(row)
            s.flush()
            self._make_active(s, conv, parent_id, row.id)
            if role == "user" and conv.title_is_auto and not conv.title:
                conv.title = make_title(content)
            conv.updated_at = now
            return self._load(s, row.id)

    def append_user(
        self, conversation_id: int, content: str, *, parent_id: int | None = ACTIVE_LEAF
    ) -> Message:
        return self.append(conversation_id, "user", content, parent_id=parent_id)

    def start_assistant(
        self,
        conversation_id: int,
        *,
        parent_id: int | None = ACTIVE_LEAF,
        model: str | None = None,
        params: dict[str, Any] | None = None,
        content: str = "",
        backend: str | None = None,
        server_version: str | None = None,
    ) -> Message:
        """An empty assistant reply with status "streaming"; fill it with `checkpoint()`."""
        return self.append(
            conversation_id,
            "assistant",
            content,
            parent_id=parent_id,
            status="streaming",
            model=model,
            params=params,
            backend=backend,
            server_version=server_version,
        )

    def checkpoint(self, message_id: int, content: str) -> None:
        """Saves the text so far of a reply under generation (use StreamCheckpointer)."""
        # Called once a second while a reply streams: a Core statement on the connection
        # (no ORM bookkeeping), and no full-text work (streaming replies are not indexed yet).
        with self._db.write() as s:
            result = s.connection().execute(
                _CHECKPOINT, {"mid": message_id, "content": content, "now": time.time()}
            )
            if result.rowcount == 0:
                raise NotFoundError(E.NO_MESSAGE(id=message_id))

    def finish(
        self,
        message_id: int,
        content: str,
        *,
        status: str = "complete",
        finish_reason: str | None = None,
        stats: Any = None,
        logprobs: MessageLogprobs | None = None,
        error: str | None = None,
    ) -> Message:
        """Final text, status (complete/cancelled/error), stats and per-token probabilities."""
        if status not in FINAL_STATUSES:
            raise InvalidOperationError(E.FINISHED_STATUS(status=status))
        stats_dict = stats_to_dict(stats)
        values: dict[str, Any] = {
            "content": content,
            "status": status,
            "finish_reason": finish_reason,
            "error": error,
            "stats": stats_dict,
            "token_logprobs": lp.encode(logprobs),
            "updated_at": time.time(),
        }
        if stats_dict:
            values["prompt_tokens"] = stats_dict.get("prompt_tokens")
            values["completion_tokens"] = stats_dict.get("completion_tokens")
            values["ttft_seconds"] = stats_dict.get("ttft_seconds")
            values["tokens_per_second"] = stats_dict.get("decode_tok_s")
        with self._db.write() as s:
            result = s.execute(update(m.Message).where(m.Message.id == message_id).values(values))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(E.NO_MESSAGE(id=message_id))
            conv_id = s.scalar(select(_T.c.conversation_id).where(_T.c.id == message_id))
            s.execute(
                update(m.Conversation)
                .where(m.Conversation.id == conv_id)
                .values(updated_at=values["updated_at"])
            )
            return self._load(s, message_id)

    def set_params(self, message_id: int, params: dict[str, Any]) -> Message:
        """Replaces a message's params (a reply's tool calls are known only once it is parsed)."""
        with self._db.write() as s:
            result = s.execute(
                update(m.Message)
                .where(m.Message.id == message_id)
                .values(params=dict(params), updated_at=time.time())
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(E.NO_MESSAGE(id=message_id))
            return self._load(s, message_id)

    def continue_reply(self, message_id: int) -> Message:
        """Marks a finished assistant reply as streaming again, to append more text to it."""
        with self._db.write() as s:
            row = s.get(m.Message, message_id)
            if row is None:
                raise NotFoundError(E.NO_MESSAGE(id=message_id))
            if row.role != "assistant":
                raise InvalidOperationError(E.ONLY_ASSISTANT_CONTINUES())
            row.status = "streaming"
            row.finish_reason = None
            row.error = None
            row.updated_at = time.time()
            s.flush()
            return self._load(s, message_id)

    def regenerate(
        self,
        message_id: int,
        *,
        model: str | None = None,
        params: dict[str, Any] | None = None,
        backend: str | None = None,
        server_version: str | None = None,
    ) -> Message:
        """A new, streaming assistant sibling of reply `message_id`, made active."""
        original = self.get(message_id)
        if original.role != "assistant":
            raise InvalidOperationError(E.ONLY_ASSISTANT_REGENERATES())
        return self.start_assistant(
            original.conversation_id,
            parent_id=original.parent_id,
            model=model if model is not None else original.model,
            params=params if params is not None else original.params,
            backend=backend if backend is not None else original.backend,
            server_version=server_version
            if server_version is not None
            else original.server_version,
        )

    def edit_user(self, message_id: int, content: str) -> Message:
        """The edited text as a new sibling of user message `message_id` (a new branch)."""
        original = self.get(message_id)
        if original.role != "user":
            raise InvalidOperationError(E.ONLY_USER_EDITS())
        return self.append(original.conversation_id, "user", content, parent_id=original.parent_id)

    def switch_branch(self, message_id: int) -> list[Message]:
        """Makes the active path go through `message_id`; returns the new active path.

        Below it, the path follows whatever was last active in that subtree.
        """
        with self._db.write() as s:
            row = s.get(m.Message, message_id)
            if row is None:
                raise NotFoundError(E.NO_MESSAGE(id=message_id))
            conv = s.get(m.Conversation, row.conversation_id)
            assert conv is not None
            child: m.Message = row
            while True:
                self._make_active(s, conv, child.parent_id, child.id)
                if child.parent_id is None:
                    break
                parent = s.get(m.Message, child.parent_id)
                assert parent is not None
                child = parent
            conv_id = conv.id
        return self.active_path(conv_id)

    def switch_sibling(self, message_id: int, step: int) -> list[Message]:
        """`< >` buttons: moves to the previous (-1) or next (+1) sibling, clamped."""
        sib = self.siblings(message_id)
        target = sib.ids[max(0, min(sib.count - 1, sib.index + step))]
        return self.switch_branch(target)

    def delete(self, message_id: int) -> None:
        """Deletes a message and everything below it; the path falls back to a sibling."""
        with self._db.write() as s:
            row = s.get(m.Message, message_id)
            if row is None:
                raise NotFoundError(E.NO_MESSAGE(id=message_id))
            conv = s.get(m.Conversation, row.conversation_id)
            assert conv is not None
            parent_id = row.parent_id
            s.delete(row)
            s.flush()
            remaining = s.scalars(
                select(_T.c.id)
                .where(_T.c.conversation_id == conv.id, _parent_is(parent_id))
                .order_by(_T.c.id.desc())
            ).first()
            current = (
                conv.active_root_id
                if parent_id is None
                else s.scalar(select(_T.c.active_child_id).where(_T.c.id == parent_id))
            )
            if current in (None, message_id):
                self._make_active(s, conv, parent_id, remaining)
            conv.updated_at = time.time()

    def recover_interrupted(self) -> list[int]:
        """Replies left "streaming" by a crash become "interrupted", text intact."""
        with self._db.write() as s:
            ids = list(s.scalars(select(_T.c.id).where(_T.c.status == "streaming")))
            if ids:
                s.execute(
                    update(m.Message)
                    .where(m.Message.id.in_(ids))
                    .values(status="interrupted", finish_reason=None, updated_at=time.time())
                )
            return ids

    # ------------------------------------------------------------------ helpers

    def _load(self, s: Session, message_id: int) -> Message:
        s.flush()
        row = s.execute(select(*_COLUMNS).where(_T.c.id == message_id)).one()
        sib = self._siblings(s, row[1], row[2], row[0])
        return _record(row, sib.index, sib.count)

    @staticmethod
    def _siblings(s: Session, conversation_id: int, parent_id: int | None, mid: int) -> Siblings:
        ids = tuple(
            s.scalars(
                select(_T.c.id)
                .where(_T.c.conversation_id == conversation_id, _parent_is(parent_id))
                .order_by(_T.c.id)
            )
        )
        return Siblings(mid, ids, ids.index(mid))

    @staticmethod
    def _make_active(
        s: Session, conv: m.Conversation, parent_id: int | None, child_id: int | None
    ) -> None:
        if parent_id is None:
            conv.active_root_id = child_id
        else:
            s.execute(
                update(m.Message).where(m.Message.id == parent_id).values(active_child_id=child_id)
            )

    @staticmethod
    def _active_leaf(s: Session, conv: m.Conversation) -> int | None:
        # Walks the active pointers in SQL: one primary-key lookup per level.
        root = conv.active_root_id
        if root is None:
            root = s.scalar(
                select(_T.c.id)
                .where(_T.c.conversation_id == conv.id, _T.c.parent_id.is_(None))
                .order_by(_T.c.id.desc())
            )
            if root is None:
                return None
        rows = s.execute(_ACTIVE_WALK, {"root": root}).all()
        leaf = rows[-1][0]
        # A leaf without a stored choice but with children: follow the newest (as tree() does).
        while True:
            child = s.scalar(select(_T.c.id).where(_T.c.parent_id == leaf).order_by(_T.c.id.desc()))
            if child is None:
                return leaf
            rows = s.execute(_ACTIVE_WALK, {"root": child}).all()
            leaf = rows[-1][0]

    @staticmethod
    def _check_in_conversation(s: Session, message_id: int, conversation_id: int) -> None:
        owner = s.scalar(select(_T.c.conversation_id).where(_T.c.id == message_id))
        if owner != conversation_id:
            raise InvalidOperationError(
                E.NOT_IN_CONVERSATION(message=message_id, conversation=conversation_id)
            )


def _parent_is(parent_id: int | None) -> Any:
    return _T.c.parent_id.is_(None) if parent_id is None else _T.c.parent_id == parent_id


def _walk(
    messages: dict[int, Message], children: dict[int | None, list[int]], root: int | None
) -> Sequence[int]:
    path: list[int] = []
    node = root
    if node is None and children.get(None):
        node = children[None][-1]  # no stored choice: the newest root
    seen: set[int] = set()
    while node is not None and node in messages and node not in seen:
        seen.add(node)
        path.append(node)
        nxt = messages[node].active_child_id
        if nxt is None and children.get(node):
            nxt = children[node][-1]
        node = nxt
    return path
