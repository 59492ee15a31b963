"""Load on `tessera serve`: concurrent streaming clients, then throughput vs `tessera bench`.

Usage: python bench/server_load.py [MODEL.gguf] [--clients 8] [--requests 25] [--tokens 48]
                                   [--queue 16] [--threads 1] [--rounds 3] [--json]

1. Load: --clients threads each send --requests streaming chat requests in a row to one
   `tessera serve` (a subprocess, as users run it). Every request must complete or get 429;
   each reply is checked against its own request: its chunks share one id no other reply
   has, and its text equals a direct run of the same messages and seed on the engine (after
   the server stopped). Reports p50/p99 time to first token (client side) and queue wait
   (the server's `timings.queue_ms`).
2. Throughput: one client, greedy, end-of-turn tokens banned so every reply has exactly
   --decode-tokens tokens; decode tok/s as the client receives it (first to last token
   chunk) beside `tessera bench --json` on the same model and threads, in paired rounds.
MODEL defaults to the tiny test model, written to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a plain checkout

WORDS = [
    "river",
    "lamp",
    "cloud",
    "harbour",
    "violin",
    "garden",
    "comet",
    "ladder",
    "forest",
    "pepper",
]


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def start_server(model: Path, data: Path, args: argparse.Namespace) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), "serve", "--model", str(model),
         "--port", "0", "--ctx", str(args.ctx), "--threads", str(args.threads),
         "--queue", str(args.queue), "--no-save", "--quiet"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.stderr is not None
    for line in proc.stderr:
        found = re.search(r"at (http://\S+)", line)
        if line.startswith("Serving ") and found:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep it drained
            return proc, found.group(1)
    raise SystemExit(f"tessera serve did not start (exit {proc.wait()})")


def stream_chat(http: Any, url: str, body: dict[str, Any]) -> dict[str, Any]:
    """One streaming request; what the client saw."""
    t0 = time.perf_counter()
    out: dict[str, Any] = {"status": None, "ids": set(), "text": [], "first": None, "last": None}
    with http.stream("POST", url + "/chat/completions", json=body) as answer:
        out["status"] = answer.status_code
        if answer.status_code != 200:
            out["retry_after"] = answer.headers.get("retry-after")
            answer.read()
            return out
        for line in answer.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            out["ids"].add(chunk["id"])
            if chunk.get("usage"):
                out["usage"] = chunk["usage"]
            for choice in chunk.get("choices") or ():
                piece = choice["delta"].get("content")
                if piece:
                    now = time.perf_counter()
                    out["first"] = out["first"] or now
                    out["last"] = now
                    out["text"].append(piece)
                if choice.get("finish_reason"):
                    out["timings"] = chunk.get("timings") or {}
    out["text"] = "".join(out["text"])
    out["ttft"] = (out["first"] - t0) if out["first"] else None
    return out


def load_phase(url: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    import httpx2

    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def client(c: int) -> None:
        with httpx2.Client(timeout=600) as http:
            for r in range(args.requests):
                messages = [
                    {"role": "user", "content": f"Client {c}, request {r}: {WORDS[(c + r) % 10]}"}
                ]
                body = {"model": "x", "messages": messages, "max_tokens": args.tokens,
                        "seed": c * 1000 + r, "temperature": 0.8, "stream": True,
                        "stream_options": {"include_usage": True}}  # fmt: skip
                body.pop("model")  # the one model served
                seen = stream_chat(http, url, body)
                seen.update(client=c, request=r, messages=messages, seed=c * 1000 + r)
                with lock:
                    results.append(seen)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def verify(results: list[dict[str, Any]], model: Path, args: argparse.Namespace) -> int:
    """Replies that differ from a direct run of their own request (0 = none mixed up)."""
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.protocol import (
        ChatMessage,
        GenerateRequest,
        LoadOptions,
        SamplingParams,
    )

    wrong = 0
    with EngineClient() as engine:
        engine.load(LoadOptions(path=str(model), n_ctx=args.ctx, n_threads=args.threads))
        for i, res in enumerate(r for r in results if r["status"] == 200):
            params = SamplingParams(temperature=0.8, seed=res["seed"], max_tokens=args.tokens)
            messages = tuple(ChatMessage(m["role"], m["content"]) for m in res["messages"])
            done = engine.generate(GenerateRequest(i + 1, params, messages=messages)).wait(120)
            if done.text != res["text"]:
                wrong += 1
    return wrong


def server_decode(url: str, banned: dict[str, int], args: argparse.Namespace) -> list[float]:
    import httpx2

    rates = []
    with httpx2.Client(timeout=600) as http:
        for i in range(args.repeat + 1):
            body = {"messages": [{"role": "user", "content": f"Go {i}"}],
                    "max_tokens": args.decode_tokens, "temperature": 0, "logit_bias": banned,
                    "stream": True, "stream_options": {"include_usage": True}}  # fmt: skip
            seen = stream_chat(http, url, body)
            n = seen["usage"]["completion_tokens"]
            if i and seen["last"] > seen["first"]:  # the first run warms up
                rates.append((n - 1) / (seen["last"] - seen["first"]))
    return rates


def direct_decode(model: Path, args: argparse.Namespace) -> float:
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "bench", "--model", str(model), "--tokens",
         str(args.decode_tokens), "--prompt-tokens", "16", "--threads", str(args.threads),
         "--repeat", str(args.repeat), "--json"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    return float(json.loads(out.stdout)["decode_tok_s"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", nargs="?", help="a .gguf file (default: the tiny test model)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=25)
    parser.add_argument("--tokens", type=int, default=48, help="tokens per load request")
    parser.add_argument("--queue", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--decode-tokens", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=5, help="runs per throughput round")
    parser.add_argument("--rounds", type=int, default=3, help="paired throughput rounds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tessera-server-bench-") as tmp:
        if args.model:
            model = Path(args.model).resolve()
        else:
            from desktop.core.gguf.tiny_model import write_tiny_gguf

            model = write_tiny_gguf(Path(tmp) / "tessera-tiny-F16.gguf")
        from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer

        vocab = ModelVocabTokenizer(model)
        banned = {str(i): -100 for i in vocab.special_tokens().values()}
        vocab.close()

        load_before = os.getloadavg()
        proc, url = start_server(model, Path(tmp) / "data", args)
        try:
            t0 = time.perf_counter()
            results = load_phase(url, args)
            wall = time.perf_counter() - t0
            ratios = []
            server_rates: list[float] = []
            direct_rates: list[float] = []
            for _ in range(args.rounds):
                s = statistics.median(server_decode(url, banned, args))
                d = direct_decode(model, args)
                server_rates.append(s)
                direct_rates.append(d)
                ratios.append(s / d)
        finally:
            proc.terminate()
            proc.wait(60)
        load_after = os.getloadavg()
        wrong = verify(results, model, args)

    ok = [r for r in results if r["status"] == 200]
    refused = [r for r in results if r["status"] == 429]
    ids = [next(iter(r["ids"])) for r in ok if len(r["ids"]) == 1]
    summary = {
        "model": str(model) if args.model else "tiny",
        "clients": args.clients,
        "requests_each": args.requests,
        "sent": len(results),
        "completed": len(ok),
        "refused_429": len(refused),
        "lost": args.clients * args.requests - len(ok) - len(refused),
        "other_status": sorted({r["status"] for r in results} - {200, 429}),
        "mixed_ids": len(ok) - len(set(ids)),
        "differs_from_direct_run": wrong,
        "wall_seconds": round(wall, 2),
        "completion_tokens": sum(r.get("usage", {}).get("completion_tokens", 0) for r in ok),
        "ttft_ms_p50": round(_percentile([r["ttft"] * 1000 for r in ok if r["ttft"]], 50), 1),
        "ttft_ms_p99": round(_percentile([r["ttft"] * 1000 for r in ok if r["ttft"]], 99), 1),
        "queue_ms_p50": round(_percentile([r["timings"]["queue_ms"] for r in ok], 50), 1),
        "queue_ms_p99": round(_percentile([r["timings"]["queue_ms"] for r in ok], 99), 1),
        "server_decode_tok_s": [round(x, 1) for x in server_rates],
        "direct_decode_tok_s": [round(x, 1) for x in direct_rates],
        "ratio_rounds": [round(x, 3) for x in ratios],
        "ratio_median": round(statistics.median(ratios), 3),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
    }
    summary["aggregate_tok_s"] = round(summary["completion_tokens"] / wall, 1)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            print(f"{key:26} {value}")
    return 0 if summary["lost"] == 0 and summary["mixed_ids"] == 0 and wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
