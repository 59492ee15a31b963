"""Stream one reply to the terminal and save it: the printer `tessera chat` and `complete` share.

Plain output is the text as it arrives (printable characters only on a terminal); `--json` is
one JSON line per token (id, text, piece, logprob, top alternatives) and a summary line
(conversation, message, status, text, stats, output-format check). The reply is checkpointed
while it streams, so Ctrl-C or a crash keeps what was written.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from desktop.cli.terminal import shown


@dataclass
class StreamedReply:
    saved: Any  # the store's Message after the final save
    done: Any  # engine Done, or None when the reply did not finish
    error: Any  # EngineErrorEvent, or None
    interrupted: bool  # Ctrl-C
    refused: Exception | None = None  # the backend refused the request before streaming


def stream_reply(
    store: Any,
    start: Callable[[], Any],
    request: Any,
    reply_id: int,
    *,
    json_lines: bool,
    out: TextIO,
) -> StreamedReply:
    """Start the generation (`start()` returns it), print it as it streams and save it into
    message `reply_id`."""
    from desktop.core.engine.errors import EngineError
    from desktop.core.engine.protocol import Done, EngineErrorEvent, TokenBatch
    from desktop.core.store import StoreWriteError, StreamCheckpointer
    from desktop.core.store.logprobs import from_engine_tokens

    def on_error(exc: StoreWriteError) -> None:
        print(f"\nwarning: {shown(str(exc), sys.stderr)}", file=sys.stderr)

    checkpointer = StreamCheckpointer(store.messages, reply_id, on_error=on_error)
    try:
        generation = start()
    except EngineError as exc:  # refused before anything streamed: the message stays
        saved = checkpointer.finish(status="error", finish_reason="error", error=str(exc))
        return StreamedReply(saved, None, None, False, refused=exc)
    done = error = None
    interrupted = False
    try:
        for event in generation:
            if isinstance(event, TokenBatch):
                for tok in event.tokens:
                    if json_lines:
                        out.write(token_json(tok) + "\n")
                    elif tok.text:
                        out.write(shown(tok.text, out))
                out.flush()
                checkpointer.feed("".join(t.text for t in event.tokens))
            elif isinstance(event, Done):
                done = event
            elif isinstance(event, EngineErrorEvent):
                error = event
    except KeyboardInterrupt:
        interrupted = True
        generation.cancel()
        try:
            done = generation.wait(timeout=10)
        except EngineError:  # the worker may be gone; the text so far is still saved
            done = None
    logprobs = (
        from_engine_tokens(generation.tokens, request.logprob_source)
        if request.top_logprobs
        else None
    )
    if done is not None:
        status = {"cancelled": "cancelled", "interrupted": "interrupted"}.get(
            done.finish_reason, "error" if done.finish_reason == "error" else "complete"
        )
        saved = checkpointer.finish(
            status=status,
            finish_reason=done.finish_reason,
            stats=done.stats,
            logprobs=logprobs,
            text=done.text,
            error=str(done.error) if done.error is not None else None,
        )
    else:
        saved = checkpointer.finish(
            status="error" if error else "cancelled",
            finish_reason="error" if error else "cancelled",
            error=str(error.message) if error else "interrupted",
            logprobs=logprobs,
        )
    return StreamedReply(saved, done, error, interrupted)


def token_json(tok: Any) -> str:
    return json.dumps(
        {
            "type": "token",
            "id": tok.id,
            "text": tok.text,
            "piece": tok.piece.decode("utf-8", errors="backslashreplace"),
            "logprob": tok.logprob,
            "top": [{"id": t.id, "text": t.text, "logprob": t.logprob} for t in tok.top or ()],
            "forced": tok.forced,
        },
        ensure_ascii=False,
    )


def summary_json(saved: Any, done: Any, conv_id: int, outcome: Any = None) -> str:
    """The last JSON line of a reply; `outcome` (desktop.core.tools.request.ReplyOutcome) adds
    whether the reply kept its output format."""
    check = outcome.check if outcome is not None else None
    constraint = getattr(done, "constraint", None) if done is not None else None
    return json.dumps(
        {
            "type": "done",
            "conversation_id": conv_id,
            "message_id": saved.id,
            "status": saved.status,
            "finish_reason": saved.finish_reason,
            "text": saved.content,
            "stats": dataclasses.asdict(done.stats) if done is not None else None,
            "format_ok": check.ok if check is not None else None,
            "format_problems": [str(p) for p in check.problems] if check is not None else [],
            "constraint": dataclasses.asdict(constraint) if constraint is not None else None,
        },
        ensure_ascii=False,
    )
