"""Stream one reply to the terminal and save it: the printer `tessera chat` and `complete` share.

Plain output is the text as it arrives; `--json` is one JSON line per token (id, text, piece,
logprob, top alternatives) and a summary line (conversation, message, status, text, stats).
The reply is checkpointed while it streams, so Ctrl-C or a crash keeps what was written.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import dataclass
from typing import Any, TextIO


@dataclass
class StreamedReply:
    saved: Any  # the store's Message after the final save
    done: Any  # engine Done, or None when the reply did not finish
    error: Any  # EngineErrorEvent, or None
    interrupted: bool  # Ctrl-C


def stream_reply(
    store: Any,
    client: Any,
    request: Any,
    reply_id: int,
    *,
    json_lines: bool,
    out: TextIO,
) -> StreamedReply:
    """Generate `request`, print it as it streams and save it into message `reply_id`."""
    from desktop.core.engine.protocol import Done, EngineErrorEvent, TokenBatch
    from desktop.core.store import StreamCheckpointer
    from desktop.core.store.logprobs import from_engine_tokens

    def on_error(exc: Exception) -> None:
        print(f"\nwarning: {exc}", file=sys.stderr)

    checkpointer = StreamCheckpointer(store.messages, reply_id, on_error=on_error)
    generation = client.generate(request)
    done = error = None
    interrupted = False
    try:
        for event in generation:
            if isinstance(event, TokenBatch):
                for tok in event.tokens:
                    if json_lines:
                        out.write(token_json(tok) + "\n")
                    elif tok.text:
                        out.write(tok.text)
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
        except Exception:  # the worker may be gone; the text so far is still saved
            done = None
    logprobs = (
        from_engine_tokens(generation.tokens, request.logprob_source)
        if request.top_logprobs
        else None
    )
    if done is not None:
        status = "cancelled" if done.finish_reason == "cancelled" else "complete"
        saved = checkpointer.finish(
            status=status,
            finish_reason=done.finish_reason,
            stats=done.stats,
            logprobs=logprobs,
            text=done.text,
        )
    else:
        saved = checkpointer.finish(
            status="error" if error else "cancelled",
            finish_reason="error" if error else "cancelled",
            error=error.message if error else "interrupted",
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


def summary_json(saved: Any, done: Any, conv_id: int) -> str:
    return json.dumps(
        {
            "type": "done",
            "conversation_id": conv_id,
            "message_id": saved.id,
            "status": saved.status,
            "finish_reason": saved.finish_reason,
            "text": saved.content,
            "stats": dataclasses.asdict(done.stats) if done is not None else None,
        },
        ensure_ascii=False,
    )
