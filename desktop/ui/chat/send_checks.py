"""Whether a reply can start now: a model ready (local or on a server), a usable output format.

Each check gives the problem as the chat shows it, (kind, message, hint), or None.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.chat.generation_options import GenerationOptions

# The texts keep the context "ChatController", where they were first asked: the translations
# made for it still apply.
Problem = tuple[str, str, str]  # kind, message, hint


def model_problem(target: Any, engine: EngineSession) -> Problem | None:
    """Why no model can answer now: the server's, or this computer's engine."""
    if target is not None and target.is_remote():
        return _remote_problem(target)
    if engine.in_use_by:
        return (
            "not_loaded",
            QCoreApplication.translate("ChatController", "The local model is busy: %1.").replace(
                "%1", engine.in_use_by
            ),
            QCoreApplication.translate(
                "ChatController", "Wait for it to finish, or cancel it there."
            ),
        )
    if engine.is_loaded():
        return None
    if engine.is_loading():
        return (
            "not_loaded",
            QCoreApplication.translate("ChatController", "The model is still loading."),
            QCoreApplication.translate("ChatController", "Wait a moment."),
        )
    return (
        "not_loaded",
        QCoreApplication.translate("ChatController", "No model is loaded."),
        QCoreApplication.translate(
            "ChatController", "Open a .gguf file, or download one on the Models page."
        ),
    )


def _remote_problem(target: Any) -> Problem | None:
    if target.ready():
        return None
    if target.connecting():
        return (
            "connecting",
            QCoreApplication.translate("ChatController", "Connecting to %1…").replace(
                "%1", target.backend_name()
            ),
            QCoreApplication.translate("ChatController", "Send again in a moment."),
        )
    return "connection", target.problem(), ""


def format_problem(opts: GenerationOptions) -> Problem | None:
    """Why the chosen output format cannot be used."""
    if not opts.format_error:
        return None
    return (
        "bad_format",
        opts.format_error,
        QCoreApplication.translate("ChatController", "Fix the output format in the inspector."),
    )
