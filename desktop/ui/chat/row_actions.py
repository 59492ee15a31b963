"""What the user does to a shown message: regenerate, edit, continue, switch branch, delete."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.chat.completion_session import as_completion
from desktop.ui.chat.controller_surface import ControllerSurface
from desktop.ui.chat.reply_requests import continue_chat_request, continue_completion_request
from desktop.ui.chat.transcript_model import MessageItem
from desktop.ui.i18n import message_text


class RowActions:
    """The actions on the rows of the controller's transcript (`ChatController` offers them)."""

    def __init__(self, controller: ControllerSurface) -> None:
        self._c = controller

    def regenerate(self, row: int | None = None) -> bool:
        """A new sibling of the assistant reply at `row` (default: the last reply)."""
        c = self._c
        if c.is_busy() or not c.require_model() or not c.format_usable():
            return False
        row = self._last_assistant_row() if row is None else row
        if row < 0 or c.model.item(row).role != "assistant":
            return False
        if c.completion_mode:
            return c.completion.complete(c.completion.prompt)
        parent = c.model.item(row - 1).message_id if row > 0 else None
        return c.start_reply(row, parent)

    def _last_assistant_row(self) -> int:
        items = self._c.model.items()
        for row in range(len(items) - 1, -1, -1):
            if items[row].role == "assistant":
                return row
        return -1

    def edit(self, row: int, new_text: str) -> bool:
        """Replace the user message at `row` by a new branch with `new_text`, then reply."""
        c = self._c
        if c.is_busy() or not new_text.strip() or not c.require_model():
            return False
        if not c.format_usable():
            return False
        item = c.model.item(row)
        if item.role != "user":
            return False
        message_id = None
        sibling = (0, 1)
        if c.store is not None:
            edited = item.message_id
            if edited is None:
                return False  # never saved: there is no branch to start from
            message_id = c.guard(lambda store: store.edit_user(edited, new_text), retry=False)
            if message_id is None:
                return False
            new_id = message_id
            sibling = c.guard(lambda store: store.siblings(new_id), retry=False) or sibling
        user = MessageItem(message_id, "user", new_text)
        user.sibling_index, user.sibling_count = sibling
        c.model.replace_from(row, [user])
        return c.start_reply(row + 1, message_id)

    def continue_reply(self, row: int | None = None) -> bool:
        """Let the model go on writing the assistant reply at `row` (the last one)."""
        c = self._c
        if c.is_busy() or not c.require_model():
            return False
        row = self._last_assistant_row() if row is None else row
        if row < 0 or row != len(c.model.items()) - 1:
            return False
        item = c.model.item(row)
        opts = c.options()
        prefix = item.text
        if c.completion_mode:
            request = continue_completion_request(opts, c.completion.prompt + prefix)
        else:
            request = continue_chat_request(opts, c.history(row), prefix)
        resumed = item.message_id
        if resumed is not None:
            c.guard(lambda store: store.resume_reply(resumed), retry=False)
        c.model.update(row, status="streaming", error="")
        return c.launch(request, item, prefix=prefix)

    def switch_branch(self, row: int, step: int) -> bool:
        """Show the previous (-1) or next (+1) sibling of the message at `row`."""
        c = self._c
        if c.is_busy() or c.store is None:
            return False
        item = c.model.item(row)
        message_id = item.message_id
        if message_id is None:
            return False
        target = item.sibling_index + step
        if not 0 <= target < item.sibling_count:
            return False
        path = c.guard(lambda store: store.switch_branch(message_id, target), retry=False)
        if path is None:
            return False
        if c.completion_mode:
            path = as_completion(path)
            c.completion.prompt = path[0].text if path else ""
        c.model.replace_from(row, path[row:])
        return True

    def delete(self, row: int) -> bool:
        """Delete the message at `row` and everything after it on this branch."""
        c = self._c
        if c.is_busy():
            return False
        item = c.model.item(row)
        message_id, conversation_id = item.message_id, c.conversation_id
        if c.store is not None and message_id is not None:
            if c.guard(lambda store: store.delete_message(message_id), retry=False) is None:
                return False
            if conversation_id is not None:
                items = c.guard(lambda store: store.path_items(conversation_id), retry=False)
                if items is not None:
                    c.model.set_items(as_completion(items) if c.completion_mode else items)
                    return True
        c.model.replace_from(row, [])
        return True

    def branch_limits(self, row: int, token_index: int) -> tuple[bool, str]:
        """(whether branching from that token is impossible, what to say about it) for the
        backend the chat uses now: a server may take no raw prompt, or not say token ids."""
        target = self._c.target
        if target is None or not target.is_remote():
            return False, ""
        caps = target.capabilities()
        why = caps.why_not("raw_completion")
        if why is not None:
            return True, message_text(why)
        item = self._c.model.item(row)
        if any(t.id < 0 for t in item.tokens[:token_index]):
            # The chat controller asked this first: its context keeps the translation.
            return True, QCoreApplication.translate(
                "ChatController",
                "This server did not give the id of every token before this one: a branch "
                "from here is not possible on it.",
            )
        why = caps.why_not("token_prompt")  # possible, but said: the server re-cuts the text
        return False, message_text(why) if why is not None else ""

    def branch_from_token(self, row: int, token_index: int, token_id: int) -> bool:
        """Regenerate the reply at `row` keeping tokens before `token_index`, then `token_id`."""
        c = self._c
        if c.is_busy() or not c.require_model():
            return False
        item = c.model.item(row)
        if item.role != "assistant" or not 0 <= token_index < len(item.tokens):
            return False
        forced = tuple(t.id for t in item.tokens[:token_index]) + (token_id,)
        if any(i < 0 for i in forced):  # a server that named no ids (see branch_limits)
            return False
        if c.completion_mode:
            return c.completion.complete(c.completion.prompt, forced)
        parent = c.model.item(row - 1).message_id if row > 0 else None
        return c.start_reply(row, parent, forced=forced)
