"""The agent loop: generate, run the tool calls the user approves, feed results back, repeat.

Every tool call waits for an `Approver` (the UI's card, the CLI's prompt, or allow-all): allow
once, always for this tool (the loop remembers), or deny; the approver may edit the
arguments. Steps are bounded (DEFAULT_MAX_STEPS) and the loop checks `cancel` between steps
and between calls; each new message (the assistant's calls, each tool result, the final
reply) goes to `on_message` as soon as it exists, so the caller saves every step.
The model is reached through `generate` (messages -> GenerationResult; `backend_generate`
makes one over any Backend), so the same loop runs over the local engine or a server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import ChatMessage, Done, SamplingParams, ToolCall
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec
from desktop.core.tools.registry import ToolRegistry, ToolResult
from desktop.core.tools.request import RequestOptions, interpret_reply, prepare_for
from desktop.core.tools.tool_defs import ToolChoice

if TYPE_CHECKING:
    from desktop.core.engine.client import EngineClient

DEFAULT_MAX_STEPS = 8

DENIED = MessageSpec(
    "tools.denied",
    QT_TRANSLATE_NOOP("CoreMessages", "The user did not allow this call of {name}."),
)
STEP_LIMIT = MessageSpec(
    "tools.step_limit",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The agent stopped after {steps} steps without a final answer."
    ),
)

Action = Literal["allow", "always", "deny"]
StopReason = Literal["answered", "step_limit", "cancelled", "error"]


@dataclass(frozen=True)
class Approval:
    action: Action
    arguments: str | None = None  # edited arguments (JSON text), None = as the model wrote


Approver = Callable[[ToolCall], Approval]


def approve_all(_call: ToolCall) -> Approval:
    return Approval("allow")


@dataclass(frozen=True)
class GenerationResult:
    """One model turn: what the loop needs from any backend."""

    content: str
    tool_calls: tuple[ToolCall, ...]
    done: Done | None = None
    error: Message | None = None


Generate = Callable[[Sequence[ChatMessage], ToolChoice], GenerationResult]


@dataclass(frozen=True)
class ToolStep:
    call: ToolCall  # as run (arguments after the user's edits)
    approval: Approval
    result: ToolResult


@dataclass
class AgentRun:
    messages: list[ChatMessage] = field(default_factory=list)  # new messages, in order
    steps: list[ToolStep] = field(default_factory=list)
    stop: StopReason = "answered"
    message: Message | None = None  # why it stopped, when not answered

    @property
    def answer(self) -> str:
        last = self.messages[-1] if self.messages else None
        return last.content if last and last.role == "assistant" and not last.tool_calls else ""


class Agent:
    def __init__(
        self,
        generate: Generate,
        registry: ToolRegistry,
        approver: Approver,
        *,
        max_steps: int = DEFAULT_MAX_STEPS,
        tool_timeout: float = 30.0,
        on_message: Callable[[ChatMessage], None] | None = None,
        on_step: Callable[[ToolStep], None] | None = None,
    ) -> None:
        self.generate = generate
        self.registry = registry
        self.approver = approver
        self.max_steps = max(1, max_steps)
        self.tool_timeout = tool_timeout
        self.on_message = on_message
        self.on_step = on_step
        self.always: set[str] = set()  # tools allowed "always" in this loop
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self, history: Sequence[ChatMessage], choice: ToolChoice | None = None) -> AgentRun:
        """Run until the model answers without calling a tool, the step limit, or cancel.
        `choice` applies to the first step (later steps use auto, or the model could never
        stop calling)."""
        run = AgentRun()
        messages = list(history)
        step_choice = choice or ToolChoice()
        for _step in range(self.max_steps):
            if self.cancel_event.is_set():
                run.stop = "cancelled"
                return run
            result = self.generate(messages, step_choice)
            step_choice = ToolChoice()
            if result.error is not None:
                run.stop, run.message = "error", result.error
                return run
            if result.done is not None and result.done.finish_reason == "cancelled":
                run.stop = "cancelled"
                return run
            reply = ChatMessage("assistant", result.content, result.tool_calls)
            self._add(run, messages, reply)
            if not result.tool_calls:
                return run
            for call in result.tool_calls:
                if self.cancel_event.is_set():
                    run.stop = "cancelled"
                    return run
                step = self._run_call(call)
                run.steps.append(step)
                if self.on_step is not None:
                    self.on_step(step)
                self._add(
                    run,
                    messages,
                    ChatMessage("tool", step.result.text, tool_call_id=call.id, name=call.name),
                )
        if self.cancel_event.is_set():  # cancelled during the last step's calls
            run.stop = "cancelled"
            return run
        run.stop, run.message = "step_limit", STEP_LIMIT(steps=self.max_steps)
        return run

    def _add(self, run: AgentRun, messages: list[ChatMessage], msg: ChatMessage) -> None:
        messages.append(msg)
        run.messages.append(msg)
        if self.on_message is not None:
            self.on_message(msg)

    def _run_call(self, call: ToolCall) -> ToolStep:
        approval = Approval("always") if call.name in self.always else self.approver(call)
        if approval.action == "always":
            self.always.add(call.name)
        if approval.arguments is not None:
            call = replace(call, arguments=approval.arguments)
        if approval.action == "deny":
            message = DENIED(name=call.name)
            return ToolStep(call, approval, ToolResult(str(message), True, message))
        return ToolStep(
            call, approval, self.registry.call(call.name, call.arguments, self.tool_timeout)
        )


def backend_generate(
    backend: Any,
    params: SamplingParams,
    options: RequestOptions,
    *,
    model: str | None = None,
    top_logprobs: int = 0,
    timeout: float | None = None,
    on_generation: Callable[[Any], None] | None = None,
) -> Generate:
    """A `Generate` over any Backend (desktop.core.backends): prepare_for with the registry's
    tools, generate, wait, take the calls (parsed from the text locally, as the server
    parsed them remotely). `on_generation` sees each generation (to stream it or cancel
    it); what the backend refuses (a server without tools) ends the loop with its Message."""
    counter = [0]

    def generate(messages: Sequence[ChatMessage], choice: ToolChoice) -> GenerationResult:
        counter[0] += 1
        try:
            prepared = prepare_for(
                backend, counter[0], messages, params, replace(options, tool_choice=choice),
                model=model, top_logprobs=top_logprobs,
            )  # fmt: skip
            gen = backend.generate(prepared.request, model=model)
            if on_generation is not None:
                on_generation(gen)
            done = gen.wait(timeout)
        except EngineError as exc:
            return GenerationResult("", (), None, exc.user_message)
        if done.error is not None and done.finish_reason in ("interrupted", "error"):
            return GenerationResult(done.text, (), done, done.error)
        outcome = interpret_reply(prepared, done)
        return GenerationResult(outcome.content, outcome.tool_calls, done)

    return generate


def engine_generate(
    client: EngineClient,
    params: SamplingParams,
    options: RequestOptions,
    *,
    top_logprobs: int = 0,
    timeout: float | None = None,
    on_generation: Callable[[Any], None] | None = None,
) -> Generate:
    """`backend_generate` over the local EngineClient."""
    return backend_generate(
        LocalBackend(client), params, options, top_logprobs=top_logprobs, timeout=timeout,
        on_generation=on_generation,
    )  # fmt: skip
