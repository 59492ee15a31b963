"""Chat logic between the transcript, the engine and the store: send, stop, branch, continue.

The controller owns no widget and is what the chat page, the panel and the tools talk to. It
writes to the store from the GUI thread (one short transaction per event that matters) through
`ReplySaves` (reply_saves.py), which saves a finished reply on a writer thread. Its helpers,
one job each: the requests (reply_requests.py), whether a reply can start (send_checks.py), the
knowledge search before a reply (retrieval_step.py), the wait for the engine shared with the API
server (turn_wait.py), the streaming reply (reply_stream.py), completion sessions
(completion_session.py) and the actions on rows (row_actions.py); the last three see the
controller through `ControllerSurface` (controller_surface.py).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.engine.errors import EngineError
from desktop.core.engine.options import params_to_dict
from desktop.core.engine.protocol import ChatMessage, Done, GenerateRequest, Token
from desktop.ui.bridge import EngineBridge
from desktop.ui.chat.chat_store import ChatStore
from desktop.ui.chat.completion_session import CompletionSession, as_completion
from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.chat.generation_options import GenerationOptions
from desktop.ui.chat.reply_format import constrained, reply_params
from desktop.ui.chat.reply_requests import history, reply_request
from desktop.ui.chat.reply_saves import ReplySaves
from desktop.ui.chat.reply_stream import ReplyStream
from desktop.ui.chat.retrieval_step import RetrievalStep
from desktop.ui.chat.row_actions import RowActions
from desktop.ui.chat.send_checks import Problem, format_problem, model_problem
from desktop.ui.chat.transcript_model import MessageItem, TranscriptModel
from desktop.ui.chat.turn_wait import TurnWait

log = logging.getLogger(__name__)

T = TypeVar("T")


class ChatController(QObject):
    """Drives one conversation at a time in a `TranscriptModel`."""

    busy_changed = Signal(bool)
    error_occurred = Signal(str, str, str)  # kind, message, hint
    notice = Signal(str)  # short, transient status text
    conversation_changed = Signal(int)  # id of the conversation shown (new, or renamed title)
    reply_finished = Signal(object)  # MessageItem, once its final save has landed (or failed)
    completion_mode_changed = Signal(bool)  # a saved completion session (or a chat) was opened

    def __init__(
        self,
        store: ChatStore | None,
        engine: EngineSession,
        bridge: EngineBridge,
        model: TranscriptModel,
        options: Callable[[], GenerationOptions],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.bridge = bridge
        self.model = model
        self._options = options
        self.conversation_id: int | None = None
        self.completion_mode = False
        self.saves = ReplySaves(self, store, self.error_occurred.emit, self.reply_finished.emit)
        self.completion = CompletionSession(self)
        self._rows = RowActions(self)
        self._reply_pending = False  # a sent message whose reply starts on the next turn
        self.target: Any = None  # a ChatTarget (ui/chat/target.py): replies go through it
        # Runs replies with tools (ui/chat/agent_turn.py); set by the chat page.
        self.agent_turn: Any = None
        # Knowledge bases (ui/chat/knowledge_link.py): set by the chat page when there are any.
        self.knowledge: Any = None
        self.retrieval = RetrievalStep(
            lambda request, item, prefix: self.launch(request, item, prefix, retrieved=True),
            self.busy_changed.emit,
        )
        # A reply waiting for the engine while the API server uses it.
        self.turn_wait = TurnWait(
            engine, self.on_engine_turn, self.notice.emit, self.busy_changed.emit
        )
        self._stream = ReplyStream(self, parent=self)  # the reply streaming now
        self.busy_changed.connect(self.on_busy_changed)

    @property
    def store(self) -> ChatStore | None:
        return self.saves.store

    # ------------------------------------------------------------------ state

    def is_busy(self) -> bool:
        agent = self.agent_turn is not None and self.agent_turn.is_running()
        return (
            self._stream.running is not None
            or self._reply_pending
            or self.retrieval.item is not None
            or self.turn_wait.waiting is not None
            or agent
        )

    def running_item(self) -> MessageItem | None:
        return self._stream.running.item if self._stream.running else None

    def guard(self, fn: Callable[[ChatStore], T], retry: bool = True) -> T | None:
        """A store call; None when it failed (said, and kept for retry) or without a store."""
        return self.saves.guard(fn, retry)

    def has_failed_writes(self) -> bool:
        return self.saves.has_failed_writes()

    def retry_failed_writes(self) -> bool:
        return self.saves.retry_failed_writes()

    # ------------------------------------------------------------------ conversations

    def new_conversation(self) -> None:
        if self.is_busy():
            self.stop()
        self.conversation_id = None
        self.model.set_items([])

    def open_conversation(self, conversation_id: int) -> None:
        if self.store is None:
            return
        if self.is_busy():
            self.stop()
        items = self.guard(lambda store: store.path_items(conversation_id), retry=False)
        if items is None:
            return
        conversation = self.guard(lambda store: store.conversation(conversation_id), retry=False)
        completion = getattr(conversation, "kind", "chat") == "completion"
        if completion:
            items = as_completion(items)
        self.completion_mode = completion
        self.completion.prompt = items[0].text if completion and items else ""
        self.conversation_id = conversation_id
        self.model.set_items(items)
        self.completion_mode_changed.emit(completion)

    def load_probabilities(self) -> None:
        """Fetch saved per-token probabilities for shown replies that have them."""
        if self.store is None:
            return
        for row, item in enumerate(self.model.items()):
            if item.role == "assistant" and not item.tokens and item.message_id is not None:
                loaded = self.guard(
                    functools.partial(ChatStore.load_tokens, item=item), retry=False
                )
                if loaded:
                    self.model.update(row, tokens=loaded[0], logprob_source=loaded[1])

    def set_completion_mode(self, enabled: bool) -> None:
        if self.is_busy():
            self.stop()
        self.completion_mode = enabled
        self.conversation_id = None
        self.model.set_items([])

    # ------------------------------------------------------------------ sending

    def _said(self, problem: Problem | None) -> bool:
        """True when there is no problem; else it is shown."""
        if problem is not None:
            self.error_occurred.emit(*problem)
        return problem is None

    def require_model(self) -> bool:
        return self._said(model_problem(self.target, self.engine))

    def format_usable(self) -> bool:
        """False (and said) when the chosen output format cannot be used."""
        return self._said(format_problem(self._options()))

    def options(self) -> GenerationOptions:
        """The generation options set now (the inspector's, with the chat's tools)."""
        return self._options()

    def model_name(self) -> str:
        """The name saved with a reply: the chat's model, or the server's when one is chosen."""
        if self.target is not None:
            return str(self.target.model_name())
        return self.engine.info.name if self.engine.info else ""

    def _provenance(self) -> tuple[str | None, str | None]:
        """(backend, server version) to save with a reply; (None, None) when unknown."""
        if self.target is None:
            return None, None
        try:
            provenance = self.target.provenance()
        except EngineError as exc:  # a reply is still worth having without it
            log.warning("where the reply comes from is unknown: %s", exc)
            return self.target.backend_name(), None
        return provenance.backend, provenance.server_version or None

    def history(self, upto_row: int) -> tuple[ChatMessage, ...]:
        """The messages the model reads for a reply at row `upto_row`."""
        return history(self._options(), self.model.items()[:upto_row])

    def new_reply(self, opts: GenerationOptions, parent_id: int | None) -> MessageItem | None:
        """An empty streaming reply below `parent_id`, saved with where it runs (its id and
        place among its siblings set on it); None when the store refused (said)."""
        item = MessageItem(None, "assistant", "", status="streaming", model=self.model_name())
        item.logprob_source = opts.logprob_source
        item.output_format = constrained(opts.output_format)
        conversation_id = self.conversation_id
        if self.store is not None and conversation_id is not None:
            params = reply_params(opts.params, item.output_format)
            if not self.saves.start_reply(
                item, conversation_id, parent_id, params, self._provenance()
            ):
                return None
        return item

    def save_tool_result(self, parent_id: int | None, item: MessageItem) -> bool:
        """The tool row `item` saved below `parent_id` (its id set on it); False without a
        store or when the store refused (said)."""
        conversation_id = self.conversation_id
        if self.store is None or conversation_id is None:
            return False
        saved = self.guard(
            lambda store: store.add_tool_result(conversation_id, parent_id, item), retry=False
        )
        if saved is None:
            return False
        item.message_id = saved
        return True

    def send(self, text: str) -> bool:
        """Send a user message and stream the reply; False when nothing could start."""
        if self.is_busy() or not text.strip() or not self.require_model():
            return False
        if not self.format_usable():
            return False
        if self.completion_mode:
            return self.completion.complete(text)
        opts = self._options()
        if self.store is not None and self.conversation_id is None:
            conv = self.guard(
                lambda store: store.create_conversation(
                    model=self.model_name() or None,
                    system_prompt=opts.system_prompt,
                    sampling_params=params_to_dict(opts.params),
                    overflow_policy=opts.overflow,
                ),
                retry=False,
            )
            if conv is None:
                return False
            self.conversation_id = conv
        parent = self._last_message_id()
        user = MessageItem(None, "user", text)
        if self.store is not None:
            conversation_id = self.conversation_id
            assert conversation_id is not None  # created above
            saved = self.guard(
                lambda store: store.add_user(conversation_id, parent, text), retry=False
            )
            if saved is None:
                return False  # nothing written, nothing shown: the composer still holds the text
            user.message_id = saved
        self.model.append(user)
        self.conversation_changed.emit(self.conversation_id or 0)
        # The reply starts on the next turn of the event loop: the user's message is saved and
        # painted first, and neither half blocks the loop for as long as both together.
        # (1 ms, not 0: a zero timer is a posted call that runs before overdue timers.)
        self._reply_pending = True
        QTimer.singleShot(1, lambda: self._start_pending_reply(user))
        return True

    def _start_pending_reply(self, user: MessageItem) -> None:
        if not self._reply_pending:
            return  # stopped before it started
        self._reply_pending = False
        row = self.model.row_of_item(user)
        if self.saves.closing or row < 0 or row != len(self.model.items()) - 1:
            return  # the window closed or another conversation was opened meanwhile
        self.start_reply(row + 1, user.message_id)

    def _last_message_id(self) -> int | None:
        items = self.model.items()
        return items[-1].message_id if items else None

    def start_reply(
        self,
        row: int,
        parent_id: int | None,
        forced: tuple[int, ...] = (),
        prefix_tokens: list[Token] | None = None,
    ) -> bool:
        """Generate a new assistant message at `row` (replacing rows from there) as a child of
        `parent_id`; False when nothing could start."""
        opts = self._options()
        if self.agent_turn is not None and opts.tools is not None and not forced:
            return bool(self.agent_turn.start(row, parent_id))
        item = self.new_reply(opts, parent_id)
        if item is None:
            return False
        history = self.history(row)
        self.model.replace_from(row, [item])
        return self.launch(reply_request(opts, history, forced, remote=self.is_remote()), item)

    def is_remote(self) -> bool:
        """Replies go to a server's model (chosen in the picker), not this computer's engine."""
        return self.target is not None and bool(self.target.is_remote())

    def launch(
        self,
        request: GenerateRequest,
        item: MessageItem,
        prefix: str = "",
        *,
        retrieved: bool = False,
    ) -> bool:
        """Stream `request` into the reply `item` (a knowledge search first, unless `retrieved`);
        False when it could not start."""
        return self._stream.launch(request, item, prefix, retrieved=retrieved)

    @Slot(bool)
    def on_busy_changed(self, busy: bool) -> None:
        if not busy:  # an experiment run waiting for this reply's end may go now
            self.engine.recheck_turn()

    @Slot()
    def on_engine_turn(self) -> None:
        waiting = self.turn_wait.take()
        if waiting is None or self.saves.closing:
            return
        request, item, prefix = waiting  # knowledge, if any, was already retrieved for it
        if (
            not self.launch(request, item, prefix, retrieved=True)
            and self.turn_wait.waiting is None
        ):
            self.busy_changed.emit(False)

    def _stop_waiting(self) -> bool:
        """Stop a reply that waits for the engine; True when there was one."""
        item = self.turn_wait.cancel()
        if item is None:
            return False
        self.finish_item(item, "cancelled", item.text, finish_reason="cancelled")
        return True

    def stop(self) -> None:
        """Stop the streaming reply; the partial text stays (Done arrives as "cancelled")."""
        self._reply_pending = False
        retrieving = self.retrieval.take()
        if retrieving is not None:  # nothing generated yet: the reply ends empty
            self.finish_item(retrieving, "cancelled", "", finish_reason="cancelled")
            self.busy_changed.emit(False)
        if self._stop_waiting():
            self.busy_changed.emit(False)
        if self._stream.running is not None:
            self._stream.running.generation.cancel()
        if self.agent_turn is not None:
            self.agent_turn.cancel()

    # ------------------------------------------------------------------ actions on rows

    def regenerate(self, row: int | None = None) -> bool:
        """A new sibling of the assistant reply at `row` (default: the last reply)."""
        return self._rows.regenerate(row)

    def edit(self, row: int, new_text: str) -> bool:
        """Replace the user message at `row` by a new branch with `new_text`, then reply."""
        return self._rows.edit(row, new_text)

    def continue_reply(self, row: int | None = None) -> bool:
        """Let the model go on writing the assistant reply at `row` (the last one)."""
        return self._rows.continue_reply(row)

    def switch_branch(self, row: int, step: int) -> bool:
        """Show the previous (-1) or next (+1) sibling of the message at `row`."""
        return self._rows.switch_branch(row, step)

    def delete(self, row: int) -> bool:
        """Delete the message at `row` and everything after it on this branch."""
        return self._rows.delete(row)

    def branch_limits(self, row: int, token_index: int) -> tuple[bool, str]:
        """(whether branching from that token is impossible, what to say about it)."""
        return self._rows.branch_limits(row, token_index)

    def branch_from_token(self, row: int, token_index: int, token_id: int) -> bool:
        """Regenerate the reply at `row` keeping tokens before `token_index`, then `token_id`."""
        return self._rows.branch_from_token(row, token_index, token_id)

    # ------------------------------------------------------------------ the reply's end

    def finish_reply(
        self, item: MessageItem, status: str, text: str, done: Done, **extra: Any
    ) -> str:
        """A reply's end on screen and saved: its text, stats and why it ended early (a
        server's stream cut mid-reply, kept with the text; returned, "" when it did not)."""
        return self._stream.finish_reply(item, status, text, done, **extra)

    def finish_item(self, item: MessageItem, status: str, text: str, **extra: Any) -> None:
        """The reply `item` ends with `status` and `text`: on screen now, saved in the store."""
        self._stream.finish_item(item, status, text, **extra)

    def wait_for_saves(self) -> None:
        """Block until the replies' final saves have landed (tests, tools)."""
        self.saves.drain()

    def shutdown(self) -> None:
        """Closing the window: the queued saves land; a reply still streaming is cancelled and
        its partial text saved as cancelled."""
        running = self._stream.running
        self._stop_waiting()
        self.saves.closing = True
        if self.agent_turn is not None:
            self.agent_turn.shutdown()
        retrieving = self.retrieval.take()
        if retrieving is not None:
            self.finish_item(retrieving, "cancelled", "", finish_reason="cancelled")
        self.saves.shutdown()  # every queued save lands
        if running is None:
            return
        try:
            running.generation.cancel()
        except EngineError as exc:  # the engine is gone already: the partial text is saved below
            log.info("cancel at shutdown: %s", exc)
        self._stream.running = None
        self.finish_item(running.item, "cancelled", running.item.text, finish_reason="cancelled")
