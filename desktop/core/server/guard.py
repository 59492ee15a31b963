"""Guard: the API key and the body size limit, checked before any endpoint runs.

Plain ASGI (no buffering middleware), so the endpoints still see the client's disconnect.
The key is compared in constant time; only /health answers without one. A body announced
larger than the limit is refused before it is read; one that grows past it while read ends
in the same 413. Refused requests are recorded in the request log like any other.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from desktop.core.server.errors import NO_KEY, TOO_LARGE, WRONG_KEY, APIError
from desktop.core.server.request_log import RequestLog
from desktop.core.server.responses import send_json

PUBLIC_PATHS = frozenset({"/health"})


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the body is over {limit} bytes")
        self.limit = limit

    def api_error(self) -> APIError:
        return APIError(413, TOO_LARGE(limit=self.limit), code="request_too_large")


def client_of(scope: Mapping[str, Any]) -> str:
    client = scope.get("client")
    if not client:
        return "?"
    host, port = client[0], client[1]
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"


class Guard:
    def __init__(
        self, app: Any, *, api_key: str | None, max_body: int, request_log: RequestLog
    ) -> None:
        self.app = app
        self._key = api_key.encode("utf-8") if api_key else None
        self.max_body = max_body
        self.log = request_log

    async def __call__(self, scope: Mapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        error = self._check_key(scope, headers)
        if error is None:
            length = headers.get(b"content-length", b"0")
            if length.isdigit() and int(length) > self.max_body:
                error = BodyTooLarge(self.max_body).api_error()
        if error is not None:
            self.log.add(
                client_of(scope), scope.get("method", ""), scope.get("path", ""),
                status="rejected", http_status=error.status, error=error.message,
            )  # fmt: skip
            await send_json(send, error.status, error.body(), _auth_header(error))
            return
        await self.app(scope, self._limited(receive), send)

    def _check_key(self, scope: Mapping[str, Any], headers: dict[bytes, bytes]) -> APIError | None:
        if self._key is None or scope.get("path") in PUBLIC_PATHS:
            return None
        given = headers.get(b"authorization", b"")
        scheme, _, token = given.partition(b" ")
        if not given or scheme.lower() != b"bearer":
            return APIError(401, NO_KEY(), code="invalid_api_key")
        if not hmac.compare_digest(token.strip(), self._key):
            return APIError(401, WRONG_KEY(), code="invalid_api_key")
        return None

    def _limited(self, receive: Any) -> Any:
        seen = 0
        limit = self.max_body

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        return limited


def _auth_header(error: APIError) -> dict[str, str]:
    if error.status == 401:
        return {"WWW-Authenticate": "Bearer"}
    return {}
