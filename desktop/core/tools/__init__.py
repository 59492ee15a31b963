"""Structured output (grammars, JSON schemas), tool calling, built-in tools, MCP and agents."""
