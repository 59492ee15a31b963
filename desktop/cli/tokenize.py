"""`tessera tokenize`: placeholder until its feature lands."""

from __future__ import annotations


def register(subparsers) -> None:
    """Adds the `tokenize` subcommand (not yet available)."""
