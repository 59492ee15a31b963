"""Which panes run at the same time, and why: the fit estimate for local models together.

Local targets share this machine. Each one needs its weights, its KV cache and compute
buffers (desktop.core.models.fit's estimate), in RAM or, for offloaded layers, GPU memory.
When all of them fit in what is free together, each gets its own engine process and they run
at the same time; otherwise one engine runs them one after another. Weights of one file read
through mmap are counted once in RAM: the processes share those pages. Remote targets always
run at the same time, except that a server serving fewer requests at once than it has panes
gets them in turns (its `parallel_slots`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.compare.target import CompareTarget
from desktop.core.engine.protocol import LoadOptions
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec
from desktop.core.models.fit import COMPUTE_OVERHEAD, GPU_RESERVE, RAM_RESERVE
from desktop.core.models.hardware import Hardware

DEFAULT_N_CTX = 4096  # as `tessera chat`: 4096 tokens, or less when the model was trained on less


def size_text(n: int) -> str:
    """Bytes as "820 MB" or "3.4 GB" (units read the same in every language we ship)."""
    if n < 1024**3:
        return f"{max(0, n) / 1024**2:.0f} MB"
    return f"{n / 1024**3:.1f} GB"


ALL_REMOTE = MessageSpec(
    "compare.all_remote",
    QT_TRANSLATE_NOOP("CoreMessages", "Every target runs on a server: all run at the same time."),
)
ONE_LOCAL = MessageSpec(
    "compare.one_local",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "One target runs on this machine and the others on servers: all run at the same time.",
    ),
)
LOCAL_PARALLEL = MessageSpec(
    "compare.local_parallel",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The {count} local models run at the same time: together they need about {need} of "
        "RAM, and {free} is free.",
    ),
)
LOCAL_PARALLEL_GPU = MessageSpec(
    "compare.local_parallel_gpu",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The {count} local models run at the same time: together they need about {need} of "
        "RAM and {vram_need} of GPU memory, and {free} and {vram_free} are free.",
    ),
)
LOCAL_SEQUENTIAL_RAM = MessageSpec(
    "compare.local_sequential_ram",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The {count} local models run one after another: together they would need about "
        "{need} of RAM, more than the {free} free.",
    ),
)
LOCAL_SEQUENTIAL_GPU = MessageSpec(
    "compare.local_sequential_gpu",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The {count} local models run one after another: together they would need about "
        "{need} of GPU memory, more than the {free} free.",
    ),
)
LOCAL_SEQUENTIAL_UNREADABLE = MessageSpec(
    "compare.local_sequential_unreadable",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The local models run one after another: {name} cannot be read, so whether they fit "
        "in memory together is unknown.",
    ),
)
SERVER_TURNS = MessageSpec(
    "compare.server_turns",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{backend} serves {slots} request(s) at a time: its {count} targets take turns.",
    ),
)


@dataclass(frozen=True)
class MemoryNeed:
    """What one local engine needs: bytes in RAM and GPU memory, and the weights' share of
    the RAM part (shared between processes that map the same file)."""

    path: str
    ram: int
    vram: int
    ram_weights: int
    mmap: bool


@dataclass(frozen=True)
class Schedule:
    """`local_parallel`: each local target has its own engine and they run at the same time.
    `lanes`: pane indexes that run one after another on one thread (each lane starts at once).
    `threads`: CPU threads per local engine when they share the cores (None: the engine's)."""

    local_parallel: bool
    lanes: tuple[tuple[int, ...], ...]
    message: Message
    notes: tuple[Message, ...] = ()
    threads: int | None = None
    ram_need: int = 0
    vram_need: int = 0

    @property
    def messages(self) -> tuple[Message, ...]:
        return (self.message, *self.notes)

    def to_dict(self) -> dict[str, object]:
        return {
            "local_parallel": self.local_parallel,
            "lanes": [list(lane) for lane in self.lanes],
            "message": str(self.message),
            "code": self.message.code,
            "notes": [str(n) for n in self.notes],
            "threads": self.threads,
        }


def engine_options(target: CompareTarget, threads: int | None = None) -> LoadOptions:
    """The LoadOptions a local target loads with: its own settings; without n_ctx, 4096
    tokens or the model's trained context when smaller; `threads` when it sets none."""
    from desktop.core.gguf.errors import GGUFError
    from desktop.core.gguf.files import read_gguf_meta

    options = target.load_options()
    changes: dict[str, object] = {}
    if "n_ctx" not in target.load:
        try:
            trained = read_gguf_meta(options.path).n_ctx_train
        except (GGUFError, OSError):
            trained = 0  # loading reports what is wrong with the file
        if trained > 0:
            changes["n_ctx"] = min(DEFAULT_N_CTX, trained)
    if threads is not None and "n_threads" not in target.load:
        changes["n_threads"] = threads
    return dataclasses.replace(options, **changes) if changes else options  # type: ignore[arg-type]


def local_need(target: CompareTarget, hardware: Hardware) -> MemoryNeed:
    """Raises GGUFError (or OSError) when the file's header cannot be read."""
    from desktop.core.gguf.files import read_gguf_meta
    from desktop.core.models.fit import shape_from_meta

    options = engine_options(target)
    meta = read_gguf_meta(options.path)
    shape = shape_from_meta(meta)
    n_ctx = options.n_ctx or meta.n_ctx_train or DEFAULT_N_CTX
    weights = Path(options.path).stat().st_size
    kv = shape.kv_bytes_per_token * n_ctx
    layers = shape.n_layers
    gpu_layers = options.n_gpu_layers
    if hardware.vram_free <= 0 or gpu_layers == 0:
        on_gpu = 0.0
    elif gpu_layers < 0 or gpu_layers >= layers:
        on_gpu = 1.0
    else:
        on_gpu = gpu_layers / layers
    total = (weights + kv) * (1 + COMPUTE_OVERHEAD)
    ram_weights = int(weights * (1 + COMPUTE_OVERHEAD) * (1 - on_gpu))
    return MemoryNeed(
        options.path,
        ram=int(total * (1 - on_gpu)),
        vram=int(total * on_gpu),
        ram_weights=ram_weights,
        mmap=options.use_mmap,
    )


def together(needs: Sequence[MemoryNeed]) -> tuple[int, int]:
    """RAM and GPU memory the engines need at the same time (mapped weights counted once)."""
    ram = vram = 0
    shared: dict[str, int] = {}
    for need in needs:
        vram += need.vram
        if need.mmap:
            ram += need.ram - need.ram_weights
            shared[need.path] = max(shared.get(need.path, 0), need.ram_weights)
        else:
            ram += need.ram
    return ram + sum(shared.values()), vram


def physical_cores() -> int:
    try:
        import psutil

        n = psutil.cpu_count(logical=False)
    except Exception:  # noqa: BLE001 - psutil missing or unsupported platform
        n = None
    return max(1, n or os.cpu_count() or 1)


def plan(
    targets: Sequence[CompareTarget],
    hardware: Hardware | None,
    slots: Mapping[str, int | None] | None = None,
) -> Schedule:
    """The schedule for `targets` on this `hardware` (None: detected now).

    `slots` gives each backend's requests-at-once (None: no limit known)."""
    local = [i for i, t in enumerate(targets) if t.is_local]
    remote = [i for i, t in enumerate(targets) if not t.is_local]
    lanes: list[tuple[int, ...]] = []
    notes: list[Message] = []
    by_backend: dict[str, list[int]] = {}
    for i in remote:
        by_backend.setdefault(str(targets[i].backend), []).append(i)
    for name, panes in by_backend.items():
        limit = (slots or {}).get(name)
        if limit and limit < len(panes):
            notes.append(SERVER_TURNS(backend=name, slots=limit, count=len(panes)))
            lanes.extend(tuple(panes[k::limit]) for k in range(limit))
        else:
            lanes.extend((i,) for i in panes)
    if len(local) <= 1:
        lanes.extend((i,) for i in local)
        message = ONE_LOCAL() if local else ALL_REMOTE()
        return Schedule(True, tuple(sorted(lanes)), message, tuple(notes))

    if hardware is None:
        from desktop.core.models.hardware import detect_hardware

        hardware = detect_hardware()
    needs: list[MemoryNeed] = []
    for i in local:
        try:
            needs.append(local_need(targets[i], hardware))
        except Exception:  # noqa: BLE001 - GGUFError, OSError: that pane reports it on load
            name = Path(targets[i].model or "").name
            sequential = (tuple(_grouped(targets, local)),)
            message = LOCAL_SEQUENTIAL_UNREADABLE(name=name)
            return Schedule(False, tuple(sorted([*lanes, *sequential])), message, tuple(notes))
    ram, vram = together(needs)
    ram_free = max(0, hardware.ram_available - RAM_RESERVE)
    vram_free = max(0, hardware.vram_free - GPU_RESERVE)
    if hardware.unified_memory:
        ram, vram = ram + vram, 0  # one pool: the GPU's share comes out of RAM
    count = len(local)
    if ram <= ram_free and vram <= vram_free:
        if vram:
            message = LOCAL_PARALLEL_GPU(
                count=count, need=size_text(ram), vram_need=size_text(vram), free=size_text(ram_free),
                vram_free=size_text(vram_free),
            )  # fmt: skip
        else:
            message = LOCAL_PARALLEL(count=count, need=size_text(ram), free=size_text(ram_free))
        explicit = all("n_threads" in targets[i].load for i in local)
        threads = None if explicit else max(1, physical_cores() // count)
        lanes.extend((i,) for i in local)
        return Schedule(True, tuple(sorted(lanes)), message, tuple(notes), threads, ram, vram)
    if vram > vram_free:
        message = LOCAL_SEQUENTIAL_GPU(count=count, need=size_text(vram), free=size_text(vram_free))
    else:
        message = LOCAL_SEQUENTIAL_RAM(count=count, need=size_text(ram), free=size_text(ram_free))
    lanes.append(tuple(_grouped(targets, local)))
    return Schedule(False, tuple(sorted(lanes)), message, tuple(notes), None, ram, vram)


def _grouped(targets: Sequence[CompareTarget], indexes: Sequence[int]) -> list[int]:
    """Pane order on one engine: panes of the same file and load settings next to each other,
    so each model loads once per turn."""
    order: dict[tuple[str, tuple[tuple[str, object], ...]], list[int]] = {}
    for i in indexes:
        t = targets[i]
        order.setdefault((str(t.model), tuple(sorted(t.load.items()))), []).append(i)
    return [i for group in order.values() for i in group]
