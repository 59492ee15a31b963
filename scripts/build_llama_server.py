"""Build llama.cpp's llama-server from the sources vendored in the installed llama-cpp-python, once.

The binary lands in ~/.cache/tessera-test/llama-server-<llama-cpp-python version>/llama-server
(or under $TESSERA_TEST_CACHE). A second run finds it and returns at once, so the README's test
command can call this before pytest. The sdist comes from the package registry through pip; the
build itself needs no network (the web UI download and HTTPS support are switched off).

Usage: python scripts/build_llama_server.py [--jobs N] [--print-path]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

BINARY_NAME = "llama-server.exe" if os.name == "nt" else "llama-server"


def cache_root() -> Path:
    env = os.environ.get("TESSERA_TEST_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "tessera-test"


def binary_path(version: str | None = None) -> Path:
    """Where the llama-server for this llama-cpp-python version lives (built or not)."""
    version = version or importlib.metadata.version("llama-cpp-python")
    return cache_root() / f"llama-server-{version}" / BINARY_NAME


def _works(binary: Path) -> bool:
    if not binary.is_file():
        return False
    try:
        proc = subprocess.run(
            [str(binary), "--version"], capture_output=True, timeout=60, check=False
        )
    except OSError:
        return False
    return proc.returncode == 0


def _fetch_sources(version: str, work: Path) -> Path:
    subprocess.run(
        [
            sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
            "--quiet", "-d", str(work), f"llama-cpp-python=={version}",
        ],
        check=True,
    )  # fmt: skip
    sdist = next(work.glob("llama_cpp_python-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers() if "/vendor/llama.cpp/" in m.name]
        if sys.version_info >= (3, 12):
            tar.extractall(work, members=members, filter="data")
        else:
            tar.extractall(work, members=members)  # noqa: S202 - sdist from the registry
    return next(work.glob("llama_cpp_python-*/vendor/llama.cpp"))


def build(version: str, jobs: int) -> Path:
    target = binary_path(version)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="llama-server-build-", dir=target.parent) as tmp:
        work = Path(tmp)
        source = _fetch_sources(version, work)
        build_dir = work / "build"
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        subprocess.run(
            [
                "cmake", "-S", str(source), "-B", str(build_dir), *generator,
                "-DCMAKE_BUILD_TYPE=Release",
                "-DBUILD_SHARED_LIBS=OFF",
                "-DLLAMA_CURL=OFF",
                "-DLLAMA_OPENSSL=OFF",
                "-DLLAMA_BUILD_UI=OFF",
                "-DLLAMA_USE_PREBUILT_UI=OFF",
                "-DLLAMA_BUILD_TESTS=OFF",
                "-DLLAMA_BUILD_EXAMPLES=OFF",
                "-DLLAMA_BUILD_SERVER=ON",
                "-DLLAMA_BUILD_APP=OFF",
            ],
            check=True,
        )  # fmt: skip
        subprocess.run(
            ["cmake", "--build", str(build_dir), "--config", "Release",
             "--target", "llama-server", "-j", str(jobs)],
            check=True,
        )  # fmt: skip
        built = next(build_dir.rglob(BINARY_NAME))
        partial = target.with_suffix(".partial")
        shutil.copy2(built, partial)
        partial.replace(target)
    if not _works(target):
        raise SystemExit(f"built {target} but it does not run")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--print-path", action="store_true", help="print the path and exit")
    args = parser.parse_args(argv)
    version = importlib.metadata.version("llama-cpp-python")
    target = binary_path(version)
    if args.print_path:
        print(target)
        return 0
    if _works(target):
        print(f"llama-server {version}: cached at {target}")
        return 0
    print(f"llama-server {version}: building (several minutes) into {target.parent}")
    build(version, args.jobs)
    print(f"llama-server {version}: built {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
