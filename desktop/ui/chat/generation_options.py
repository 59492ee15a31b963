"""What the inspector says a reply is generated with: sampling, system prompt, format, tools."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.core.engine.protocol import SamplingParams
from desktop.core.tools.output_format import TEXT, OutputFormat


@dataclass
class GenerationOptions:
    """What the inspector currently says about sampling and context."""

    params: SamplingParams = field(default_factory=SamplingParams)
    system_prompt: str = ""
    overflow: str = "stop"
    top_logprobs: int = 0
    logprob_source: str = "raw"
    output_format: OutputFormat = TEXT  # enforced by a grammar, checked when the reply ends
    format_error: str = ""  # why the chosen format cannot be used (nothing is sent then)
    # Tools for this chat (ui/chat/agent_turn.py): replies run as agent turns when set.
    tools: Any = None
