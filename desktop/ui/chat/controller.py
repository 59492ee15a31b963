"""Chat logic between the transcript, the engine and the store: send, stop, branch, continue.

The controller owns no widget. It writes to the store from the GUI thread (one short
transaction per event that matters), except the final save of a reply, which goes to a
writer thread (an ordered `BackgroundTasks`) so completion causes no hitch (later store calls
wait for it). Every
message stays in memory until it is saved: a failed write leaves the text in the transcript,
tells the user, and can be retried.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.engine.errors import EngineError
from desktop.core.engine.options import params_to_dict
from desktop.core.engine.protocol import (
    ChatMessage,
    Done,
    EngineErrorEvent,
    GenerateRequest,
    SamplingParams,
    Token,
)
from desktop.core.store.errors import StoreError
from desktop.core.tools.output_format import TEXT, OutputFormat
from desktop.core.tools.request import RequestOptions, prepare_request
from desktop.ui.bridge import EngineBridge
from desktop.ui.chat.chat_store import ChatStore
from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.chat.reply_format import constrained, finished_format, reply_params
from desktop.ui.chat.tool_messages import history_message
from desktop.ui.chat.transcript_model import MessageItem, TranscriptModel
from desktop.ui.i18n import error_parts, error_text, message_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

T = TypeVar("T")

_request_ids = itertools.count(1)
FINAL_SAVE_DELAY_MS = 120


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


@dataclass
class _Running:
    request_id: int
    item: MessageItem
    generation: Any
    prefix: str = ""  # text the reply already had (continue)
    saved: bool = True  # the message exists in the store


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
        self.store = store
        self.engine = engine
        self.bridge = bridge
        self.model = model
        self._options = options
        self.conversation_id: int | None = None
        self.completion_mode = False
        self._completion_prompt = ""
        self._running: _Running | None = None
        self._checkpointer: Any = None
        self._failed_writes: list[Callable[[ChatStore], object]] = []
        # Saving a finished reply (text, its search index entry, per-token probabilities) takes
        # 20-100 ms on a small CPU: on one ordered worker thread, not in the GUI's way.
        self._writer = BackgroundTasks(self, ordered=True, name="tessera-chat-writer")
        self._closing = False
        self._reply_pending = False  # a sent message whose reply starts on the next turn
        self.target: Any = None  # a ChatTarget (ui/chat/target.py): replies go through it
        # Runs replies with tools (ui/chat/agent_turn.py); set by the chat page.
        self.agent_turn: Any = None
        # Knowledge bases (ui/chat/knowledge_link.py): set by the chat page when there are any.
        self.knowledge: Any = None
        self._retrieving: MessageItem | None = None  # a reply waiting for its knowledge search
        # A reply waiting for the engine while the API server uses it: (request, item, prefix).
        self._waiting: tuple[GenerateRequest, MessageItem, str] | None = None
        bridge.tokens_arrived.connect(self.on_tokens_arrived)
        bridge.generation_finished.connect(self.on_generation_finished)
        bridge.generation_failed.connect(self.on_generation_failed)

    # ------------------------------------------------------------------ state

    def is_busy(self) -> bool:
        agent = self.agent_turn is not None and self.agent_turn.is_running()
        return (
            self._running is not None
            or self._reply_pending
            or self._retrieving is not None
            or self._waiting is not None
            or agent
        )

    def running_item(self) -> MessageItem | None:
        return self._running.item if self._running else None

    def _guard(self, fn: Callable[[ChatStore], T], retry: bool = True) -> T | None:
        """Run a store call; on failure keep the data, tell the user, remember it for retry.
        None without a store (a window without a database) or when the call failed."""
        if self.store is None:
            return None
        self._writer.drain()  # a reply's final save may still be on its way: keep the order
        try:
            return fn(self.store)
        except StoreError as exc:  # shown, and the text stays in the transcript
            log.warning("chat store call failed: %s", exc)
            if retry:
                self._failed_writes.append(fn)
            self.error_occurred.emit(
                "store", error_text(exc), self.tr("Your text is kept; retry saving.")
            )
            return None

    def has_failed_writes(self) -> bool:
        return bool(self._failed_writes)

    def retry_failed_writes(self) -> bool:
        self._writer.drain()
        pending, self._failed_writes = self._failed_writes, []
        for fn in pending:
            if self.store is None:
                break
            try:
                fn(self.store)
            except StoreError as exc:
                log.warning("retried chat store write failed again: %s", exc)
                self._failed_writes.append(fn)
                self.error_occurred.emit(
                    "store", error_text(exc), self.tr("Still failing; retry later.")
                )
        return not self._failed_writes

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
        items = self._guard(lambda store: store.path_items(conversation_id), retry=False)
        if items is None:
            return
        conversation = self._guard(lambda store: store.conversation(conversation_id), retry=False)
        completion = getattr(conversation, "kind", "chat") == "completion"
        if completion:
            items = _as_completion(items)
        self.completion_mode = completion
        self._completion_prompt = items[0].text if completion and items else ""
        self.conversation_id = conversation_id
        self.model.set_items(items)
        self.completion_mode_changed.emit(completion)

    def load_probabilities(self) -> None:
        """Fetch saved per-token probabilities for shown replies that have them."""
        if self.store is None:
            return
        for row, item in enumerate(self.model.items()):
            if item.role == "assistant" and not item.tokens and item.message_id is not None:
                loaded = self._guard(
                    functools.partial(ChatStore.load_tokens, item=item), retry=False
                )
                if loaded:
                    self.model.update(row, tokens=loaded[0], logprob_source=loaded[1])

    # ------------------------------------------------------------------ sending

    def _require_model(self) -> bool:
        target = self.target
        if target is not None and target.is_remote():
            return self._require_remote(target)
        if self.engine.in_use_by:
            self.error_occurred.emit(
                "not_loaded",
                self.tr("The local model is busy: %1.").replace("%1", self.engine.in_use_by),
                self.tr("Wait for it to finish, or cancel it there."),
            )
            return False
        if self.engine.is_loaded():
            return True
        if self.engine.is_loading():
            self.error_occurred.emit(
                "not_loaded", self.tr("The model is still loading."), self.tr("Wait a moment.")
            )
        else:
            self.error_occurred.emit(
                "not_loaded",
                self.tr("No model is loaded."),
                self.tr("Open a .gguf file, or download one on the Models page."),
            )
        return False

    def _require_remote(self, target: Any) -> bool:
        if target.ready():
            return True
        if target.connecting():
            self.error_occurred.emit(
                "connecting",
                self.tr("Connecting to %1…").replace("%1", target.backend_name()),
                self.tr("Send again in a moment."),
            )
        else:
            self.error_occurred.emit("connection", target.problem(), "")
        return False

    def _model_name(self) -> str:
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

    def _history(self, upto_row: int) -> tuple[ChatMessage, ...]:
        opts = self._options()
        messages = []
        if opts.system_prompt.strip():
            messages.append(ChatMessage("system", opts.system_prompt))
        for item in self.model.items()[:upto_row]:
            message = history_message(item)
            if message is not None:
                messages.append(message)
        return tuple(messages)

    def _format_usable(self) -> bool:
        """False (and said) when the chosen output format cannot be used."""
        error = self._options().format_error
        if error:
            self.error_occurred.emit(
                "bad_format", error, self.tr("Fix the output format in the inspector.")
            )
        return not error

    def send(self, text: str) -> bool:
        """Send a user message and stream the reply; False when nothing could start."""
        if self.is_busy() or not text.strip() or not self._require_model():
            return False
        if not self._format_usable():
            return False
        if self.completion_mode:
            return self._complete(text)
        opts = self._options()
        if self.store is not None and self.conversation_id is None:
            conv = self._guard(
                lambda store: store.create_conversation(
                    model=self._model_name() or None,
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
            saved = self._guard(
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
        if self._closing or row < 0 or row != len(self.model.items()) - 1:
            return  # the window closed or another conversation was opened meanwhile
        self._start_reply(row + 1, user.message_id)

    def _last_message_id(self) -> int | None:
        items = self.model.items()
        return items[-1].message_id if items else None

    def _start_reply(
        self,
        row: int,
        parent_id: int | None,
        forced: tuple[int, ...] = (),
        prefix_tokens: list[Token] | None = None,
    ) -> bool:
        """Generate a new assistant message at `row` (replacing rows from there) as a child of
        `parent_id`."""
        opts = self._options()
        if self.agent_turn is not None and opts.tools is not None and not forced:
            return bool(self.agent_turn.start(row, parent_id))
        model_name = self._model_name()
        item = MessageItem(None, "assistant", "", status="streaming", model=model_name)
        item.logprob_source = opts.logprob_source
        item.output_format = constrained(opts.output_format)
        conversation_id = self.conversation_id
        if self.store is not None and conversation_id is not None:
            backend, server_version = self._provenance()
            message_id = self._guard(
                lambda store: store.start_reply(
                    conversation_id,
                    parent_id,
                    model_name,
                    reply_params(opts.params, item.output_format),
                    backend=backend,
                    server_version=server_version,
                ),
                retry=False,
            )
            if message_id is None:
                return False
            item.message_id = message_id
            siblings = self._guard(lambda store: store.siblings(message_id), retry=False)
            if siblings:
                item.sibling_index, item.sibling_count = siblings
        history = self._history(row)
        self.model.replace_from(row, [item])
        fields: dict[str, Any] = {
            "forced_tokens": forced,
            "logprob_source": opts.logprob_source,
            "overflow": opts.overflow,
        }
        if self._remote():
            # A server enforces the format itself (response_format, json_schema, grammar).
            request = prepare_request(
                next(_request_ids), history, opts.params, None,
                RequestOptions(output_format=opts.output_format),
                top_logprobs=opts.top_logprobs, for_server=True, **fields,
            ).request  # fmt: skip
        else:
            request = GenerateRequest(
                request_id=next(_request_ids),
                params=opts.params,
                messages=history,
                top_logprobs=opts.top_logprobs,
                grammar=opts.output_format.grammar_spec(),
                **fields,
            )
        return self._launch(request, item)

    def _remote(self) -> bool:
        """Replies go to a server's model (chosen in the picker), not this computer's engine."""
        return self.target is not None and bool(self.target.is_remote())

    def _launch(
        self,
        request: GenerateRequest,
        item: MessageItem,
        prefix: str = "",
        *,
        retrieved: bool = False,
    ) -> bool:
        if not retrieved and self.knowledge is not None and self.knowledge.intercepts(request):
            return self._retrieve_then_launch(request, item, prefix)
        try:
            if self.target is not None:
                generation = self.target.generate(request, self.bridge.deliver)
            else:
                generation = self.engine.client.generate(request, on_event=self.bridge.deliver)
        except EngineError as exc:
            if exc.kind == "busy" and self._wait_for_turn(request, item, prefix):
                return True
            # the engine refused: show it, keep everything
            log.warning("the engine refused a request: %s", exc)
            self._finish_item(item, "error", item.text, error=error_text(exc))
            self.error_occurred.emit(exc.kind, *error_parts(exc))
            return False
        self._running = _Running(request.request_id, item, generation, prefix=prefix)
        self._checkpointer = None
        if self.store is not None and item.message_id is not None:
            self._checkpointer = self.store.checkpointer(
                item.message_id, initial_text=prefix, on_error=self._on_checkpoint_error
            )
        self.busy_changed.emit(True)
        return True

    def _retrieve_then_launch(
        self, request: GenerateRequest, item: MessageItem, prefix: str
    ) -> bool:
        """The attached knowledge bases are searched first (off the GUI thread); the reply
        starts with the retrieved chunks in its user message."""
        self._retrieving = item
        self.busy_changed.emit(True)

        def ready(prepared: GenerateRequest) -> None:
            if self._retrieving is not item:
                return  # stopped, or the window closed, while searching
            self._retrieving = None
            if not self._launch(prepared, item, prefix, retrieved=True):
                self.busy_changed.emit(False)

        self.knowledge.prepare(request, item, ready)
        return True

    def _wait_for_turn(self, request: GenerateRequest, item: MessageItem, prefix: str) -> bool:
        """The Server page's API answers a request on the shared engine: this reply starts
        when that one is done (before any request still queued), instead of failing."""
        if not self.engine.wait_for_turn(self.on_engine_turn):
            return False
        first = self._waiting is None
        self._waiting = (request, item, prefix)
        if first:
            self.notice.emit(
                self.tr("The API server is answering a request: the reply starts when it is done.")
            )
            self.busy_changed.emit(True)
        return True

    @Slot()
    def on_engine_turn(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is None or self._closing:
            return
        request, item, prefix = waiting  # knowledge, if any, was already retrieved for it
        if not self._launch(request, item, prefix, retrieved=True) and self._waiting is None:
            self.busy_changed.emit(False)

    def _stop_waiting(self) -> bool:
        """Stop a reply that waits for the engine; True when there was one."""
        waiting, self._waiting = self._waiting, None
        if waiting is None:
            return False
        self.engine.cancel_wait()
        item = waiting[1]
        self._finish_item(item, "cancelled", item.text, finish_reason="cancelled")
        return True

    def stop(self) -> None:
        """Stop the streaming reply; the partial text stays (Done arrives as "cancelled")."""
        self._reply_pending = False
        retrieving, self._retrieving = self._retrieving, None
        if retrieving is not None:  # nothing generated yet: the reply ends empty
            self._finish_item(retrieving, "cancelled", "", finish_reason="cancelled")
            self.busy_changed.emit(False)
        if self._stop_waiting():
            self.busy_changed.emit(False)
        if self._running is not None:
            self._running.generation.cancel()
        if self.agent_turn is not None:
            self.agent_turn.cancel()

    # ------------------------------------------------------------------ actions on rows

    def regenerate(self, row: int | None = None) -> bool:
        """A new sibling of the assistant reply at `row` (default: the last reply)."""
        if self.is_busy() or not self._require_model() or not self._format_usable():
            return False
        row = self._last_assistant_row() if row is None else row
        if row < 0 or self.model.item(row).role != "assistant":
            return False
        if self.completion_mode:
            return self._complete(self._completion_prompt)
        parent = self.model.item(row - 1).message_id if row > 0 else None
        return self._start_reply(row, parent)

    def _last_assistant_row(self) -> int:
        items = self.model.items()
        for row in range(len(items) - 1, -1, -1):
            if items[row].role == "assistant":
                return row
        return -1

    def edit(self, row: int, new_text: str) -> bool:
        """Replace the user message at `row` by a new branch with `new_text`, then reply."""
        if self.is_busy() or not new_text.strip() or not self._require_model():
            return False
        if not self._format_usable():
            return False
        item = self.model.item(row)
        if item.role != "user":
            return False
        message_id = None
        sibling = (0, 1)
        if self.store is not None:
            edited = item.message_id
            if edited is None:
                return False  # never saved: there is no branch to start from
            message_id = self._guard(lambda store: store.edit_user(edited, new_text), retry=False)
            if message_id is None:
                return False
            new_id = message_id
            sibling = self._guard(lambda store: store.siblings(new_id), retry=False) or sibling
        user = MessageItem(message_id, "user", new_text)
        user.sibling_index, user.sibling_count = sibling
        self.model.replace_from(row, [user])
        return self._start_reply(row + 1, message_id)

    def continue_reply(self, row: int | None = None) -> bool:
        """Let the model go on writing the assistant reply at `row` (the last one)."""
        if self.is_busy() or not self._require_model():
            return False
        row = self._last_assistant_row() if row is None else row
        if row < 0 or row != len(self.model.items()) - 1:
            return False
        item = self.model.item(row)
        opts = self._options()
        prefix = item.text
        if self.completion_mode:
            request = GenerateRequest(
                request_id=next(_request_ids),
                params=opts.params,
                text=self._completion_prompt + prefix,
                top_logprobs=opts.top_logprobs,
                logprob_source=opts.logprob_source,  # type: ignore[arg-type]
            )
        else:
            history = self._history(row) + (ChatMessage("assistant", prefix),)
            request = GenerateRequest(
                request_id=next(_request_ids),
                params=opts.params,
                messages=history,
                continue_last=True,
                add_generation_prompt=False,
                top_logprobs=opts.top_logprobs,
                logprob_source=opts.logprob_source,  # type: ignore[arg-type]
                overflow=opts.overflow,  # type: ignore[arg-type]
            )
        resumed = item.message_id
        if resumed is not None:
            self._guard(lambda store: store.resume_reply(resumed), retry=False)
        self.model.update(row, status="streaming", error="")
        return self._launch(request, item, prefix=prefix)

    def switch_branch(self, row: int, step: int) -> bool:
        """Show the previous (-1) or next (+1) sibling of the message at `row`."""
        if self.is_busy() or self.store is None:
            return False
        item = self.model.item(row)
        message_id = item.message_id
        if message_id is None:
            return False
        target = item.sibling_index + step
        if not 0 <= target < item.sibling_count:
            return False
        path = self._guard(lambda store: store.switch_branch(message_id, target), retry=False)
        if path is None:
            return False
        if self.completion_mode:
            path = _as_completion(path)
            self._completion_prompt = path[0].text if path else ""
        self.model.replace_from(row, path[row:])
        return True

    def delete(self, row: int) -> bool:
        """Delete the message at `row` and everything after it on this branch."""
        if self.is_busy():
            return False
        item = self.model.item(row)
        message_id, conversation_id = item.message_id, self.conversation_id
        if self.store is not None and message_id is not None:
            if self._guard(lambda store: store.delete_message(message_id), retry=False) is None:
                return False
            if conversation_id is not None:
                items = self._guard(lambda store: store.path_items(conversation_id), retry=False)
                if items is not None:
                    self.model.set_items(_as_completion(items) if self.completion_mode else items)
                    return True
        self.model.replace_from(row, [])
        return True

    def branch_limits(self, row: int, token_index: int) -> tuple[bool, str]:
        """(whether branching from that token is impossible, what to say about it) for the
        backend the chat uses now: a server may take no raw prompt, or not say token ids."""
        target = self.target
        if target is None or not target.is_remote():
            return False, ""
        caps = target.capabilities()
        why = caps.why_not("raw_completion")
        if why is not None:
            return True, message_text(why)
        item = self.model.item(row)
        if any(t.id < 0 for t in item.tokens[:token_index]):
            return True, self.tr(
                "This server did not give the id of every token before this one: a branch "
                "from here is not possible on it."
            )
        why = caps.why_not("token_prompt")  # possible, but said: the server re-cuts the text
        return False, message_text(why) if why is not None else ""

    def branch_from_token(self, row: int, token_index: int, token_id: int) -> bool:
        """Regenerate the reply at `row` keeping tokens before `token_index`, then `token_id`."""
        if self.is_busy() or not self._require_model():
            return False
        item = self.model.item(row)
        if item.role != "assistant" or not 0 <= token_index < len(item.tokens):
            return False
        forced = tuple(t.id for t in item.tokens[:token_index]) + (token_id,)
        if any(i < 0 for i in forced):  # a server that named no ids (see branch_limits)
            return False
        if self.completion_mode:
            return self._complete(self._completion_prompt, forced)
        parent = self.model.item(row - 1).message_id if row > 0 else None
        return self._start_reply(row, parent, forced=forced)

    # ------------------------------------------------------------------ completion mode

    def set_completion_mode(self, enabled: bool) -> None:
        if self.is_busy():
            self.stop()
        self.completion_mode = enabled
        self.conversation_id = None
        self.model.set_items([])

    def _complete(self, prompt: str, forced: tuple[int, ...] = ()) -> bool:
        """Continue `prompt`, saved in the completion session: the same prompt again adds a
        continuation beside the earlier ones (a branch), a new text a new prompt branch."""
        opts = self._options()
        shown = self.model.items()
        same = bool(shown) and shown[0].role == "prompt" and shown[0].text == prompt
        prompt_item = shown[0] if same else MessageItem(None, "prompt", prompt)
        item = MessageItem(None, "assistant", "", status="streaming", model=self._model_name())
        item.logprob_source = opts.logprob_source
        item.output_format = constrained(opts.output_format)
        if self.store is not None and not self._save_completion(prompt_item, item, opts):
            return False
        self._completion_prompt = prompt
        self.model.set_items([prompt_item, item])
        request = GenerateRequest(
            request_id=next(_request_ids),
            params=opts.params,
            text=prompt,
            forced_tokens=forced,
            top_logprobs=opts.top_logprobs,
            logprob_source=opts.logprob_source,  # type: ignore[arg-type]
            grammar=opts.output_format.grammar_spec(),
        )
        return self._launch(request, item)

    def _save_completion(
        self, prompt_item: MessageItem, item: MessageItem, opts: GenerationOptions
    ) -> bool:
        """The session, the prompt and the empty continuation in the store (ids on the items)."""
        params = reply_params(opts.params, item.output_format)
        if self.conversation_id is None:
            conv = self._guard(
                lambda store: store.create_conversation(
                    model=self._model_name() or None, sampling_params=params, kind="completion"
                ),
                retry=False,
            )
            if conv is None:
                return False
            self.conversation_id = conv
        conversation_id = self.conversation_id
        if prompt_item.message_id is None:
            pid = self._guard(
                lambda store: store.add_prompt(conversation_id, prompt_item.text), retry=False
            )
            if pid is None:
                return False
            prompt_item.message_id = pid
            sib = self._guard(lambda store: store.siblings(pid), retry=False)
            if sib:
                prompt_item.sibling_index, prompt_item.sibling_count = sib
        backend, server_version = self._provenance()
        mid = self._guard(
            lambda store: store.start_reply(
                conversation_id,
                prompt_item.message_id,
                item.model,
                params,
                backend=backend,
                server_version=server_version,
            ),
            retry=False,
        )
        if mid is None:
            return False
        item.message_id = mid
        siblings = self._guard(lambda store: store.siblings(mid), retry=False)
        if siblings:
            item.sibling_index, item.sibling_count = siblings
        self.conversation_changed.emit(self.conversation_id)
        return True

    # ------------------------------------------------------------------ engine events

    @Slot(int, object)
    def on_tokens_arrived(self, request_id: int, tokens: list[Token]) -> None:
        running = self._running
        if running is None or running.request_id != request_id:
            return
        row = self.model.row_of_item(running.item)
        if row < 0:
            return
        self.model.append_tokens(row, tokens)
        if self._checkpointer is not None:
            self._checkpointer.feed("".join(t.text for t in tokens))

    def _on_checkpoint_error(self, error: Exception) -> None:
        # The whole reply is still in memory; the final save retries (and can be retried).
        log.warning("streaming checkpoint failed: %s", error)
        self.notice.emit(
            self.tr("Could not save the reply as it streams: %1").replace("%1", error_text(error))
        )

    def finish_reply(
        self, item: MessageItem, status: str, text: str, done: Done, **extra: Any
    ) -> str:
        """A reply's end on screen and saved: its text, stats and why it ended early (a
        server's stream cut mid-reply, kept with the text; returned, "" when it did not)."""
        stats = done.stats
        why = message_text(done.error) if done.error is not None else ""
        self._finish_item(
            item,
            status,
            text,
            finish_reason=done.finish_reason,
            completion_tokens=stats.completion_tokens,
            prompt_tokens=stats.prompt_tokens,
            ttft_seconds=stats.ttft_seconds,
            tok_s=stats.decode_tok_s,
            thinking_tokens=stats.thinking_tokens or None,
            stats=stats,
            error=why,
            **extra,
        )
        return why

    @Slot(object)
    def on_generation_finished(self, done: Done) -> None:
        running = self._running
        if running is None or running.request_id != done.request_id:
            return
        self._running = None
        status = {"cancelled": "cancelled", "interrupted": "interrupted"}.get(
            done.finish_reason, "complete"
        )
        text = done.text
        if running.prefix and not text.startswith(running.prefix):
            text = running.prefix + text
        why = self.finish_reply(
            running.item, status, text, done, **finished_format(running.item, text, done)
        )
        self.busy_changed.emit(False)
        if why:
            self.error_occurred.emit(done.finish_reason, why, "")
        elif self.target is not None and status == "complete":
            self.target.mark_used()
        if done.finish_reason == "context_full":
            self.error_occurred.emit(
                "context_full",
                self.tr("The reply stopped because the context is full."),
                self.tr("Start a new chat, raise the context size, or change the overflow policy."),
            )

    @Slot(object)
    def on_generation_failed(self, error: EngineErrorEvent) -> None:
        running = self._running
        if running is None or (
            error.request_id is not None and error.request_id != running.request_id
        ):
            if error.kind == "worker_died":
                self.engine.note_worker_died()
            return
        self._running = None
        self._finish_item(
            running.item,
            "error",
            running.item.text,
            error=message_text(error.message),
            finish_reason="error",
        )
        if error.kind == "worker_died":
            self.engine.note_worker_died()
        self.busy_changed.emit(False)
        hint = message_text(error.hint) if error.hint is not None else ""
        self.error_occurred.emit(error.kind, message_text(error.message), hint)

    def _finish_item(self, item: MessageItem, status: str, text: str, **extra: Any) -> None:
        row = self.model.row_of_item(item)
        stats = extra.pop("stats", None)
        finish_reason = extra.pop("finish_reason", None)
        if row >= 0:
            self.model.update(row, status=status, text=text, **extra)
        else:
            for name, value in extra.items():
                setattr(item, name, value)
            item.status, item.text = status, text
        if self.store is None or item.message_id is None:
            self.reply_finished.emit(item)
            return
        snapshot = replace(item, tokens=list(item.tokens))
        store = self.store

        def write(store: ChatStore = store) -> bool:
            return store.finish_reply(snapshot, finish_reason=finish_reason, stats=stats)

        if self._closing:
            self._guard(write)
            self.reply_finished.emit(item)
            return

        def saved(_result: object) -> None:
            if not self._closing:
                self.reply_finished.emit(item)

        def failed(exc: BaseException) -> None:
            log.warning("a reply's final save failed: %s", exc)
            self._failed_writes.append(write)
            if not self._closing:
                self.error_occurred.emit(
                    "store", error_text(exc), self.tr("Your text is kept; retry saving.")
                )
                self.reply_finished.emit(item)

        # The save starts once the finished reply is laid out and painted: the writer shares the
        # GIL with the GUI thread, so it is best not run while the reply is being laid out.
        self._writer.run(write, on_done=saved, on_error=failed, delay_ms=FINAL_SAVE_DELAY_MS)

    def wait_for_saves(self) -> None:
        """Block until the replies' final saves have landed (tests, tools)."""
        self._writer.drain()

    def shutdown(self) -> None:
        """Closing the window: the queued saves land; a reply still streaming is cancelled and
        its partial text saved as cancelled."""
        running = self._running
        self._stop_waiting()
        self._closing = True
        if self.agent_turn is not None:
            self.agent_turn.shutdown()
        retrieving, self._retrieving = self._retrieving, None
        if retrieving is not None:
            self._finish_item(retrieving, "cancelled", "", finish_reason="cancelled")
        self._writer.shutdown(timeout=None)  # every queued save lands
        if running is None:
            return
        try:
            running.generation.cancel()
        except EngineError as exc:  # the engine is gone already: the partial text is saved below
            log.info("cancel at shutdown: %s", exc)
        self._running = None
        self._finish_item(running.item, "cancelled", running.item.text, finish_reason="cancelled")


def _as_completion(items: list[MessageItem]) -> list[MessageItem]:
    """A completion session's path as the transcript shows it: the prompt, then continuations."""
    for item in items[:1]:
        if item.role == "user":
            item.role = "prompt"
    return items
