"""One experiment cell on one backend: render the prompt, generate, time it, check it.

Used by the grid runner from its own thread (local cells) or from a pool of worker threads
(remote cells, several at once). `track` is told about each running reply so the runner can
cancel it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from desktop.core.backends.base import Backend, Provenance
from desktop.core.engine.protocol import (
    ChatMessage,
    Done,
    EngineErrorEvent,
    GenerateRequest,
    SamplingParams,
    TokenBatch,
)
from desktop.core.experiments.checks import CheckOutcome, evaluate_checks
from desktop.core.experiments.results import CellResult
from desktop.core.experiments.spec import (
    Cell,
    ExperimentSpec,
    effective_format,
    effective_params,
)
from desktop.core.templates.variables import RenderedPrompt, render_prompt
from desktop.core.tools.output_format import TEXT, OutputFormat
from desktop.core.tools.validation import check_reply


def build_request(
    request_id: int,
    prompt: RenderedPrompt,
    params: SamplingParams,
    output_format: OutputFormat = TEXT,
) -> GenerateRequest:
    """The cell's request; an output format becomes the grammar the sampler runs."""
    grammar = output_format.grammar_spec()
    if prompt.kind == "completion":
        return GenerateRequest(
            request_id=request_id, params=params, text=prompt.text, grammar=grammar
        )
    messages = []
    if prompt.system:
        messages.append(ChatMessage("system", prompt.system))
    messages.append(ChatMessage("user", prompt.user))
    return GenerateRequest(
        request_id=request_id, params=params, messages=tuple(messages), grammar=grammar
    )


def failed_cell(
    spec: ExperimentSpec, cell: Cell, error: str, provenance: Provenance | None = None
) -> CellResult:
    version = spec.versions[cell.version]
    config = spec.configs[cell.config]
    case = spec.cases[cell.case]
    params = effective_params(version, config, cell.repeat)
    assert params.seed is not None
    return CellResult(
        cell,
        render_prompt(version.kind, version.system, version.body, case.values),
        params,
        params.seed,
        provenance.model if provenance else config.model_path,
        finish_reason="error",
        error=error,
        checks=tuple(CheckOutcome(c, False, error) for c in spec.checks),
        backend=provenance.backend if provenance else config.backend,
        server_version=provenance.server_version if provenance else "",
    )


def _model_prompt(backend: Backend, request: GenerateRequest, model: str | None) -> str:
    if request.messages is None:
        return request.text or ""
    try:
        if not backend.capabilities().apply_template:
            return ""
        return backend.apply_template(request.messages, model=model)
    except Exception:  # noqa: BLE001 - informative only: the cell still runs
        return ""


def run_cell(
    backend: Backend,
    model: str | None,
    spec: ExperimentSpec,
    cell: Cell,
    request_id: int,
    provenance: Provenance,
    track: Callable[[Any | None], None],
) -> CellResult:
    version = spec.versions[cell.version]
    case = spec.cases[cell.case]
    config = spec.configs[cell.config]
    prompt = render_prompt(version.kind, version.system, version.body, case.values)
    params = effective_params(version, config, cell.repeat)
    assert params.seed is not None
    output_format = effective_format(version, config)
    request = build_request(request_id, prompt, params, output_format)
    base = CellResult(
        cell,
        prompt,
        params,
        params.seed,
        provenance.model,
        model_prompt=_model_prompt(backend, request, model),
        backend=provenance.backend,
        server_version=provenance.server_version,
    )
    pieces: list[str] = []
    done: Done | None = None
    error = ""
    t0 = time.perf_counter()
    try:
        generation = backend.generate(request, model=model)
        track(generation)
        for event in generation:
            if isinstance(event, TokenBatch):
                pieces.extend(t.text for t in event.tokens)
            elif isinstance(event, Done):
                done = event
            elif isinstance(event, EngineErrorEvent):
                error = str(event.message)
    except Exception as exc:  # noqa: BLE001 - one failing cell does not end the grid
        error = str(exc) or type(exc).__name__
    finally:
        track(None)
    elapsed = time.perf_counter() - t0
    output = done.text if done is not None else "".join(pieces)
    if done is None or done.finish_reason in ("error", "interrupted"):
        if done is not None and done.error is not None:
            error = str(done.error)
        error = error or "The engine returned no result."
        return dataclasses.replace(
            base,
            output=output,
            error=error,
            finish_reason="error" if done is None else done.finish_reason,
            total_seconds=elapsed,
            checks=tuple(CheckOutcome(c, False, error) for c in spec.checks),
        )
    s = done.stats
    return dataclasses.replace(
        base,
        output=output,
        finish_reason=done.finish_reason,
        prompt_tokens=s.prompt_tokens,
        completion_tokens=s.completion_tokens,
        ttft_seconds=s.ttft_seconds,
        tokens_per_second=s.decode_tok_s,
        total_seconds=s.total_seconds or elapsed,
        error=error,
        checks=evaluate_checks(
            spec.checks,
            output,
            s.completion_tokens,
            dict(case.values),
            check_reply(output_format, output, done.finish_reason)
            if output_format.constrained
            else None,
        ),
    )
