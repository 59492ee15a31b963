"""What llama.cpp build this installation runs: versions, compiled backends, GPU offload, devices.

`describe_build()` loads llama.cpp (and so its GPU backends) into the calling process: call it
only where llama.cpp runs anyway (the engine process, `tessera --version`, `tessera bench`,
the probe child). The window asks `build_probe.probe_build()` instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
from dataclasses import asdict, dataclass, field
from typing import Any

# ggml_backend_dev_type: what a device is.
_DEVICE_KINDS = {0: "CPU", 1: "GPU", 2: "IGPU", 3: "ACCEL"}


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # ggml's device name, e.g. "CUDA0", "CPU"
    description: str  # e.g. "NVIDIA H200", "AMD EPYC"
    kind: str  # "CPU" | "GPU" | "IGPU" | "ACCEL"
    total_bytes: int  # memory the device reports (system RAM for the CPU)


@dataclass(frozen=True)
class BuildInfo:
    llama_cpp_python: str
    llama_cpp: str  # libllama version and the ggml version/commit it was built from
    backends: list[str]  # ggml backend registry names, e.g. ["CUDA", "CPU"]
    gpu_offload: bool
    devices: tuple[DeviceInfo, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BuildInfo:
        """The inverse of `to_dict` (a cache file, a child's answer); KeyError/TypeError when
        the data is not a BuildInfo."""
        return cls(
            llama_cpp_python=str(data["llama_cpp_python"]),
            llama_cpp=str(data["llama_cpp"]),
            backends=[str(b) for b in data["backends"]],
            gpu_offload=bool(data["gpu_offload"]),
            devices=tuple(DeviceInfo(**d) for d in data.get("devices", ())),
        )


UNKNOWN_BUILD = BuildInfo("unknown", "unknown", [], False)


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


def _find(libs: list[ctypes.CDLL], name: str) -> Any:
    for lib in libs:
        fn = getattr(lib, name, None)
        if fn is not None:
            return fn
    return None


def _versions(L: Any, libs: list[ctypes.CDLL]) -> str:
    parts = []
    version = getattr(L, "llama_version", None)
    if version is not None:
        parts.append(f"libllama {version().decode()}")
    ggml_version = _find(libs, "ggml_version")
    ggml_commit = _find(libs, "ggml_commit")
    if ggml_version is not None:
        ggml_version.restype = ctypes.c_char_p
        commit = ""
        if ggml_commit is not None:
            ggml_commit.restype = ctypes.c_char_p
            commit = f" ({ggml_commit().decode()})"
        parts.append(f"ggml {ggml_version().decode()}{commit}")
    return ", ".join(parts) or "unknown"


def _backends(libs: list[ctypes.CDLL]) -> list[str]:
    count = _find(libs, "ggml_backend_reg_count")
    get = _find(libs, "ggml_backend_reg_get")
    name = _find(libs, "ggml_backend_reg_name")
    if count is None or get is None or name is None:
        return []
    count.restype = ctypes.c_size_t
    get.restype = ctypes.c_void_p
    get.argtypes = [ctypes.c_size_t]
    name.restype = ctypes.c_char_p
    name.argtypes = [ctypes.c_void_p]
    return [name(get(i)).decode() for i in range(count())]


def _devices(libs: list[ctypes.CDLL]) -> tuple[DeviceInfo, ...]:
    fns = {
        n: _find(libs, f"ggml_backend_dev_{n}")
        for n in ("count", "get", "name", "description", "type", "memory")
    }
    if any(fn is None for fn in fns.values()):
        return ()
    fns["count"].restype = ctypes.c_size_t
    fns["get"].restype = ctypes.c_void_p
    fns["get"].argtypes = [ctypes.c_size_t]
    for n in ("name", "description"):
        fns[n].restype = ctypes.c_char_p
        fns[n].argtypes = [ctypes.c_void_p]
    fns["type"].restype = ctypes.c_int
    fns["type"].argtypes = [ctypes.c_void_p]
    size_p = ctypes.POINTER(ctypes.c_size_t)
    fns["memory"].argtypes = [ctypes.c_void_p, size_p, size_p]
    devices = []
    for i in range(fns["count"]()):
        dev = fns["get"](i)
        free, total = ctypes.c_size_t(), ctypes.c_size_t()
        fns["memory"](dev, ctypes.byref(free), ctypes.byref(total))
        devices.append(
            DeviceInfo(
                name=(fns["name"](dev) or b"").decode(errors="replace"),
                description=(fns["description"](dev) or b"").decode(errors="replace"),
                kind=_DEVICE_KINDS.get(fns["type"](dev), "unknown"),
                total_bytes=int(total.value),
            )
        )
    return tuple(devices)


@functools.lru_cache(maxsize=1)
def describe_build() -> BuildInfo:
    """Loads llama.cpp in this process and asks it (see the module docstring for where)."""
    import llama_cpp
    import llama_cpp.llama_cpp as L

    L.llama_backend_init()
    libs = _ggml_libs()
    return BuildInfo(
        llama_cpp_python=llama_cpp.__version__,
        llama_cpp=_versions(L, libs),
        backends=_backends(libs),
        gpu_offload=bool(L.llama_supports_gpu_offload()),
        devices=_devices(libs),
    )
