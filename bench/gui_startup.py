"""Start to window shown: launches `python -m desktop` (the real `tessera` start) and times it.

    .venv/bin/python bench/gui_startup.py [--data-dir DIR] [--runs 5]

Without --data-dir a fresh, empty data folder is used. For the 10,000-conversation case,
generate one first:  .venv/bin/python bench/store_generate.py /tmp/tb10k/tessera.db
and pass --data-dir /tmp/tb10k. The clock runs from spawning the process (interpreter start,
imports, store open and migration check, every panel built) until the window is shown and
the event loop runs. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(data_dir: str) -> float:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        TESSERA_QUIT_AFTER_SHOW="1",
        HF_ENDPOINT=os.environ.get("HF_ENDPOINT", "http://127.0.0.1:9"),
    )
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", data_dir],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    shown = None
    for line in proc.stdout:
        if "window shown" in line:
            shown = time.perf_counter() - start
            break
    proc.wait(timeout=60)
    if shown is None:
        raise SystemExit(f"the window was never shown (exit code {proc.returncode})")
    return shown


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="tessera-start-")
    one_run(data_dir)  # first start creates the database and warms the file cache
    times = [one_run(data_dir) for _ in range(args.runs)]
    print(
        json.dumps(
            {
                "data_dir": data_dir,
                "runs": args.runs,
                "median_s": round(statistics.median(times), 3),
                "min_s": round(min(times), 3),
                "max_s": round(max(times), 3),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
