"""`tessera chat`: placeholder until its feature lands."""

from __future__ import annotations


def register(subparsers) -> None:
    """Adds the `chat` subcommand (not yet available)."""
