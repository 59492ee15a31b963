"""`tessera models`: placeholder until its feature lands."""

from __future__ import annotations


def register(subparsers) -> None:
    """Adds the `models` subcommand (not yet available)."""
