"""Output-format options shared by `tessera chat` and `tessera complete`:
--json-schema FILE | --grammar FILE | --json, and --show-grammar.

    add_output_format_arguments(parser)          # in register()
    fmt = output_format_from_args(args)          # in the handler; raises FormatError & co.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_output_format_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("output format")
    choice = group.add_mutually_exclusive_group()
    choice.add_argument(
        "--json-schema",
        metavar="FILE",
        help="constrain the reply to this JSON Schema (a grammar enforces it; the reply is "
        "validated and violations are printed)",
    )
    choice.add_argument("--grammar", metavar="FILE", help="constrain the reply to a GBNF grammar")
    choice.add_argument(
        "--json-object", action="store_true", help="constrain the reply to any JSON object"
    )
    group.add_argument(
        "--show-grammar",
        action="store_true",
        help="print the GBNF grammar the sampler will run (and what it cannot enforce), then exit",
    )


def output_format_from_args(args: argparse.Namespace) -> Any:
    """The OutputFormat the options ask for (free text when none). Raises FormatError,
    SchemaError or GrammarError (UserErrors), or OSError for an unreadable file."""
    from desktop.core.tools.output_format import (
        TEXT,
        OutputFormat,
        grammar_format,
        json_schema_format,
    )

    if getattr(args, "json_schema", None):
        path = Path(args.json_schema)
        return json_schema_format(path.read_text(encoding="utf-8"), path.stem)
    if getattr(args, "grammar", None):
        return grammar_format(Path(args.grammar).read_text(encoding="utf-8"))
    if getattr(args, "json_object", False):
        return OutputFormat("json")
    return TEXT


def print_grammar(fmt: Any, out=None) -> None:
    out = out or sys.stdout
    out.write((fmt.gbnf() or "") + "\n")
    for note in fmt.not_enforced:
        print(f"note: {note}", file=sys.stderr)


def print_format_check(outcome: Any) -> None:
    """Violations of the output format, on stderr (the reply itself went to stdout)."""
    check = outcome.check if outcome is not None else None
    if check is None:
        return
    for problem in check.problems:
        print(f"format: {problem}", file=sys.stderr)
