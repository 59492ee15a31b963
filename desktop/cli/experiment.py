"""`tessera experiment`: placeholder until its feature lands."""

from __future__ import annotations


def register(subparsers) -> None:
    """Adds the `experiment` subcommand (not yet available)."""
