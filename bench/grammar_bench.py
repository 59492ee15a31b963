"""Decode speed with a JSON-schema grammar vs without, through the engine the app uses.

    python /work/shared/gpu/synth.py /tmp/cpu32k.gguf cpu32k
    python bench/grammar_bench.py /tmp/cpu32k.gguf [--tokens 512] [--rounds 5] [--top-logprobs 0]

Paired rounds (free, then constrained, same seed); prints each round's decode tok/s and the
median ratio constrained/free (goal >= 0.80). The schema keeps the reply going for the whole
token budget (a long array of strings), so both runs decode the same number of tokens.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "items": {"type": "array", "items": {"type": "string"}, "minItems": 1000},
    },
    "required": ["title", "items"],
}


def main() -> int:
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.protocol import ChatMessage, LoadOptions, SamplingParams
    from desktop.core.tools.output_format import OutputFormat, json_schema_format
    from desktop.core.tools.request import RequestOptions, prepare_request

    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--tokens", type=int, default=512)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--top-logprobs", type=int, default=0)
    args = ap.parse_args()
    fmt = json_schema_format(SCHEMA)
    ratios = []
    with EngineClient() as client:
        info = client.load(LoadOptions(path=args.model, n_ctx=4096, n_threads=args.threads))
        rid = 0

        def run(f: OutputFormat) -> tuple[float, int]:
            nonlocal rid
            rid += 1
            # Greedy makes every run the same length; ignore_eos is a logit bias on EOS.
            params = SamplingParams(temperature=0.7, seed=rid, max_tokens=args.tokens)
            prepared = prepare_request(
                rid,
                [ChatMessage("user", "List things.")],
                params,
                info.chat_template,
                RequestOptions(output_format=f),
                top_logprobs=args.top_logprobs,
            )
            done = client.generate(prepared.request).wait(600)
            return done.stats.decode_tok_s, done.stats.completion_tokens

        run(OutputFormat())  # warm-up
        for i in range(args.rounds):
            free, n_free = run(OutputFormat())
            constrained, n_con = run(fmt)
            ratios.append(constrained / free if free else 0.0)
            print(
                f"round {i + 1}: free {free:.1f} tok/s ({n_free} tokens), "
                f"json-schema {constrained:.1f} tok/s ({n_con} tokens), "
                f"ratio {ratios[-1]:.2f}"
            )
    print(f"median ratio {statistics.median(ratios):.2f} (goal >= 0.80)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
