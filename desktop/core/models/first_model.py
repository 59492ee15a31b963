"""The first model to suggest on this machine: a short ladder of instruct models, fit-checked.

A first-time user gets one suggestion, not a search. The ladder is three sizes of one
well-known chat model family (good in English and Chinese, Apache-2.0). The fit estimate
(`desktop.core.models.fit`) picks the rung and the quantization: the largest rung that runs
entirely on the GPU when a usable GPU has room for it, otherwise a small rung that answers
quickly on the processor. `why` says which case it was, in one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.core.hub.errors import HubError
from desktop.core.hub.search import RemoteModel, RepoListing
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError
from desktop.core.models.fit import (
    FitCandidate,
    FitEstimate,
    estimate_fit,
    guess_shape,
    recommend,
)
from desktop.core.models.hardware import Hardware
from desktop.core.units import format_size

log = logging.getLogger(__name__)

FIRST_CONTEXT = 4096  # the context the fit is checked for (the chat's default)
# Quantizations a first download may use: good quality, moderate downloads.
FIRST_QUANTIZATIONS = ("Q4_K_M", "Q5_K_M")
# On the processor alone, speed follows the bytes read per token: the weights a CPU may get.
CPU_BUDGET_SMALL = 600_000_000  # fewer than 4 cores
CPU_BUDGET_MEDIUM = 1_300_000_000  # 4 to 7 cores
CPU_BUDGET_LARGE = 2_500_000_000  # 8 cores or more
_Q4_BITS = 4.89  # Q4_K_M, for sizing a rung before its files are listed


@dataclass(frozen=True)
class Rung:
    """One model of the ladder: a Hub repository and how big the model is."""

    repo_id: str
    label: str  # how people name it
    n_params: int

    def q4_bytes(self) -> int:
        return int(self.n_params * _Q4_BITS / 8)


LADDER: tuple[Rung, ...] = (
    Rung("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "Qwen2.5 0.5B Instruct", 494_000_000),
    Rung("Qwen/Qwen2.5-1.5B-Instruct-GGUF", "Qwen2.5 1.5B Instruct", 1_540_000_000),
    Rung("Qwen/Qwen2.5-7B-Instruct-GGUF", "Qwen2.5 7B Instruct", 7_620_000_000),
)

WHY_GPU = MessageSpec(
    "first_model.why_gpu",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "It runs entirely on your GPU ({vram} free), so replies come fast.",
    ),
)
WHY_CPU = MessageSpec(
    "first_model.why_cpu",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "No usable GPU was found: a small model answers quickly on the processor alone.",
    ),
)
WHY_CPU_BUILD = MessageSpec(
    "first_model.why_cpu_build",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A GPU was found, but this llama.cpp build runs on the processor only: a small "
        "model answers quickly there.",
    ),
)
WHY_SMALL_GPU = MessageSpec(
    "first_model.why_small_gpu",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Your GPU has too little free memory ({vram}) for a larger model: a small one "
        "answers quickly on the processor.",
    ),
)
NONE_AVAILABLE = MessageSpec(
    "first_model.none_available",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{endpoint} has none of the suggested models ({repos}).",
    ),
)


class NoFirstModelError(UserError):
    """The Hub answered, but none of the ladder's models can be downloaded from it."""


@dataclass(frozen=True)
class FirstModel:
    """What to download first and how to load it."""

    rung: Rung
    repo_id: str
    revision: str  # the commit the listing came from: the download pins it
    model: RemoteModel
    fit: FitEstimate
    why: Message

    @property
    def size(self) -> int | None:
        return self.model.size

    @property
    def quantization(self) -> str | None:
        return self.model.quantization

    @property
    def n_gpu_layers(self) -> int:
        """For LoadOptions: every layer on the GPU, some, or none."""
        if self.fit.verdict == "gpu":
            return -1
        return self.fit.gpu_layers if self.fit.verdict == "partial" else 0


def cpu_budget(cpu_count: int | None) -> int:
    cores = cpu_count or 1
    if cores < 4:
        return CPU_BUDGET_SMALL
    return CPU_BUDGET_MEDIUM if cores < 8 else CPU_BUDGET_LARGE


def _guessed_fit(rung: Rung, hardware: Hardware) -> FitEstimate:
    size = rung.q4_bytes()
    return estimate_fit(size, guess_shape(rung.n_params, size, "Q4_K_M"), FIRST_CONTEXT, hardware)


def plan(hardware: Hardware, cpu_count: int | None, ladder: Sequence[Rung] = LADDER) -> list[Rung]:
    """The rungs to try, best first: those that would run entirely on the GPU (largest first),
    then those within the processor's budget (largest first), then the smallest."""
    by_size = sorted(ladder, key=lambda r: r.n_params, reverse=True)
    on_gpu = [
        r for r in by_size if hardware.vram_free and _guessed_fit(r, hardware).verdict == "gpu"
    ]
    budget = cpu_budget(cpu_count)
    on_cpu = [
        r
        for r in by_size
        if r not in on_gpu
        and r.q4_bytes() <= budget
        and _guessed_fit(r, hardware).verdict != "too_large"
    ]
    smallest = by_size[-1:]
    out: list[Rung] = []
    for rung in (*on_gpu, *on_cpu, *smallest):
        if rung not in out:
            out.append(rung)
    return out


def _why(fit: FitEstimate, hardware: Hardware) -> Message:
    if fit.verdict == "gpu":
        return WHY_GPU(vram=format_size(hardware.vram_free))
    if hardware.gpus and not hardware.gpu_offload_supported:
        return WHY_CPU_BUILD()
    if hardware.vram_free:
        return WHY_SMALL_GPU(vram=format_size(hardware.vram_free))
    return WHY_CPU()


def choose_file(
    rung: Rung, listing: RepoListing, hardware: Hardware, *, on_gpu: bool
) -> FirstModel | None:
    """The rung's file to download: among its first-run quantizations, the one `recommend`
    picks (highest quality on the GPU, near Q4_K_M on the processor). `on_gpu`: only a file
    that runs entirely on the GPU will do."""
    candidates: list[FitCandidate] = []
    models: dict[str, RemoteModel] = {}
    for model in listing.models:
        if (
            not model.complete
            or model.projector
            or model.size is None
            or (model.quantization or "").upper() not in FIRST_QUANTIZATIONS
        ):
            continue
        shape = guess_shape(listing.n_params or rung.n_params, model.size, model.quantization)
        fit = estimate_fit(model.size, shape, FIRST_CONTEXT, hardware)
        if on_gpu and fit.verdict != "gpu":
            continue
        candidates.append(FitCandidate(model.name, model.quantization, fit))
        models[model.name] = model
    best = recommend(candidates)
    if best is None:
        if on_gpu or not candidates:
            return None
        best = min(candidates, key=lambda c: c.fit.weights_bytes).key  # too large: the smallest
    fit = next(c.fit for c in candidates if c.key == best)
    return FirstModel(
        rung, listing.repo_id, listing.revision, models[best], fit, _why(fit, hardware)
    )


def find_first_model(
    list_files: Callable[[str], RepoListing],
    hardware: Hardware,
    cpu_count: int | None,
    *,
    endpoint: str = "",
    ladder: Sequence[Rung] = LADDER,
) -> FirstModel:
    """Blocking (Hub requests): the first suggestion that the Hub serves. `list_files` is
    `HubService.list_files`. Raises HubError when the Hub cannot be reached (kind "offline"),
    NoFirstModelError when it has none of the ladder's models."""
    rungs = plan(hardware, cpu_count, ladder)
    gpu_rungs = {
        r.repo_id
        for r in rungs
        if hardware.vram_free and _guessed_fit(r, hardware).verdict == "gpu"
    }
    for rung in rungs:
        try:
            listing = list_files(rung.repo_id)
        except HubError as exc:
            if exc.kind in ("offline", "rate_limited", "server"):
                raise  # the Hub itself is out of reach: the next rung would fail the same way
            log.info("first model: %s not usable: %s", rung.repo_id, exc)
            continue
        choice = choose_file(rung, listing, hardware, on_gpu=rung.repo_id in gpu_rungs)
        if choice is None and rung.repo_id in gpu_rungs:
            continue  # its real files are larger than guessed: a smaller rung
        if choice is not None:
            return choice
        log.info("first model: %s has no suitable file", rung.repo_id)
    raise NoFirstModelError(
        NONE_AVAILABLE(endpoint=endpoint, repos=", ".join(r.repo_id for r in rungs))
    )
