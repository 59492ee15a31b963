"""One generate request with an output format and tools, and what its reply means.

The thin API the chat panel, the CLI, experiments and the server call:

    prepared = prepare_request(rid, messages, params, model_info.chat_template,
                               RequestOptions(output_format=fmt, tools=defs, tool_choice=choice))
    generation = client.generate(prepared.request)
    outcome = interpret_reply(prepared, generation.wait())  # content, tool calls, format check

Tools win over an output format when both are given with tool_choice required or a named
function (a reply cannot be both a call and a document); with `auto` a free-text reply is
still checked against the format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.engine.protocol import (
    ChatMessage,
    Done,
    GenerateRequest,
    SamplingParams,
    ToolCall,
)
from desktop.core.tools.output_format import TEXT, OutputFormat
from desktop.core.tools.tool_defs import ToolChoice, ToolDef
from desktop.core.tools.tool_families import Family, parse_reply
from desktop.core.tools.tool_plan import ToolPlan, plan_tools
from desktop.core.tools.validation import FormatCheck, check_reply


@dataclass(frozen=True)
class RequestOptions:
    output_format: OutputFormat = TEXT
    tools: tuple[ToolDef, ...] = ()
    tool_choice: ToolChoice = field(default_factory=ToolChoice)


@dataclass(frozen=True)
class PreparedRequest:
    request: GenerateRequest
    options: RequestOptions
    plan: ToolPlan | None

    @property
    def family(self) -> Family | None:
        return self.plan.family if self.plan else None


@dataclass(frozen=True)
class ReplyOutcome:
    content: str  # the reply without its tool calls
    tool_calls: tuple[ToolCall, ...]
    check: FormatCheck | None  # None for free text without tools


def prepare_request(
    request_id: int,
    messages: Sequence[ChatMessage],
    params: SamplingParams,
    chat_template: str | None,
    options: RequestOptions,
    *,
    top_logprobs: int = 0,
    **request_fields: object,
) -> PreparedRequest:
    """A GenerateRequest carrying the format's or the tools' grammar and the tool list."""
    plan = None
    msgs = tuple(messages)
    grammar = options.output_format.grammar_spec()
    tools = None
    if options.tools:
        plan = plan_tools(chat_template, msgs, options.tools, options.tool_choice)
        msgs = plan.messages
        tools = plan.template_tools
        if plan.grammar is not None and (not plan.grammar.lazy or grammar is None):
            grammar = plan.grammar
    request = GenerateRequest(
        request_id=request_id,
        params=params,
        messages=msgs,
        top_logprobs=top_logprobs,
        grammar=grammar,
        tools=tools,
        **request_fields,  # type: ignore[arg-type]
    )
    return PreparedRequest(request, options, plan)


def interpret_reply(prepared: PreparedRequest, done: Done) -> ReplyOutcome:
    """Split tool calls from the text and check the text against the output format."""
    text = done.text
    calls: tuple[ToolCall, ...] = ()
    if prepared.plan is not None and prepared.plan.parse_calls:
        parsed = parse_reply(text, prepared.plan.family)
        text, calls = parsed.content, parsed.calls
    fmt = prepared.options.output_format
    check = None
    if fmt.constrained and not calls:
        check = check_reply(fmt, text, done.finish_reason)
    return ReplyOutcome(text, calls, check)
