"""The ASGI application: OpenAI's routes and llama-server's tokenizer routes over APIService.

Starlette, and only its routing, requests and CORS middleware: the endpoints read JSON
themselves so every failure is OpenAI's error shape (a framework's own validation errors
would not be), and generation replies are plain ASGI (responses.GenerationResponse) so they
see the client disconnect. Every request lands in the request log, refused ones included.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from desktop.core.engine.options import MUST_BE_BOOL, MUST_BE_TEXT
from desktop.core.messages import plain
from desktop.core.server.errors import (
    BAD_JSON,
    INTERNAL,
    NO_ROUTE,
    NOT_OBJECT,
    APIError,
)
from desktop.core.server.guard import BodyTooLarge, Guard, client_of
from desktop.core.server.parameters import (
    MISSING,
    MUST_BE_IDS,
    bad,
    parse_chat,
    parse_completion,
)
from desktop.core.server.responses import GenerationResponse
from desktop.core.server.service import APIService

Handler = Callable[[Request, dict[str, Any], int], Awaitable[Any]]


def _service(request: Request) -> APIService:
    service: APIService = request.app.state.service
    return service


def error_response(error: APIError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers())


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


async def read_json(request: Request) -> dict[str, Any]:
    try:
        raw = await request.body()
    except BodyTooLarge as exc:
        raise exc.api_error() from None
    try:
        body = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIError(400, BAD_JSON(reason=plain(str(exc))), code="invalid_json") from None
    if not isinstance(body, dict):
        raise APIError(400, NOT_OBJECT(), code="invalid_json")
    return body


Answer = Response | GenerationResponse  # Starlette calls either as an ASGI app


async def _logged(request: Request, handler: Handler, *, with_body: bool) -> Answer:
    """Record the request, run `handler(request, body, record_id)`, record how it ended."""
    service = _service(request)
    record = service.log.add(client_of(request.scope), request.method, request.url.path)
    try:
        body: dict[str, Any] = {}
        if with_body:
            body = await read_json(request)
            service.log.update(record.id, body=body)
        result = await handler(request, body, record.id)
    except APIError as exc:
        service.log.update(record.id, status="rejected", http_status=exc.status, error=exc.message)
        return error_response(exc)
    if isinstance(result, GenerationResponse):
        return result  # it records its own end
    service.log.update(record.id, status="done", http_status=200)
    return JSONResponse(result)


# --------------------------------------------------------------------------- endpoints


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def list_models(request: Request) -> Answer:
    async def handle(request: Request, body: dict[str, Any], record_id: int) -> Any:
        return {"object": "list", "data": await _service(request).models()}

    return await _logged(request, handle, with_body=False)


async def get_model(request: Request) -> Answer:
    async def handle(request: Request, body: dict[str, Any], record_id: int) -> Any:
        service = _service(request)
        served = await service.resolve(request.path_params["model"])
        return service.catalog.describe(served)

    return await _logged(request, handle, with_body=False)


def _generation(parse: Callable[[dict[str, Any]], Any]) -> Callable[[Request], Awaitable[Any]]:
    async def endpoint(request: Request) -> Answer:
        async def handle(request: Request, body: dict[str, Any], record_id: int) -> Any:
            service = _service(request)
            call = parse(body)
            served = await service.resolve(call.model)
            return GenerationResponse(service.job(call, record_id, served))

        return await _logged(request, handle, with_body=True)

    return endpoint


def _flag(body: dict[str, Any], key: str, default: bool) -> bool:
    value = body.get(key, default)
    if not isinstance(value, bool):
        raise bad(key, MUST_BE_BOOL(), value)
    return value


async def tokenize(request: Request) -> Answer:
    async def handle(request: Request, body: dict[str, Any], record_id: int) -> Any:
        content = body.get("content")
        if content is None:
            raise APIError(400, MISSING(param="content"), param="content")
        if not isinstance(content, str):
            raise bad("content", MUST_BE_TEXT(), content)
        tokens = await _service(request).tokenize(
            content,
            add_special=_flag(body, "add_special", False),
            parse_special=_flag(body, "parse_special", True),
            with_pieces=_flag(body, "with_pieces", False),
            model=body.get("model") if isinstance(body.get("model"), str) else None,
        )
        return {"tokens": tokens}

    return await _logged(request, handle, with_body=True)


async def detokenize(request: Request) -> Answer:
    async def handle(request: Request, body: dict[str, Any], record_id: int) -> Any:
        ids = body.get("tokens")
        if ids is None:
            raise APIError(400, MISSING(param="tokens"), param="tokens")
        if not isinstance(ids, list) or not all(
            isinstance(t, int) and not isinstance(t, bool) and t >= 0 for t in ids
        ):
            raise bad("tokens", MUST_BE_IDS(), ids)
        model = body.get("model") if isinstance(body.get("model"), str) else None
        return {"content": await _service(request).detokenize(ids, model)}

    return await _logged(request, handle, with_body=True)


# --------------------------------------------------------------------------- assembly


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = NO_ROUTE(method=request.method, path=request.url.path)
    error = APIError(exc.status_code, message, code="not_found")
    return error_response(error)


async def _crash(request: Request, exc: Exception) -> Response:
    return error_response(APIError(500, INTERNAL(reason=plain(str(exc))), code="internal_error"))


def build_app(service: APIService) -> Starlette:
    config = service.config
    middleware = []
    if config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["*"],  # browsers' OpenAI clients send their own x-* headers
                expose_headers=["Retry-After"],
                max_age=600,
            )
        )
    middleware.append(
        Middleware(
            Guard,
            api_key=config.api_key,
            max_body=config.max_body_bytes,
            request_log=service.log,
        )
    )
    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/v1/models", list_models, methods=["GET"]),
        Route("/v1/models/{model:path}", get_model, methods=["GET"]),
        Route("/v1/chat/completions", _generation(parse_chat), methods=["POST"]),
        Route("/v1/completions", _generation(parse_completion), methods=["POST"]),
        Route("/tokenize", tokenize, methods=["POST"]),
        Route("/detokenize", detokenize, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _crash},
    )
    app.state.service = service
    return app
