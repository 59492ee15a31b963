"""`tessera serve`: an OpenAI-compatible API over a local model or a saved backend, headless."""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
from pathlib import Path

from desktop.cli.backend_option import add_backend_options, wants_remote


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve a model over an OpenAI-compatible HTTP API",
        description="Serves /v1/models, /v1/chat/completions, /v1/completions (streaming, "
        "logprobs) and llama-server's /tokenize and /detokenize, for a local GGUF file "
        "(--model) or a saved backend (--backend). Binds 127.0.0.1 unless --host says "
        "otherwise; any other address needs an API key (--api-key-env). Requests are saved "
        "as conversations tagged API (see `tessera history list`) unless --no-save.",
    )
    parser.add_argument("--model", metavar="PATH", help="GGUF file to load and serve")
    add_backend_options(parser, model_option=False)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (8080; 0 = any free one)")
    parser.add_argument(
        "--api-key-env",
        metavar="VAR",
        help="the environment variable holding the API key clients must send "
        "(Authorization: Bearer KEY); required for any address but 127.0.0.1",
    )
    parser.add_argument("--ctx", type=int, metavar="N", help="context size in tokens (4096)")
    parser.add_argument(
        "--gpu-layers", type=int, metavar="N", help="layers to offload to the GPU (-1 = all)"
    )
    parser.add_argument("--threads", type=int, metavar="N", help="CPU threads for the engine")
    parser.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a web origin allowed to call the API from a browser, e.g. "
        "http://localhost:3000 (repeatable; none by default)",
    )
    parser.add_argument(
        "--queue", type=int, default=16, metavar="N", help="requests that may wait (16)"
    )
    parser.add_argument("--no-save", action="store_true", help="do not save requests as chats")
    parser.add_argument("--quiet", action="store_true", help="no line per request on stderr")
    parser.set_defaults(handler=run)


def _err(message: str) -> int:
    print(f"tessera serve: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace, paths) -> int:
    from desktop.core.server.config import SAVE_SETTING, ServerConfig, ServerConfigError

    remote = wants_remote(args)
    if bool(args.model) == remote:
        return _err("serve what? Pass either --model PATH (a .gguf file) or --backend NAME.")
    key = None
    if args.api_key_env:
        key = os.environ.get(args.api_key_env) or None
        if key is None:
            return _err(f"the environment variable {args.api_key_env} is not set or empty.")
    try:
        config = ServerConfig(
            host=args.host,
            port=args.port,
            api_key=key,
            cors_origins=tuple(args.cors_origin),
            max_queue=args.queue,
        ).check()
    except ServerConfigError as exc:
        return _err(str(exc))

    from desktop.core.store import StoreError, open_store

    try:
        store = open_store(paths)
    except StoreError as exc:
        return _err(str(exc))
    try:
        save = not args.no_save and store.settings.get(SAVE_SETTING, True) is not False
        config = dataclasses.replace(config, save_conversations=save)
        if remote:
            return _serve_remote(args, store, config)
        return _serve_local(args, store, config)
    finally:
        store.close()


def _serve_local(args: argparse.Namespace, store, config) -> int:
    from desktop.cli.model_load import default_ctx
    from desktop.core.backends.local import LocalBackend
    from desktop.core.engine.errors import EngineError
    from desktop.core.engine.protocol import LoadOptions

    path = str(Path(args.model).expanduser().resolve())
    options = LoadOptions(
        path=path,
        n_ctx=args.ctx if args.ctx is not None else default_ctx(path),
        n_gpu_layers=args.gpu_layers or 0,
        n_threads=args.threads,
    )
    with LocalBackend() as backend:
        print(f"Loading {Path(path).name}...", file=sys.stderr)
        try:
            info = backend.load(options)
        except EngineError as exc:
            return _err(str(exc))
        for warning in info.warnings:
            print(f"note: {warning}", file=sys.stderr)
        return _serve(args, store, config, backend, reload=lambda: backend.load(options))


def _serve_remote(args: argparse.Namespace, store, config) -> int:
    from desktop.cli.backend_option import open_registry
    from desktop.core.engine.errors import EngineError

    if args.gpu_layers is not None or args.ctx is not None or args.threads is not None:
        print("note: --gpu-layers, --ctx and --threads are the server's to set; ignored",
              file=sys.stderr)  # fmt: skip
    registry = open_registry(store)
    try:
        backend = registry.open(args.backend)
        backend.capabilities()  # reach it now: a wrong address fails here, not per request
    except (EngineError, LookupError) as exc:
        registry.close()
        return _err(str(exc))
    try:
        return _serve(args, store, config, backend, reload=None)
    finally:
        registry.close()


def _serve(args: argparse.Namespace, store, config, backend, reload) -> int:
    from desktop.core.server.config import ServerConfigError
    from desktop.core.server.http_server import APIServer
    from desktop.core.server.recorder import ConversationRecorder
    from desktop.core.server.request_log import RequestUpdated
    from desktop.core.server.service import APIService

    service = APIService(backend, config, reload=reload)
    recorder = ConversationRecorder(store, service.log) if config.save_conversations else None
    if not args.quiet:
        service.log.subscribe(_print_finished(RequestUpdated))
    server = APIServer(service)
    try:
        server.start()
    except ServerConfigError as exc:
        if recorder is not None:
            recorder.close()
        return _err(str(exc))
    models = ", ".join(m.id for m in service.catalog.models()) or "(none listed)"
    print(f"Serving {models} at {server.url}", file=sys.stderr)
    if config.api_key:
        print(f"Clients must send: Authorization: Bearer ${args.api_key_env}", file=sys.stderr)
    print("Press Ctrl+C to stop.", file=sys.stderr)

    def on_term(signum, frame) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        while not server.wait(0.5):
            pass
    except KeyboardInterrupt:
        print("Stopping...", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
        if recorder is not None:
            recorder.close()
    return 0


def _print_finished(kind):
    printed: set[int] = set()  # a finished request is updated again when it is saved

    def show(event) -> None:
        if not isinstance(event, kind) or not event.record.finished:
            return
        r = event.record
        if r.id in printed:
            return
        if len(printed) > 10_000:
            printed.clear()
        printed.add(r.id)
        line = f"{r.http_status} {r.method} {r.path} {r.client}"
        if r.stats is not None:
            line += f" {r.stats.prompt_tokens}+{r.stats.completion_tokens} tokens"
        if r.timings.total is not None:
            line += f" {r.timings.total:.2f}s"
        if r.error is not None:
            line += f": {r.error}"
        print(line, file=sys.stderr, flush=True)

    return show
