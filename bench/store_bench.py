"""Store benchmark on a database from bench/store_generate.py (10k conversations, 1M messages).

    .venv/bin/python bench/store_bench.py /tmp/tessera-bench.db [--runs N] [--json]

Measures, through the same repositories the app uses:
  open + list   open_store() and list the 100 most recent conversations     (goal < 50 ms)
  load tree     every message of the 2,000-message conversation + its path  (goal < 100 ms)
  search        full-text queries (English, prefixes, Chinese 1-4 chars)    (goal < 100 ms)
  checkpoint    one streaming checkpoint write, text growing to ~15 KB      (goal p99 < 5 ms)
The database file is in the OS page cache (it was just written or read); times are wall
clock on this machine, other processes included.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.store import open_store  # noqa: E402

SEARCHES = (
    "model",  # very common word
    "quant",  # prefix
    "attention cache",  # two words
    "语言",  # 2-character Chinese
    "机器学习",  # 4 characters
    "量",  # 1 character
    "模型 sampling",  # mixed
    "nonexistentword",  # no hit
)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ms(ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))])

    return {
        "median_ms": ms(statistics.median(ordered)),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": ms(ordered[-1]),
        "n": len(ordered),
    }


def bench_open(path: Path, runs: int, integrity_check: bool) -> tuple[dict, float]:
    samples = []
    first = None
    for _ in range(runs):
        t0 = time.perf_counter()
        store = open_store(path, integrity_check=integrity_check)
        rows = store.conversations.list_recent(100)
        elapsed = time.perf_counter() - t0
        store.close()
        assert len(rows) == 100
        if first is None:
            first = elapsed
        else:
            samples.append(elapsed)
    return summary(samples), ms(first or 0)


def big_conversation(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT conversation_id, count(*) AS n FROM messages "
            "GROUP BY conversation_id ORDER BY n DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return int(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path: Path = args.path
    results: dict[str, object] = {"database_mb": round(path.stat().st_size / 1e6)}

    results["open_list_100"], results["open_list_100_first_in_process_ms"] = bench_open(
        path, args.runs, integrity_check=False
    )
    results["open_list_100_with_quick_check"], _ = bench_open(path, 3, integrity_check=True)

    store = open_store(path, integrity_check=False)
    try:
        conv_id = big_conversation(path)
        samples = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            tree = store.messages.tree(conv_id)
            samples.append(time.perf_counter() - t0)
        results["load_tree"] = summary(samples) | {
            "messages": len(tree.messages),
            "active_path": len(tree.active_path_ids),
        }

        searches = {}
        for query in SEARCHES:
            samples, hits = [], []
            for _ in range(max(5, args.runs // 3)):
                t0 = time.perf_counter()
                hits = store.search.messages(query, limit=50)
                samples.append(time.perf_counter() - t0)
            searches[query] = summary(samples) | {"hits": len(hits)}
        results["search"] = searches

        target = store.conversations.list_recent(1)[0].id
        reply = store.messages.start_assistant(target, model="bench.gguf")
        chunk = "生成的文本 generated text, "
        text = ""
        samples = []
        for _ in range(800):
            text += chunk
            t0 = time.perf_counter()
            store.messages.checkpoint(reply.id, text)
            samples.append(time.perf_counter() - t0)
        store.messages.delete(reply.id)
        results["checkpoint"] = summary(samples) | {"final_chars": len(text)}
    finally:
        store.close()

    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return
    print(f"database: {path} ({results['database_mb']} MB)")
    o = results["open_list_100"]
    print(
        f"open + list 100 recent: median {o['median_ms']} ms, p95 {o['p95_ms']} ms "
        f"(first in process {results['open_list_100_first_in_process_ms']} ms; "
        f"with quick_check median {results['open_list_100_with_quick_check']['median_ms']} ms)"
    )
    t = results["load_tree"]
    print(
        f"load {t['messages']}-message conversation: median {t['median_ms']} ms, "
        f"p95 {t['p95_ms']} ms"
    )
    for query, s in results["search"].items():
        print(
            f"search {query!r:20} {s['hits']:>3} hits: median {s['median_ms']} ms, p95 {s['p95_ms']} ms"
        )
    c = results["checkpoint"]
    print(
        f"checkpoint write ({c['n']} writes, up to {c['final_chars']} chars): median "
        f"{c['median_ms']} ms, p99 {c['p99_ms']} ms, max {c['max_ms']} ms"
    )


if __name__ == "__main__":
    main()
