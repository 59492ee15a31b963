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
from desktop.core.store import logprobs as lp
from desktop.core.store import models as m
from desktop.core.store.conversations import OVERFLOW_POLICIES
from desktop.core.store.errors import ImportFormatError
from desktop.core.store.records import Message

FORMAT = "tessera-conversation"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_MESSAGES = 1_000_000


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
        lines += [f"## {_heading(msg)}", "", msg.content, ""]
    return "\n".join(lines).rstrip() + "\n"


def _heading(msg: Message) -> str:
    parts = [msg.role.capitalize()]
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
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFormatError(f"Cannot read {path}: {exc.strerror}.") from exc
    if size > max_bytes:
        raise ImportFormatError(
            f"{path.name} is {size / 1e6:.0f} MB; Tessera imports conversations up to "
            f"{max_bytes / 1e6:.0f} MB. Nothing was imported."
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"Cannot read {path}: {exc.strerror}.") from exc
    return import_text(store, raw)


def import_text(store: Any, text: str | bytes) -> int:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFormatError(
                "This file is not a Tessera export (not UTF-8 text). Nothing was imported."
            ) from exc
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise ImportFormatError(
            "This file is nested too deeply to be a Tessera export. Nothing was imported."
        ) from exc
    except ValueError as exc:
        raise ImportFormatError(
            f"This file is not valid JSON ({exc}). Nothing was imported."
        ) from exc
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
    """Collects the path of the value under test, for messages like `messages[3].role`."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, what: str) -> ImportFormatError:
        return ImportFormatError(
            f"This is not a valid Tessera export: {self.where} {what}. Nothing was imported."
        )

    def obj(self, value: Any, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail("must be an object")
        missing = [k for k in keys if k not in value]
        if missing:
            raise self.fail(f"is missing {', '.join(missing)}")
        return value

    def str_(self, value: Any, key: str, *, optional: bool = False) -> str | None:
        v = value[key]
        if v is None and optional:
            return None
        if not isinstance(v, str):
            raise _Check(f"{self.where}.{key}").fail("must be text")
        return v

    def int_(self, value: Any, key: str, *, optional: bool = True) -> int | None:
        v = value[key]
        if v is None and optional:
            return None
        if not isinstance(v, int) or isinstance(v, bool) or not -(2**62) < v < 2**62:
            raise _Check(f"{self.where}.{key}").fail("must be a whole number")
        return v

    def num(self, value: Any, key: str) -> float | None:
        v = value[key]
        if v is None:
            return None
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
            raise _Check(f"{self.where}.{key}").fail("must be a number")
        return float(v)

    def bool_(self, value: Any, key: str) -> bool:
        v = value[key]
        if not isinstance(v, bool):
            raise _Check(f"{self.where}.{key}").fail("must be true or false")
        return v

    def dict_(self, value: Any, key: str, *, optional: bool = True) -> dict[str, Any] | None:
        v = value[key]
        if v is None and optional:
            return None
        if not isinstance(v, dict):
            raise _Check(f"{self.where}.{key}").fail("must be an object")
        return v

    def time(self, value: Any, key: str) -> float:
        text = self.str_(value, key)
        try:
            dt = datetime.fromisoformat(text)  # type: ignore[arg-type]
        except ValueError as exc:
            raise _Check(f"{self.where}.{key}").fail("must be an ISO date and time") from exc
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        return dt.timestamp()


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
            raise ImportFormatError(
                f"This export was made by a newer Tessera (format version {data['version']}); "
                "update Tessera to import it. Nothing was imported."
            )
        raise top.fail("has an unknown format version")

    cc = _Check("conversation")
    c = cc.obj(data["conversation"], _CONV_KEYS)
    policy = cc.str_(c, "overflow_policy")
    if policy not in OVERFLOW_POLICIES:
        raise _Check("conversation.overflow_policy").fail(f"must be one of {OVERFLOW_POLICIES}")
    conv = {
        "title": cc.str_(c, "title"),
        "title_is_auto": cc.bool_(c, "title_is_auto"),
        "pinned": cc.bool_(c, "pinned"),
        "model": cc.str_(c, "model", optional=True),
        "system_prompt": cc.str_(c, "system_prompt"),
        "sampling_params": cc.dict_(c, "sampling_params", optional=False),
        "overflow_policy": policy,
        "created_at": cc.time(c, "created_at"),
        "updated_at": cc.time(c, "updated_at"),
        # Absent from exports made before conversations recorded where they came from.
        "source": cc.str_({"source": c.get("source")}, "source", optional=True),
    }

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
            msg[key] = mc.str_(msg, key, optional=True)
        for key in ("prompt_tokens", "completion_tokens"):
            msg[key] = mc.int_(msg, key)
        for key in ("ttft_seconds", "tokens_per_second"):
            msg[key] = mc.num(msg, key)
        for key in ("stats", "params"):
            msg[key] = mc.dict_(msg, key)
        msg["created_at"] = mc.time(raw, "created_at")
        msg["updated_at"] = (
            mc.time(raw, "updated_at") if raw.get("updated_at") is not None else msg["created_at"]
        )
        if msg["logprobs"] is not None:
            try:
                msg["logprobs"] = lp.from_plain(msg["logprobs"])
            except ValueError as exc:
                raise _Check(f"messages[{i}].logprobs").fail(str(exc)) from exc
        out.append(msg)
    return conv, out
