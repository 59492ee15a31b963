"""`tessera --version` and `tessera bench` end to end, in a subprocess like a user runs them."""

from __future__ import annotations

import json
import os
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


# Everything Tessera depends on but `tessera bench` must not need (llama_cpp, numpy and gguf,
# with their own dependencies, stay importable).
NOT_ON_A_BARE_CHECKOUT = [
    "PySide6",
    "shiboken6",
    "sqlalchemy",
    "alembic",
    "huggingface_hub",
    "hf_xet",
    "httpx",
    "tiktoken",
    "platformdirs",
    "keyring",
    "markdown_it",
    "pygments",
    "psutil",
]

_BLOCKER = f"""
import importlib.abc, sys

class _BareCheckout(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {NOT_ON_A_BARE_CHECKOUT!r}:
            raise ImportError(f"{{name}} is not installed (bare checkout)")
        return None

sys.meta_path.insert(0, _BareCheckout())
"""


def test_bench_runs_from_a_bare_checkout_with_only_llama_cpp_numpy_and_gguf(
    tmp_path: Path,
) -> None:
    """`python -m desktop bench` on a GPU box where only the engine's packages are installed:
    every other dependency is made unimportable, in this process and in the engine child
    (sitecustomize), and nothing but the repository is on the path for `desktop`."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_BLOCKER, encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("TESSERA_DATA_DIR", "PYTHONPATH")}
    env.update(PYTHONPATH=f"{site}{os.pathsep}{root}", HOME=str(tmp_path), XDG_DATA_HOME="")
    env.update(APPDATA=str(tmp_path), LOCALAPPDATA=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "bench", "--model", "tiny", "--tokens", "8",
         "--prompt-tokens", "8", "--repeat", "1", "--threads", "1", "--json"],
        capture_output=True, text=True, encoding="utf-8", timeout=180, cwd=root, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["completion_tokens"] == [8]
    # The blocker really was in place: the GUI's first import fails in that interpreter.
    check = subprocess.run(
        [sys.executable, "-c", "import PySide6"], capture_output=True, text=True, env=env
    )
    assert "bare checkout" in check.stderr
