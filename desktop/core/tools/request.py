"""One generate request with an output format and tools, and what its reply means.

The thin API the chat panel, the CLI, experiments and the server call:

    prepared = prepare_for(backend, rid, messages, params,
                           RequestOptions(output_format=fmt, tools=defs, tool_choice=choice))
    generation = backend.generate(prepared.request)
    outcome = interpret_reply(prepared, generation.wait())  # content, tool calls, format check

For the local engine (`prepare_request` with the model's chat template) the tools are rendered
through the template and constrained by a GBNF grammar, and the calls are parsed from the
reply's text. For a server (`for_server=True`) the messages, the OpenAI tool list and
tool_choice go as they are and the format as a FormatSpec: the server renders, constrains and
parses the calls itself (Done.tool_calls), and the backend says what its server cannot do.
Either way the reply is checked against the format afterwards, so the user sees violations.

Tools win over an output format when both are given with tool_choice required or a named
function (a reply cannot be both a call and a document); with `auto` a free-text reply is
still checked against the format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

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

    @property
    def forces_call(self) -> bool:
        return bool(self.tools) and self.tool_choice.mode in ("required", "function")


@dataclass(frozen=True)
class PreparedRequest:
    request: GenerateRequest
    options: RequestOptions
    plan: ToolPlan | None  # None without tools, and for a server (it plans the calls itself)

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
    for_server: bool = False,
    **request_fields: object,
) -> PreparedRequest:
    """A GenerateRequest carrying the format's or the tools' grammar and the tool list
    (`chat_template`: the local model's), or, `for_server`, what a server takes instead."""
    fmt = options.output_format
    if for_server:
        return _for_server(request_id, messages, params, options, top_logprobs, request_fields)
    plan = None
    msgs = tuple(messages)
    grammar = fmt.grammar_spec()
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
        output_format=None if options.forces_call else fmt.format_spec(),
        **request_fields,  # type: ignore[arg-type]
    )
    return PreparedRequest(request, options, plan)


def _for_server(
    request_id: int,
    messages: Sequence[ChatMessage],
    params: SamplingParams,
    options: RequestOptions,
    top_logprobs: int,
    request_fields: dict[str, Any],
) -> PreparedRequest:
    fmt = TEXT if options.forces_call else options.output_format
    request = GenerateRequest(
        request_id=request_id,
        params=params,
        messages=tuple(messages),
        top_logprobs=top_logprobs,
        # Kept for servers that take GBNF where they take no schema (see backends.formats).
        grammar=fmt.grammar_spec(),
        output_format=fmt.format_spec(),
        tools=tuple(t.to_openai() for t in options.tools) or None,
        tool_choice=options.tool_choice.to_openai() if options.tools else None,
        **request_fields,
    )
    return PreparedRequest(request, options, None)


def prepare_for(
    backend: Any,
    request_id: int,
    messages: Sequence[ChatMessage],
    params: SamplingParams,
    options: RequestOptions,
    *,
    model: str | None = None,
    top_logprobs: int = 0,
    **request_fields: Any,
) -> PreparedRequest:
    """`prepare_request` for a Backend: the local engine plans with its model's template, a
    server gets the pass-through request."""
    if backend.kind == "local":
        template = backend.model_info(model).chat_template if options.tools else None
        return prepare_request(
            request_id, messages, params, template, options, top_logprobs=top_logprobs,
            **request_fields,
        )  # fmt: skip
    return prepare_request(
        request_id, messages, params, None, options, top_logprobs=top_logprobs,
        for_server=True, **request_fields,
    )  # fmt: skip


def interpret_reply(prepared: PreparedRequest, done: Done) -> ReplyOutcome:
    """Split tool calls from the text (a server's own parsed calls come in the Done) and
    check the text against the output format."""
    text = done.text
    calls: tuple[ToolCall, ...] = done.tool_calls
    if not calls and prepared.plan is not None and prepared.plan.parse_calls:
        parsed = parse_reply(text, prepared.plan.family)
        text, calls = parsed.content, parsed.calls
    fmt = prepared.options.output_format
    check = None
    if fmt.constrained and not calls:
        check = check_reply(fmt, text, done.finish_reason)
    return ReplyOutcome(text, calls, check)
