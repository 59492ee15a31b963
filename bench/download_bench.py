"""Download throughput on loopback: Tessera's DownloadManager vs a plain http.client read loop.

Both fetch the same generated file from the same loopback Hub server (tests/hub_server.py) and
write it to disk; Tessera also follows the Hub redirect, verifies sha256 (streamed on a second
thread) and moves the file into the library. Target: Tessera >= 0.9x the plain loop.

    .venv/bin/python bench/download_bench.py [--size-mb 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.hub import DownloadManager, HubConfig, HubService  # noqa: E402
from desktop.core.paths import DataPaths  # noqa: E402
from tests.hub_server import HubServer  # noqa: E402

REPO = "bench/Bench-GGUF"
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


def plain_download(url: str, dest: Path) -> float:
    """A raw http.client loop: follow one redirect, read 1 MiB at a time, write to disk."""
    start = time.perf_counter()
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
        with open(dest, "wb") as out:
            while n := resp.readinto(buf):
                out.write(view[:n])
        conn.close()
        return time.perf_counter() - start
    raise RuntimeError("too many redirects")


def tessera_download(service: HubService, root: Path) -> float:
    listing = service.list_files(REPO)
    model = listing.find(NAME)
    assert model is not None
    manager = DownloadManager(DataPaths(root), service.config)
    start = time.perf_counter()
    job = manager.enqueue(REPO, listing.revision, model)
    snap = manager.wait(job, timeout=600)
    elapsed = time.perf_counter() - start
    manager.shutdown()
    if snap.state != "done":
        raise RuntimeError(f"download ended {snap.state}: {snap.error}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    tmp = Path(tempfile.mkdtemp(prefix="tessera-dlbench-"))
    try:
        source = tmp / NAME
        make_file(source, size)
        with HubServer() as hub:
            hub.add_repo(REPO, {NAME: source})
            service = HubService(HubConfig.from_settings(hub.endpoint))
            revision = service.list_files(REPO).revision
            url = f"{hub.endpoint}/{REPO}/resolve/{revision}/{NAME}"
            plain, ours = [], []
            for i in range(args.rounds):
                dest = tmp / f"plain-{i}.bin"
                plain.append(plain_download(url, dest))
                dest.unlink()
                root = tmp / f"data-{i}"
                ours.append(tessera_download(service, root))
                shutil.rmtree(root)
        mib = size / (1 << 20)
        p, t = statistics.median(plain), statistics.median(ours)
        print(f"file: {mib:.0f} MiB, rounds: {args.rounds} (median)")
        print(f"plain http.client loop : {mib / p:8.1f} MiB/s  ({p:.2f} s)")
        print(f"tessera DownloadManager: {mib / t:8.1f} MiB/s  ({t:.2f} s, sha256 verified)")
        print(f"ratio tessera/plain    : {p / t:.2f}x (target >= 0.90x)")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
