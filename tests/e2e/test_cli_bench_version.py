"""`tessera --version` and `tessera bench` end to end, in a subprocess like a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _tessera(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def test_version_names_builds_and_gpu_support(data_dir: Path) -> None:
    import llama_cpp

    from desktop import __version__

    proc = _tessera("--version", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"Tessera {__version__}" in out
    assert f"llama-cpp-python {llama_cpp.__version__}" in out
    assert "llama.cpp libllama" in out and "ggml" in out
    assert "backends: " in out and "CPU" in out
    assert "GPU offload: " in out


def test_bench_tiny_json(data_dir: Path) -> None:
    proc = _tessera(
        "bench", "--model", "tiny", "--tokens", "32", "--prompt-tokens", "64",
        "--repeat", "1", "--threads", "1", "--json",
        data_dir=data_dir,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    for key in ("prompt_tok_s", "ttft_ms", "decode_tok_s"):
        assert isinstance(result[key], float) and result[key] > 0, key
    assert result["completion_tokens"] == [32]
    assert result["model_name"] == "tessera-tiny" and result["backend"] == "CPU"


def test_bench_with_top_logprobs_text_output(data_dir: Path) -> None:
    proc = _tessera(
        "bench", "--model", "tiny", "--tokens", "16", "--prompt-tokens", "16",
        "--repeat", "1", "--threads", "1", "--top-logprobs", "5",
        data_dir=data_dir,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "decode       16 tokens:" in proc.stdout and "tok/s" in proc.stdout


def test_bench_bad_model_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "page.gguf"
    bogus.write_text("<html>404</html>")
    proc = _tessera("bench", "--model", str(bogus), "--repeat", "1", data_dir=data_dir)
    assert proc.returncode == 1
    assert "page.gguf is not a GGUF model file" in proc.stderr
    assert "Traceback" not in proc.stderr
