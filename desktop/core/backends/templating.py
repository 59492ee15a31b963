"""Continue the last assistant message through a server's own chat template.

Servers render a chat with the assistant's turn closed (`<|im_end|>`...). To continue a reply
instead, the last assistant message is sent with a unique marker appended and the rendered
prompt is cut just before the marker: whatever the template, the prompt then ends exactly
where the reply's text ends.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence

from desktop.core.engine.protocol import ChatMessage


def continuation_messages(
    messages: Sequence[ChatMessage],
) -> tuple[list[ChatMessage], str | None]:
    """`messages` with a marker after the last assistant text, and the marker (None when the
    last message is not the assistant's: nothing to continue)."""
    out = list(messages)
    if not out or out[-1].role != "assistant":
        return out, None
    marker = f"\u2063TESSERA-CONTINUE-{uuid.uuid4().hex}\u2063"
    out[-1] = dataclasses.replace(out[-1], content=out[-1].content + marker)
    return out, marker


def cut_continuation(prompt: str, marker: str | None) -> str:
    if marker is None:
        return prompt
    at = prompt.rfind(marker)
    return prompt[:at] if at >= 0 else prompt
