"""Fit estimates and the recommended file, against made-up machines."""

from __future__ import annotations

from desktop.core.models.fit import (
    FitCandidate,
    ModelShape,
    estimate_fit,
    guess_shape,
    recommend,
    shape_from_meta,
)
from desktop.core.models.hardware import (
    GpuInfo,
    Hardware,
    detect_hardware,
    parse_nvidia_smi,
    parse_rocm_smi,
)

GB = 1024**3
SHAPE_8B = ModelShape(n_layers=32, kv_bytes_per_token=131072, n_params=8_000_000_000, exact=True)


def machine(ram_gb: float, vram_gb: float = 0, offload: bool = True) -> Hardware:
    gpus = (GpuInfo("Test GPU", "nvidia", int(vram_gb * GB), int(vram_gb * GB)),) if vram_gb else ()
    return Hardware(int(ram_gb * GB), int(ram_gb * GB), gpus, offload)


def test_verdicts_for_an_8b_q4_file() -> None:
    weights = int(4.9 * GB)
    assert estimate_fit(weights, SHAPE_8B, 8192, machine(32, 24)).verdict == "gpu"
    partial = estimate_fit(weights, SHAPE_8B, 8192, machine(32, 4))
    assert partial.verdict == "partial" and 0 < partial.gpu_layers < 32
    assert partial.describe() == f"partial offload: {partial.gpu_layers} of 32 layers"
    assert estimate_fit(weights, SHAPE_8B, 8192, machine(16)).verdict == "cpu"
    assert estimate_fit(weights, SHAPE_8B, 8192, machine(4)).verdict == "too_large"
    # A GPU the llama.cpp build cannot use does not count.
    assert estimate_fit(weights, SHAPE_8B, 8192, machine(32, 24, offload=False)).verdict == "cpu"


def test_context_length_moves_the_verdict() -> None:
    weights = int(4.9 * GB)
    hw = machine(64, 8)
    assert estimate_fit(weights, SHAPE_8B, 4096, hw).verdict == "gpu"
    big = estimate_fit(weights, SHAPE_8B, 131072, hw)  # 16 GiB of KV cache
    assert big.kv_bytes == 131072 * 131072 and big.verdict == "partial"


def test_recommendation_prefers_best_quality_that_fits_on_gpu() -> None:
    hw = machine(32, 12)
    files = {"Q2_K": 3.0, "Q4_K_M": 4.9, "Q8_0": 8.5, "F16": 16.0}
    cands = [
        FitCandidate(q, q, estimate_fit(int(s * GB), SHAPE_8B, 4096, hw)) for q, s in files.items()
    ]
    assert recommend(cands) == "Q8_0"
    cpu = [
        FitCandidate(q, q, estimate_fit(int(s * GB), SHAPE_8B, 4096, machine(32)))
        for q, s in files.items()
    ]
    assert recommend(cpu) == "Q4_K_M"  # on CPU, speed matters: near Q4_K_M
    tiny = [FitCandidate("F16", "F16", estimate_fit(int(16 * GB), SHAPE_8B, 4096, machine(8)))]
    assert recommend(tiny) is None


def test_guess_shape_and_header_shape(tiny_model_path) -> None:
    from desktop.core.gguf import read_gguf_meta

    guessed = guess_shape(None, int(4.9 * GB), "Q4_K_M")
    assert 6e9 < (guessed.n_params or 0) < 10e9 and guessed.n_layers == 32 and not guessed.exact
    exact = shape_from_meta(read_gguf_meta(tiny_model_path))
    assert exact.exact and exact.n_layers == 2 and exact.kv_bytes_per_token > 0
    fit = estimate_fit(tiny_model_path.stat().st_size, exact, 2048, machine(8))
    assert fit.verdict == "cpu" and not fit.approximate and fit.describe() == "CPU only"


def test_hardware_detection_never_fails_and_parses_nvidia_smi() -> None:
    hw = detect_hardware(gpu_offload_supported=False)
    assert hw.ram_total > 0 and 0 < hw.ram_available <= hw.ram_total
    assert hw.vram_free == 0
    gpus = parse_nvidia_smi("NVIDIA H100 80GB HBM3, 81559, 80000\nbroken line\nX, y, z\n")
    assert gpus == [GpuInfo("NVIDIA H100 80GB HBM3", "nvidia", 81559 * 1024**2, 80000 * 1024**2)]


def test_rocm_smi_output_is_parsed() -> None:
    out = '{"card0": {"VRAM Total Memory (B)": "25753026560", "VRAM Total Used Memory (B)": "753026560"}}'
    assert parse_rocm_smi(out) == [GpuInfo("AMD GPU (card0)", "amd", 25753026560, 25000000000)]
    assert parse_rocm_smi("not json") == [] and parse_rocm_smi('{"card0": {}}') == []


def test_a_quantized_kv_cache_makes_a_long_context_fit() -> None:
    weights = int(4.9 * GB)
    n_ctx = 131072  # 16 GiB of F16 keys and values for this shape
    f16 = estimate_fit(weights, SHAPE_8B, n_ctx, machine(64, 16))
    q8 = estimate_fit(weights, SHAPE_8B, n_ctx, machine(64, 16), "q8_0", "q8_0")
    q4 = estimate_fit(weights, SHAPE_8B, n_ctx, machine(64, 16), "q4_0", "q4_0")
    assert f16.kv_bytes == 16 * GB
    assert q8.kv_bytes == int(16 * GB * 34 / 64) and q4.kv_bytes == int(16 * GB * 18 / 64)
    assert f16.verdict == "partial" and q8.verdict == "gpu" and q4.verdict == "gpu"
    mixed = estimate_fit(weights, SHAPE_8B, n_ctx, machine(64, 16), "q8_0", "f16")
    assert q8.kv_bytes < mixed.kv_bytes < f16.kv_bytes
