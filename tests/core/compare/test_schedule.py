"""Which panes run at the same time: local models together only when they fit in memory
together (said in words), remote ones at once unless the server serves fewer at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.core.compare.schedule import local_need, plan, together
from desktop.core.compare.target_spec import parse_target
from desktop.core.models.fit import GPU_RESERVE, RAM_RESERVE
from desktop.core.models.hardware import GpuInfo, Hardware

GB = 1024**3


def machine(ram_free: int, vram_free: int = 0) -> Hardware:
    gpus = (GpuInfo("Test GPU", "nvidia", 24 * GB, vram_free),) if vram_free else ()
    return Hardware(64 * GB, ram_free, gpus, gpu_offload_supported=bool(vram_free))


def test_local_models_that_fit_together_run_at_the_same_time(tiny_model_path: Path) -> None:
    targets = [parse_target(f"model:{tiny_model_path},seed={s}") for s in (1, 2)]
    schedule = plan(targets, machine(16 * GB))
    assert schedule.local_parallel and schedule.lanes == ((0,), (1,))
    assert schedule.message.code == "compare.local_parallel"
    assert "The 2 local models run at the same time" in str(schedule.message)
    # Two engines share the cores instead of each taking all of them.
    assert schedule.threads is not None and schedule.threads >= 1
    pinned = [parse_target(f"model:{tiny_model_path},n_threads=1,seed={s}") for s in (1, 2)]
    assert plan(pinned, machine(16 * GB)).threads is None


def test_local_models_that_do_not_fit_together_run_one_after_another(
    tiny_model_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.gguf"
    shutil.copyfile(tiny_model_path, other)
    targets = [
        parse_target(f"model:{tiny_model_path},seed=1"),
        parse_target(f"model:{other}"),
        parse_target(f"model:{tiny_model_path},seed=2"),
    ]
    schedule = plan(targets, machine(RAM_RESERVE + 1024))
    assert not schedule.local_parallel
    # One lane, each file's panes next to each other so it loads once per turn.
    assert schedule.lanes == ((0, 2, 1),)
    assert schedule.message.code == "compare.local_sequential_ram"
    assert "run one after another" in str(schedule.message) and "more than the" in str(
        schedule.message
    )


def test_panes_of_one_file_share_its_weights_in_memory(
    tiny_model_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.gguf"
    shutil.copyfile(tiny_model_path, copy)
    same = [parse_target(f"model:{tiny_model_path},seed={s}") for s in (1, 2)]
    different = [parse_target(f"model:{tiny_model_path}"), parse_target(f"model:{copy}")]
    hw = machine(16 * GB)
    ram_same, _ = together([local_need(t, hw) for t in same])
    ram_different, _ = together([local_need(t, hw) for t in different])
    assert ram_same < ram_different
    just_enough = machine(RAM_RESERVE + ram_same)
    assert plan(same, just_enough).local_parallel
    assert not plan(different, just_enough).local_parallel


def test_gpu_memory_decides_for_offloaded_models(tiny_model_path: Path) -> None:
    targets = [parse_target(f"model:{tiny_model_path},n_gpu_layers=-1,seed={s}") for s in (1, 2)]
    roomy = plan(targets, machine(16 * GB, vram_free=8 * GB))
    assert roomy.local_parallel and roomy.message.code == "compare.local_parallel_gpu"
    assert roomy.vram_need > 0
    tight = plan(targets, machine(16 * GB, vram_free=GPU_RESERVE + 1024))
    assert not tight.local_parallel and tight.message.code == "compare.local_sequential_gpu"


def test_an_unreadable_file_means_one_after_another(
    tiny_model_path: Path, broken_models: dict[str, Path]
) -> None:
    targets = [
        parse_target(f"model:{tiny_model_path}"),
        parse_target(f"model:{broken_models['not_gguf']}"),
    ]
    schedule = plan(targets, machine(16 * GB))
    assert not schedule.local_parallel and schedule.lanes == ((0, 1),)
    assert broken_models["not_gguf"].name in str(schedule.message)


def test_remote_targets_run_at_once_within_what_their_server_serves(tiny_model_path: Path) -> None:
    targets = [
        parse_target("backend:one,seed=1"),
        parse_target("backend:one,seed=2"),
        parse_target("backend:one,seed=3"),
        parse_target(f"model:{tiny_model_path}"),
    ]
    schedule = plan(targets, None, {"one": 2})
    assert schedule.lanes == ((0, 2), (1,), (3,))
    assert [n.code for n in schedule.notes] == ["compare.server_turns"]
    assert str(schedule.notes[0]) == "one serves 2 request(s) at a time: its 3 targets take turns."
    assert schedule.message.code == "compare.one_local"
    unlimited = plan(targets[:3], None, {"one": None})
    assert unlimited.lanes == ((0,), (1,), (2,)) and unlimited.message.code == "compare.all_remote"
