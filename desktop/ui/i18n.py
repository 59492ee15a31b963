"""Translation helpers of the UI: core Messages and errors in the user's language.

Core builds `desktop.core.messages.Message` objects (code + English template + parameters);
here they go through Qt's translator under the "CoreMessages" context, so a zh_CN user reads
errors and warnings from the engine, the store and the Hub in Chinese.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.messages import CONTEXT, Message


def translated(context: str, text: str) -> str:
    """The runtime lookup of a text marked with QT_TRANSLATE_NOOP(context, text) elsewhere."""
    return QCoreApplication.translate(context, text)


def _core_template(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def message_text(message: Message) -> str:
    """A core Message in the user's language (English where no translation exists)."""
    return message.render(_core_template)


def error_text(error: BaseException) -> str:
    """What to show for an exception: its translated user message (and hint) when it carries
    one (`desktop.core.messages.UserError` and friends), else its English text."""
    message = getattr(error, "user_message", None)
    if not isinstance(message, Message):
        return str(error) or type(error).__name__
    text = message_text(message)
    hint = getattr(error, "user_hint", None)
    if isinstance(hint, Message):
        text = f"{text} {message_text(hint)}"
    return text


def error_parts(error: BaseException) -> tuple[str, str]:
    """(what happened, what to do) for an exception, in the user's language; the hint is ""
    when the error has none (banners show them on two lines)."""
    message = getattr(error, "user_message", None)
    if not isinstance(message, Message):
        return str(error) or type(error).__name__, ""
    hint = getattr(error, "user_hint", None)
    return message_text(message), message_text(hint) if isinstance(hint, Message) else ""
