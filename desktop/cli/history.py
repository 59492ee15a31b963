"""`tessera history list|search|show|export|import`: saved conversations, headless."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "history",
        help="list, search, show, export and import saved conversations",
        description="Saved conversations (the same ones the window shows).",
    )
    sub = parser.add_subparsers(dest="history_command", metavar="ACTION", required=True)

    p = sub.add_parser("list", help="the most recent conversations, pinned first")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="how many (default 50)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_list)

    p = sub.add_parser(
        "search",
        help="full-text search over every message",
        description="Every term must match. A word matches whole words when that finds at "
        "least 50 messages, otherwise as a prefix (pyth finds Python); Chinese, Japanese and "
        "Korean text matches any substring. Newest messages first.",
    )
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_search)

    p = sub.add_parser("show", help="a conversation's current branch, as Markdown")
    p.add_argument("conversation_id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="the whole tree, as `export --format json`")
    p.set_defaults(handler=_show)

    p = sub.add_parser("export", help="a conversation as JSON (everything) or Markdown")
    p.add_argument("conversation_id", type=int, metavar="ID")
    p.add_argument("--format", choices=("json", "md"), default="json")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(handler=_export)

    p = sub.add_parser("import", help="a JSON export, as a new conversation")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_import)


def _open(paths, *, recover: bool | None = None):
    from desktop.core.store import open_store

    return open_store(paths, recover_interrupted=recover)


def _fail(message: str) -> int:
    print(f"tessera history: {message}", file=sys.stderr)
    return 1


def _utf8_stdout() -> None:
    # A console that cannot show some characters gets '?' instead of a crash.
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")


def _run(fn):
    """Maps store errors to one line on stderr and exit status 1."""

    def wrapper(args: argparse.Namespace, paths) -> int:
        from desktop.core.store import StoreError

        _utf8_stdout()
        try:
            return fn(args, paths)
        except StoreError as exc:
            return _fail(str(exc))

    return wrapper


@_run
def _list(args, paths) -> int:
    with _open(paths) as store:
        rows = store.conversations.list_recent(limit=max(1, args.limit))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "title": r.title,
                        "pinned": r.pinned,
                        "model": r.model,
                        "updated_at": r.updated_at.isoformat(),
                        "messages": r.message_count,
                        "source": r.source,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    if not rows:
        print("No saved conversations yet. Start one with: tessera chat --model FILE -m TEXT")
        return 0
    for r in rows:
        pin = "*" if r.pinned else " "
        when = r.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        tag = "[API] " if r.source == "api" else ""
        title = r.title or "(untitled)"
        print(f"{r.id:>6} {pin} {when}  {r.message_count:>4} msgs  {tag}{title}")
    return 0


@_run
def _search(args, paths) -> int:
    with _open(paths) as store:
        hits = store.search.messages(args.query, limit=max(1, args.limit))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "conversation_id": h.conversation_id,
                        "conversation_title": h.conversation_title,
                        "message_id": h.message_id,
                        "role": h.role,
                        "snippet": h.snippet,
                        "highlights": [list(span) for span in h.highlights],
                        "created_at": h.created_at.isoformat(),
                    }
                    for h in hits
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    if not hits:
        print(f"No message matches {args.query!r}.")
        return 0
    bold = sys.stdout.isatty() and os.environ.get("NO_COLOR") is None
    before, after = ("\x1b[1m", "\x1b[0m") if bold else ("[", "]")
    for h in hits:
        print(f"{h.conversation_id:>6}  {h.conversation_title}  (message {h.message_id}, {h.role})")
        print(f"        {h.marked(before, after)}")
    return 0


@_run
def _show(args, paths) -> int:
    from desktop.core.store.transfer import export_json, export_markdown

    with _open(paths) as store:
        if args.json:
            print(export_json(store, args.conversation_id))
            return 0
        text = export_markdown(store, args.conversation_id)
        tree = store.messages.tree(args.conversation_id)
    print(text, end="")
    branched = [m for m in tree.active_path if m.sibling_count > 1]
    if branched:
        where = ", ".join(
            f"message {m.id} ({m.sibling_index + 1}/{m.sibling_count})" for m in branched
        )
        print(f"\n(other branches exist at {where}; the window can switch between them)")
    return 0


@_run
def _export(args, paths) -> int:
    from desktop.core.store.transfer import export_json, export_markdown

    with _open(paths) as store:
        if args.format == "json":
            text = export_json(store, args.conversation_id) + "\n"
        else:
            text = export_markdown(store, args.conversation_id)
    if not args.output:
        sys.stdout.write(text)
        return 0
    target = Path(args.output).expanduser()
    try:
        _write_atomically(target, text)
    except OSError as exc:
        return _fail(f"cannot write {target}: {exc.strerror}.")
    print(f"Exported conversation {args.conversation_id} to {target}", file=sys.stderr)
    return 0


def _write_atomically(target: Path, text: str) -> None:
    """Writes beside the target then renames, so a failed export never leaves half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        with _suppress():
            os.unlink(tmp)
        raise


def _suppress():
    import contextlib

    return contextlib.suppress(OSError)


@_run
def _import(args, paths) -> int:
    from desktop.core.store.transfer import import_file

    with _open(paths) as store:
        new_id = import_file(store, args.file)
        title = store.conversations.get(new_id).title
    print(f"Imported {title or 'conversation'!r} as conversation {new_id}.")
    return 0
