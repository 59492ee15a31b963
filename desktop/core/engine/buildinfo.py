"""What llama.cpp build this installation runs: versions, compiled backends, GPU offload."""

from __future__ import annotations

import contextlib
import ctypes
import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class BuildInfo:
    llama_cpp_python: str
    llama_cpp: str  # libllama version and the ggml version/commit it was built from
    backends: list[str]  # ggml backend registry names, e.g. ["CUDA", "CPU"]
    gpu_offload: bool


def _ggml_libs() -> list[ctypes.CDLL]:
    from pathlib import Path

    import llama_cpp

    lib_dir = Path(llama_cpp.__file__).parent / "lib"
    libs: list[ctypes.CDLL] = []
    for stem in ("libggml", "libggml-base", "ggml", "ggml-base"):
        for suffix in (".so", ".dylib", ".dll"):
            path = lib_dir / f"{stem}{suffix}"
            if path.exists():
                with contextlib.suppress(OSError):
                    libs.append(ctypes.CDLL(str(path)))
    return libs


def _find(libs: list[ctypes.CDLL], name: str):
    for lib in libs:
        fn = getattr(lib, name, None)
        if fn is not None:
            return fn
    return None


@functools.lru_cache(maxsize=1)
def describe_build() -> BuildInfo:
    import llama_cpp
    import llama_cpp.llama_cpp as L

    L.llama_backend_init()
    libs = _ggml_libs()
    parts = []
    with contextlib.suppress(Exception):
        parts.append(f"libllama {L.llama_version().decode()}")
    ggml_version = _find(libs, "ggml_version")
    ggml_commit = _find(libs, "ggml_commit")
    if ggml_version is not None:
        ggml_version.restype = ctypes.c_char_p
        commit = ""
        if ggml_commit is not None:
            ggml_commit.restype = ctypes.c_char_p
            commit = f" ({ggml_commit().decode()})"
        parts.append(f"ggml {ggml_version().decode()}{commit}")

    backends: list[str] = []
    count = _find(libs, "ggml_backend_reg_count")
    get = _find(libs, "ggml_backend_reg_get")
    name = _find(libs, "ggml_backend_reg_name")
    if count is not None and get is not None and name is not None:
        count.restype = ctypes.c_size_t
        get.restype = ctypes.c_void_p
        get.argtypes = [ctypes.c_size_t]
        name.restype = ctypes.c_char_p
        name.argtypes = [ctypes.c_void_p]
        for i in range(count()):
            backends.append(name(get(i)).decode())
    return BuildInfo(
        llama_cpp_python=llama_cpp.__version__,
        llama_cpp=", ".join(parts) or "unknown",
        backends=backends,
        gpu_offload=bool(L.llama_supports_gpu_offload()),
    )
