"""Completion sessions in the chat: a prompt and its continuations, saved and shown."""

from __future__ import annotations

from desktop.ui.chat.controller_surface import ControllerSurface
from desktop.ui.chat.generation_options import GenerationOptions
from desktop.ui.chat.reply_format import constrained, reply_params
from desktop.ui.chat.reply_requests import completion_request
from desktop.ui.chat.transcript_model import MessageItem


class CompletionSession:
    """Starts the continuations of the chat's completion session and saves them."""

    def __init__(self, controller: ControllerSurface) -> None:
        self._c = controller
        self.prompt = ""  # the prompt of the session shown

    def complete(self, prompt: str, forced: tuple[int, ...] = ()) -> bool:
        """Continue `prompt`, saved in the completion session: the same prompt again adds a
        continuation beside the earlier ones (a branch), a new text a new prompt branch."""
        c = self._c
        opts = c.options()
        shown = c.model.items()
        same = bool(shown) and shown[0].role == "prompt" and shown[0].text == prompt
        prompt_item = shown[0] if same else MessageItem(None, "prompt", prompt)
        if c.store is not None and not self._save_prompt(prompt_item, opts):
            return False
        item = c.new_reply(opts, prompt_item.message_id)  # saved when there is a store
        if item is None:
            return False
        if c.store is not None:
            c.conversation_changed.emit(c.conversation_id)
        self.prompt = prompt
        c.model.set_items([prompt_item, item])
        return c.launch(completion_request(opts, prompt, forced), item)

    def _save_prompt(self, prompt_item: MessageItem, opts: GenerationOptions) -> bool:
        """The session and its prompt in the store (ids on the items); False when refused."""
        c = self._c
        if c.conversation_id is None:
            params = reply_params(opts.params, constrained(opts.output_format))
            conv = c.guard(
                lambda store: store.create_conversation(
                    model=c.model_name() or None, sampling_params=params, kind="completion"
                ),
                retry=False,
            )
            if conv is None:
                return False
            c.conversation_id = conv
        conversation_id = c.conversation_id
        if prompt_item.message_id is None:
            pid = c.guard(
                lambda store: store.add_prompt(conversation_id, prompt_item.text), retry=False
            )
            if pid is None:
                return False
            prompt_item.message_id = pid
            sib = c.guard(lambda store: store.siblings(pid), retry=False)
            if sib:
                prompt_item.sibling_index, prompt_item.sibling_count = sib
        return True


def as_completion(items: list[MessageItem]) -> list[MessageItem]:
    """A completion session's path as the transcript shows it: the prompt, then continuations."""
    for item in items[:1]:
        if item.role == "user":
            item.role = "prompt"
    return items
