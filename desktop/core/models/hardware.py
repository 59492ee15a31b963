"""What this machine has for running models: RAM, and GPU memory where it can be detected.

NVIDIA through NVML (nvidia-ml-py, when installed) or nvidia-smi, AMD through rocm-smi, Apple
Silicon as a share of unified memory. Anything else (Intel, Vulkan-only) reports no VRAM and
the fit estimate falls back to RAM.
"""

from __future__ import annotations

import contextlib
import logging
import platform
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

log = logging.getLogger(__name__)

GpuKind = Literal["nvidia", "amd", "apple", "none"]


@dataclass(frozen=True)
class GpuInfo:
    name: str
    kind: GpuKind
    total_bytes: int
    free_bytes: int


@dataclass(frozen=True)
class Hardware:
    ram_total: int
    ram_available: int
    gpus: tuple[GpuInfo, ...] = ()
    gpu_offload_supported: bool = False  # whether this llama.cpp build can use a GPU at all
    notes: tuple[str, ...] = field(default=())  # why VRAM is unknown, etc.

    @property
    def vram_free(self) -> int:
        """GPU memory usable for offload: 0 when no usable GPU (or a CPU-only build)."""
        if not self.gpu_offload_supported:
            return 0
        return sum(g.free_bytes for g in self.gpus)

    @property
    def unified_memory(self) -> bool:
        return any(g.kind == "apple" for g in self.gpus)


def _ram() -> tuple[int, int]:
    import psutil

    vm = psutil.virtual_memory()
    return int(vm.total), int(vm.available)


def _nvidia_nvml() -> list[GpuInfo] | None:
    try:
        import pynvml  # nvidia-ml-py, when installed
    except ImportError:
        return None
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError as exc:  # no driver, or no GPU: nvidia-smi and others are next
        log.info("NVML unavailable: %s", exc)
        return None
    try:
        gpus = []
        for i in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(i)
            mem = pynvml.nvmlDeviceGetMemoryInfo(handle)
            name = pynvml.nvmlDeviceGetName(handle)
            name = name.decode() if isinstance(name, bytes) else str(name)
            gpus.append(GpuInfo(name, "nvidia", int(mem.total), int(mem.free)))
        return gpus
    except pynvml.NVMLError as exc:
        log.warning("NVML could not list the GPUs: %s", exc)
        return None
    finally:
        with contextlib.suppress(pynvml.NVMLError):
            pynvml.nvmlShutdown()


def parse_nvidia_smi(output: str) -> list[GpuInfo]:
    """Lines of 'name, total MiB, free MiB' from nvidia-smi's CSV query."""
    gpus = []
    for line in output.strip().splitlines():
        parts = [p.strip() for p in line.rsplit(",", 2)]
        if len(parts) != 3:
            continue
        try:
            total, free = int(float(parts[1])), int(float(parts[2]))
        except ValueError:
            continue
        gpus.append(GpuInfo(parts[0], "nvidia", total * 1024 * 1024, free * 1024 * 1024))
    return gpus


def _nvidia_smi() -> list[GpuInfo] | None:
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--query-gpu=name,memory.total,memory.free", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_nvidia_smi(out)


def parse_rocm_smi(output: str) -> list[GpuInfo]:
    """`rocm-smi --showmeminfo vram --json`: per card, total and used VRAM in bytes."""
    import json

    try:
        cards = json.loads(output)
    except ValueError:
        return []
    gpus = []
    for name, info in sorted(cards.items()) if isinstance(cards, dict) else ():
        try:
            total = int(info["VRAM Total Memory (B)"])
            used = int(info["VRAM Total Used Memory (B)"])
        except (KeyError, TypeError, ValueError):
            continue
        gpus.append(GpuInfo(f"AMD GPU ({name})", "amd", total, max(0, total - used)))
    return gpus


def _rocm_smi() -> list[GpuInfo] | None:
    exe = shutil.which("rocm-smi")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--showmeminfo", "vram", "--json"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_rocm_smi(out) or None


def _apple(ram_total: int) -> list[GpuInfo]:
    if platform.system() != "Darwin" or platform.machine() != "arm64":
        return []
    # Metal lets the GPU wire about 2/3 of unified memory (3/4 above 36 GB) by default.
    share = 0.75 if ram_total > 36 * 1024**3 else 0.66
    usable = int(ram_total * share)
    return [GpuInfo("Apple GPU (unified memory)", "apple", usable, usable)]


def detect_hardware(
    gpu_offload_supported: bool | None = None, *, cache_dir: Path | None = None
) -> Hardware:
    """Never raises: what cannot be detected is left out and explained in `notes`.

    `gpu_offload_supported` None asks the llama.cpp build whether it can offload at all, in a
    child process (this one never loads llama.cpp's GPU backends), cached in `cache_dir`.
    """
    ram_total, ram_available = _ram()
    notes = []
    gpus = _nvidia_nvml()
    if gpus is None:
        gpus = _nvidia_smi()
    if gpus is None:
        gpus = _rocm_smi()
    if gpus is None:
        gpus = _apple(ram_total)
    if not gpus:
        notes.append("No GPU memory detected (no NVIDIA or AMD driver tools, not Apple Silicon).")
    if gpu_offload_supported is None:
        from desktop.core.engine.build_probe import probe_build

        gpu_offload_supported = probe_build(cache_dir).gpu_offload
    if gpus and not gpu_offload_supported:
        notes.append("This llama.cpp build is CPU-only, so the GPU cannot be used.")
    return Hardware(ram_total, ram_available, tuple(gpus), gpu_offload_supported, tuple(notes))
