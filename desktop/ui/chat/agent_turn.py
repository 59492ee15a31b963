"""A reply with tools: the agent loop (desktop/core/tools/agent.py) on a worker thread, each
step shown and saved from the GUI thread.

The loop blocks (it waits for the model, for the user's approval, for the tool), so it runs on
a `BackgroundTasks` thread. Whatever it needs from the window goes through `_gui(fn)`: a
queued call that runs `fn` on the GUI thread and hands back its result, so only the GUI
thread touches the transcript, the store and widgets. Tokens stream as in any reply: the
engine's events go through the bridge, and `on_tokens_arrived` picks this turn's.

Every step is saved as it happens: the assistant's reply that called tools (its calls in the
message's params), then each tool result (role "tool") below it, then the next reply.
Approval: a call waits until the user answers the approval card (allow once, always for this
tool, deny; arguments editable); Stop denies a waiting call and ends the loop.
Knowledge: attached bases are searched before the loop starts (a `RetrievalStep`, as for a
plain reply, off the GUI thread); the loop starts on the injected question, so every step's
prompt has the chunks, and every step's reply cites them and is saved with the injection.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import ChatMessage, Done, GenerateRequest, Token, ToolCall
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec
from desktop.core.tools.agent import (
    DEFAULT_MAX_STEPS,
    Agent,
    AgentRun,
    Approval,
    GenerationResult,
    ToolStep,
)
from desktop.core.tools.registry import DEFAULT_TIMEOUT, ToolRegistry
from desktop.core.tools.request import RequestOptions, interpret_reply, prepare_request
from desktop.core.tools.tool_defs import ToolChoice, ToolDef
from desktop.ui.chat.citations import ReplyKnowledge
from desktop.ui.chat.reply_format import finished_format
from desktop.ui.chat.retrieval_step import RetrievalStep
from desktop.ui.chat.transcript_model import MessageItem
from desktop.ui.i18n import error_parts, message_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

GUI_POLL_S = 0.05
_request_ids = itertools.count(10_000_000)  # apart from the controller's plain replies

CLOSED = MessageSpec(
    "tools.window_closed",
    QT_TRANSLATE_NOOP("CoreMessages", "The window closed before this step finished."),
)

# registry names -> a ToolRegistry (blocks: MCP servers may connect), made on the worker.
RegistryFactory = Callable[[Sequence[str]], ToolRegistry]


@dataclass(frozen=True)
class ChatTools:
    """The tools a chat enabled, as the controller's options carry them."""

    names: tuple[str, ...]
    choice: str = "auto"  # auto | required | none | a tool's name
    max_steps: int = DEFAULT_MAX_STEPS
    always: frozenset[str] = frozenset()
    timeout: float = DEFAULT_TIMEOUT


def tool_choice(choice: str, defs: Sequence[ToolDef]) -> ToolChoice:
    """The first step's ToolChoice (a named tool that is not on offer falls back to auto)."""
    if choice in ("auto", "required", "none"):
        return ToolChoice(choice)  # type: ignore[arg-type]
    if choice in {d.name for d in defs}:
        return ToolChoice("function", choice)
    return ToolChoice()


@dataclass
class PendingApproval:
    """A call waiting for the user (GUI thread)."""

    call: ToolCall
    description: str
    future: concurrent.futures.Future
    item: MessageItem


@dataclass
class _Step:
    request_id: int
    item: MessageItem
    generation: Any = None
    checkpointer: Any = None


@dataclass
class _Turn:
    opts: Any  # GenerationOptions
    parent_id: int | None
    cancel: threading.Event = field(default_factory=threading.Event)
    agent: Agent | None = None
    step: _Step | None = None
    rows: dict[str, MessageItem] = field(default_factory=dict)  # call id -> its tool row
    last: MessageItem | None = None
    first: MessageItem | None = None  # the first step's reply, made before the bases' search
    knowledge: ReplyKnowledge | None = None  # what the search injected: every step carries it

    @property
    def tools(self) -> ChatTools:
        return self.opts.tools


class AgentTurn(QObject):
    """Runs the controller's replies when the chat has tools enabled (controller.agent_turn)."""

    approval_requested = Signal(object)  # PendingApproval
    approval_closed = Signal()
    always_allowed = Signal(str)  # a tool the user allowed for good in this chat
    finished = Signal(object)  # AgentRun, or None when the loop failed

    _call = Signal(object)  # (fn, future), from the worker thread

    def __init__(self, controller: Any, registry: RegistryFactory, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self._registry = registry
        self._tasks = BackgroundTasks(self, name="tessera-agent")
        # The bases' search before the first step; the turn says itself when it is busy.
        self._retrieval = RetrievalStep(self._retrieved, lambda _busy: None)
        self._turn: _Turn | None = None
        self._closing = False
        self.pending: PendingApproval | None = None
        self._call.connect(self.on_call)
        controller.bridge.tokens_arrived.connect(self.on_tokens_arrived)

    # ------------------------------------------------------------------ GUI thread

    def is_running(self) -> bool:
        return self._turn is not None

    def start(self, row: int, parent_id: int | None) -> bool:
        """Replace the rows from `row` on by a new agent turn below `parent_id`. With knowledge
        bases attached, they are searched first (retrieval_step.py, as for a plain reply):
        the first step's reply waits for the chunks, and every step's prompt has them."""
        if self._turn is not None or self._closing:
            return False
        c = self.controller
        opts = c.options()
        history = c.history(row)
        c.model.replace_from(row, [])
        turn = _Turn(opts, parent_id)
        self._turn = turn
        c.busy_changed.emit(True)
        question = GenerateRequest(request_id=0, params=opts.params, messages=history)
        if c.knowledge is None or not c.knowledge.intercepts(question):
            self._run(turn, history)
            return True
        item = c.new_reply(opts, parent_id)  # the injection is saved with it
        if item is None:
            self._turn = None
            c.busy_changed.emit(False)
            return False
        c.model.append(item)
        turn.first = item
        return self._retrieval.start(c.knowledge, question, item, "")

    def _retrieved(self, request: GenerateRequest, item: MessageItem, _prefix: str) -> bool:
        """The bases' search is over: the loop starts on the request's (injected) messages."""
        turn = self._turn
        if turn is None or turn.first is not item:
            return False
        if isinstance(item.knowledge, ReplyKnowledge):
            turn.knowledge = item.knowledge
        assert request.messages is not None
        self._run(turn, request.messages)
        return True

    def _run(self, turn: _Turn, history: Sequence[ChatMessage]) -> None:
        c = self.controller
        opts, tools = turn.opts, turn.tools
        info = c.engine.info
        remote = c.is_remote()
        # On a server its own template renders the tools and it parses the calls.
        client = _TargetClient(c.target) if remote else c.engine.client
        template = None if remote else (info.chat_template if info else None)
        options = RequestOptions(output_format=opts.output_format)

        def generate(messages: Sequence[ChatMessage], choice: ToolChoice) -> GenerationResult:
            return self._generate(turn, client, template, options, messages, choice, remote)

        def work() -> AgentRun:
            registry = self._registry(tools.names)  # may start MCP servers: not on the GUI
            try:
                agent = Agent(
                    generate,
                    registry,
                    lambda call: self._approve(turn, call, registry),
                    max_steps=tools.max_steps,
                    tool_timeout=tools.timeout,
                    on_step=lambda step: self._gui(lambda: self._save_step(turn, step)),
                )
                agent.always |= set(tools.always)
                turn.agent = agent
                if turn.cancel.is_set():
                    agent.cancel()
                return agent.run(history, tool_choice(tools.choice, registry.definitions()))
            finally:
                registry.close()

        self._tasks.run(work, on_done=self._on_done, on_error=self._on_error)

    def cancel(self) -> None:
        """Stop: the running reply is cut, a waiting call is denied, the loop ends."""
        turn = self._turn
        if turn is None:
            return
        turn.cancel.set()
        searching = self._retrieval.take()
        if searching is not None:  # the loop never started: its first reply ends empty
            self._turn = None
            self.controller.finish_item(searching, "cancelled", "", finish_reason="cancelled")
            self.controller.busy_changed.emit(False)
            self.finished.emit(AgentRun(stop="cancelled"))
            return
        if turn.agent is not None:
            turn.agent.cancel()
        step = turn.step
        if step is not None and step.generation is not None:
            try:
                step.generation.cancel()
            except EngineError as exc:  # the engine is gone: the loop ends anyway
                log.info("cancelling an agent step: %s", exc)
        if self.pending is not None:
            self.answer("deny", self.pending.call.arguments, cancelled=True)

    def answer(self, action: str, arguments: str, *, cancelled: bool = False) -> None:
        """The user's answer to the waiting call (the approval card calls this)."""
        pending, self.pending = self.pending, None
        if pending is None or pending.future.done():
            return
        self.approval_closed.emit()
        row = self.controller.model.row_of_item(pending.item)
        detail = {**pending.item.tool_detail, "approval": "cancelled" if cancelled else action}
        if action != "deny":
            detail["arguments"] = arguments
        if row >= 0:
            self.controller.model.update(row, tool_detail=detail)
        if action == "always":
            self.always_allowed.emit(pending.call.name)
        edited = None if arguments == pending.call.arguments else arguments
        pending.future.set_result(Approval(action, edited))  # type: ignore[arg-type]

    def shutdown(self) -> None:
        """The window closes: stop the loop; a step still running is saved as cancelled."""
        self.cancel()
        self._closing = True
        self._tasks.shutdown(timeout=5)

    @Slot(object)
    def on_call(self, job: tuple[Callable[[], Any], concurrent.futures.Future]) -> None:
        fn, future = job
        if future.done():
            return
        try:
            future.set_result(fn())
        except Exception as exc:  # noqa: BLE001 - handed to the worker, which reports it
            future.set_exception(exc)

    @Slot(int, object)
    def on_tokens_arrived(self, request_id: int, tokens: list[Token]) -> None:
        turn = self._turn
        step = turn.step if turn is not None else None
        if step is None or step.request_id != request_id:
            return
        row = self.controller.model.row_of_item(step.item)
        if row < 0:
            return
        self.controller.model.append_tokens(row, tokens)
        if step.checkpointer is not None:
            step.checkpointer.feed("".join(t.text for t in tokens))

    def _begin_step(self, turn: _Turn, request: GenerateRequest) -> bool:
        c = self.controller
        item, turn.first = turn.first, None
        if item is None:
            item = c.new_reply(turn.opts, turn.parent_id)
            if item is None:
                return False
            c.model.append(item)
        if turn.knowledge is not None:
            # What this step's prompt had: the injected question, then the calls and results.
            step_knowledge = dataclasses.replace(
                turn.knowledge, messages=request.messages, tools=request.tools
            )
            c.knowledge.share(item, step_knowledge)
        checkpointer = None
        if c.store is not None and item.message_id is not None:
            checkpointer = c.store.checkpointer(item.message_id)
        turn.step = _Step(request.request_id, item, checkpointer=checkpointer)
        turn.last = item
        return True

    def _end_step(self, turn: _Turn, generation: Any, done: Done, calls: tuple, text: str) -> None:
        c = self.controller
        c.bridge.flush()  # tokens still on their way belong to this step
        step = turn.step
        turn.step = None
        if step is None:
            return
        item = step.item
        item.tokens = list(generation.tokens)
        extra: dict[str, Any] = {"constraint": done.constraint}
        if calls:
            item.tool_calls = calls
            item.raw_text = done.text
        else:
            extra = finished_format(item, text, done)
        status = "cancelled" if done.finish_reason == "cancelled" else "complete"
        c.finish_reply(item, status, text, done, **extra)
        if item.message_id is not None:
            turn.parent_id = item.message_id

    def _fail_step(self, turn: _Turn, text: str) -> None:
        step = turn.step
        turn.step = None
        if step is not None:
            self.controller.finish_item(
                step.item, "error", step.item.text, error=text, finish_reason="error"
            )
        first, turn.first = turn.first, None
        if first is not None:  # searched for, never generated
            self.controller.finish_item(first, "error", "", error=text, finish_reason="error")

    def _ask(self, turn: _Turn, call: ToolCall, description: str, future: Any) -> None:
        item = self._tool_row(turn, call)
        item.tool_detail = {"approval": "pending", "arguments": call.arguments}
        self.pending = PendingApproval(call, description, future, item)
        self.approval_requested.emit(self.pending)

    def _tool_row(self, turn: _Turn, call: ToolCall) -> MessageItem:
        item = turn.rows.get(call.id)
        if item is None:
            item = MessageItem(None, "tool", "", status="streaming")
            item.tool_call_id, item.tool_name = call.id, call.name
            item.tool_detail = {"arguments": call.arguments}
            turn.rows[call.id] = item
            self.controller.model.append(item)
        return item

    def _save_step(self, turn: _Turn, step: ToolStep) -> None:
        c = self.controller
        calls = turn.last.tool_calls if turn.last is not None else ()
        original = next((x.arguments for x in calls if x.id == step.call.id), step.call.arguments)
        item = self._tool_row(turn, step.call)
        action: str = step.approval.action
        if action == "always" and item.tool_detail.get("approval") != "always":
            action = "auto"  # allowed earlier in this chat: no card was shown
        if turn.cancel.is_set() and action == "deny":
            action = "cancelled"
        detail = {
            "approval": action,
            "arguments": step.call.arguments,
            "is_error": step.result.is_error,
            "edited": step.call.arguments != original,
        }
        text = step.result.text
        row = c.model.row_of_item(item)
        if row >= 0:
            c.model.update(row, text=text, status="complete", tool_detail=detail)
        else:
            item.text, item.status, item.tool_detail = text, "complete", detail
        if c.save_tool_result(turn.parent_id, item):
            turn.parent_id = item.message_id
        c.reply_finished.emit(item)

    def _on_done(self, run: AgentRun) -> None:
        turn, self._turn = self._turn, None
        self._close_pending()
        c = self.controller
        c.busy_changed.emit(False)
        if run.stop in ("step_limit", "error") and run.message is not None:
            hint = (
                self.tr("Raise the step limit in the inspector, or ask again.")
                if run.stop == "step_limit"
                else ""
            )
            c.error_occurred.emit(run.stop, message_text(run.message), hint)
        if turn is not None and turn.first is not None:  # stopped before its first step
            first, turn.first = turn.first, None
            c.finish_item(first, "cancelled", "", finish_reason="cancelled")
        if turn is not None and turn.step is not None:
            self._fail_step(turn, message_text(CLOSED()))
        self.finished.emit(run)

    def _on_error(self, error: BaseException) -> None:
        turn, self._turn = self._turn, None
        self._close_pending()
        log.warning("an agent turn failed", exc_info=error)
        message, hint = error_parts(error)
        if turn is not None and (turn.step is not None or turn.first is not None):
            self._fail_step(turn, message)
        c = self.controller
        c.busy_changed.emit(False)
        c.error_occurred.emit(str(getattr(error, "kind", "internal")), message, hint)
        self.finished.emit(None)

    def _close_pending(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            if not pending.future.done():
                pending.future.set_result(Approval("deny"))
            self.approval_closed.emit()

    # ------------------------------------------------------------------ worker thread

    def _gui(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` on the GUI thread and return its result (None once the window closes)."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._call.emit((fn, future))
        while True:
            try:
                return future.result(timeout=GUI_POLL_S)
            except concurrent.futures.TimeoutError:
                if self._closing:
                    future.cancel()
                    return None

    def _generate(
        self,
        turn: _Turn,
        client: Any,
        template: str | None,
        options: RequestOptions,
        messages: Sequence[ChatMessage],
        choice: ToolChoice,
        for_server: bool,
    ) -> GenerationResult:
        opts = turn.opts
        agent = turn.agent
        registry_defs = agent.registry.definitions() if agent is not None else ()
        prepared = prepare_request(
            next(_request_ids),
            messages,
            opts.params,
            template,
            dataclasses.replace(options, tools=registry_defs, tool_choice=choice),
            top_logprobs=opts.top_logprobs,
            for_server=for_server,
            logprob_source=opts.logprob_source,
            overflow=opts.overflow,
        )
        if not self._gui(lambda: self._begin_step(turn, prepared.request)):
            return GenerationResult("", (), None, CLOSED())
        try:
            while True:
                try:
                    generation = client.generate(
                        prepared.request, on_event=self.controller.bridge.deliver
                    )
                    break
                except EngineError as exc:
                    # The API server answers a request on the shared engine: wait for our turn.
                    if exc.kind != "busy" or not self._wait_for_engine(turn):
                        raise
            step = turn.step
            if step is not None:
                step.generation = generation
            if turn.cancel.is_set():
                generation.cancel()
            done = generation.wait()
        except EngineError as exc:
            text = error_parts(exc)[0]
            self._gui(lambda: self._fail_step(turn, text))
            return GenerationResult("", (), None, exc.user_message)
        outcome = interpret_reply(prepared, done)
        text = outcome.content if outcome.tool_calls else done.text
        self._gui(lambda: self._end_step(turn, generation, done, outcome.tool_calls, text))
        return GenerationResult(outcome.content, outcome.tool_calls, done)

    def _wait_for_engine(self, turn: _Turn) -> bool:
        """Block this worker until the window may generate on the engine it shares with the
        API server (it goes before the requests still queued); False when there is nothing to
        wait for, or the turn was stopped or the window closed meanwhile."""
        engine = self.controller.engine
        free = threading.Event()
        if not self._gui(lambda: engine.wait_for_turn(free.set)):
            return False
        self._gui(
            lambda: self.controller.notice.emit(
                QCoreApplication.translate(
                    "ChatController",
                    "The API server is answering a request: the reply starts when it is done.",
                )
            )
        )
        while not free.wait(GUI_POLL_S):
            if self._closing or turn.cancel.is_set():
                self._gui(engine.cancel_wait)
                return False
        return True

    def _approve(self, turn: _Turn, call: ToolCall, registry: ToolRegistry) -> Approval:
        tool = registry.get(call.name)
        description = tool.definition.description if tool is not None else ""
        future: concurrent.futures.Future = concurrent.futures.Future()
        if turn.cancel.is_set():
            return Approval("deny")
        self._gui(lambda: self._ask(turn, call, description, future))
        while True:
            try:
                return future.result(timeout=GUI_POLL_S)
            except concurrent.futures.TimeoutError:
                if self._closing or turn.cancel.is_set():
                    return Approval("deny")


class _TargetClient:
    """The chat's ChatTarget (a server's model) in the engine client's `generate` shape."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def generate(self, request: Any, on_event: Any) -> Any:
        return self._target.generate(request, on_event)
