"""Latencies a user feels around the engine, with their goals (formerly timed asserts in tests):

  cancel_ms        Stop pressed -> the reply's Done arrives           goal p99 < 100 ms
  quick_call_ms    count_tokens answered while a reply streams       goal p99 < 1000 ms
  crash_report_ms  worker aborts -> the reply's error event arrives  goal < 1000 ms
  missing_tiktoken_ms  an uncached tiktoken encoding is refused     goal < 2000 ms
                   (downloads off: no network wait)

    .venv/bin/python bench/engine_latency_bench.py [--model PATH] [--rounds 20] [--json]

Without --model it writes the tiny test model. Prints one line per figure (median, p99, goal).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.engine.client import EngineClient  # noqa: E402
from desktop.core.engine.protocol import (  # noqa: E402
    EngineErrorEvent,
    GenerateRequest,
    LoadOptions,
    SamplingParams,
    TokenBatch,
)

ENDLESS = SamplingParams(temperature=0.0, max_tokens=100_000)
GOALS_MS = {
    "cancel_ms": 100.0,
    "quick_call_ms": 1000.0,
    "crash_report_ms": 1000.0,
    "missing_tiktoken_ms": 2000.0,
}


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _endless(client: EngineClient, request_id: int):
    return client.generate(
        GenerateRequest(request_id, ENDLESS, text="Once upon a time", overflow="rolling_window")
    )


def cancel_latency(client: EngineClient, rounds: int) -> list[float]:
    out = []
    for i in range(rounds):
        gen = _endless(client, 1000 + i)
        seen = 0
        for event in gen:
            seen += len(event.tokens) if isinstance(event, TokenBatch) else 0
            if seen >= 20:
                break
        started = time.perf_counter()
        gen.cancel()
        gen.wait(30)
        out.append((time.perf_counter() - started) * 1000)
    return out


def quick_call_latency(client: EngineClient, rounds: int) -> list[float]:
    gen = _endless(client, 2000)
    next(iter(gen))
    out = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            client.count_tokens("你好，世界！ Hello, world!")
            out.append((time.perf_counter() - started) * 1000)
    finally:
        gen.cancel()
        gen.wait(30)
    return out


def crash_report_latency(options: LoadOptions) -> float:
    os.environ["TESSERA_ENGINE_CRASH_AFTER"] = "5"
    try:
        with EngineClient() as client:
            client.load(options)
            os.environ.pop("TESSERA_ENGINE_CRASH_AFTER")
            last_token = None
            for event in client.generate(GenerateRequest(1, ENDLESS, text="Once")):
                if isinstance(event, TokenBatch):
                    last_token = time.perf_counter()
                elif isinstance(event, EngineErrorEvent):
                    reported = time.perf_counter()
            if last_token is None:
                raise RuntimeError("the worker crashed before any token")
            return (reported - last_token) * 1000
    finally:
        os.environ.pop("TESSERA_ENGINE_CRASH_AFTER", None)


def missing_tiktoken_latency(tmp: Path) -> float:
    from desktop.core.tokenizers import TiktokenCache, TokenizerRegistry
    from desktop.core.tokenizers.tiktoken_cache import TiktokenEncodingMissing

    cache = TiktokenCache(tmp / "empty-cache", bundled_dir=tmp / "no-bundle")
    started = time.perf_counter()
    try:
        TokenizerRegistry(cache).get("tiktoken:cl100k_base")
    except TiktokenEncodingMissing:
        return (time.perf_counter() - started) * 1000
    raise RuntimeError("the encoding was found; the bench needs an empty cache")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a .gguf file (default: the tiny test model)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tessera-latency-") as tmp_name:
        tmp = Path(tmp_name)
        model = args.model
        if model is None:
            from desktop.core.gguf.tiny_model import write_tiny_gguf

            model = str(write_tiny_gguf(tmp / "tiny.gguf"))
        options = LoadOptions(path=model, n_ctx=1024, n_threads=args.threads)
        with EngineClient() as client:
            client.load(options)
            results = {
                "cancel_ms": cancel_latency(client, args.rounds),
                "quick_call_ms": quick_call_latency(client, args.rounds),
            }
        results["crash_report_ms"] = [crash_report_latency(options)]
        results["missing_tiktoken_ms"] = [missing_tiktoken_latency(tmp)]
    summary = {
        name: {
            "median": statistics.median(values),
            "p99": _p99(values),
            "goal": GOALS_MS[name],
            "met": _p99(values) < GOALS_MS[name],
        }
        for name, values in results.items()
    }
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        for name, s in summary.items():
            verdict = "ok" if s["met"] else "MISSED"
            print(
                f"{name:20} median {s['median']:8.1f}  p99 {s['p99']:8.1f}  "
                f"goal < {s['goal']:.0f}  {verdict}"
            )
    return 0 if all(s["met"] for s in summary.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
