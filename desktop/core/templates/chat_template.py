"""Render chat messages into a model's prompt text through its GGUF chat template (jinja2).

Templates come from downloaded files, so they run in jinja2's immutable sandbox with the
helpers Hugging Face templates expect (`raise_exception`, `strftime_now`, a `tojson` that keeps
non-ASCII text). Pure Python: the engine, the tokenizer view and prompt previews all call it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# A marker no real message contains, used to find where the last message's content ends.
_CONTINUE_MARK = "\u2063\u2063tessera-continue\u2063\u2063"


REFUSED = MessageSpec(
    "chat_template.refused",
    QT_TRANSLATE_NOOP("CoreMessages", "The chat template refused these messages: {reason}"),
)
SYNTAX_ERROR = MessageSpec(
    "chat_template.syntax_error",
    QT_TRANSLATE_NOOP("CoreMessages", "The model's chat template has a syntax error."),
)
FAILED = MessageSpec(
    "chat_template.failed",
    QT_TRANSLATE_NOOP("CoreMessages", "The model's chat template failed on these messages."),
)
NOTHING_TO_CONTINUE = MessageSpec(
    "chat_template.nothing_to_continue",
    QT_TRANSLATE_NOOP("CoreMessages", "There is no message to continue."),
)
DROPS_LAST = MessageSpec(
    "chat_template.drops_last",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "This chat template drops the last message, so it cannot be continued."
    ),
)


class ChatTemplateError(UserError):
    """The template could not render these messages; `detail` is jinja2's own text."""

    def __init__(self, message: Message, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class RenderedPrompt:
    text: str
    used_fallback: bool  # True when the model had no template and ChatML was used


def _raise_exception(message: str) -> None:
    raise ChatTemplateError(REFUSED(reason=message))


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def _tojson(value: Any, indent: int | None = None, **_: Any) -> str:
    # jinja2's own tojson escapes <, >, & and ' for HTML, which changes prompts.
    return json.dumps(value, ensure_ascii=False, indent=indent)


def _generation_extension() -> type:
    """`{% generation %}...{% endgeneration %}` (assistant-mask markers): render the body."""
    from jinja2 import nodes
    from jinja2.ext import Extension

    class GenerationExtension(Extension):
        tags = {"generation"}

        def parse(self, parser: Any) -> nodes.Node:
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            return nodes.Scope(body, lineno=lineno)

    return GenerationExtension


@lru_cache(maxsize=32)
def _compile(template: str) -> Any:
    from jinja2 import TemplateError

    from desktop.core.templates.render_budget import BudgetedSandbox, BudgetExceeded, budget

    env = BudgetedSandbox(
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.loopcontrols", _generation_extension()],
    )
    env.filters["tojson"] = _tojson
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = _strftime_now
    env.budget_filters()
    try:
        with budget():  # jinja runs filters with constant arguments while compiling
            return env.from_string(template)
    except BudgetExceeded as exc:
        raise ChatTemplateError(exc.message) from None
    except TemplateError as exc:
        raise ChatTemplateError(SYNTAX_ERROR(), f"{type(exc).__name__}: {exc}") from None


def _as_dict(message: Any) -> dict[str, Any]:
    if isinstance(message, Mapping):
        return dict(message)
    out: dict[str, Any] = {"role": message.role, "content": message.content}
    # Tool keys only when present: templates test `'tool_calls' in message`.
    calls = getattr(message, "tool_calls", ())
    if calls:
        out["tool_calls"] = [
            {
                "id": c.id,
                "type": "function",
                "function": {"name": c.name, "arguments": _arguments(c.arguments)},
            }
            for c in calls
        ]
    if getattr(message, "tool_call_id", None):
        out["tool_call_id"] = message.tool_call_id
    if getattr(message, "name", None):
        out["name"] = message.name
    return out


def _arguments(text: str) -> Any:
    """Arguments as the object Hugging Face templates expect (they `tojson` it themselves)."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, dict) else text


def render_chat(
    messages: Iterable[Any],
    template: str | None = None,
    *,
    add_generation_prompt: bool = True,
    continue_last: bool = False,
    bos_token: str | None = "",
    eos_token: str | None = "",
    extra: Mapping[str, Any] | None = None,
    time_budget: float | None = None,
) -> RenderedPrompt:
    """Render `messages` (ChatMessage objects or {"role", "content"} dicts).

    `template=None` uses ChatML. `continue_last` renders the prompt so the model continues the
    last (assistant) message instead of starting a new one: no generation prompt and no
    end-of-turn after it. Raises ChatTemplateError with a user-facing message, also when the
    template runs past `time_budget` seconds (default RENDER_SECONDS) or builds more than
    MAX_CHARS characters plus four times the messages' length (see render_budget).
    """

    from desktop.core.templates import render_budget as rb

    msgs = [_as_dict(m) for m in messages]
    used_fallback = not (template and template.strip())
    compiled = _compile(CHATML_TEMPLATE if used_fallback else template)
    if continue_last:
        if not msgs:
            raise ChatTemplateError(NOTHING_TO_CONTINUE())
        real = str(msgs[-1].get("content") or "")
        msgs[-1] = {**msgs[-1], "content": real + _CONTINUE_MARK}
        add_generation_prompt = False
    variables = {
        "messages": msgs,
        "add_generation_prompt": add_generation_prompt,
        "bos_token": bos_token or "",
        "eos_token": eos_token or "",
        **(extra or {}),
    }
    given = sum(len(str(m.get("content") or "")) for m in msgs)
    try:
        with rb.budget(time_budget or rb.RENDER_SECONDS, rb.MAX_CHARS + 4 * given) as limit:
            text = rb.consume(compiled.generate(**variables), limit)
    except rb.BudgetExceeded as exc:
        raise ChatTemplateError(exc.message) from None
    except ChatTemplateError:
        raise
    except Exception as exc:  # noqa: BLE001 - templates call arbitrary (sandboxed) methods
        # jinja2's TemplateError or whatever a method raised: the user sees which, as detail.
        raise ChatTemplateError(FAILED(), f"{type(exc).__name__}: {exc}") from None
    if continue_last:
        cut = text.rfind(_CONTINUE_MARK)
        if cut < 0:
            raise ChatTemplateError(DROPS_LAST())
        text = text[:cut]
    return RenderedPrompt(text=text, used_fallback=used_fallback)


def render_chat_prompt(
    messages: Sequence[Any],
    template: str | None = None,
    *,
    add_generation_prompt: bool = True,
    continue_last: bool = False,
    bos_token: str | None = "",
    eos_token: str | None = "",
) -> str:
    """Shortcut for `render_chat(...).text`."""
    return render_chat(
        messages,
        template,
        add_generation_prompt=add_generation_prompt,
        continue_last=continue_last,
        bos_token=bos_token,
        eos_token=eos_token,
    ).text


def check_template(template: str) -> str | None:
    """None when `template` compiles and renders a simple exchange; otherwise the error text."""
    try:
        render_chat([{"role": "user", "content": "u"}], template)
    except ChatTemplateError as exc:
        return f"{exc.message} {exc.detail}".strip()
    return None
