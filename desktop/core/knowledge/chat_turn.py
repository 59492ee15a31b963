"""Knowledge in a chat: the bases attached to a conversation, and each turn's injection.

Used by `tessera chat --knowledge` and (later) the chat panel: `prepare()` retrieves for the
user's message and returns the message the model should receive instead; `save()` keeps the
injection with the reply, so its citations and the exact injected text can be shown later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.core.knowledge.injection import InjectedContext
from desktop.core.knowledge.library import KnowledgeLibrary
from desktop.core.knowledge.retrieval import RetrievalResult, RetrievalSettings
from desktop.core.store.knowledge import KnowledgeBaseRecord


class ChatKnowledge:
    def __init__(
        self,
        library: KnowledgeLibrary,
        bases: Sequence[KnowledgeBaseRecord],
        *,
        settings: RetrievalSettings | None = None,
        max_tokens: int | None = None,
        language: str = "en",
    ) -> None:
        self.library = library
        self.bases = list(bases)
        self.settings = settings or RetrievalSettings()
        self.max_tokens = max_tokens
        self.language = language
        self.last_result: RetrievalResult | None = None  # the last prepare()'s search (its notes)

    @classmethod
    def for_conversation(
        cls, library: KnowledgeLibrary, names: Sequence[str], conversation_id: int | None
    ) -> ChatKnowledge:
        """The named bases, or else those attached to the conversation before."""
        if names:
            bases = [library.base(n) for n in names]
        elif conversation_id is not None:
            bases = library.repo.attached(conversation_id)
        else:
            bases = []
        return cls(library, bases)

    def attach(self, conversation_id: int) -> None:
        for base in self.bases:
            self.library.repo.attach(conversation_id, base.id)

    def prepare(
        self, question: str, count_tokens: Callable[[str], int] | None = None
    ) -> InjectedContext | None:
        if not self.bases:
            return None
        self.last_result, injected = self.library.context_for(
            self.bases,
            question,
            settings=self.settings,
            count_tokens=count_tokens,
            max_tokens=self.max_tokens,
            language=self.language,
        )
        return injected

    def save(self, message_id: int, injected: InjectedContext) -> None:
        self.library.save_injection(message_id, injected)
