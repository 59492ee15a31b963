"""Build facts for a process that must not load llama.cpp (the window): asked of a short-lived
child process, cached per llama-cpp-python build.

Importing llama_cpp initialises its compute backends: with a CUDA build that means a CUDA
context (VRAM held, seconds at start) and a broken driver crashing the process that asked.
So the window never imports it: `probe_build()` runs `describe_build()` in a spawned child and
keeps the answer in `<cache>/llama-build.json`, keyed by the installed llama-cpp-python's
version and its native libraries' sizes and modification times (a reinstall with other
CMAKE_ARGS changes them), so later starts cost one directory listing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import threading
from importlib import metadata, util
from pathlib import Path
from typing import Any

from desktop.core.engine.buildinfo import UNKNOWN_BUILD, BuildInfo, describe_build

log = logging.getLogger(__name__)

CACHE_NAME = "llama-build.json"
PROBE_TIMEOUT = 120.0  # first import of a CUDA build can take a while
_probing = threading.Lock()  # callers at start (inspector, hub panel) share one child
_answers: dict[str, BuildInfo] = {}  # fingerprint -> what a child said, for this process


def build_fingerprint(package: Path | None = None) -> str | None:
    """Identifies the installed llama-cpp-python build (or the package folder given) without
    importing it; None when it is not installed."""
    if package is None:
        spec = util.find_spec("llama_cpp")
        if spec is None or not spec.origin:
            return None
        package = Path(spec.origin).parent
    try:
        version = metadata.version("llama_cpp_python")
    except metadata.PackageNotFoundError:  # a frozen bundle or a source checkout
        version = "?"
    files = []
    for folder in (package / "lib", package):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_file() and entry.name.endswith((".so", ".dylib", ".dll", ".py")):
                st = entry.stat()
                files.append(f"{folder.name}/{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    text = json.dumps([version, str(package), files])
    return hashlib.sha256(text.encode()).hexdigest()


def _read_cache(path: Path, fingerprint: str) -> BuildInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("fingerprint") != fingerprint:
            return None
        return BuildInfo.from_dict(data["build"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring the unreadable build cache %s: %s", path, exc)
        return None


def _write_cache(path: Path, fingerprint: str, info: BuildInfo) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(
            json.dumps({"fingerprint": fingerprint, "build": info.to_dict()}, indent=1),
            encoding="utf-8",
        )
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write the build cache %s: %s", path, exc)
        tmp.unlink(missing_ok=True)


def _child_main(conn: Any) -> None:
    """Entry point of the probe child: one answer, then exit."""
    try:
        conn.send(("ok", describe_build().to_dict()))
    except Exception as exc:  # the parent logs what it is told; the child just ends
        log.debug("describing the build failed", exc_info=True)  # no handler in the child
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def ask_child(timeout: float = PROBE_TIMEOUT) -> BuildInfo | None:
    """`describe_build()` run in a spawned child process; None when it failed or hung."""
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(sender,), name="tessera-build-probe", daemon=True)
    proc.start()
    sender.close()  # so a child that dies shows up as EOF
    try:
        if not receiver.poll(timeout):
            log.warning("the llama.cpp build probe did not answer in %.0f s", timeout)
            return None
        status, payload = receiver.recv()
    except (EOFError, OSError):
        proc.join(timeout=5)
        log.warning("the llama.cpp build probe died (exit code %s)", proc.exitcode)
        return None
    finally:
        receiver.close()
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=5)
    if status != "ok":
        log.warning("the llama.cpp build probe failed: %s", payload)
        return None
    return BuildInfo.from_dict(payload)


def probe_build(cache_dir: Path | None = None, timeout: float = PROBE_TIMEOUT) -> BuildInfo:
    """The build facts without loading llama.cpp here. Never raises: a failed probe gives
    UNKNOWN_BUILD (no GPU offload) and is asked again next time."""
    fingerprint = build_fingerprint()
    if fingerprint is None:
        log.warning("llama-cpp-python is not installed")
        return UNKNOWN_BUILD
    cache = cache_dir / CACHE_NAME if cache_dir is not None else None
    with _probing:
        cached = _read_cache(cache, fingerprint) if cache is not None else None
        if cached is not None:
            return cached
        info = _answers.get(fingerprint)
        if info is None:
            info = ask_child(timeout)
            if info is None:
                return UNKNOWN_BUILD
            log.info("llama.cpp build: %s; backends %s", info.llama_cpp, ", ".join(info.backends))
            _answers[fingerprint] = info
        if cache is not None:
            _write_cache(cache, fingerprint, info)
        return info


def forget_answers() -> None:
    """Forget what probe children said in this process (tests, benchmarks of a cold start);
    cache files stay."""
    with _probing:
        _answers.clear()
