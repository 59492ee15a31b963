"""`tessera history list|search|show|export|import|delete`: saved conversations, headless."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from desktop.cli.terminal import shown, typed


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "history",
        help="list, search, show, export, import and delete saved conversations",
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

    p = sub.add_parser(
        "delete",
        help="delete a conversation and all its messages",
        description="Deletes conversation ID for good (every branch of it). `history list` "
        "names conversations it had to skip because they cannot be read; this removes them.",
    )
    p.add_argument("conversation_id", type=int, metavar="ID")
    p.set_defaults(handler=_delete)


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
        from desktop.core.messages import UserError
        from desktop.core.store import StoreError

        _utf8_stdout()
        try:
            return fn(args, paths)
        except (StoreError, UserError) as exc:
            return _fail(str(exc))

    return wrapper


@_run
def _list(args, paths) -> int:
    with _open(paths) as store:
        rows = store.conversations.list_recent(limit=max(1, args.limit))
    for bad in rows.skipped:
        print(
            f"tessera history: warning: skipped conversation {bad.id}: {bad.reason}. "
            f"Delete it with: tessera history delete {bad.id}",
            file=sys.stderr,
        )
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
                        "kind": r.kind,
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
        if not rows.skipped:
            print("No saved conversations yet. Start one with: tessera chat --model FILE -m TEXT")
        return 0
    for r in rows:
        pin = "*" if r.pinned else " "
        when = r.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        kind = "completion " if r.kind == "completion" else ""
        tag = "[API] " if r.source == "api" else ""
        title = shown(r.title, one_line=True) or "(untitled)"
        print(f"{r.id:>6} {pin} {when}  {r.message_count:>4} msgs  {tag}{kind}{title}")
    return 0


@_run
def _search(args, paths) -> int:
    query, _replaced = typed(args.query)
    with _open(paths) as store:
        hits = store.search.messages(query, limit=max(1, args.limit))
    for bad in hits.skipped:
        print(
            f"tessera history: warning: skipped message {bad.id}: it cannot be read ({bad.reason})",
            file=sys.stderr,
        )
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
        print(f"No message matches {shown(repr(query))}.")
        return 0
    bold = sys.stdout.isatty() and os.environ.get("NO_COLOR") is None
    before, after = ("\x1b[1m", "\x1b[0m") if bold else ("[", "]")
    for h in hits:
        title = shown(h.conversation_title, one_line=True)
        print(f"{h.conversation_id:>6}  {title}  (message {h.message_id}, {h.role})")
        print(f"        {_marked(h, before, after)}")
    return 0


def _marked(hit, before: str, after: str) -> str:
    """The snippet with highlights; each piece made printable before the markers go in."""
    out, pos = [], 0
    for start, end in hit.highlights:
        out += [shown(hit.snippet[pos:start], one_line=True), before]
        out += [shown(hit.snippet[start:end], one_line=True), after]
        pos = end
    out.append(shown(hit.snippet[pos:], one_line=True))
    return "".join(out)


@_run
def _show(args, paths) -> int:
    from desktop.core.store.transfer import export_json, export_markdown

    with _open(paths) as store:
        if args.json:
            print(export_json(store, args.conversation_id))
            return 0
        text = export_markdown(store, args.conversation_id)
        tree = store.messages.tree(args.conversation_id)
    print(shown(text), end="")
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
    from desktop.core.userfiles import write_file

    target = Path(args.output).expanduser()
    write_file(target, text.encode("utf-8"))
    print(f"Exported conversation {args.conversation_id} to {target}", file=sys.stderr)
    return 0


@_run
def _import(args, paths) -> int:
    from desktop.core.store.transfer import import_file

    with _open(paths) as store:
        new_id = import_file(store, args.file)
        title = store.conversations.get(new_id).title
    print(f"Imported {shown(repr(title or 'conversation'))} as conversation {new_id}.")
    return 0


@_run
def _delete(args, paths) -> int:
    from desktop.core.store import NotFoundError

    with _open(paths) as store:
        try:
            store.conversations.delete(args.conversation_id)
        except NotFoundError as exc:
            return _fail(str(exc))
    print(f"Deleted conversation {args.conversation_id}.")
    return 0
