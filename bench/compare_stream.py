"""The core side of the Compare page's bench: 2-4 panes streaming at once, as the page sees them.

    .venv/bin/python bench/compare_stream.py [--panes 4] [--max-tokens 1000] [--model PATH]
        [--sequential] [--rounds 3]

Runs a CompareSession with N local panes (the tiny test model unless --model; same file,
different seeds) and, on this thread, does what the Compare page will do on the GUI thread:
calls `session.drain()` every 16 ms and counts what it returns. Prints JSON: per pane tokens,
TTFT and decode tok/s; the drain calls' cost (p50/p99/max, in ms) and tokens per call; and the
observer events per second (the page should not turn each PaneTokens into a queued signal).
The GUI goal (issue 19: event-loop stall <= 50 ms p99 with 4 panes streaming) is measured by a
Qt bench once the page exists; this gives its inputs and the core's share of each frame.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--panes", type=int, default=4)
    parser.add_argument("--max-tokens", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", help="GGUF file (default: the tiny test model)")
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--top-logprobs", type=int, default=0)
    parser.add_argument("--sequential", action="store_true", help="pretend nothing fits together")
    args = parser.parse_args()

    from desktop.core.compare.events import PaneTokens
    from desktop.core.compare.session import CompareSession
    from desktop.core.compare.target_spec import parse_target
    from desktop.core.models.fit import RAM_RESERVE
    from desktop.core.models.hardware import Hardware

    if args.model:
        model = Path(args.model)
    else:
        from desktop.core.gguf.tiny_model import write_tiny_gguf

        model = write_tiny_gguf(Path(tempfile.mkdtemp(prefix="tessera-compare-")) / "tiny.gguf")
    targets = [
        parse_target(
            f"model:{model},seed={i + 1},temperature=1.0,max_tokens={args.max_tokens},"
            f"n_ctx={args.n_ctx}"
        )
        for i in range(args.panes)
    ]
    hardware = Hardware(64 * 1024**3, RAM_RESERVE + 1024) if args.sequential else None
    events = 0
    lock = threading.Lock()

    def count(event: object) -> None:
        nonlocal events
        if isinstance(event, PaneTokens):
            with lock:
                events += 1

    drains: list[float] = []
    sizes: list[int] = []
    turns = []
    schedule = None
    # Each round is a fresh comparison (a growing history would overflow the context).
    for turn in range(args.rounds):
        with CompareSession(targets, hardware=hardware, top_logprobs=args.top_logprobs) as session:
            session.subscribe(count)
            schedule = session.schedule
            events_before = events
            t0 = time.perf_counter()
            session.send(f"Round {turn + 1}: tell me a long story.")
            while session.running:
                time.sleep(0.016)  # one frame
                start = time.perf_counter()
                got = session.drain()
                drains.append((time.perf_counter() - start) * 1000)
                sizes.append(sum(len(tokens) for _pane, tokens in got))
            wall = time.perf_counter() - t0
            replies = [p.replies[-1] for p in session.panes]
            turns.append(
                {
                    "wall_s_with_loading": round(wall, 3),
                    "tokens": [r.token_count for r in replies],
                    "ttft_ms": [round((r.ttft_seconds or 0) * 1000, 1) for r in replies],
                    "decode_tok_s": [round(r.tokens_per_second or 0, 1) for r in replies],
                    "token_events_per_s": round((events - events_before) / wall, 1),
                    "errors": [str(r.error) for r in replies if r.error is not None],
                }
            )
    streaming = [n for n in sizes if n] or [0]
    print(
        json.dumps(
            {
                "model": str(model),
                "panes": args.panes,
                "schedule": schedule.to_dict() if schedule else None,
                "turns": turns,
                "drain_ms": {
                    "calls": len(drains),
                    "p50": round(statistics.median(drains), 4) if drains else 0,
                    "p99": round(percentile(drains, 0.99), 4),
                    "max": round(max(drains, default=0), 4),
                },
                "tokens_per_nonempty_drain": {
                    "p50": statistics.median(streaming),
                    "max": max(streaming),
                },
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
