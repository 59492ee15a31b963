"""Streamed JSON payloads: Server-Sent Events (OpenAI, vLLM, llama-server) and NDJSON (Ollama).

Both parsers yield one decoded JSON object per event and end quietly at the stream's end.
Whether the reply was complete is for the caller to tell from the payloads (a finish reason,
`"stop": true`, `"done": true`): a stream that just stops is a cut connection. An error event
raises `StreamFailed` with the server's own text.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any


class StreamFailed(Exception):
    """The server reported an error inside the stream (after the 200 status)."""


def _decode(data: str) -> Any:
    try:
        return json.loads(data)
    except ValueError as exc:
        raise StreamFailed(f"not JSON: {data[:120]!r}") from exc


async def sse_events(lines: AsyncIterator[str]) -> AsyncIterator[Any]:
    """JSON payloads of `data:` events until `data: [DONE]`. llama-server reports failures
    as `error: {...}` lines; OpenAI-style servers as a data payload holding "error"."""
    data: list[str] = []
    async for raw in lines:
        line = raw.rstrip("\r")
        if not line:
            if data:
                payload = "\n".join(data)
                data.clear()
                if payload.strip() == "[DONE]":
                    return
                event = _decode(payload)
                if isinstance(event, dict) and "error" in event and "choices" not in event:
                    raise StreamFailed(_error_text(event["error"]))
                yield event
            continue
        if line.startswith(":"):
            continue  # an SSE comment (keep-alive)
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data.append(value)
        elif field == "error":
            raise StreamFailed(_error_text(_decode(value)))
    if data:  # the last event without its blank line
        payload = "\n".join(data)
        if payload.strip() != "[DONE]":
            yield _decode(payload)


async def ndjson_events(lines: AsyncIterator[str]) -> AsyncIterator[Any]:
    """One JSON object per line (Ollama's native API); {"error": ...} raises."""
    async for raw in lines:
        line = raw.strip()
        if not line:
            continue
        event = _decode(line)
        if isinstance(event, dict) and "error" in event:
            raise StreamFailed(_error_text(event["error"]))
        yield event


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error)
