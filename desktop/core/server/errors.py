"""APIError: a failed request as OpenAI's error JSON with the right HTTP status.

Every failure a client sees goes through here, so the status, `type` and `code` are the ones
OpenAI's clients understand: 400 invalid JSON or parameters, 401 missing or wrong key, 404
unknown model, 413 body too large, 429 queue full (with Retry-After), 503 the engine stopped,
502 a remote backend failed. The text is a Message, so the Server page can show it translated;
the body carries its English rendering.
"""

from __future__ import annotations

from typing import Any

from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import EngineErrorEvent
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

BAD_JSON = MessageSpec(
    "server.bad_json",
    QT_TRANSLATE_NOOP("CoreMessages", "The request body is not valid JSON: {reason}"),
)
NOT_OBJECT = MessageSpec(
    "server.not_object",
    QT_TRANSLATE_NOOP("CoreMessages", "The request body must be a JSON object."),
)
TOO_LARGE = MessageSpec(
    "server.too_large",
    QT_TRANSLATE_NOOP("CoreMessages", "The request body is larger than {limit} bytes."),
)
NO_KEY = MessageSpec(
    "server.no_key",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This server needs an API key: send it as the header Authorization: Bearer KEY.",
    ),
)
WRONG_KEY = MessageSpec(
    "server.wrong_key", QT_TRANSLATE_NOOP("CoreMessages", "The API key is not correct.")
)
UNKNOWN_MODEL = MessageSpec(
    "server.unknown_model",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "There is no model {model} here; GET /v1/models lists the models this server has.",
    ),
)
NO_ROUTE = MessageSpec(
    "server.no_route", QT_TRANSLATE_NOOP("CoreMessages", "There is no {method} {path} here.")
)
QUEUE_FULL = MessageSpec(
    "server.queue_full",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server is busy: {waiting} requests are already waiting. Try again in {seconds} "
        "seconds.",
    ),
)
ENGINE_STOPPED = MessageSpec(
    "server.engine_stopped",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The engine stopped while working on this request ({reason}). The next request loads "
        "the model again.",
    ),
)
RELOAD_FAILED = MessageSpec(
    "server.reload_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "The model could not be loaded again: {reason}"),
)
NO_MODEL_LOADED = MessageSpec(
    "server.no_model_loaded",
    QT_TRANSLATE_NOOP("CoreMessages", "No model is loaded to answer this request."),
)
BACKEND_FAILED = MessageSpec(
    "server.backend_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "The backend {backend} failed: {reason}"),
)
BACKEND_CANNOT = MessageSpec(
    "server.backend_cannot",
    QT_TRANSLATE_NOOP("CoreMessages", "The backend {backend} cannot do this: {reason}"),
)
SHUTTING_DOWN = MessageSpec(
    "server.shutting_down",
    QT_TRANSLATE_NOOP("CoreMessages", "The server is shutting down; the reply was stopped."),
)
INTERNAL = MessageSpec(
    "server.internal",
    QT_TRANSLATE_NOOP("CoreMessages", "The server failed unexpectedly: {reason}"),
)

_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    404: "invalid_request_error",
    413: "invalid_request_error",
    429: "rate_limit_error",
    501: "invalid_request_error",
}


class APIError(Exception):
    """`code` is OpenAI's machine-readable code where it has one (invalid_api_key,
    model_not_found, context_length_exceeded...); `param` names the offending field."""

    def __init__(
        self,
        status: int,
        message: Message,
        *,
        code: str | None = None,
        param: str | None = None,
        retry_after: float | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(str(message))
        self.status = status
        self.message = message
        self.code = code
        self.param = param
        self.retry_after = retry_after
        self.detail = detail

    @property
    def type(self) -> str:
        return _TYPES.get(self.status, "server_error")

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": str(self.message),
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }

    def headers(self) -> dict[str, str]:
        if self.retry_after is None:
            return {}
        return {"Retry-After": str(max(1, round(self.retry_after)))}


def unknown_model(model: str) -> APIError:
    return APIError(404, UNKNOWN_MODEL(model=model), code="model_not_found", param="model")


def _user_message(error: EngineError | EngineErrorEvent) -> Message:
    if isinstance(error, EngineErrorEvent):
        return error.message
    return error.user_message


def from_engine_error(error: EngineError | EngineErrorEvent, backend: str) -> APIError:
    """What the client is told when the backend refuses or fails a request."""
    kind = error.kind
    message = _user_message(error)
    detail = error.detail
    if kind == "context_full":
        return APIError(400, message, code="context_length_exceeded", param="messages")
    if kind == "bad_request":
        return APIError(400, message, detail=detail)
    if kind == "unsupported":
        return APIError(400, BACKEND_CANNOT(backend=backend, reason=message), code="unsupported")
    if kind == "unknown_model":
        return APIError(404, message, code="model_not_found", param="model")
    if kind == "rate_limited":
        retry = getattr(error, "retry_after", None)
        return APIError(429, message, code="rate_limit_exceeded", retry_after=retry or 1.0)
    if kind == "worker_died":
        return APIError(503, ENGINE_STOPPED(reason=message), code="engine_stopped", detail=detail)
    if kind == "not_loaded":
        return APIError(503, NO_MODEL_LOADED(), code="model_not_loaded")
    if kind in ("connection", "tls", "auth", "server_error", "protocol", "timeout"):
        status = 504 if kind == "timeout" else 502
        return APIError(
            status, BACKEND_FAILED(backend=backend, reason=message), code="backend_error",
            detail=detail,
        )  # fmt: skip
    return APIError(500, INTERNAL(reason=message), code="internal_error", detail=detail)
