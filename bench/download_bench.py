"""Download throughput on loopback: Tessera's DownloadManager vs a plain http.client read loop.

Both fetch the same generated file from the same loopback Hub server (tests/fixtures/hub_server.py, in
its own process) and
write it to disk; Tessera also follows the Hub redirect, verifies sha256 (streamed on a second
thread) and moves the file into the library. Target: Tessera >= 0.9x the plain loop.

    .venv/bin/python bench/download_bench.py [--size-mb 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.hub import DownloadManager, HubConfig, HubService  # noqa: E402
from desktop.core.paths import DataPaths  # noqa: E402

REPO = "local/models"  # what `python -m tests.fixtures.hub_server DIR` serves
NAME = "bench-Q4_K_M.gguf"


def make_file(path: Path, size: int) -> None:
    block = os.urandom(1 << 20)
    with open(path, "wb") as f:
        written = 0
        while written < size:
            n = min(len(block), size - written)
            # Vary every block so nothing along the way can shortcut repeated content.
            f.write(written.to_bytes(8, "little") + block[8:n] if n > 8 else block[:n])
            written += n


def plain_download(url: str, dest: Path, verify: bool = False) -> tuple[float, float]:
    """A raw http.client loop: follow one redirect, read 1 MiB at a time, write to disk
    (and, with `verify`, sha256 each chunk inline, the simplest way to check a download)."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(3):
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.request("GET", parts.path)
        resp = conn.getresponse()
        if resp.status in (301, 302, 307, 308):
            url = resp.getheader("Location")
            resp.read()
            conn.close()
            continue
        buf = bytearray(1 << 20)
        view = memoryview(buf)
        digest = hashlib.sha256()
        with open(dest, "wb") as out:
            while n := resp.readinto(buf):
                out.write(view[:n])
                if verify:
                    digest.update(view[:n])
        conn.close()
        return time.perf_counter() - start, time.process_time() - cpu
    raise RuntimeError("too many redirects")


def tessera_download(service: HubService, root: Path) -> tuple[float, float]:
    listing = service.list_files(REPO)
    model = listing.find(NAME)
    assert model is not None
    manager = DownloadManager(DataPaths(root), service.config)
    start, cpu = time.perf_counter(), time.process_time()
    job = manager.enqueue(REPO, listing.revision, model)
    snap = manager.wait(job, timeout=600)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    manager.shutdown()
    if snap.state != "done":
        raise RuntimeError(f"download ended {snap.state}: {snap.error}")
    return elapsed, cpu


def sha256_ceiling(mib: int = 256) -> float:
    """MiB/s this CPU hashes with sha256 on one core: no verified download can beat it."""
    block = os.urandom(1 << 20)
    digest = hashlib.sha256()
    start = time.perf_counter()
    for _ in range(mib):
        digest.update(block)
    return mib / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    tmp = Path(tempfile.mkdtemp(prefix="tessera-dlbench-"))
    try:
        (tmp / "served").mkdir()
        make_file(tmp / "served" / NAME, size)
        # The server runs in its own process, as a real one would: it must not share our GIL.
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.fixtures.hub_server", str(tmp / "served")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            line = server.stdout.readline() if server.stdout else ""
            if not line.startswith("HF_ENDPOINT="):
                raise RuntimeError(f"the test server did not start: {line!r}")
            endpoint = line.strip().split("=", 1)[1]
            service = HubService(HubConfig.from_settings(endpoint))
            revision = service.list_files(REPO).revision
            url = f"{endpoint}/{REPO}/resolve/{revision}/{NAME}"
            plain: list[tuple[float, float]] = []
            hashed: list[tuple[float, float]] = []
            ours: list[tuple[float, float]] = []
            for i in range(args.rounds):
                dest = tmp / f"plain-{i}.bin"
                plain.append(plain_download(url, dest))
                dest.unlink()
                hashed.append(plain_download(url, dest, verify=True))
                dest.unlink()
                root = tmp / f"data-{i}"
                ours.append(tessera_download(service, root))
                shutil.rmtree(root)
        finally:
            server.terminate()
            server.wait(10)
        mib = size / (1 << 20)
        print(
            f"file: {mib:.0f} MiB, {args.rounds} interleaved rounds, loopback, server in its own process"
        )
        walls = {}
        for label, runs in (
            ("plain http.client loop ", plain),
            ("plain loop + sha256    ", hashed),
            ("tessera DownloadManager", ours),
        ):
            wall = [w for w, _ in runs]
            walls[label.strip()] = wall
            each = " ".join(f"{mib / w:.0f}" for w in wall)
            print(
                f"{label}: median {mib / statistics.median(wall):7.1f} MiB/s, best "
                f"{mib / min(wall):7.1f} MiB/s, client CPU {statistics.median(c for _, c in runs):.2f} s"
                f"  (rounds: {each})"
            )
        ceiling = sha256_ceiling()
        print(
            f"sha256 on one core     : {ceiling:7.1f} MiB/s (the ceiling for any verified download)"
        )
        mine = walls["tessera DownloadManager"]
        for label in ("plain http.client loop", "plain loop + sha256"):
            ref = walls[label]
            print(
                f"ratio tessera / {label}: median {statistics.median(ref) / statistics.median(mine):.2f}x,"
                f" best {min(ref) / min(mine):.2f}x (target >= 0.90x)"
            )
        print(
            f"tessera / sha256 ceiling: median {mib / statistics.median(mine) / ceiling:.2f}x, "
            f"best {mib / min(mine) / ceiling:.2f}x"
        )
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
