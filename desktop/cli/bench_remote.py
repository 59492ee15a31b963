"""`tessera bench --backend NAME`: speed over HTTP as a user gets it, beside the server's own.

Each timed run sends a raw prompt of about --prompt-tokens tokens and streams --tokens
tokens back. Tessera measures time to first token and decode speed at the client (the
tokens as they arrive); the server reports its own prompt and decode timings (llama-server
`timings`, Ollama's durations). Their ratio is what the HTTP path, SSE parsing and Tessera's
stream handling cost: the goal is >= 0.95 for decode speed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from typing import Any

FILLER = (
    "The quick brown fox jumps over the lazy dog. A language model predicts the next token "
    "from the previous ones. "
)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _banned_ends(backend: Any) -> tuple[tuple[int, float], ...]:
    """End-of-turn tokens banned where the server says what they are (llama-server), so
    every run generates exactly --tokens."""
    if backend.kind != "llama-server":
        return ()
    info = backend.session.call("GET", "/props") or {}
    ids: set[int] = set()
    for key in ("eos_token", "eot_token"):
        text = info.get(key)
        if text:
            ids.update(backend.tokenize(text, parse_special=True).ids)
    return tuple((i, float("-inf")) for i in sorted(ids))


def run_remote(args: argparse.Namespace, paths) -> int:
    from desktop.cli.backend_option import BackendChoice
    from desktop.core.engine.errors import EngineError
    from desktop.core.engine.protocol import GenerateRequest, SamplingParams
    from desktop.core.store import StoreError, open_store

    try:
        store = open_store(paths)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rows: list[dict[str, Any]] = []
    try:
        with BackendChoice.open(args, store) as choice:
            backend, model = choice.backend, choice.model
            caps = backend.capabilities()
            prompt = (FILLER * (args.prompt_tokens // 20 + 1))[: args.prompt_tokens * 5]
            if caps.tokenizer:
                ids = list(backend.tokenize(FILLER * 8).ids)
                prompt_ids = [ids[j % len(ids)] for j in range(args.prompt_tokens)]
            params = SamplingParams(
                temperature=args.temperature,
                seed=1234,
                max_tokens=args.tokens,
                top_k=40,
                min_p=0.05,
                logit_bias=_banned_ends(backend),
            )
            for i in range(args.repeat + 1):
                if caps.token_prompt and caps.tokenizer:
                    # A different first token each run, so the KV cache cannot skip the prompt.
                    first = prompt_ids[i % len(prompt_ids)]
                    request = GenerateRequest(
                        i + 1, params, token_ids=(first, *prompt_ids[1:]),
                        top_logprobs=args.top_logprobs,
                    )  # fmt: skip
                else:
                    request = GenerateRequest(
                        i + 1, params, text=f"{i} {prompt}", top_logprobs=args.top_logprobs
                    )
                generation = backend.generate(request, model=model)
                done = generation.wait(600)
                if done.finish_reason in ("error", "interrupted"):
                    print(f"error: {done.error}", file=sys.stderr)
                    return 1
                if i:  # the first run warms the server's caches
                    rows.append(_row(done.stats, generation.server_timings))
    except (EngineError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    result = _summary(args, caps, model, rows)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0


def _row(stats: Any, server: Any) -> dict[str, Any]:
    return {
        "completion_tokens": stats.completion_tokens,
        "ttft_ms": stats.ttft_seconds * 1000,
        "decode_tok_s": stats.decode_tok_s,
        "server_prompt_ms": (server.prompt_seconds * 1000)
        if server and server.prompt_seconds
        else None,
        "server_decode_tok_s": server.decode_tok_s if server else None,
    }


def _summary(args: argparse.Namespace, caps: Any, model: str, rows: list[dict]) -> dict:
    client = _median([r["decode_tok_s"] for r in rows if r["decode_tok_s"]])
    server = _median([r["server_decode_tok_s"] for r in rows if r["server_decode_tok_s"]])
    ratios = [
        r["decode_tok_s"] / r["server_decode_tok_s"]
        for r in rows
        if r["decode_tok_s"] and r["server_decode_tok_s"]
    ]
    return {
        "backend": args.backend,
        "model": model,
        "server": f"{caps.server_kind} {caps.server_version}".strip(),
        "prompt_tokens": args.prompt_tokens,
        "tokens": args.tokens,
        "repeat": args.repeat,
        "ttft_ms": _median([r["ttft_ms"] for r in rows]),
        "server_prompt_ms": _median([r["server_prompt_ms"] for r in rows if r["server_prompt_ms"]]),
        "decode_tok_s": client,
        "server_decode_tok_s": server,
        "decode_ratio": _median(ratios),
        "decode_ratio_runs": [round(x, 3) for x in ratios],
        "completion_tokens": [r["completion_tokens"] for r in rows],
    }


def _print(result: dict[str, Any]) -> None:
    def num(value: Any, fmt: str) -> str:
        return "n/a" if value is None else format(value, fmt)

    print(f"backend      {result['backend']} ({result['server']}), model {result['model']}")
    print(
        f"first token  {num(result['ttft_ms'], '.1f')} ms over HTTP "
        f"(server's prompt time {num(result['server_prompt_ms'], '.1f')} ms)"
    )
    print(
        f"decode       {num(result['decode_tok_s'], '.1f')} tok/s over HTTP, server says "
        f"{num(result['server_decode_tok_s'], '.1f')}: ratio {num(result['decode_ratio'], '.3f')}"
        f" (median of {result['repeat']})"
    )
