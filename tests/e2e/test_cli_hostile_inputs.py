"""The CLI with interruptions and inputs that never end: Ctrl-C keeps what finished, a grid
too large and files without end are refused with their limits named."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desktop", "--data-dir", str(data), *args]


def tessera(data: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(data, *args),
        input=stdin,
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=180,
    )


def experiment_file(tmp_path: Path, model: Path, *, repeats: int, max_tokens: int = 64) -> Path:
    path = tmp_path / "exp.yaml"
    path.write_text(
        f"""name: interrupted
templates:
  - {{label: t, body: "Say {{{{word}}}}"}}
cases:
  - {{word: a}}
  - {{word: b}}
configs:
  - {{label: c, model: {model}, max_tokens: {max_tokens}, seed: 1, n_ctx: 256}}
repeats: {repeats}
checks:
  - regex: "(a|aa)+$"
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("whole_group", [True, False], ids=["terminal Ctrl-C", "kill -INT"])
def test_ctrl_c_during_a_run_keeps_and_saves_the_finished_cells(
    tiny_model_path, tmp_path, whole_group
):
    """A terminal's Ctrl-C reaches the whole process group (the engine too); kill -INT only
    the CLI. Either way: finished cells saved, run marked cancelled, exit 130."""
    data = tmp_path / "data"
    path = experiment_file(tmp_path, tiny_model_path, repeats=20, max_tokens=200)
    proc = subprocess.Popen(
        command(data, "experiment", "run", str(path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        start_new_session=True,  # its own process group, as a terminal gives it
        text=True,
        encoding="utf-8",
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("[2/"):  # two cells finished
            break
    if whole_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    err = "".join(seen) + err
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
    assert "cancelling" in err
    assert "cancelled:" in out
    shown = tessera(data, "experiment", "show", "interrupted", "--json")
    assert shown.returncode == 0, shown.stderr
    run = json.loads(shown.stdout)
    assert run["status"] == "cancelled"
    assert 2 <= len(run["results"]) < 40
    assert all(r["output"] for r in run["results"])  # whole cells only, no half reply


def test_a_grid_in_the_trillions_is_refused_with_its_size_and_the_limit(tiny_model_path, tmp_path):
    path = experiment_file(tmp_path, tiny_model_path, repeats=10**12)
    result = tessera(tmp_path / "data", "experiment", "run", str(path))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "2,000,000,000,000 cells" in err and "at most 50,000 cells" in err
    assert "Traceback" not in err


def _fifo_fed(path: Path, total: int) -> tuple[threading.Thread, list[int]]:
    """A named pipe that offers `total` bytes: like /dev/zero, it has no size to check."""
    os.mkfifo(path)
    written: list[int] = []

    def feed() -> None:
        chunk = b"z" * 65536
        try:
            with open(path, "wb") as fh:
                while sum(written) < total:
                    fh.write(chunk)
                    written.append(len(chunk))
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread, written


def test_var_file_without_end_is_read_no_further_than_its_cap(tmp_path):
    data = tmp_path / "data"
    result = tessera(data, "templates", "render", "summarize", "--var-file", "text=/dev/zero")
    assert result.returncode == 2
    assert b"larger than 8 MB" in result.stderr and b"reading stopped there" in result.stderr

    fifo = tmp_path / "endless"
    thread, written = _fifo_fed(fifo, 64 * 1024 * 1024)
    result = tessera(data, "templates", "render", "summarize", "--var-file", f"text={fifo}")
    thread.join(30)
    assert result.returncode == 2 and b"larger than 8 MB" in result.stderr
    assert sum(written) < 16 * 1024 * 1024  # stopped reading soon after the cap


def test_tokenize_refuses_more_than_its_cap_without_reading_it_all(tiny_model_path, tmp_path):
    big = ("hello world 你好 " * 200_000).encode()  # 3.4 MB
    result = tessera(
        tmp_path / "data", "tokenize", "-t", f"model:{tiny_model_path}", "-", stdin=big
    )
    assert result.returncode == 2
    assert b"larger than 2 MB" in result.stderr and b"split it" in result.stderr

    small = tessera(
        tmp_path / "data",
        "tokenize",
        "-t",
        f"model:{tiny_model_path}",
        "--json",
        "-",
        stdin=("hello 你好 " * 1000).encode(),
    )
    assert small.returncode == 0, small.stderr
    document = json.loads(small.stdout)  # streamed row by row, still one JSON document
    tokens = document["results"][0]["tokens"]
    assert len(tokens) == document["results"][0]["counts"]["tokens"] > 1000


def test_a_history_import_from_a_pipe_stops_at_the_cap(tmp_path):
    fifo = tmp_path / "export.json"
    thread, written = _fifo_fed(fifo, 400 * 1024 * 1024)
    result = tessera(tmp_path / "data", "history", "import", str(fifo))
    thread.join(60)
    assert result.returncode == 1
    assert b"larger than 200 MB" in result.stderr
    assert b"Nothing was imported" in result.stderr
    assert sum(written) < 300 * 1024 * 1024
