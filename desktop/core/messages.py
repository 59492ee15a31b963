"""User-facing texts built in core: a stable code, an English template and parameters.

Core never imports Qt, yet what it reports (errors, warnings, hints) must reach a zh_CN user in
Chinese. So core builds a `Message` (code + English template + parameters) instead of a finished
string, and the UI renders it through Qt's translator (`desktop.ui.i18n.message_text`).
`str(message)` is the English text, for logs, the CLI and tests.

Templates use `str.format` placeholders (`{path}`, `{size:,}`) and are declared once, at module
level, with `QT_TRANSLATE_NOOP("CoreMessages", ...)`: pyside6-lupdate reads that call by name, so
`scripts/update_translations.py` extracts every core template for translators. The context must
be that literal string (lupdate does not resolve a variable such as CONTEXT);
tests/ui/test_core_messages.py checks that every declared template reached the translators.

    TOO_NEW = MessageSpec("store.too_new", QT_TRANSLATE_NOOP("CoreMessages", "... {path} ..."))
    raise StoreTooNewError(TOO_NEW(path=str(path)))

An exception that carries one subclasses `UserError`; `user_message` / `user_hint` hold the
Messages, `str(exc)` stays English.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

CONTEXT = "CoreMessages"  # the Qt translation context of every core template

Translate = Callable[[str], str]  # English template -> the template in the user's language


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks `text` for extraction by pyside6-lupdate; returns it unchanged."""
    return text


@dataclass(frozen=True)
class Message:
    """One user-facing text: `code` is stable (tests, logs, JSON), `template` is English."""

    code: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Frozen in fact too: a Message crosses threads and process pipes.
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __str__(self) -> str:
        return self.render()

    def render(self, translate: Translate | None = None) -> str:
        """The text, with each template (this one and nested Messages) passed through
        `translate` first. A missing or malformed parameter never raises: the placeholder
        stays visible instead."""
        template = translate(self.template) if translate else self.template
        values = {
            key: value.render(translate) if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        try:
            return _FORMATTER.vformat(template, (), values)
        except (ValueError, IndexError, KeyError, TypeError):
            # A translation with a broken placeholder: fall back to the English template.
            return _FORMATTER.vformat(self.template, (), values) if translate else template

    def __reduce__(self) -> tuple[Any, ...]:  # MappingProxyType does not pickle
        return (Message, (self.code, self.template, dict(self.params)))


@dataclass(frozen=True)
class MessageSpec:
    """A declared message: call it with the parameters to get a `Message`."""

    code: str
    template: str

    def __call__(self, **params: Any) -> Message:
        return Message(self.code, self.template, params)


class UserError(Exception):
    """An error meant for the user: `user_message` says what happened, `user_hint` what to do."""

    def __init__(self, message: Message, hint: Message | None = None) -> None:
        super().__init__(str(message))
        self.user_message = message
        self.user_hint = hint

    def __str__(self) -> str:
        if self.user_hint is None:
            return str(self.user_message)
        return f"{self.user_message} {self.user_hint}"

    @property
    def message(self) -> str:
        """The English sentence of `user_message` (CLI, logs, tests)."""
        return str(self.user_message)

    @property
    def hint(self) -> str:
        """The English hint, "" when there is none."""
        return str(self.user_hint) if self.user_hint is not None else ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take other constructor arguments: rebuild from the attributes instead,
        # so any UserError crosses the engine's pipe whole.
        return (_restore_error, (type(self), self.args, self.__dict__.copy()))


def _restore_error(cls: type[UserError], args: tuple[Any, ...], state: dict[str, Any]) -> UserError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def join(parts: Sequence[Message | str], separator: str = " ") -> Message:
    """Several texts as one Message; each Message part is translated on its own."""
    keys = [f"part{i}" for i in range(len(parts))]
    sep = separator.replace("{", "{{").replace("}", "}}")
    return Message(
        "joined", sep.join("{" + k + "}" for k in keys), dict(zip(keys, parts, strict=True))
    )


def plain(text: str, code: str = "plain") -> Message:
    """A Message around text that has no translation (a server's own error text, a path)."""
    return Message(code, "{text}", {"text": text})


class _KeepMissing(string.Formatter):
    """str.format that leaves `{unknown}` as is instead of raising KeyError."""

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str) and key not in kwargs:
            return "{" + key + "}"
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, str) and value.startswith("{") and format_spec:
            return value  # a missing value cannot take a numeric format
        return super().format_field(value, format_spec)


_FORMATTER = _KeepMissing()
