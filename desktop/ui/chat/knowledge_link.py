"""Knowledge in the chat: the bases attached to the conversation shown, each turn's retrieval
and injection (off the GUI thread), and the saved citations of the replies shown.

The controller asks `intercepts(request)` before it starts a reply; if the conversation has
bases attached, `prepare()` searches them for the user's message, puts the chunks into the
message through the injection template (`ChatKnowledge.prepare`, counting with the loaded
model's tokenizer), saves the injection with the reply (`ChatKnowledge.save`), and hands the
changed request back. A search that fails leaves the message as typed and says so; an embedder
that fails leaves the search lexical and says that too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QObject, Signal, Slot

from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import ChatMessage, GenerateRequest
from desktop.core.messages import UserError
from desktop.ui.chat.citations import CITE_ACTION, INJECTED_ACTION, ReplyKnowledge
from desktop.ui.chat.knowledge_box import KnowledgeBox
from desktop.ui.chat.tool_messages import history_message
from desktop.ui.chat.transcript_model import MessageItem
from desktop.ui.i18n import error_text, message_text
from desktop.ui.knowledge.service import KnowledgeService

log = logging.getLogger(__name__)


class _NoCount(Exception):
    """The chat model could not count tokens (unloaded meanwhile): inject without a cost."""


class ChatKnowledgeLink(QObject):
    notice = Signal(str)  # something the user should hear about (status bar)
    chunk_requested = Signal(dict)  # a citation to show on the Knowledge page
    manage_requested = Signal()  # "Manage…": open the Knowledge page
    prepared = Signal(object)  # a turn's ReplyKnowledge, once its request can start

    def __init__(
        self,
        service: KnowledgeService,
        controller: Any,  # ChatController
        engine: Any,  # EngineSession: its client counts tokens and renders prompts
        box: KnowledgeBox,
        options: Callable[[], Any] | None = None,  # GenerationOptions (the system prompt)
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.controller = controller
        self.engine = engine
        self.box = box
        self._options = options
        self.attached: list[str] = []  # bases of the conversation shown (or of the next new one)
        self._conversation: int | None = None
        self._base_names: list[str] = []
        self._bases_read = False
        self.last_dialog: Any = None
        model = controller.model
        model.modelReset.connect(self.on_model_reset)
        model.rowsInserted.connect(self.on_model_rows_inserted)
        controller.conversation_changed.connect(self.on_controller_conversation_changed)
        service.bases_changed.connect(self.refresh_bases)
        box.toggled.connect(self.set_attached)
        box.first_shown.connect(self.refresh_bases)
        box.manage_requested.connect(self.manage_requested)

    # ------------------------------------------------------------------ attached bases

    def _repository(self) -> Any:
        return self.service.repository()

    @Slot()
    def refresh_bases(self) -> None:
        """Re-reads the names of the bases (a quick read) and shows them with the attached
        ones checked."""
        try:
            bases = self.service.bases()
        except UserError as exc:
            log.warning("knowledge bases could not be listed: %s", exc)
            self.notice.emit(error_text(exc))
            return
        self._bases_read = True
        self._base_names = [b.name for b in bases]
        self.attached = [n for n in self.attached if n in self._base_names]
        self._show()

    def _show(self) -> None:
        self.box.set_bases(self._base_names, self.attached)

    def _read_attached(self, conversation_id: int) -> None:
        try:
            self.attached = [b.name for b in self._repository().attached(conversation_id)]
        except UserError as exc:
            log.warning("attached knowledge bases could not be read: %s", exc)
            self.notice.emit(error_text(exc))
            self.attached = []

    @Slot(str, bool)
    def set_attached(self, name: str, attached: bool) -> None:
        """Attaches `name` to the conversation shown (or to the next one, for a new chat)."""
        if attached and name not in self.attached:
            self.attached.append(name)
        elif not attached and name in self.attached:
            self.attached.remove(name)
        conversation_id = self.controller.conversation_id
        if conversation_id is not None:
            try:
                repo = self._repository()
                base = repo.base_by_name(name)
                if attached:
                    repo.attach(conversation_id, base.id)
                else:
                    repo.detach(conversation_id, base.id)
            except UserError as exc:
                log.warning("knowledge base %s not (de)tached: %s", name, exc)
                self.notice.emit(error_text(exc))
        self._show()

    @Slot()
    def on_model_reset(self) -> None:
        """Another conversation (or a new chat) is shown."""
        conversation_id = self.controller.conversation_id
        if conversation_id != self._conversation:
            self._conversation = conversation_id
            if conversation_id is not None:
                self._read_attached(conversation_id)
            # A new chat keeps the bases chosen last: they are attached when it is saved.
            if self._bases_read:
                self._show()
        self._load_saved(range(self.controller.model.rowCount()))

    @Slot(int)
    def on_controller_conversation_changed(self, conversation_id: int) -> None:
        if not conversation_id or conversation_id == self._conversation:
            return
        previous, self._conversation = self._conversation, conversation_id
        if previous is None and self.attached:
            # The new chat was just saved: it gets the bases chosen for it.
            for name in list(self.attached):
                self.set_attached(name, True)

    # ------------------------------------------------------------------ saved citations

    @Slot(QModelIndex, int, int)
    def on_model_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._load_saved(range(first, last + 1))

    def _load_saved(self, rows: range) -> None:
        model = self.controller.model
        wanted: dict[int, int] = {}
        for row in rows:
            item = model.item_or_none(row)
            if (
                item is not None
                and item.role == "assistant"
                and item.message_id is not None
                and item.knowledge is None
                and not item.streaming
            ):
                wanted[item.message_id] = row
        if not wanted:
            return
        try:
            saved = self._repository().injections(list(wanted))
        except UserError as exc:
            log.warning("saved citations could not be read: %s", exc)
            return
        for message_id, record in saved.items():
            row = wanted[message_id]
            if model.item(row).message_id == message_id:
                model.update(row, knowledge=ReplyKnowledge.from_record(record))

    # ------------------------------------------------------------------ one turn

    def intercepts(self, request: GenerateRequest) -> bool:
        """Whether this request answers a user message of a chat with bases attached."""
        messages = request.messages
        return bool(
            self.attached
            and messages
            and messages[-1].role == "user"
            and not request.continue_last
            and request.text is None
        )

    def prepare(
        self,
        request: GenerateRequest,
        item: MessageItem,
        on_ready: Callable[[GenerateRequest], object],
    ) -> None:
        """Searches the attached bases for the request's user message, off the GUI thread;
        `on_ready` gets the request to send (with the injected message, or as it was)."""
        from desktop.core.knowledge.chat_turn import ChatKnowledge
        from desktop.core.knowledge.retrieval import RetrievalSettings

        assert request.messages is not None
        names = list(self.attached)
        conversation_id = self.controller.conversation_id
        question = request.messages[-1].content
        library = self.service.library()
        settings = RetrievalSettings(top_k=self.box.top_k.value())
        language = QLocale().name()
        message_id = item.message_id
        client = self.engine.client

        def count(text: str) -> int:
            try:
                return int(client.count_tokens(text))
            except EngineError as exc:
                raise _NoCount from exc

        def work() -> tuple[Any, tuple[Any, ...]] | None:
            chat = ChatKnowledge(
                library, [library.base(n) for n in names], settings=settings, language=language
            )
            if conversation_id is not None:
                chat.attach(conversation_id)
            try:
                injected = chat.prepare(question, count)
            except _NoCount:
                injected = chat.prepare(question, None)
            if injected is None:
                return None
            if message_id is not None:
                chat.save(message_id, injected)
            notes = chat.last_result.notes if chat.last_result is not None else ()
            return injected, tuple(notes)

        def done(result: tuple[Any, tuple[Any, ...]] | None) -> None:
            if result is None:
                on_ready(request)
                return
            injected, notes = result
            assert request.messages is not None
            messages = request.messages[:-1] + (ChatMessage("user", injected.text),)
            texts = tuple(message_text(n) for n in notes)
            knowledge = ReplyKnowledge.from_injected(injected, texts, messages)
            row = self.controller.model.row_of_item(item)
            if row >= 0:
                self.controller.model.update(row, knowledge=knowledge)
            else:
                item.knowledge = knowledge
            for text in texts:
                self.notice.emit(text)
            self.prepared.emit(knowledge)
            on_ready(replace(request, messages=messages))

        def failed(exc: BaseException) -> None:
            log.warning("knowledge search failed; the message goes as typed: %s", exc)
            self.notice.emit(
                self.tr(
                    "The knowledge bases could not be searched (%1); the message was sent "
                    "without them."
                ).replace("%1", error_text(exc))
            )
            on_ready(request)

        self.service.run(work, on_done=done, on_error=failed)

    def share(self, item: MessageItem, knowledge: ReplyKnowledge) -> None:
        """Another reply of the same turn (an agent's next step) answers from the same
        injection: shown with it and saved with it, as its first step's was."""
        row = self.controller.model.row_of_item(item)
        if row >= 0:
            self.controller.model.update(row, knowledge=knowledge)
        else:
            item.knowledge = knowledge
        if item.message_id is None:
            return
        try:
            self._repository().save_injection(
                item.message_id,
                query=knowledge.question,
                template=knowledge.template,
                injected_text=knowledge.injected_text,
                injected_tokens=knowledge.tokens,
                citations=knowledge.citations,
            )
        except UserError as exc:
            log.warning("a reply's citations were not saved: %s", exc)
            self.notice.emit(error_text(exc))

    def context_tokens(self, item: MessageItem) -> int | None:
        """The tokens knowledge added to the prompt of this reply (the context meter)."""
        knowledge = item.knowledge
        return knowledge.tokens if isinstance(knowledge, ReplyKnowledge) else None

    # ------------------------------------------------------------------ opening citations

    @Slot(int, str)
    def on_view_action_requested(self, row: int, action: str) -> None:
        if action != INJECTED_ACTION and not action.startswith(CITE_ACTION):
            return
        item = self.controller.model.item_or_none(row)
        if item is None or not isinstance(item.knowledge, ReplyKnowledge):
            return
        number = None
        if action.startswith(CITE_ACTION):
            try:
                number = int(action.removeprefix(CITE_ACTION))
            except ValueError:
                return
        self.open_reply(row, number)

    def open_reply(self, row: int, number: int | None = None) -> Any:
        """The dialog of a reply's knowledge: on citation `number`, or on what was injected."""
        from desktop.ui.chat.knowledge_dialog import ReplyKnowledgeDialog

        item = self.controller.model.item(row)
        knowledge: ReplyKnowledge = item.knowledge
        messages = knowledge.messages or self._messages_for(row, knowledge)
        dialog = ReplyKnowledgeDialog(knowledge, messages, self.engine, self.service, self.box)
        dialog.chunk_requested.connect(self.chunk_requested)
        if self.last_dialog is not None:
            self.last_dialog.close()
        self.last_dialog = dialog
        if number is not None:
            dialog.show_citation(number)
        else:
            dialog.show_injected()
        dialog.show()
        return dialog

    def _messages_for(self, row: int, knowledge: ReplyKnowledge) -> tuple[ChatMessage, ...]:
        """The messages of a reply's prompt, rebuilt from the transcript (a reply saved in an
        earlier session): the history before it, its question as injected."""
        messages = []
        options = self._options() if self._options is not None else None
        system = getattr(options, "system_prompt", "") or ""
        if system.strip():
            messages.append(ChatMessage("system", system))
        items = self.controller.model.items()[:row]
        for item in items:
            message = history_message(item)
            if message is not None:
                messages.append(message)
        # The question is the last user message (an agent's later step has tool calls and
        # results after it).
        asked = [i for i, m in enumerate(messages) if m.role == "user"]
        if asked:
            messages[asked[-1]] = ChatMessage("user", knowledge.injected_text)
        return tuple(messages)
