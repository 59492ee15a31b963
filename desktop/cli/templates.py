"""`tessera templates`: placeholder until its feature lands."""

from __future__ import annotations


def register(subparsers) -> None:
    """Adds the `templates` subcommand (not yet available)."""
