"""Will this model file run here? Weights + KV cache for a context, against VRAM and RAM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from desktop.core.hub.names import bits_per_weight
from desktop.core.models.hardware import Hardware

Verdict = Literal["gpu", "partial", "cpu", "too_large"]
_RANK = {"gpu": 0, "partial": 1, "cpu": 2, "too_large": 3}
GPU_RESERVE = 512 * 1024**2  # driver context and scratch buffers llama.cpp allocates
RAM_RESERVE = 1024**3  # the OS and Tessera itself
COMPUTE_OVERHEAD = 0.06  # compute buffers, roughly proportional to the weights
# Bytes per cached element: ggml's block sizes (q8_0: 34 bytes per 32, q4_0: 18 per 32).
KV_BYTES_PER_ELEMENT = {"f16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32}


def kv_cache_scale(type_k: str = "f16", type_v: str = "f16") -> float:
    """The KV cache's size with these K and V types, relative to an F16 cache."""
    k = KV_BYTES_PER_ELEMENT.get(type_k, 2.0)
    v = KV_BYTES_PER_ELEMENT.get(type_v, 2.0)
    return (k + v) / 4.0


@dataclass(frozen=True)
class ModelShape:
    n_layers: int
    kv_bytes_per_token: int  # F16 K and V across all layers
    n_params: int | None = None
    exact: bool = False  # read from the GGUF header, not guessed from the size


@dataclass(frozen=True)
class FitEstimate:
    verdict: Verdict
    gpu_layers: int  # layers llama.cpp can offload (n_gpu_layers); 0 on CPU
    n_layers: int
    weights_bytes: int
    kv_bytes: int
    n_ctx: int
    approximate: bool

    @property
    def total_bytes(self) -> int:
        return self.weights_bytes + self.kv_bytes

    def describe(self) -> str:
        """An English sentence for the CLI (the UI builds its own, translated)."""
        if self.verdict == "gpu":
            text = "fits on the GPU"
        elif self.verdict == "partial":
            text = f"partial offload: {self.gpu_layers} of {self.n_layers} layers"
        elif self.verdict == "cpu":
            text = "CPU only"
        else:
            text = "too large"
        return text + (" (estimate)" if self.approximate else "")


def shape_from_meta(meta) -> ModelShape:
    """From desktop.core.gguf.GGUFMeta (exact layer count and KV size)."""
    return ModelShape(
        n_layers=max(1, meta.n_layers),
        kv_bytes_per_token=max(1, meta.kv_cache_bytes(1)),
        n_params=meta.n_params or None,
        exact=True,
    )


def guess_shape(n_params: int | None, file_size: int, quantization: str | None) -> ModelShape:
    """A typical transformer of that size (grouped-query attention, 8 KV heads of 128) when
    the header is not at hand, e.g. for files still on the Hub."""
    if not n_params:
        bpw = bits_per_weight(quantization) or 4.9
        n_params = int(file_size * 8 / bpw)
    billions = n_params / 1e9
    table = ((0.5, 24), (2, 28), (4, 32), (10, 32), (20, 40), (40, 64), (80, 80))
    layers = next((n for limit, n in table if billions < limit), 96)
    return ModelShape(layers, 2 * layers * 8 * 128 * 2, n_params, exact=False)


def estimate_fit(
    weights_bytes: int,
    shape: ModelShape,
    n_ctx: int,
    hw: Hardware,
    type_k: str = "f16",
    type_v: str = "f16",
) -> FitEstimate:
    """Where the model runs with an `n_ctx` context and a KV cache of `type_k` / `type_v`."""
    kv = int(shape.kv_bytes_per_token * max(1, n_ctx) * kv_cache_scale(type_k, type_v))
    need = int((weights_bytes + kv) * (1 + COMPUTE_OVERHEAD))
    ram = max(0, hw.ram_available - RAM_RESERVE)
    vram = max(0, hw.vram_free - GPU_RESERVE)
    layers = shape.n_layers

    def result(verdict: Verdict, gpu_layers: int) -> FitEstimate:
        return FitEstimate(verdict, gpu_layers, layers, weights_bytes, kv, n_ctx, not shape.exact)

    if vram and need <= vram:
        return result("gpu", layers)
    if vram and not hw.unified_memory:
        per_layer = need / layers
        on_gpu = min(layers - 1, int(vram // per_layer))
        if on_gpu > 0 and need - on_gpu * per_layer <= ram:
            return result("partial", on_gpu)
    if need <= ram:
        return result("cpu", 0)
    return result("too_large", 0)


@dataclass(frozen=True)
class FitCandidate:
    key: str  # whatever the caller uses to name the file
    quantization: str | None
    fit: FitEstimate


def recommend(candidates: Sequence[FitCandidate]) -> str | None:
    """The file to suggest: fully on the GPU if any file is, else the best of the rest.

    Among files that fit on the GPU, the highest quality up to Q8_0 (F16/F32 cost twice the
    memory for little gain). On partial offload or CPU, quality near Q4_K_M: speed there is
    bound by memory bandwidth, so bigger files are slower.
    """
    usable = [c for c in candidates if c.fit.verdict != "too_large"]
    if not usable:
        return None
    best_rank = min(_RANK[c.fit.verdict] for c in usable)
    tier = [c for c in usable if _RANK[c.fit.verdict] == best_rank]

    def bpw(c: FitCandidate) -> float:
        return bits_per_weight(c.quantization) or c.fit.weights_bytes * 8 / 1e9

    if best_rank == 0:
        capped = [c for c in tier if bpw(c) <= 8.5] or tier
        return max(capped, key=bpw).key
    return min(tier, key=lambda c: (abs(bpw(c) - 4.89), -bpw(c))).key
