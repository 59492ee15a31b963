"""`tessera templates list|show|render|history|diff`: the prompt template library, headless."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.terminal import shown

# A variable's value goes into a prompt: 8 MB is past any model's context (1M tokens ~ 4 MB).
MAX_VAR_FILE_BYTES = 8_000_000


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "templates",
        help="list, show and render prompt templates",
        description="Prompt templates: built-in (read-only) and saved ones (versioned).",
    )
    sub = parser.add_subparsers(dest="templates_command", metavar="ACTION", required=True)

    p = sub.add_parser("list", help="every template, saved first, then built-in")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_list)

    p = sub.add_parser("show", help="a template's variables, system part and body")
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--version",
        dest="template_version",
        type=int,
        metavar="N",
        help="a saved template's version (default: latest)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_show)

    p = sub.add_parser(
        "render",
        help="fill in a template's variables and print the prompt",
        description="Renders NAME with --var values. A variable with no value and no default "
        "is an error (exit 2); nothing is rendered.",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a variable's value (repeatable)",
    )
    p.add_argument(
        "--var-file",
        action="append",
        default=[],
        metavar="KEY=PATH",
        help="a variable's value read from a UTF-8 file",
    )
    p.add_argument(
        "--version",
        dest="template_version",
        type=int,
        metavar="N",
        help="a saved template's version (default: latest)",
    )
    p.add_argument("--json", action="store_true", help="print {kind, system, user, text} as JSON")
    p.set_defaults(handler=_render)

    p = sub.add_parser("history", help="the versions of a saved template")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_history)

    p = sub.add_parser("diff", help="what changed between two versions of a saved template")
    p.add_argument("name", metavar="NAME")
    p.add_argument("old", type=int, metavar="OLD")
    p.add_argument("new", type=int, metavar="NEW")
    p.set_defaults(handler=_diff)


def _fail(message: str, code: int = 1) -> int:
    print(f"tessera templates: {message}", file=sys.stderr)
    return code


def _library(paths):
    from desktop.core.store.db import open_store
    from desktop.core.templates.library import TemplateLibrary

    store = open_store(paths.ensure())
    return store, TemplateLibrary(store.templates)


def _with_library(fn):
    def handler(args: argparse.Namespace, paths) -> int:
        from desktop.core.store.errors import StoreError

        try:
            store, library = _library(paths)
        except StoreError as exc:
            return _fail(str(exc))
        try:
            return fn(args, library)
        except StoreError as exc:
            return _fail(str(exc))
        finally:
            store.close()

    return handler


def _entry_or_fail(library, name: str):
    entry = library.find(name)
    if entry is None:
        names = ", ".join(e.name for e in library.entries())
        print(f"tessera templates: no template named {name!r}. Known: {names}", file=sys.stderr)
    return entry


@_with_library
def _list(args, library) -> int:
    entries = library.entries()
    if args.json:
        rows = [
            {
                "name": e.name,
                "title": e.title,
                "kind": e.kind,
                "builtin": e.builtin,
                "language": e.language,
                "latest_version": e.latest_version,
                "tags": list(e.tags),
                "description": e.description,
            }
            for e in entries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    width = max((len(e.name) for e in entries), default=4)
    for e in entries:
        source = f"built-in {e.language}" if e.builtin else f"saved v{e.latest_version}"
        about = e.title if e.builtin else e.description
        name = shown(e.name, one_line=True)
        print(f"{name:<{width}}  {e.kind:<10}  {source:<14}  {shown(about, one_line=True)}")
    return 0


@_with_library
def _show(args, library) -> int:
    from desktop.core.store.errors import NotFoundError

    entry = _entry_or_fail(library, args.name)
    if entry is None:
        return 2
    try:
        c = library.content(entry, args.template_version)
    except NotFoundError as exc:
        return _fail(str(exc), 2)
    variables = [
        {"name": f.name, "label": f.label, "default": f.default, "multiline": f.multiline}
        for f in c.fields
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "name": entry.name,
                    "title": entry.title,
                    "kind": c.kind,
                    "builtin": entry.builtin,
                    "version": c.version_number,
                    "description": entry.description,
                    "tags": list(entry.tags),
                    "variables": variables,
                    "params": dict(c.params),
                    "system": c.system,
                    "body": c.body,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    version = "built-in" if entry.builtin else f"version {c.version_number}"
    print(f"{shown(entry.title, one_line=True)}  ({version}, {c.kind})")
    if entry.description:
        print(shown(entry.description))
    print("\nVariables:")
    for v in variables:
        default = "required" if v["default"] is None else f"default: {v['default']!r}"
        label = f" ({v['label']})" if v["label"] != v["name"] else ""
        print(shown(f"  {v['name']}{label}: {default}", one_line=True))
    if c.params:
        print("\nDefault params: " + shown(json.dumps(dict(c.params), ensure_ascii=False)))
    if c.system:
        print("\n--- system ---\n" + shown(c.system))
    print("\n--- body ---\n" + shown(c.body))
    return 0


def _parse_vars(args) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in args.var:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--var expects KEY=VALUE, got {item!r}")
        values[key.strip()] = value
    from desktop.core.userfiles import AS_VARIABLE, FileReadError, read_text_capped

    for item in args.var_file:
        key, sep, path = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--var-file expects KEY=PATH, got {item!r}")
        try:
            values[key.strip()] = read_text_capped(path, MAX_VAR_FILE_BYTES, AS_VARIABLE())
        except FileReadError as exc:
            raise ValueError(str(exc)) from None
    return values


@_with_library
def _render(args, library) -> int:
    from desktop.core.store.errors import NotFoundError
    from desktop.core.templates.variables import TemplateError, check_values, render_prompt

    entry = _entry_or_fail(library, args.name)
    if entry is None:
        return 2
    try:
        values = _parse_vars(args)
        c = library.content(entry, args.template_version)
    except (ValueError, NotFoundError) as exc:
        return _fail(str(exc), 2)
    report = check_values(c.system, c.body, values)
    for name in report.unused:
        print(f"tessera templates: warning: {entry.name} has no variable {name!r}", file=sys.stderr)
    try:
        prompt = render_prompt(c.kind, c.system, c.body, values)
    except TemplateError as exc:
        hint = " (pass --var NAME=VALUE)" if report.missing else ""
        return _fail(f"{exc}{hint}", 2)
    if args.json:
        print(
            json.dumps(
                {
                    "kind": prompt.kind,
                    "system": prompt.system,
                    "user": prompt.user,
                    "text": prompt.text,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(shown(prompt.text))
    return 0


@_with_library
def _history(args, library) -> int:
    entry = _entry_or_fail(library, args.name)
    if entry is None:
        return 2
    versions = library.versions(entry)
    if args.json:
        rows = [
            {
                "number": v.number,
                "created_at": v.created_at.isoformat() if v.created_at else None,
                "note": v.note,
                "parent_version_id": v.parent_version_id,
            }
            for v in versions
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if entry.builtin:
        print(f"{entry.name} is built-in: it has a single, read-only version.")
        return 0
    for v in versions:
        when = v.created_at.strftime("%Y-%m-%d %H:%M") if v.created_at else ""
        print(f"v{v.number}  {when}  {shown(v.note, one_line=True)}")
    return 0


@_with_library
def _diff(args, library) -> int:
    from desktop.core.store.errors import NotFoundError
    from desktop.core.templates.variables import diff_versions

    entry = _entry_or_fail(library, args.name)
    if entry is None:
        return 2
    try:
        a, b = library.content(entry, args.old), library.content(entry, args.new)
    except NotFoundError as exc:
        return _fail(str(exc), 2)
    text = diff_versions(
        {"system": a.system, "body": a.body, "params": json.dumps(dict(a.params), sort_keys=True)},
        {"system": b.system, "body": b.body, "params": json.dumps(dict(b.params), sort_keys=True)},
        fields=("system", "body", "params"),
    )
    print(
        shown(text) or f"Versions {args.old} and {args.new} are identical.",
        end="" if text else "\n",
    )
    return 0
