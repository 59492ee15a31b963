"""The first model suggested follows the machine: small on the processor, larger on a GPU."""

from __future__ import annotations

import pytest

from desktop.core.hub import HubConfig, HubError, HubService
from desktop.core.models.first_model import (
    NoFirstModelError,
    find_first_model,
    plan,
)
from desktop.core.models.hardware import GpuInfo, Hardware
from tests.fixtures.hub import add_suggested_repos

GB = 1024**3


def machine(ram_gb: float, vram_gb: float = 0, offload: bool = True) -> Hardware:
    gpus = (GpuInfo("Test GPU", "nvidia", int(vram_gb * GB), int(vram_gb * GB)),) if vram_gb else ()
    return Hardware(int(ram_gb * GB), int(ram_gb * GB), gpus, offload)


def test_a_two_core_machine_without_a_gpu_gets_the_small_model(hub, service, tiny_model_path):
    add_suggested_repos(hub, tiny_model_path.read_bytes())
    first = find_first_model(service.list_files, machine(8), cpu_count=2)
    assert first.repo_id == "Qwen/Qwen2.5-0.5B-Instruct-GGUF"
    assert first.model.name == "qwen2.5-0.5b-instruct-q4_k_m.gguf"
    assert first.n_gpu_layers == 0
    assert "No usable GPU" in str(first.why)
    assert len(hub.requests_for("/api/models/Qwen/")) == 1  # one listing, no tour of the ladder


def test_a_gpu_with_room_gets_the_7b_model_on_the_gpu(hub, service, tiny_model_path):
    add_suggested_repos(hub, tiny_model_path.read_bytes())
    first = find_first_model(service.list_files, machine(32, 24), cpu_count=8)
    assert first.repo_id == "Qwen/Qwen2.5-7B-Instruct-GGUF"
    # The best first-run quantization that fits, every part of the split.
    assert first.quantization == "Q5_K_M" and len(first.model.files) == 2
    assert first.n_gpu_layers == -1
    assert "runs entirely on your GPU" in str(first.why) and "GB" in str(first.why)


def test_a_small_gpu_gets_a_model_that_fits_it(hub, service, tiny_model_path):
    add_suggested_repos(hub, tiny_model_path.read_bytes())
    first = find_first_model(service.list_files, machine(16, 3), cpu_count=4)
    assert first.repo_id == "Qwen/Qwen2.5-1.5B-Instruct-GGUF"
    assert first.n_gpu_layers == -1


def test_a_gpu_this_build_cannot_use_does_not_count(hub, service, tiny_model_path):
    add_suggested_repos(hub, tiny_model_path.read_bytes())
    first = find_first_model(service.list_files, machine(32, 24, offload=False), cpu_count=2)
    assert first.repo_id == "Qwen/Qwen2.5-0.5B-Instruct-GGUF"
    assert first.n_gpu_layers == 0
    assert "processor only" in str(first.why)


def test_more_cores_allow_a_larger_model_on_the_processor() -> None:
    assert [r.repo_id for r in plan(machine(32), cpu_count=2)][0].startswith("Qwen/Qwen2.5-0.5B")
    assert [r.repo_id for r in plan(machine(32), cpu_count=8)][0].startswith("Qwen/Qwen2.5-1.5B")
    # Never the 7B on the processor, whatever the cores.
    assert all("7B" not in r.repo_id for r in plan(machine(64), cpu_count=64))


def test_a_missing_rung_falls_back_to_the_next(hub, service, tiny_model_path):
    add_suggested_repos(
        hub, tiny_model_path.read_bytes(), only=("Qwen/Qwen2.5-0.5B-Instruct-GGUF",)
    )
    first = find_first_model(service.list_files, machine(32, 24), cpu_count=8)
    assert first.repo_id == "Qwen/Qwen2.5-0.5B-Instruct-GGUF"


def test_a_hub_without_any_of_them_says_so(hub, service):
    with pytest.raises(NoFirstModelError) as caught:
        find_first_model(service.list_files, machine(8), cpu_count=2, endpoint=hub.endpoint)
    assert hub.endpoint in str(caught.value) and "Qwen/Qwen2.5-0.5B-Instruct-GGUF" in str(
        caught.value
    )


def test_an_unreachable_hub_is_reported_as_offline_at_once() -> None:
    service = HubService(HubConfig.from_settings("http://127.0.0.1:9"), backoff_base=0.01)
    with pytest.raises(HubError) as caught:
        find_first_model(service.list_files, machine(8), cpu_count=2)
    assert caught.value.kind == "offline"
