"""ToolCallHoldback: stream a reply's text live while it cannot be a tool call, hold the rest.

With tools, a streamed reply may be prose or a call, and a call must reach the client as
`tool_calls` deltas, never as text. So text is sent as it comes until the model starts what
may be a call (its family's opening marker, or a JSON object: models drift into the generic
format); from there on it is held, and at the end the whole reply is parsed once
(tools.request.interpret_reply) into the content still owed and the calls. A reply forced to
call (tool_choice required or a named function) is held from the start.
"""

from __future__ import annotations

from desktop.core.tools.request import ReplyOutcome
from desktop.core.tools.tool_families import (
    DS_CALL_BEGIN,
    DS_CALLS_BEGIN,
    MISTRAL_CALLS,
    PYTHON_TAG,
    Family,
)

_MARKERS: dict[str, tuple[str, ...]] = {
    "hermes": ("<tool_call>",),
    "mistral": (MISTRAL_CALLS,),
    "deepseek": (DS_CALLS_BEGIN, DS_CALL_BEGIN),
    "llama3": (PYTHON_TAG,),
    "generic": (),
}


class ToolCallHoldback:
    def __init__(self, family: Family, hold_all: bool = False) -> None:
        self._markers = _MARKERS.get(family, ()) + ("{",)
        self._text = ""
        self._sent = 0  # characters of the reply sent as content
        self._holding = hold_all

    def feed(self, delta: str) -> str:
        """The part of the reply so far that can be sent now."""
        self._text += delta
        if self._holding:
            return ""
        rest = self._text[self._sent :]
        hits = [at for at in (rest.find(m) for m in self._markers) if at >= 0]
        if hits:
            cut = min(hits)
            self._holding = True
        else:
            cut = len(rest) - self._partial_marker(rest)
        self._sent += cut
        return rest[:cut]

    def _partial_marker(self, text: str) -> int:
        """How many characters at the end of `text` may be the start of a marker."""
        longest = 0
        for marker in self._markers:
            for size in range(min(len(marker) - 1, len(text)), longest, -1):
                if marker.startswith(text[-size:]):
                    longest = size
                    break
        return longest

    def rest(self, outcome: ReplyOutcome | None, full_text: str) -> str:
        """The content still owed once the reply ended (its calls go as their own deltas)."""
        if outcome is None or not outcome.tool_calls:
            return full_text[self._sent :]
        sent = self._text[: self._sent].strip()
        content = outcome.content
        if sent and content.startswith(sent):
            return content[len(sent) :]
        return "" if sent else content
