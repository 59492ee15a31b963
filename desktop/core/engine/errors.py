"""EngineError: the one exception the engine client raises, carrying a typed error kind."""

from __future__ import annotations

from desktop.core.engine.protocol import EngineErrorEvent, ErrorKind


class EngineError(Exception):
    """A failure a user can act on: `message` says what happened, `hint` what to do next."""

    def __init__(self, kind: ErrorKind, message: str, hint: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint
        self.detail = detail

    def __str__(self) -> str:
        parts = [self.message]
        if self.hint:
            parts.append(self.hint)
        return " ".join(parts)

    @classmethod
    def from_event(cls, event: EngineErrorEvent) -> EngineError:
        return cls(event.kind, event.message, event.hint, event.detail)

    def to_event(self, request_id: int | None = None) -> EngineErrorEvent:
        return EngineErrorEvent(request_id, self.kind, self.message, self.hint, self.detail)
