"""A real MCP server for the tests, written with the SDK's FastMCP, run over stdio."""

from __future__ import annotations

import asyncio

from mcp.server.fastmcp import FastMCP

server = FastMCP("tessera-test")


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
def shout(text: str) -> str:
    """Upper-case a text (Chinese stays as it is)."""
    return text.upper()


@server.tool()
async def hang(seconds: float) -> str:
    """Sleep, to test timeouts (the server keeps answering other calls meanwhile)."""
    await asyncio.sleep(seconds)
    return "woke up"


if __name__ == "__main__":
    server.run("stdio")
