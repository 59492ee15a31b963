"""An experiment grid of 200 cells on llama-server -np 8, at parallelism 1, 4 and 8.

Usage: python bench/remote_grid_bench.py [MODEL.gguf] [--cells 200] [--tokens 32]
                                         [--slots 8] [--threads 2] [--json]

Starts the cached llama-server (scripts/build_llama_server.py builds it) on MODEL (default: the
tiny test model, written to a temporary folder), then runs the same grid through
ExperimentRunner at each parallelism and reports wall time, cells/s and generated tok/s.
Every cell asks for exactly --tokens tokens (end-of-turn tokens banned), so runs compare.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a plain checkout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server(model: Path, slots: int, threads: int, tokens: int) -> tuple[subprocess.Popen, str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_llama_server import binary_path

    binary = binary_path()
    if not binary.is_file():
        raise SystemExit(f"{binary} is missing: run scripts/build_llama_server.py first")
    port = _free_port()
    ctx = slots * (tokens + 256)
    proc = subprocess.Popen(
        [str(binary), "-m", str(model), "--host", "127.0.0.1", "--port", str(port),
         "-np", str(slots), "-c", str(ctx), "-t", str(threads)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import httpx2

    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx2.get(url + "/health", timeout=1).status_code == 200:
                return proc, url
        except httpx2.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("llama-server did not start")


def _spec(cells: int, tokens: int, banned: list[int]):
    from desktop.core.experiments.runner import Case, ExperimentSpec, PromptVersion, RunConfig

    versions = (
        PromptVersion("chat", "Tell {{name}} about tokens."),
        PromptVersion("raw", "Q: what is a token, {{name}}?\nA:", kind="completion"),
    )
    cases = tuple(Case(f"c{i}", {"name": f"user {i} 你好"}) for i in range(10))
    repeats = max(1, cells // (len(versions) * len(cases)))
    params = {"seed": 1, "max_tokens": tokens, "temperature": 0.8,
              "logit_bias": [[t, float("-inf")] for t in banned]}  # fmt: skip
    configs = (RunConfig("box", "", params, backend="box"),)
    return ExperimentSpec(versions, cases, configs, repeats=repeats, name="grid bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?")
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--tokens", type=int, default=32)
    parser.add_argument("--slots", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--parallelism", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from desktop.core.backends import create_backend
    from desktop.core.backends.config import BackendConfig
    from desktop.core.experiments.runner import ExperimentRunner

    tmp = tempfile.TemporaryDirectory(prefix="tessera-grid-bench-")
    model = Path(args.model) if args.model else None
    if model is None:
        from desktop.core.gguf.tiny_model import write_tiny_gguf

        model = write_tiny_gguf(Path(tmp.name) / "tessera-tiny-F16.gguf")
    proc, url = _server(model, args.slots, args.threads, args.tokens)
    rows = []
    try:
        backend = create_backend(BackendConfig.create("box", url, "llama-server"))
        props = backend.session.call("GET", "/props") or {}
        banned = sorted(
            {i for key in ("eos_token", "eot_token") if props.get(key)
             for i in backend.tokenize(props[key]).ids}
        )  # fmt: skip
        spec = _spec(args.cells, args.tokens, banned)
        for parallel in args.parallelism:
            runner = ExperimentRunner(None, spec, backends=lambda n: backend, parallelism=parallel)
            t0 = time.perf_counter()
            outcome = runner.run()
            wall = time.perf_counter() - t0
            tokens = sum(r.completion_tokens for r in outcome.results)
            errors = sum(1 for r in outcome.results if r.error)
            rows.append({
                "parallelism": parallel, "cells": len(outcome.results), "errors": errors,
                "wall_s": round(wall, 2), "cells_per_s": round(len(outcome.results) / wall, 2),
                "tok_per_s": round(tokens / wall, 1), "tokens": tokens,
            })  # fmt: skip
        backend.close()
    finally:
        proc.terminate()
        proc.wait(10)
        tmp.cleanup()
    base = rows[0]["wall_s"]
    for row in rows:
        row["speedup"] = round(base / row["wall_s"], 2)
    if args.json:
        print(json.dumps({"model": str(model.name), "slots": args.slots, "runs": rows}, indent=2))
    else:
        print(f"model {model.name}, llama-server -np {args.slots}, {args.tokens} tokens per cell")
        for r in rows:
            print(
                f"parallelism {r['parallelism']}: {r['cells']} cells ({r['errors']} errors) in "
                f"{r['wall_s']} s: {r['cells_per_s']} cells/s, {r['tok_per_s']} tok/s, "
                f"x{r['speedup']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
