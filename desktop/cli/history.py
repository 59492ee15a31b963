"""`tessera history`: placeholder until its feature lands."""

from __future__ import annotations


def register(subparsers) -> None:
    """Adds the `history` subcommand (not yet available)."""
