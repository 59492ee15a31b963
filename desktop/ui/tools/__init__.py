"""Structured output and tools in the window: format editor, tool settings, cards, approvals."""
