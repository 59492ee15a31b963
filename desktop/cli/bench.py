"""`tessera bench`: prompt speed, time to first token and decode speed through the real engine.

Drives the same EngineClient the app uses (worker process, our decode loop, token batches over
the pipe), so the figures are what a user gets. Needs only llama_cpp and numpy importable.
With --backend NAME it measures a server instead (bench_remote.py).
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.backend_option import add_backend_options, wants_remote

FILLER = (
    "The quick brown fox jumps over the lazy dog. A language model predicts the next token "
    "from the previous ones. "
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="measure prompt speed, time to first token and decode speed of a model",
        description="Load MODEL in the engine process and time a prompt of --prompt-tokens "
        "tokens followed by --tokens generated tokens (greedy unless --temperature; the model's "
        "end-of-turn tokens are banned so every run generates exactly --tokens). Reports the "
        "median of --repeat runs after one warm-up.",
    )
    parser.add_argument(
        "--model", metavar="PATH", help="a .gguf file, or 'tiny' for the test model"
    )
    parser.add_argument("--tokens", type=int, default=128, metavar="N", help="tokens to generate")
    parser.add_argument(
        "--prompt-tokens", type=int, default=512, metavar="N", help="prompt length in tokens"
    )
    parser.add_argument("--gpu-layers", type=int, default=0, metavar="N", help="-1 = all")
    parser.add_argument("--threads", type=int, default=None, metavar="N")
    parser.add_argument("--ctx", type=int, default=0, metavar="N", help="context (default: fits)")
    parser.add_argument(
        "--flash-attn",
        choices=("auto", "on", "off"),
        default="auto",
        help="flash attention (default auto, as llama.cpp's own tools)",
    )
    parser.add_argument("--cache-type-k", choices=("f16", "q8_0", "q4_0"), default="f16")
    parser.add_argument("--cache-type-v", choices=("f16", "q8_0", "q4_0"), default="f16")
    parser.add_argument(
        "--top-logprobs", type=int, default=0, metavar="K", help="also compute top-K per token"
    )
    parser.add_argument(
        "--logprob-source", choices=("raw", "filtered"), default="raw", help="with --top-logprobs"
    )
    parser.add_argument(
        "--temperature", type=float, default=0.0, help="0 = greedy (default); >0 samples"
    )
    parser.add_argument("--repeat", type=int, default=3, metavar="R", help="timed runs")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_backend_options(parser)
    parser.set_defaults(handler=run)


def _median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    if not n:
        return 0.0
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def run(args: argparse.Namespace, paths) -> int:
    import dataclasses
    import tempfile
    from pathlib import Path

    from desktop.core.engine.client import EngineClient, EngineError
    from desktop.core.engine.protocol import GenerateRequest, LoadOptions, SamplingParams

    if args.tokens < 1 or args.prompt_tokens < 1 or args.repeat < 1:
        print("error: --tokens, --prompt-tokens and --repeat must be at least 1", file=sys.stderr)
        return 2
    if not 0 <= args.top_logprobs <= 20:
        print("error: --top-logprobs must be between 0 and 20", file=sys.stderr)
        return 2
    if wants_remote(args):
        from desktop.cli.bench_remote import run_remote

        return run_remote(args, paths)
    if not args.model:
        print("error: pass --model PATH (or --backend NAME)", file=sys.stderr)
        return 2

    tmp = None
    model = args.model
    if model == "tiny":
        from desktop.core.gguf.tiny_model import write_tiny_gguf

        tmp = tempfile.TemporaryDirectory(prefix="tessera-bench-")
        model = str(write_tiny_gguf(Path(tmp.name) / "tessera-tiny-F16.gguf"))
    n_ctx = args.ctx or (args.prompt_tokens + args.tokens + 16)
    options = LoadOptions(
        path=model,
        n_gpu_layers=args.gpu_layers,
        n_ctx=n_ctx,
        flash_attn=args.flash_attn,
        n_threads=args.threads,
        type_k=args.cache_type_k,
        type_v=args.cache_type_v,
    )
    try:
        with EngineClient() as client:
            info = client.load(options)
            for warning in info.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            filler = client.tokenize(FILLER * 8)
            banned = {t for t in info.special_tokens.values()}
            params = SamplingParams(
                temperature=args.temperature,
                seed=1234,
                max_tokens=args.tokens,
                logit_bias=tuple((t, float("-inf")) for t in sorted(banned)),
                top_k=40,
                min_p=0.05,
            )
            runs = []
            for i in range(args.repeat + 1):
                # A different first token each run, so the KV cache cannot skip the prompt.
                prompt = [filler[i % len(filler)]] + [
                    filler[j % len(filler)] for j in range(args.prompt_tokens - 1)
                ]
                n_gen = args.tokens if i else min(args.tokens, 8)
                req = GenerateRequest(
                    request_id=i + 1,
                    params=dataclasses.replace(params, max_tokens=n_gen),
                    token_ids=tuple(prompt),
                    top_logprobs=args.top_logprobs,
                    logprob_source=args.logprob_source,
                )
                done = client.generate(req).wait()
                if i:  # the first run warms caches and threads
                    runs.append(done.stats)
    except EngineError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(exc.hint, file=sys.stderr)
        if exc.detail:
            print(exc.detail, file=sys.stderr)
        return 1
    finally:
        if tmp is not None:
            tmp.cleanup()

    result = {
        "model": args.model,
        "model_name": info.name,
        "file_type": info.file_type,
        "backend": info.backend,
        "n_gpu_layers_offloaded": info.n_gpu_layers_offloaded,
        "threads": args.threads,
        "flash_attn": args.flash_attn,
        "cache_types": [args.cache_type_k, args.cache_type_v],
        "prompt_tokens": args.prompt_tokens,
        "tokens": args.tokens,
        "top_logprobs": args.top_logprobs,
        "temperature": args.temperature,
        "repeat": args.repeat,
        "prompt_tok_s": _median([s.prompt_tok_s for s in runs]),
        "ttft_ms": _median([s.ttft_seconds * 1000 for s in runs]),
        "decode_tok_s": _median([s.decode_tok_s for s in runs]),
        "decode_tok_s_runs": [round(s.decode_tok_s, 2) for s in runs],
        "completion_tokens": [s.completion_tokens for s in runs],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"model        {info.name} ({info.file_type}, {info.backend})")
        print(f"prompt       {args.prompt_tokens} tokens: {result['prompt_tok_s']:.1f} tok/s")
        print(f"first token  {result['ttft_ms']:.1f} ms")
        runs_text = ", ".join(f"{v:.1f}" for v in result["decode_tok_s_runs"])
        print(
            f"decode       {args.tokens} tokens: {result['decode_tok_s']:.1f} tok/s "
            f"(median of {args.repeat}: {runs_text})"
        )
    return 0
