"""Compare... from a chat message: the conversation up to it, and the message to send.

From a user message: that message is sent, everything before it is the shared history. From
a reply: the user message it answers is sent (so the panes answer it again beside the
original), everything before that is the history. The chat's system prompt comes along for
targets that set none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.core.engine.protocol import ChatMessage
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

NO_USER_MESSAGE = MessageSpec(
    "compare.no_user_message",
    QT_TRANSLATE_NOOP("CoreMessages", "There is no user message before this one to compare on."),
)


@dataclass(frozen=True)
class ChatStart:
    history: tuple[ChatMessage, ...]  # what every pane starts with
    message: str  # what to send to every pane
    system: str  # the chat's system prompt ("" when none)
    model: str | None  # the chat's model, e.g. for the first pane


def compare_from_chat(store: Any, message_id: int) -> ChatStart:
    """Raises NotFoundError for an unknown message, UserError when there is nothing to send."""
    message = store.messages.get(message_id)
    tree = store.messages.tree(message.conversation_id)
    path = []
    node = tree.messages.get(message_id)
    while node is not None:
        path.append(node)
        node = tree.messages.get(node.parent_id) if node.parent_id is not None else None
    path.reverse()
    while path and path[-1].role != "user":
        path.pop()
    if not path:
        raise UserError(NO_USER_MESSAGE())
    *before, user = path
    return ChatStart(
        history=tuple(ChatMessage(m.role, m.content) for m in before if m.role != "system"),
        message=user.content,
        system=tree.conversation.system_prompt,
        model=tree.conversation.model,
    )
