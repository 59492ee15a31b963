"""The chat page: conversation list, transcript (or the welcome panel) and inspector, wired.

Everything about one conversation lives here: opening, starting and naming chats, the title,
the context meter after a reply, probabilities on and off. Which model is loaded is the
`ModelLoader`'s job (model_loader.py); the window around it only navigates and reports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from desktop.core.engine.presets import SamplingPresets
from desktop.core.store.errors import StoreError
from desktop.ui.bridge import EngineBridge
from desktop.ui.chat.chat_panel import ChatPanel
from desktop.ui.chat.chat_store import ChatStore
from desktop.ui.chat.controller import ChatController
from desktop.ui.chat.conversation_list import ConversationListPanel
from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.chat.generation_options import GenerationOptions
from desktop.ui.chat.inspector import Inspector
from desktop.ui.chat.target import ChatTarget
from desktop.ui.chat.transcript_model import MessageItem, TranscriptModel
from desktop.ui.chat.welcome import WelcomePanel
from desktop.ui.i18n import error_text
from desktop.ui.tools.chat_tools import ChatToolsSession
from desktop.ui.widgets.focus import typing_elsewhere

log = logging.getLogger(__name__)


class ChatPage(QSplitter):
    """Built by the composition root; `history` is None for a window without a database."""

    notice = Signal(str)  # a transient status line for the window
    probabilities_shown = Signal(bool)  # the inspector's "Show probabilities" changed

    def __init__(
        self,
        history: ChatStore | None,
        engine: EngineSession,
        bridge: EngineBridge,
        presets: SamplingPresets,
        *,
        layer_count: Callable[[str], int | None] = lambda _p: None,
        gpu_offload_supported: bool | None = None,
        target: ChatTarget | None = None,
        toolbox: Any = None,
        template_formats: Any = None,
        knowledge: Any = None,  # KnowledgeService (ui/knowledge/service.py), None: no database
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("chatSplitter")
        self.history = history
        self.engine = engine
        # Where replies come from: the local engine, or a server's model chosen in the picker.
        self.target = target if target is not None else ChatTarget(engine, settings=history)
        self.bridge = bridge
        self.inspector = Inspector(
            presets,
            layer_count=layer_count,
            gpu_offload_supported=gpu_offload_supported,
            load_memory=history,
        )
        self.transcript = TranscriptModel(self)
        self.controller = ChatController(
            history, engine, bridge, self.transcript, self.generation_options, self
        )
        self.controller.target = self.target
        self.chat_panel = ChatPanel(self.controller)
        # Output formats and tools (ui/tools/chat_tools.py): inspector groups, approval card.
        self.tools = ChatToolsSession(self, toolbox, template_formats, self)
        self.conversations = ConversationListPanel(history) if history is not None else None
        self.welcome = WelcomePanel()
        self.chat_stack = QStackedWidget()
        self.chat_stack.addWidget(self.chat_panel)
        self.chat_stack.addWidget(self.welcome)

        self.setChildrenCollapsible(True)
        if self.conversations is not None:
            self.addWidget(self.conversations)
        self.addWidget(self.chat_stack)
        self.addWidget(self.inspector)
        side = max(300, self.inspector.preferred_width())
        sizes = [230, 700, side] if self.conversations is not None else [700, side]
        self.setSizes(sizes)
        self.setStretchFactor(len(sizes) - 2, 1)
        self.knowledge_link = self._knowledge_link(knowledge) if knowledge is not None else None
        self._connect()
        if self.conversations is not None:
            self.conversations.refresh()

    def _knowledge_link(self, service: Any) -> Any:
        """The inspector's Knowledge section, and knowledge in each turn and reply."""
        from desktop.ui.chat.knowledge_box import KnowledgeBox
        from desktop.ui.chat.knowledge_link import ChatKnowledgeLink

        box = KnowledgeBox()
        self.inspector.add_group(box)
        link = ChatKnowledgeLink(
            service, self.controller, self.engine, box, self.inspector.generation_options, self
        )
        self.controller.knowledge = link
        link.notice.connect(self.notice)
        self.chat_panel.view.action_requested.connect(link.on_view_action_requested)
        return link

    def _connect(self) -> None:
        controller = self.controller
        self.inspector.show_probabilities_changed.connect(self.on_show_probabilities_changed)
        self.inspector.notice.connect(self.notice)
        controller.reply_finished.connect(self.on_controller_reply_finished)
        controller.conversation_changed.connect(self.on_controller_conversation_changed)
        controller.notice.connect(self.notice)
        if self.conversations is not None:
            self.conversations.conversation_activated.connect(self.open_conversation)
            self.conversations.new_chat_requested.connect(self.new_chat)
            self.conversations.conversation_deleted.connect(self.on_conversation_deleted)
            self.conversations.conversation_renamed.connect(self.on_conversation_renamed)

    def generation_options(self) -> GenerationOptions:
        return self.tools.options(self.inspector.generation_options())

    # ------------------------------------------------------------------ what is shown

    def show_chat(self) -> None:
        if self.chat_stack.currentWidget() is not self.chat_panel:
            self.chat_stack.setCurrentWidget(self.chat_panel)
            self.focus_composer()

    def focus_composer(self, *, force: bool = False) -> None:
        """The keyboard goes to the composer, as in every chat app; unless (without `force`)
        the user is typing in another field of the window (the system prompt, the search)."""
        edit = self.chat_panel.composer.edit
        if self.chat_stack.currentWidget() is not self.chat_panel:
            return
        if not force and typing_elsewhere(self.window(), edit):
            return
        edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.focus_composer()  # at start, and back from another page

    def show_welcome(self) -> None:
        self.chat_stack.setCurrentWidget(self.welcome)

    def _conversation(self, conversation_id: int) -> object | None:
        if self.history is None:
            return None
        try:
            return self.history.conversation(conversation_id)
        except StoreError as exc:
            log.warning("conversation %s could not be read: %s", conversation_id, exc)
            self.notice.emit(error_text(exc))
            return None

    def update_title(self) -> None:
        title = self.tr("New chat")
        if self.controller.conversation_id is not None:
            conversation = self._conversation(self.controller.conversation_id)
            title = getattr(conversation, "title", None) or title
        self.chat_panel.title.setText(title)

    # ------------------------------------------------------------------ conversations

    @Slot(int)
    def open_conversation(self, conversation_id: int) -> None:
        self.show_chat()
        if self.chat_panel.completion_mode.isChecked():
            self.chat_panel.chat_mode.setChecked(True)
        self.controller.open_conversation(conversation_id)
        conversation = self._conversation(conversation_id)
        if conversation is not None:
            self.inspector.system_prompt.setPlainText(
                getattr(conversation, "system_prompt", None) or ""
            )
        self.tools.open_conversation(conversation_id)
        if self.inspector.show_probs.isChecked():
            self.controller.load_probabilities()
        self.chat_panel.view.follow_bottom()
        self.update_title()

    @Slot()
    def new_chat(self) -> None:
        if self.chat_panel.completion_mode.isChecked():
            self.chat_panel.chat_mode.setChecked(True)
        self.controller.new_conversation()
        self.tools.new_chat()
        if self.conversations is not None:
            self.conversations.set_current(None)
        self.update_title()
        self.focus_composer(force=True)

    @Slot(int)
    def on_conversation_deleted(self, conversation_id: int) -> None:
        if self.controller.conversation_id == conversation_id:
            self.controller.conversation_id = None
            self.new_chat()

    @Slot(int)
    def on_conversation_renamed(self, conversation_id: int) -> None:
        if self.controller.conversation_id == conversation_id:
            self.update_title()

    def focus_search(self) -> None:
        if self.conversations is not None:
            self.conversations.focus_search()

    @Slot(object)
    def on_controller_reply_finished(self, item: MessageItem) -> None:
        n_ctx = self.target.context_length()
        if n_ctx and item.prompt_tokens is not None:
            link = self.knowledge_link
            self.inspector.set_context_usage(
                item.prompt_tokens + (item.completion_tokens or 0),
                n_ctx,
                knowledge_tokens=link.context_tokens(item) if link is not None else None,
            )
        if self.conversations is not None:
            self.conversations.refresh()
        self.focus_composer()

    @Slot(int)
    def on_controller_conversation_changed(self, conversation_id: int) -> None:
        self.tools.conversation_changed(conversation_id)
        if self.conversations is not None:
            self.conversations.set_current(conversation_id)
            self.conversations.refresh()
        self.update_title()

    # ------------------------------------------------------------------ from elsewhere

    def send_to_chat(self, system: str, user: str) -> None:
        """A template's text into the composer (and its system prompt into the inspector)."""
        self.show_chat()
        if system:
            self.inspector.system_prompt.setPlainText(system)
        self.chat_panel.composer.set_text(user)
        self.chat_panel.composer.edit.setFocus()

    def use_as_system_prompt(self, system: str) -> None:
        self.inspector.system_prompt.setPlainText(system)

    # ------------------------------------------------------------------ view

    def toggle_inspector(self) -> bool:
        """Shows or hides the inspector; returns whether it is visible now."""
        self.inspector.setVisible(not self.inspector.isVisible())
        return self.inspector.isVisible()

    def toggle_probabilities(self) -> None:
        self.inspector.show_probs.setChecked(not self.inspector.show_probs.isChecked())

    @Slot(bool)
    def on_show_probabilities_changed(self, show: bool) -> None:
        self.chat_panel.set_show_probabilities(show)
        self.probabilities_shown.emit(show)

    @Slot(bool)
    def set_dark(self, dark: bool) -> None:
        delegate = self.chat_panel.view.message_delegate
        delegate.dark = dark
        delegate.invalidate()
        self.transcript.refresh_all()

    def shutdown(self) -> None:
        """The window closes: queued saves land, a streaming reply is saved as cancelled."""
        self.controller.shutdown()
        self.target.shutdown()
        self.tools.shutdown()
