"""APIServer: runs the API with uvicorn on a thread and event loop of its own.

Never on the GUI thread: the window keeps drawing while the server streams, and a slow
client cannot stall it. The socket is bound here, in the caller's thread, so a port in use
is an error the caller gets (not a log line on another thread), and port 0 picks a free one.

    server = APIServer(service)
    server.start()            # raises ServerConfigError
    server.url                # "http://127.0.0.1:8080/v1"
    server.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec
from desktop.core.server.app import build_app
from desktop.core.server.config import ServerConfigError
from desktop.core.server.service import APIService

log = logging.getLogger(__name__)

CANNOT_LISTEN = MessageSpec(
    "server.cannot_listen",
    QT_TRANSLATE_NOOP("CoreMessages", "Cannot listen on {host} port {port}: {reason}"),
)
CANNOT_LISTEN_HINT = MessageSpec(
    "server.cannot_listen_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Pick another port with --port, or stop the program using this one."
    ),
)
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (raises ServerConfigError)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise ServerConfigError(
            CANNOT_LISTEN(host=host, port=port, reason=exc.strerror or str(exc))
        ) from None
    try:
        if hasattr(socket, "SO_REUSEADDR") and not hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
            # POSIX: a restart may bind while old connections linger in TIME_WAIT.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ServerConfigError(
            CANNOT_LISTEN(host=host, port=port, reason=exc.strerror or str(exc)),
            CANNOT_LISTEN_HINT(),
        ) from None
    sock.setblocking(False)
    return sock


class APIServer:
    def __init__(self, service: APIService) -> None:
        self.service = service
        self.config = service.config.check()
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._serving = threading.Event()
        self._stopped = threading.Event()
        self._failure: BaseException | None = None
        self._port = self.config.port

    @property
    def host(self) -> str:
        return self.config.host

    @property
    def port(self) -> int:
        """The port it listens on (the one picked when the config said 0)."""
        return self._port

    @property
    def url(self) -> str:
        """The base URL clients use (OpenAI's `base_url`)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self._serving.is_set() and not self._stopped.is_set()

    def start(self) -> APIServer:
        import uvicorn

        # uvicorn loads these by name; imported here so an installer's bundle carries them.
        import uvicorn.lifespan.off  # noqa: F401
        from uvicorn.protocols.http.h11_impl import H11Protocol

        self._socket = bind(self.config.host, self.config.port)
        self._port = int(self._socket.getsockname()[1])
        uv_config = uvicorn.Config(
            build_app(self.service),
            http=H11Protocol,
            loop="none",  # the loop is ours (asyncio.run on the server's thread)
            ws="none",
            lifespan="off",
            log_config=None,  # the app's logging stays as the app set it up
            log_level="warning",
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=int(STOP_TIMEOUT // 2),
        )
        self._server = uvicorn.Server(uv_config)
        self._thread = threading.Thread(target=self._run, name="tessera-api", daemon=True)
        self._thread.start()
        self._serving.wait(START_TIMEOUT)
        if self._failure is not None or self._stopped.is_set() or not self._serving.is_set():
            self.stop()
            raise ServerConfigError(
                CANNOT_LISTEN(host=self.host, port=self.port, reason=str(self._failure))
            )
        return self

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # SystemExit from uvicorn included: report, not kill
            self._failure = exc
            log.exception("the API server stopped with an error")
        finally:
            self._stopped.set()
            self._serving.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        server = self._server
        task = asyncio.ensure_future(server.serve(sockets=[self._socket]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)  # uvicorn has no started event to await
        self._serving.set()
        await task

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the server stops; True if it did."""
        return self._stopped.wait(timeout)

    def stop(self) -> None:
        """Stops every reply, then the server; safe to call twice or from any thread."""
        loop = self._loop
        if loop is not None and not self._stopped.is_set():
            with contextlib.suppress(RuntimeError):  # the loop already closed
                loop.call_soon_threadsafe(self.service.shutdown)
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(STOP_TIMEOUT)
        if self._socket is not None:
            self._socket.close()
        self.service.close()

    def __enter__(self) -> APIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
