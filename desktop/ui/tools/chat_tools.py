"""Structured output and tools in one chat page: the inspector's Output format and Tools groups,
the approval card, the agent turn, and each conversation's saved choices.

The chat page builds one `ChatTools` and asks it for the generation options it adds (the
output format, the enabled tools); everything else about formats and tools lives here, so the
page, the controller and the inspector only gain a few hooks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from desktop.core.engine.protocol import ChatMessage
from desktop.core.messages import UserError
from desktop.core.store.errors import StoreError
from desktop.core.tools.output_format import TEXT
from desktop.core.tools.tool_plan import plan_tools
from desktop.core.tools.tool_settings import (
    SETTINGS_KEY,
    ChatToolChoices,
    ToolSettings,
    chat_key,
)
from desktop.core.tools.toolbox import Toolbox
from desktop.ui.chat.agent_turn import AgentTurn, ChatTools, PendingApproval, tool_choice
from desktop.ui.i18n import error_text
from desktop.ui.tools.approval_card import ToolApprovalCard
from desktop.ui.tools.format_editor import OutputFormatEditor, TemplateFormats
from desktop.ui.tools.settings_dialog import ToolSettingsDialog
from desktop.ui.tools.tools_group import ToolsGroup

log = logging.getLogger(__name__)


def context_tokens(
    client: Any,
    template: str | None,
    history: Sequence[ChatMessage],
    defs: Sequence[Any],
    choice: str,
) -> tuple[int, int]:
    """(prompt tokens with the tools' definitions, without them) for the next message: what
    the tool schemas cost the context (blocks: an engine round trip)."""
    plain = len(client.render_prompt(history)[1])
    if not defs:
        return plain, plain
    plan = plan_tools(template, history, defs, tool_choice(choice, defs))
    with_tools = len(client.render_prompt(plan.messages, tools=plan.template_tools)[1])
    return with_tools, plain


class ChatToolsSession(QObject):
    """Owned by the chat page; `toolbox` None: output formats only, no tools."""

    def __init__(
        self,
        page: Any,
        toolbox: Toolbox | None,
        template_formats: TemplateFormats | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.page = page
        self.controller = page.controller
        self.history = page.history
        self.toolbox = toolbox
        self._always: set[str] = set()
        self._restoring = False
        self._estimating = False
        self.last_estimate: tuple[int, int] | None = None  # (with tools, without), in tokens
        self.last_estimate_tools: tuple[str, ...] = ()  # the tools it counted
        self._estimate_again = False
        self.last_dialog: ToolSettingsDialog | None = None
        self.format_editor = OutputFormatEditor(template_formats)
        page.inspector.add_group(self.format_editor)
        self.format_editor.changed.connect(self.on_choices_changed)
        self.tools_group: ToolsGroup | None = None
        self.agent_turn: AgentTurn | None = None
        self.approval_card: ToolApprovalCard | None = None
        if toolbox is not None:
            self.tools_group = ToolsGroup(toolbox.catalog)
            page.inspector.add_group(self.tools_group)
            self.tools_group.changed.connect(self.on_choices_changed)
            self.tools_group.settings_requested.connect(self.open_settings)
            self.tools_group.catalog_loaded.connect(self.on_catalog_loaded)
            self.agent_turn = AgentTurn(self.controller, toolbox.registry, self)
            self.controller.agent_turn = self.agent_turn
            self.approval_card = ToolApprovalCard()
            page.chat_panel.add_above_composer(self.approval_card)
            self.agent_turn.approval_requested.connect(self.on_approval_requested)
            self.agent_turn.approval_closed.connect(self.approval_card.hide)
            self.agent_turn.always_allowed.connect(self.on_always_allowed)
            self.approval_card.answered.connect(self.agent_turn.answer)
            page.engine.loaded.connect(self.on_engine_loaded)
            self.tools_group.load()

    # ------------------------------------------------------------------ options

    def options(self, base: Any) -> Any:
        """The inspector's GenerationOptions plus this chat's output format and tools."""
        try:
            base.output_format = self.format_editor.output_format()
        except UserError as exc:  # says what is wrong; nothing is sent
            base.output_format, base.format_error = TEXT, error_text(exc)
        if self.tools_group is not None and self.tools_group.enabled():
            settings = self.toolbox.settings if self.toolbox is not None else ToolSettings()
            base.tools = ChatTools(
                self.tools_group.enabled(),
                self.tools_group.current_choice(),
                self.tools_group.steps.value(),
                frozenset(self._always),
                settings.timeout,
            )
        return base

    def choices(self) -> ChatToolChoices:
        group = self.tools_group
        return ChatToolChoices(
            self.format_editor.format_dict(),
            group.enabled() if group is not None else (),
            tuple(sorted(self._always)),
            group.current_choice() if group is not None else "auto",
            group.steps.value() if group is not None else ChatToolChoices().max_steps,
        )

    def apply(self, choices: ChatToolChoices) -> None:
        self._restoring = True
        try:
            self.format_editor.set_format_dict(choices.output_format)
            self._always = set(choices.always)
            if self.tools_group is not None:
                self.tools_group.set_values(choices.tools, choices.choice, choices.max_steps)
        finally:
            self._restoring = False
        self.estimate_context()

    # ------------------------------------------------------------------ per conversation

    def _setting(self, key: str, default: Any = None) -> Any:
        if self.history is None:
            return default
        try:
            return self.history.get(key, default)
        except StoreError as exc:  # the choices stay as they are
            log.warning("setting %s could not be read: %s", key, exc)
            return default

    def save(self) -> None:
        conversation_id = self.controller.conversation_id
        if self.history is None or conversation_id is None:
            return
        try:
            self.history.set(chat_key(conversation_id), self.choices().to_dict())
        except StoreError as exc:  # kept for this session; said in the status bar
            log.warning("chat tool choices not saved: %s", exc)
            self.page.notice.emit(error_text(exc))

    def open_conversation(self, conversation_id: int) -> None:
        saved = self._setting(chat_key(conversation_id))
        self.apply(ChatToolChoices.from_dict(saved) if saved is not None else ChatToolChoices())

    def new_chat(self) -> None:
        """A new chat keeps the format and tools the user had (like the system prompt), but
        not what they allowed for good in the last one."""
        self._always = set()
        self.estimate_context()

    def conversation_changed(self, _conversation_id: int) -> None:
        self.save()  # a new conversation got its id: its choices go with it

    @Slot()
    def on_choices_changed(self) -> None:
        if self._restoring:
            return
        self.save()
        self.estimate_context()

    @Slot(str)
    def on_always_allowed(self, name: str) -> None:
        self._always.add(name)
        self.save()

    # ------------------------------------------------------------------ approval

    @Slot(object)
    def on_approval_requested(self, pending: PendingApproval) -> None:
        if self.approval_card is None:
            return
        self.approval_card.ask(pending.call.name, pending.call.arguments, pending.description)
        self.page.chat_panel.view.follow_bottom()

    # ------------------------------------------------------------------ settings

    def tool_settings(self) -> ToolSettings:
        return ToolSettings.from_dict(self._setting(SETTINGS_KEY))

    @Slot()
    def open_settings(self) -> None:
        if self.toolbox is None:
            return
        dialog = ToolSettingsDialog(self.toolbox.settings, self._dialog_parent())
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: self.apply_settings(dialog.tool_settings()))
        dialog.open()

    def _dialog_parent(self) -> QWidget | None:
        return self.page.window() if isinstance(self.page, QWidget) else None

    def apply_settings(self, settings: ToolSettings) -> None:
        """Saves the settings, restarts the servers that changed (in the background) and lists
        the tools again."""
        if self.toolbox is None:
            return
        if self.history is not None:
            try:
                self.history.set(SETTINGS_KEY, settings.to_dict())
            except StoreError as exc:  # applied for this session anyway
                log.warning("tool settings not saved: %s", exc)
                self.page.notice.emit(error_text(exc))
        toolbox = self.toolbox
        group = self.tools_group
        self.page.bridge.tasks.run(
            lambda: toolbox.configure(settings),
            on_done=lambda _r: group.load() if group is not None else None,
        )

    # ------------------------------------------------------------------ context meter

    @Slot(object)
    def on_engine_loaded(self, _info: object) -> None:
        self.estimate_context()

    @Slot(object)
    def on_catalog_loaded(self, _catalog: object) -> None:
        self.estimate_context()

    def estimate_context(self) -> None:
        """Show what the next prompt costs with the enabled tools' definitions (the template
        renders them, or a system message describes them), off the GUI thread."""
        engine = self.page.engine
        group = self.tools_group
        if group is None or not engine.is_loaded():
            return
        if self._estimating:  # one at a time; the latest choices are counted next
            self._estimate_again = True
            return
        info = engine.info
        names = group.enabled()
        defs = group.model.definitions(names)
        history = self.controller.history(len(self.controller.model.items()))
        history = history + (ChatMessage("user", ""),)
        choice = group.current_choice()
        client = engine.client
        self._estimating = True

        def done(result: tuple[int, int]) -> None:
            self._estimating = False
            if self._estimate_again:
                self._estimate_again = False
                self.estimate_context()
                return
            with_tools, plain = result
            inspector = self.page.inspector
            inspector.set_context_usage(with_tools, info.n_ctx)
            inspector.context_meter.setToolTip(
                self.tr("Next prompt: %1 tokens, of which the tool definitions take %2.")
                .replace("%1", f"{with_tools:,}")
                .replace("%2", f"{with_tools - plain:,}")
            )
            self.last_estimate, self.last_estimate_tools = result, names

        def failed(exc: BaseException) -> None:
            self._estimating = False
            log.info("context estimate failed: %s", exc)
            if self._estimate_again:
                self._estimate_again = False
                self.estimate_context()

        self.page.bridge.tasks.run(
            lambda: context_tokens(client, info.chat_template, history, defs, choice),
            on_done=done,
            on_error=failed,
        )

    # ------------------------------------------------------------------ closing

    def shutdown(self) -> None:
        if self.tools_group is not None:
            self.tools_group.shutdown()
        if self.toolbox is not None:
            self.toolbox.close()
