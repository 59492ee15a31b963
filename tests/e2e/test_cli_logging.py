"""`tessera --log-level`: every run leaves a line in <data>/logs/tessera.log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _tessera(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_a_subcommand_writes_the_log_file_at_the_level_asked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = _tessera("--data-dir", str(data), "--log-level", "debug", "history", "list")
    assert proc.returncode == 0, proc.stderr
    text = (data / "logs" / "tessera.log").read_text(encoding="utf-8")
    assert ": history" in text and "finished" in text

    quiet = _tessera("--data-dir", str(data), "--log-level", "warning", "history", "list")
    assert quiet.returncode == 0
    assert (data / "logs" / "tessera.log").read_text(encoding="utf-8") == text


def test_an_unknown_level_is_refused_before_anything_runs(tmp_path: Path) -> None:
    proc = _tessera("--data-dir", str(tmp_path / "data"), "--log-level", "chatty", "history")
    assert proc.returncode == 2
    assert "--log-level" in proc.stderr and "debug" in proc.stderr
    assert not (tmp_path / "data").exists()
