"""BackendError: what went wrong talking to a server, in words a user can act on.

Each failure has a code (the engine's ErrorKind vocabulary, so the chat's error handling is
one path for both), a translated Message and hint, and for 429 the server's Retry-After.
`from_transport` and `from_status` turn httpx2 exceptions and HTTP answers into one.
"""

from __future__ import annotations

import json
import socket
import ssl
from typing import Any

from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import EngineErrorEvent, ErrorKind
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, plain

REFUSED = MessageSpec(
    "backends.refused",
    QT_TRANSLATE_NOOP("CoreMessages", "Nothing answers at {url}: the connection was refused."),
)
REFUSED_HINT = MessageSpec(
    "backends.refused_hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Start the server, or check the address and port."),
)
NO_HOST = MessageSpec(
    "backends.no_host", QT_TRANSLATE_NOOP("CoreMessages", "The host of {url} cannot be found.")
)
NO_HOST_HINT = MessageSpec(
    "backends.no_host_hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Check the address, or your network connection."),
)
UNREACHABLE = MessageSpec(
    "backends.unreachable",
    QT_TRANSLATE_NOOP("CoreMessages", "Tessera cannot reach {url}: {reason}"),
)
TLS_FAILED = MessageSpec(
    "backends.tls",
    QT_TRANSLATE_NOOP("CoreMessages", "A secure connection to {url} failed: {reason}"),
)
TLS_HINT = MessageSpec(
    "backends.tls_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "If the server speaks plain HTTP, use an http:// address; if it uses its own "
        "certificate, add that certificate to the system's trusted certificates.",
    ),
)
CONNECT_TIMEOUT = MessageSpec(
    "backends.connect_timeout",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{url} did not accept a connection within {seconds} seconds."
    ),
)
READ_TIMEOUT = MessageSpec(
    "backends.read_timeout",
    QT_TRANSLATE_NOOP("CoreMessages", "{url} stopped answering for {seconds} seconds."),
)
TIMEOUT_HINT = MessageSpec(
    "backends.timeout_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The server may be busy loading a model or overloaded: try again shortly."
    ),
)
NEEDS_KEY = MessageSpec(
    "backends.needs_key", QT_TRANSLATE_NOOP("CoreMessages", "{url} asks for an API key (HTTP 401).")
)
BAD_KEY = MessageSpec(
    "backends.bad_key",
    QT_TRANSLATE_NOOP("CoreMessages", "{url} refused the API key (HTTP {status})."),
)
KEY_HINT = MessageSpec(
    "backends.key_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Set the backend's key again: tessera backends add NAME URL --api-key-env VAR, or "
        "Settings > Backends.",
    ),
)
UNKNOWN_MODEL = MessageSpec(
    "backends.unknown_model",
    QT_TRANSLATE_NOOP("CoreMessages", "The server has no model named {model}."),
)
UNKNOWN_MODEL_HINT = MessageSpec(
    "backends.unknown_model_hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Pick one of its models: tessera backends probe {backend}."),
)
NO_ENDPOINT = MessageSpec(
    "backends.no_endpoint",
    QT_TRANSLATE_NOOP("CoreMessages", "The server at {url} has no {path} (HTTP 404)."),
)
NO_ENDPOINT_HINT = MessageSpec(
    "backends.no_endpoint_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Check the backend's kind and base URL (without /v1 for llama-server and Ollama).",
    ),
)
RATE_LIMITED = MessageSpec(
    "backends.rate_limited",
    QT_TRANSLATE_NOOP("CoreMessages", "The server is rate-limiting requests (HTTP 429)."),
)
RETRY_AFTER_HINT = MessageSpec(
    "backends.retry_after_hint",
    QT_TRANSLATE_NOOP("CoreMessages", "It asks to wait {seconds} seconds before the next request."),
)
RETRY_LATER_HINT = MessageSpec(
    "backends.retry_later_hint", QT_TRANSLATE_NOOP("CoreMessages", "Wait a little and try again.")
)
SERVER_ERROR = MessageSpec(
    "backends.server_error",
    QT_TRANSLATE_NOOP("CoreMessages", "The server failed (HTTP {status}): {reason}"),
)
SERVER_ERROR_HINT = MessageSpec(
    "backends.server_error_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Tessera retried {tries} times. Check the server's log, then try again."
    ),
)
BAD_REQUEST = MessageSpec(
    "backends.bad_request",
    QT_TRANSLATE_NOOP("CoreMessages", "The server refused the request (HTTP {status}): {reason}"),
)
REDIRECT_REFUSED = MessageSpec(
    "backends.redirect_refused",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{url} redirected to another address ({location}); Tessera does not follow it, so "
        "the API key never leaves the configured server.",
    ),
)
REDIRECT_HINT = MessageSpec(
    "backends.redirect_hint",
    QT_TRANSLATE_NOOP("CoreMessages", "If that address is right, use it as the backend's URL."),
)
INTERRUPTED = MessageSpec(
    "backends.interrupted",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The connection to the server broke mid-reply: the text so far was kept."
    ),
)
STREAM_ENDED = MessageSpec(
    "backends.stream_ended",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server ended the reply before finishing it (another request may have "
        "interrupted it): the text so far was kept.",
    ),
)
BAD_ANSWER = MessageSpec(
    "backends.bad_answer",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The server at {url} sent an answer Tessera cannot read: {reason}"
    ),
)
UNSUPPORTED = MessageSpec(
    "backends.unsupported", QT_TRANSLATE_NOOP("CoreMessages", "{backend}: {reason}")
)


class BackendError(EngineError):
    """An EngineError (so one `except` covers both) that also carries translated Messages:
    `user_message`, `user_hint` (see desktop.ui.i18n.error_text). `status` is the HTTP status
    when there was one; `retry_after` the seconds a 429 asked to wait."""

    def __init__(
        self,
        kind: ErrorKind,
        message: Message,
        hint: Message | None = None,
        *,
        detail: str = "",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(kind, message, hint, detail)
        self.status = status
        self.retry_after = retry_after

    @property
    def code(self) -> str:
        return self.user_message.code

    def to_event(self, request_id: int | None = None) -> EngineErrorEvent:
        return EngineErrorEvent(
            request_id,
            self.kind,
            self.user_message,
            self.user_hint,
            self.detail,
        )


def unsupported(backend: str, reason: Message) -> BackendError:
    return BackendError("unsupported", UNSUPPORTED(backend=backend, reason=reason))


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and node not in seen:
        seen.append(node)
        node = node.__cause__ or node.__context__
    return seen


def from_transport(exc: Exception, url: str, *, timeout: float = 0.0) -> BackendError:
    """A connection-level failure (no HTTP answer) as a BackendError."""
    import httpx2

    causes = _causes(exc)
    detail = f"{type(exc).__name__}: {exc}"
    if any(isinstance(c, ssl.SSLError) for c in causes) or "SSL" in str(exc):
        reason = next((str(c) for c in causes if isinstance(c, ssl.SSLError)), str(exc))
        return BackendError("tls", TLS_FAILED(url=url, reason=reason), TLS_HINT(), detail=detail)
    if isinstance(exc, httpx2.ConnectTimeout):
        return BackendError(
            "timeout", CONNECT_TIMEOUT(url=url, seconds=f"{timeout:g}"), TIMEOUT_HINT(),
            detail=detail,
        )  # fmt: skip
    if isinstance(exc, httpx2.ReadTimeout):
        return BackendError(
            "timeout", READ_TIMEOUT(url=url, seconds=f"{timeout:g}"), TIMEOUT_HINT(),
            detail=detail,
        )  # fmt: skip
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in str(exc):
        return BackendError("connection", REFUSED(url=url), REFUSED_HINT(), detail=detail)
    if any(isinstance(c, socket.gaierror) for c in causes) or "Name or service" in str(exc):
        return BackendError("connection", NO_HOST(url=url), NO_HOST_HINT(), detail=detail)
    return BackendError(
        "connection", UNREACHABLE(url=url, reason=str(exc) or type(exc).__name__), detail=detail
    )


def server_reason(body: bytes | str) -> str:
    """The server's own error sentence from the shapes servers use: OpenAI's
    {"error": {"message"}}, vLLM's {"message"}, Ollama's {"error": "..."}; else the text."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        data: Any = json.loads(text)
    except ValueError:
        return text.strip()[:300]
    if isinstance(data, dict):
        err = data.get("error", data)
        if isinstance(err, dict):
            for key in ("message", "detail", "msg"):
                if isinstance(err.get(key), str):
                    return err[key][:300]
        if isinstance(err, str):
            return err[:300]
        if isinstance(data.get("detail"), str):
            return data["detail"][:300]
    return text.strip()[:300]


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from datetime import datetime, timezone
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def from_status(
    status: int,
    body: bytes | str,
    url: str,
    path: str,
    *,
    backend: str = "",
    model: str | None = None,
    retry_after: str | None = None,
    tries: int = 1,
) -> BackendError:
    """An HTTP error answer as a BackendError."""
    reason = server_reason(body)
    detail = f"HTTP {status} from {url}{path}: {reason}"
    if status == 401:
        return BackendError("auth", NEEDS_KEY(url=url), KEY_HINT(), detail=detail, status=status)
    if status == 403:
        return BackendError(
            "auth", BAD_KEY(url=url, status=status), KEY_HINT(), detail=detail, status=status
        )
    if status == 404:
        lowered = reason.lower()
        if model and ("model" in lowered or model.lower() in lowered):
            return BackendError(
                "unknown_model",
                UNKNOWN_MODEL(model=model),
                UNKNOWN_MODEL_HINT(backend=backend or url),
                detail=detail,
                status=status,
            )
        return BackendError(
            "bad_request",
            NO_ENDPOINT(url=url, path=path),
            NO_ENDPOINT_HINT(),
            detail=detail,
            status=status,
        )
    if status == 429:
        wait = parse_retry_after(retry_after)
        hint = RETRY_AFTER_HINT(seconds=f"{wait:g}") if wait is not None else RETRY_LATER_HINT()
        return BackendError(
            "rate_limited", RATE_LIMITED(), hint, detail=detail, status=status, retry_after=wait
        )
    if status >= 500:
        return BackendError(
            "server_error",
            SERVER_ERROR(status=status, reason=plain(reason or "-", "backends.server_text")),
            SERVER_ERROR_HINT(tries=tries),
            detail=detail,
            status=status,
        )
    if model and status == 400 and "model" in reason.lower() and "not" in reason.lower():
        return BackendError(
            "unknown_model",
            UNKNOWN_MODEL(model=model),
            UNKNOWN_MODEL_HINT(backend=backend or url),
            detail=detail,
            status=status,
        )
    return BackendError(
        "bad_request",
        BAD_REQUEST(status=status, reason=plain(reason or "-", "backends.server_text")),
        detail=detail,
        status=status,
    )


def bad_answer(url: str, reason: str) -> BackendError:
    return BackendError("protocol", BAD_ANSWER(url=url, reason=plain(reason)))
