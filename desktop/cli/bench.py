"""`tessera bench`: placeholder until its feature lands."""

from __future__ import annotations


def register(subparsers) -> None:
    """Adds the `bench` subcommand (not yet available)."""
