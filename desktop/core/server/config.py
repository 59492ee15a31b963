"""ServerConfig: where the API server listens and what it lets through, checked before it starts.

Safe by default: it binds 127.0.0.1, and any other address needs an API key (a server on the
network without one would hand the model, and every prompt sent to it, to anyone who can reach
the port). CORS is off unless origins are listed: a web page in the user's browser could
otherwise call the model on their behalf.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_MAX_BODY = 8 * 1024 * 1024  # a long chat history in JSON, with room to spare
DEFAULT_MAX_QUEUE = 16
DEFAULT_REMOTE_PARALLEL = 4  # requests sent at once to a server that does not say its slots
SAVE_SETTING = "server.save_conversations"  # False: API requests are not saved as chats

NEEDS_KEY = MessageSpec(
    "server.needs_key",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Serving on {host} needs an API key: anyone who can reach that address could use the "
        "model and read what it is sent.",
    ),
)
NEEDS_KEY_HINT = MessageSpec(
    "server.needs_key_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Put a key in an environment variable and pass --api-key-env VARIABLE, or serve on "
        "127.0.0.1.",
    ),
)
BAD_ORIGIN = MessageSpec(
    "server.bad_origin",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{origin} is not a web origin: write it as scheme://host[:port], e.g. "
        "http://localhost:3000.",
    ),
)
BAD_PORT = MessageSpec(
    "server.bad_port",
    QT_TRANSLATE_NOOP("CoreMessages", "The port must be between 0 and 65535, not {port}."),
)
BAD_LIMIT = MessageSpec(
    "server.bad_limit",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} must be at least {minimum}, not {value}."),
)

_ORIGIN = re.compile(r"^https?://[^/\s?#]+$")


class ServerConfigError(UserError, ValueError):
    """The server cannot start with this configuration."""


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


@dataclass(frozen=True)
class ServerConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT  # 0: any free port (APIServer.port says which)
    api_key: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY
    max_queue: int = DEFAULT_MAX_QUEUE  # requests waiting behind the running ones
    remote_parallel: int = DEFAULT_REMOTE_PARALLEL
    save_conversations: bool = True
    # Alternatives per token the request log asks for even when a client asks none, so the
    # Server page can shade every reply (0: only what clients ask; costs decode speed).
    log_top_logprobs: int = 0
    log_size: int = 200  # requests the log keeps

    def check(self) -> ServerConfig:
        """Returns self, or raises ServerConfigError saying what to change."""
        if not is_loopback(self.host) and not self.api_key:
            raise ServerConfigError(NEEDS_KEY(host=self.host), NEEDS_KEY_HINT())
        if not 0 <= self.port <= 65535:
            raise ServerConfigError(BAD_PORT(port=self.port))
        for origin in self.cors_origins:
            if origin != "*" and not _ORIGIN.match(origin):
                raise ServerConfigError(BAD_ORIGIN(origin=origin))
        for name, value, minimum in (
            ("max_body_bytes", self.max_body_bytes, 1024),
            ("max_queue", self.max_queue, 0),
            ("remote_parallel", self.remote_parallel, 1),
            ("log_size", self.log_size, 1),
        ):
            if value < minimum:
                raise ServerConfigError(BAD_LIMIT(name=name, minimum=minimum, value=value))
        if not 0 <= self.log_top_logprobs <= 20:
            raise ServerConfigError(
                BAD_LIMIT(name="log_top_logprobs", minimum=0, value=self.log_top_logprobs)
            )
        return self

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"
