"""Stream parsing: SSE events (multi-line data, comments, [DONE], llama-server's error lines)
and NDJSON, without a server."""

from __future__ import annotations

import asyncio

import pytest

from desktop.core.backends.sse import StreamFailed, ndjson_events, sse_events


async def _lines(*lines: str):
    for line in lines:
        yield line


def _collect(agen) -> list:
    async def run() -> list:
        return [item async for item in agen]

    return asyncio.run(run())


def test_sse_events_join_data_lines_skip_comments_and_stop_at_done() -> None:
    events = _collect(
        sse_events(
            _lines(
                ": keep-alive",
                "",
                'data: {"a":',
                "data: 1}",
                "",
                "data: [DONE]",
                "",
                'data: {"late": 1}',
                "",
            )
        )
    )
    assert events == [{"a": 1}]


def test_an_error_inside_a_stream_raises_with_the_servers_words() -> None:
    with pytest.raises(StreamFailed, match="slot unavailable"):
        _collect(sse_events(_lines('data: {"x": 1}', "", 'error: {"message": "slot unavailable"}')))
    with pytest.raises(StreamFailed, match="model crashed"):
        _collect(sse_events(_lines('data: {"error": {"message": "model crashed"}}', "")))
    with pytest.raises(StreamFailed, match="out of memory"):
        _collect(ndjson_events(_lines('{"response": "a"}', '{"error": "out of memory"}')))


def test_ndjson_yields_one_object_per_line() -> None:
    assert _collect(ndjson_events(_lines('{"a": 1}', "", '{"b": 2}'))) == [{"a": 1}, {"b": 2}]
