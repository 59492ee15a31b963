"""What a run gives back: one CellResult per grid cell, and the RunOutcome of the whole run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.engine.protocol import SamplingParams
from desktop.core.experiments.checks import CheckOutcome
from desktop.core.experiments.spec import Cell
from desktop.core.templates.variables import RenderedPrompt


@dataclass(frozen=True)
class CellResult:
    cell: Cell
    prompt: RenderedPrompt  # exactly what was sent
    params: SamplingParams
    seed: int
    model_path: str  # the GGUF file, or the server's model id for a remote config
    output: str = ""
    # The prompt text after the model's chat template (what the model read), when the backend
    # can render it; for completion templates it is the prompt itself.
    model_prompt: str = ""
    finish_reason: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ttft_seconds: float | None = None
    tokens_per_second: float | None = None
    total_seconds: float = 0.0
    error: str = ""
    checks: tuple[CheckOutcome, ...] = ()
    backend: str = ""  # "local" or a backend's name ("" in runs saved before revision 0004)
    server_version: str = ""  # llama.cpp build, vLLM version...

    @property
    def passed(self) -> bool | None:
        """None without checks; an errored cell never passes."""
        if not self.checks:
            return None
        return not self.error and all(c.passed for c in self.checks)


@dataclass(frozen=True)
class RunOutcome:
    status: str  # "complete" | "cancelled" | "failed"
    results: tuple[CellResult, ...]
    total: int
    engine_version: str
    started_at: float
    finished_at: float
    error: str = ""


def pass_rate(results: Iterable[CellResult]) -> float | None:
    """Share of checked cells that passed; None when nothing was checked."""
    verdicts = [r.passed for r in results if r.passed is not None]
    return sum(verdicts) / len(verdicts) if verdicts else None
