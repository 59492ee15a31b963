"""Export a conversation to JSON (lossless, versioned) or Markdown (active path); import JSON.

The JSON keeps the tree flat: `messages` is a list where every parent comes before its
children, so a 2,000-message thread never nests 2,000 levels deep. Imports are validated
completely before anything is written, and written in one transaction.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update

from desktop import __version__
from desktop.core.engine.options import OptionsError, params_from_dict
from desktop.core.store import errors as E
from desktop.core.store import logprobs as lp
from desktop.core.store import models as m
from desktop.core.store.conversations import OVERFLOW_POLICIES
from desktop.core.store.errors import ImportFormatError
from desktop.core.store.records import UNREADABLE, Message, utc

FORMAT = "tessera-conversation"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 200_000_000
MAX_MESSAGES = 1_000_000
# Dates are read back with datetime.fromtimestamp and shown in local time; these bounds hold
# on every platform (Windows refuses negative epochs and years past 3000) and in every zone.
EARLIEST = datetime(1970, 1, 2, tzinfo=timezone.utc).timestamp()
LATEST = datetime(2999, 12, 31, tzinfo=timezone.utc).timestamp()
MAX_SHORT_TEXT = 10_000  # titles, model names, finish reasons, errors: one screen at most
MAX_JSON_DEPTH = 32  # stats and settings are flat; nothing real nests deeper


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat(timespec="microseconds")


def export_data(store: Any, conversation_id: int) -> dict[str, Any]:
    """The conversation as a JSON-able dict (see module doc)."""
    tree = store.messages.tree(conversation_id)
    conv = tree.conversation
    active = set(tree.active_path_ids)
    ordered = _parents_first(tree.messages)
    number = {msg.id: i + 1 for i, msg in enumerate(ordered)}
    messages = []
    for msg in ordered:
        logprobs = store.messages.logprobs(msg.id) if msg.has_logprobs else None
        messages.append(
            {
                "id": number[msg.id],
                "parent": number[msg.parent_id] if msg.parent_id is not None else None,
                "active": msg.id in active,
                "role": msg.role,
                "content": msg.content,
                "status": msg.status,
                "error": msg.error,
                "finish_reason": msg.finish_reason,
                "prompt_tokens": msg.prompt_tokens,
                "completion_tokens": msg.completion_tokens,
                "ttft_seconds": msg.ttft_seconds,
                "tokens_per_second": msg.tokens_per_second,
                "stats": msg.stats,
                "model": msg.model,
                "backend": msg.backend,
                "server_version": msg.server_version,
                "params": msg.params,
                "created_at": _iso(msg.created_at),
                "updated_at": _iso(msg.updated_at),
                "logprobs": lp.to_plain(logprobs) if logprobs is not None else None,
            }
        )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "tessera_version": __version__,
        "exported_at": _iso(datetime.now(timezone.utc)),
        "conversation": {
            "title": conv.title,
            "title_is_auto": conv.title_is_auto,
            "pinned": conv.pinned,
            "model": conv.model,
            "system_prompt": conv.system_prompt,
            "sampling_params": conv.sampling_params,
            "overflow_policy": conv.overflow_policy,
            "kind": conv.kind,
            "source": conv.source,
            "created_at": _iso(conv.created_at),
            "updated_at": _iso(conv.updated_at),
        },
        "messages": messages,
    }


def export_json(store: Any, conversation_id: int) -> str:
    return json.dumps(export_data(store, conversation_id), ensure_ascii=False, indent=1)


def export_markdown(store: Any, conversation_id: int) -> str:
    """The active path as readable Markdown."""
    tree = store.messages.tree(conversation_id)
    conv = tree.conversation
    lines = [f"# {conv.title or 'Untitled conversation'}", ""]
    if conv.model:
        lines.append(f"- Model: `{conv.model}`")
    lines += [f"- Started: {conv.created_at:%Y-%m-%d %H:%M} UTC", ""]
    if conv.system_prompt:
        lines += ["## System", "", conv.system_prompt, ""]
    for msg in tree.active_path:
        lines += [f"## {_heading(msg, conv.kind)}", "", msg.content, ""]
    return "\n".join(lines).rstrip() + "\n"


_COMPLETION_ROLES = {"user": "Prompt", "assistant": "Continuation"}


def _heading(msg: Message, kind: str = "chat") -> str:
    role = _COMPLETION_ROLES.get(msg.role) if kind == "completion" else None
    parts = [role or msg.role.capitalize()]
    if msg.role == "assistant":
        if msg.model:
            parts.append(Path(msg.model).name)
        if msg.completion_tokens:
            parts.append(f"{msg.completion_tokens} tokens")
        if msg.tokens_per_second:
            parts.append(f"{msg.tokens_per_second:.1f} tok/s")
    if msg.status != "complete":
        parts.append(f"({msg.status})")
    return " · ".join(parts)


def _parents_first(messages: dict[int, Message]) -> list[Message]:
    children: dict[int | None, list[Message]] = {}
    for msg in messages.values():
        children.setdefault(msg.parent_id, []).append(msg)
    out: list[Message] = []
    stack = sorted(children.get(None, []), key=lambda x: x.id, reverse=True)
    while stack:  # iterative: a long thread must not hit the recursion limit
        msg = stack.pop()
        out.append(msg)
        stack.extend(sorted(children.get(msg.id, []), key=lambda x: x.id, reverse=True))
    return out


# --------------------------------------------------------------------------- import


def import_file(store: Any, path: Path | str, *, max_bytes: int = MAX_IMPORT_BYTES) -> int:
    """Imports an exported JSON file as a new conversation; returns its id."""
    from desktop.core.userfiles import AS_IMPORT, FileReadError, read_capped

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFormatError(E.IMPORT_CANNOT_READ(path=str(path), reason=exc.strerror)) from exc
    if size > max_bytes:
        raise ImportFormatError(
            E.IMPORT_TOO_BIG(
                name=path.name, size=f"{size / 1e6:.0f}", limit=f"{max_bytes / 1e6:.0f}"
            )
        )
    try:  # a pipe or device reports no size: the read itself stops at the cap
        raw = read_capped(path, max_bytes, AS_IMPORT())
    except FileReadError as exc:
        raise ImportFormatError(exc.user_message, E.NOTHING_IMPORTED()) from exc
    return import_text(store, raw)


def import_text(store: Any, text: str | bytes) -> int:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFormatError(E.IMPORT_NOT_TEXT()) from exc
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise ImportFormatError(E.IMPORT_TOO_DEEP()) from exc
    except ValueError as exc:
        raise ImportFormatError(E.IMPORT_NOT_JSON(reason=str(exc))) from exc
    return import_data(store, data)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def import_data(store: Any, data: Any) -> int:
    conv, messages = _validate(data)
    table = cast(Table, m.Message.__table__)
    with store.db.write() as s:
        row = m.Conversation(**conv)
        s.add(row)
        s.flush()
        # Ids are assigned here (inside the write lock) so the whole tree goes in with one
        # executemany; active pointers follow once every row exists (foreign keys).
        base = s.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0
        new_ids = {msg["id"]: base + i + 1 for i, msg in enumerate(messages)}
        rows = []
        pointers = []
        active_root = None
        for msg in messages:
            mid = new_ids[msg["id"]]
            parent = new_ids[msg["parent"]] if msg["parent"] is not None else None
            rows.append(
                {
                    "id": mid,
                    "conversation_id": row.id,
                    "parent_id": parent,
                    "active_child_id": None,
                    "role": msg["role"],
                    "content": msg["content"],
                    "status": msg["status"],
                    "error": msg["error"],
                    "finish_reason": msg["finish_reason"],
                    "prompt_tokens": msg["prompt_tokens"],
                    "completion_tokens": msg["completion_tokens"],
                    "ttft_seconds": msg["ttft_seconds"],
                    "tokens_per_second": msg["tokens_per_second"],
                    "stats": msg["stats"],
                    "model": msg["model"],
                    "backend": msg["backend"],
                    "server_version": msg["server_version"],
                    "params": msg["params"],
                    "token_logprobs": lp.encode(msg["logprobs"]),
                    "created_at": msg["created_at"],
                    "updated_at": msg["updated_at"],
                }
            )
            if msg["active"]:
                if parent is None:
                    active_root = mid
                else:
                    pointers.append({"pid": parent, "child": mid})
        if rows:
            s.execute(insert(table), rows)
        row.active_root_id = active_root
        if pointers:
            s.execute(
                update(table)
                .where(table.c.id == bindparam("pid"))
                .values(active_child_id=bindparam("child")),
                pointers,
            )
        s.flush()
        return row.id


class _Check:
    """Collects the path of the value under test, for messages like `messages[3].role`.

    Every value is checked against what reading it back will do: text must encode as UTF-8
    (SQLite and terminals), dates must convert back to a datetime in any time zone, numbers
    must fit SQLite's integers, settings must pass `params_from_dict`.
    """

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, what: str) -> ImportFormatError:
        return ImportFormatError(E.IMPORT_INVALID(where=self.where, problem=what))

    def at(self, key: str | int) -> _Check:
        return _Check(f"{self.where}[{key}]" if isinstance(key, int) else f"{self.where}.{key}")

    def obj(self, value: Any, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail("must be an object")
        missing = [k for k in keys if k not in value]
        if missing:
            raise self.fail(f"is missing {', '.join(missing)}")
        return value

    def text(self, v: str, max_len: int | None = None) -> str:
        try:
            v.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise self.fail(
                f"contains a broken character (a lone UTF-16 surrogate at position {exc.start})"
            ) from None
        if max_len is not None and len(v) > max_len:
            raise self.fail(f"is longer than {max_len:,} characters")
        return v

    def str_(
        self, value: Any, key: str, *, optional: bool = False, max_len: int | None = None
    ) -> str | None:
        v = value[key]
        if v is None and optional:
            return None
        if not isinstance(v, str):
            raise self.at(key).fail("must be text")
        return self.at(key).text(v, max_len)

    def int_(
        self, value: Any, key: str, *, optional: bool = True, minimum: int = -(2**62)
    ) -> int | None:
        v = value[key]
        if v is None and optional:
            return None
        if not isinstance(v, int) or isinstance(v, bool) or not -(2**62) < v < 2**62:
            raise self.at(key).fail("must be a whole number")
        if v < minimum:
            raise self.at(key).fail(f"must be at least {minimum}")
        return v

    def num(self, value: Any, key: str, *, minimum: float | None = None) -> float | None:
        v = value[key]
        if v is None:
            return None
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
            raise self.at(key).fail("must be a number")
        if minimum is not None and v < minimum:
            raise self.at(key).fail(f"must be at least {minimum:g}")
        return float(v)

    def bool_(self, value: Any, key: str) -> bool:
        v = value[key]
        if not isinstance(v, bool):
            raise self.at(key).fail("must be true or false")
        return v

    def dict_(self, value: Any, key: str, *, optional: bool = True) -> dict[str, Any] | None:
        v = value[key]
        if v is None and optional:
            return None
        if not isinstance(v, dict):
            raise self.at(key).fail("must be an object")
        self.at(key).plain(v)
        return v

    def plain(self, v: Any, depth: int = 0) -> None:
        """JSON data whose every key and text encodes, nested at most MAX_JSON_DEPTH deep."""
        if depth > MAX_JSON_DEPTH:
            raise self.fail(f"nests deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(v, str):
            self.text(v)
        elif isinstance(v, dict):
            for k, item in v.items():
                self.text(k)
                self.at(k).plain(item, depth + 1)
        elif isinstance(v, list):
            for i, item in enumerate(v):
                self.at(i).plain(item, depth + 1)
        elif isinstance(v, int) and not isinstance(v, bool) and not -(2**63) <= v < 2**63:
            raise self.fail("holds a number too large to store")

    def settings(self, value: Any, key: str, *, optional: bool) -> dict[str, Any] | None:
        """Sampling settings: the types the engine will be given when the chat continues."""
        v = self.dict_(value, key, optional=optional)
        if v is not None:
            try:
                params_from_dict(v)
            except OptionsError as exc:
                raise self.at(key).fail(f"is not usable ({exc})") from None
        return v

    def numbers(self, value: Any, key: str) -> dict[str, Any] | None:
        """Generation stats: names to numbers (or null), as the engine reports them."""
        v = self.dict_(value, key)
        for name, item in (v or {}).items():
            if item is not None and (
                not isinstance(item, (int, float)) or isinstance(item, bool) or item < 0
            ):
                raise self.at(key).at(name).fail("must be a number of at least 0")
        return v

    def time(self, value: Any, key: str) -> float:
        text = self.str_(value, key)
        where = self.at(key)
        try:
            dt = datetime.fromisoformat(text)  # type: ignore[arg-type]
        except ValueError as exc:
            raise where.fail("must be an ISO date and time") from exc
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        try:
            epoch = dt.timestamp()
            if EARLIEST <= epoch <= LATEST:
                utc(epoch).astimezone().isoformat()  # exactly what the list and window do
                return epoch
        except UNREADABLE:
            pass
        raise where.fail("must be a date between 1970 and 2999")


_CONV_KEYS = (
    "title",
    "title_is_auto",
    "pinned",
    "model",
    "system_prompt",
    "sampling_params",
    "overflow_policy",
    "created_at",
    "updated_at",
)
_MSG_KEYS = ("id", "parent", "active", "role", "content", "status", "created_at")
_MSG_OPTIONAL = (
    "error",
    "finish_reason",
    "prompt_tokens",
    "completion_tokens",
    "ttft_seconds",
    "tokens_per_second",
    "stats",
    "model",
    "backend",
    "server_version",
    "params",
    "updated_at",
    "logprobs",
)


def _validate(data: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    top = _Check("the file")
    top.obj(data, ("format", "version", "conversation", "messages"))
    if data["format"] != FORMAT:
        raise top.fail(f"has format {data['format']!r} (expected {FORMAT!r})")
    if data["version"] != FORMAT_VERSION:
        if isinstance(data["version"], int) and data["version"] > FORMAT_VERSION:
            raise ImportFormatError(E.IMPORT_TOO_NEW(version=data["version"]))
        raise top.fail("has an unknown format version")

    cc = _Check("conversation")
    c = cc.obj(data["conversation"], _CONV_KEYS)
    policy = cc.str_(c, "overflow_policy")
    if policy not in OVERFLOW_POLICIES:
        raise _Check("conversation.overflow_policy").fail(f"must be one of {OVERFLOW_POLICIES}")
    conv = {
        "title": cc.str_(c, "title", max_len=MAX_SHORT_TEXT),
        "title_is_auto": cc.bool_(c, "title_is_auto"),
        "pinned": cc.bool_(c, "pinned"),
        "model": cc.str_(c, "model", optional=True, max_len=MAX_SHORT_TEXT),
        "system_prompt": cc.str_(c, "system_prompt"),
        "sampling_params": cc.settings(c, "sampling_params", optional=False),
        "overflow_policy": policy,
        "created_at": cc.time(c, "created_at"),
        "updated_at": cc.time(c, "updated_at"),
        # Absent from exports made before conversations recorded where they came from.
        "source": cc.str_({"source": c.get("source")}, "source", optional=True),
    }
    # Optional: exports made before completion sessions existed are chats.
    kind = c.get("kind", "chat")
    if kind not in m.CONVERSATION_KINDS:
        raise _Check("conversation.kind").fail(f"must be one of {m.CONVERSATION_KINDS}")
    conv["kind"] = kind

    raw_messages = data["messages"]
    if not isinstance(raw_messages, list):
        raise top.fail("'messages' must be a list")
    if len(raw_messages) > MAX_MESSAGES:
        raise top.fail(f"has more than {MAX_MESSAGES} messages")
    seen: set[int] = set()
    active_parents: set[int | None] = set()
    out = []
    for i, raw in enumerate(raw_messages):
        mc = _Check(f"messages[{i}]")
        mc.obj(raw, _MSG_KEYS)
        msg: dict[str, Any] = {k: raw.get(k) for k in _MSG_OPTIONAL}
        msg["id"] = mc.int_(raw, "id", optional=False)
        msg["parent"] = mc.int_(raw, "parent")
        if msg["id"] in seen:
            raise _Check(f"messages[{i}].id").fail("repeats an earlier id")
        if msg["parent"] is not None and msg["parent"] not in seen:
            raise _Check(f"messages[{i}].parent").fail("must name an earlier message")
        seen.add(msg["id"])
        msg["active"] = mc.bool_(raw, "active")
        if msg["active"]:
            if msg["parent"] in active_parents:
                raise _Check(f"messages[{i}].active").fail("conflicts with an active sibling")
            active_parents.add(msg["parent"])
        msg["role"] = mc.str_(raw, "role")
        if msg["role"] not in m.MESSAGE_ROLES:
            raise _Check(f"messages[{i}].role").fail(f"must be one of {m.MESSAGE_ROLES}")
        msg["status"] = mc.str_(raw, "status")
        if msg["status"] not in m.MESSAGE_STATUSES:
            raise _Check(f"messages[{i}].status").fail(f"must be one of {m.MESSAGE_STATUSES}")
        if msg["status"] == "streaming":  # nothing is generating it any more
            msg["status"] = "interrupted"
        msg["content"] = mc.str_(raw, "content")
        for key in ("error", "finish_reason", "model", "backend", "server_version"):
            msg[key] = mc.str_(msg, key, optional=True, max_len=MAX_SHORT_TEXT)
        for key in ("prompt_tokens", "completion_tokens"):
            msg[key] = mc.int_(msg, key, minimum=0)
        for key in ("ttft_seconds", "tokens_per_second"):
            msg[key] = mc.num(msg, key, minimum=0)
        msg["stats"] = mc.numbers(msg, "stats")
        msg["params"] = mc.settings(msg, "params", optional=True)
        msg["created_at"] = mc.time(raw, "created_at")
        msg["updated_at"] = (
            mc.time(raw, "updated_at") if raw.get("updated_at") is not None else msg["created_at"]
        )
        if msg["logprobs"] is not None:
            mc.at("logprobs").plain(msg["logprobs"])
            try:
                msg["logprobs"] = lp.from_plain(msg["logprobs"])
            except ValueError as exc:
                raise _Check(f"messages[{i}].logprobs").fail(str(exc)) from exc
        out.append(msg)
    return conv, out
