"""Tessera: a desktop playground for local LLMs."""

__version__ = "0.1.0"
