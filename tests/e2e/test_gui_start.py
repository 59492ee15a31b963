"""The window's process never loads llama.cpp: build facts come from a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_fresh_start_imports_no_llama_cpp_in_the_window_process(tmp_path: Path) -> None:
    import llama_cpp

    proc = subprocess.run(
        [sys.executable, "-m", "tests.e2e.gui_start_child", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["llama_cpp_modules"] == []
    # ... yet the window knows what the build can do, from the child's answer, cached per build.
    assert result["gpu_offload"] == bool(llama_cpp.llama_supports_gpu_offload())
    cache = json.loads((tmp_path / "data" / "cache" / "llama-build.json").read_text())
    assert cache["build"]["llama_cpp_python"] == llama_cpp.__version__
    assert "CPU" in cache["build"]["backends"]
