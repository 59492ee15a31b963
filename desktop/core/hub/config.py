"""Which Hub endpoint to talk to, and the access token kept in the OS keyring."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError
from desktop.core.secrets import KeyringSecret

log = logging.getLogger(__name__)

NO_KEYRING = MessageSpec(
    "hub.no_keyring",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "No system keyring is available, so the Hugging Face token cannot be stored securely "
        "and will be forgotten when Tessera closes. Install or unlock a keyring (e.g. GNOME "
        "Keyring / KWallet on Linux) to keep it.",
    ),
)
TOKEN_EMPTY = MessageSpec(
    "hub.token_empty", QT_TRANSLATE_NOOP("CoreMessages", "The token is empty.")
)
TOKEN_HAS_SPACES = MessageSpec(
    "hub.token_has_spaces", QT_TRANSLATE_NOOP("CoreMessages", "A Hugging Face token has no spaces.")
)
BAD_ENDPOINT = MessageSpec(
    "hub.bad_endpoint",
    QT_TRANSLATE_NOOP("CoreMessages", "The Hub endpoint must be an http(s) URL, not '{endpoint}'."),
)


class TokenError(UserError, ValueError):
    """A token or endpoint setting that cannot be used."""


DEFAULT_ENDPOINT = "https://huggingface.co"
KEYRING_USER = "huggingface"


def resolve_endpoint(setting: str | None = None) -> str:
    """A settings value wins over HF_ENDPOINT, which wins over the public Hub."""
    endpoint = (setting or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip()
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TokenError(BAD_ENDPOINT(endpoint=endpoint))
    return endpoint.rstrip("/")


def resolve_url(endpoint: str, repo_id: str, revision: str, path: str) -> str:
    """Where the Hub serves one file of a repository at a revision."""
    return f"{endpoint}/{repo_id}/resolve/{quote(revision, safe='')}/{quote(path)}"


def same_origin(url: str, endpoint: str) -> bool:
    """The token goes only to the configured endpoint: same scheme, host and port."""
    a, b = urlsplit(url), urlsplit(endpoint)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


@dataclass(frozen=True)
class HubConfig:
    endpoint: str = DEFAULT_ENDPOINT
    token: str | None = field(default=None, repr=False)  # never in a log line

    @classmethod
    def from_settings(cls, endpoint: str | None = None, token: str | None = None) -> HubConfig:
        return cls(endpoint=resolve_endpoint(endpoint), token=token or None)

    def auth_headers(self, url: str) -> dict[str, str]:
        if self.token and same_origin(url, self.endpoint):
            return {"Authorization": f"Bearer {self.token}"}
        return {}


class TokenStore(KeyringSecret):
    """The Hugging Face token in the OS keyring; never in the database, settings or logs.

    `keyring_module` is injectable so tests can use an in-memory backend.
    """

    def __init__(self, keyring_module=None) -> None:
        super().__init__(KEYRING_USER, keyring_module)

    def unavailable_warning(self) -> Message | None:
        if self.available():
            return None
        return NO_KEYRING()

    def set(self, token: str) -> None:
        token = token.strip()
        if not token:
            raise TokenError(TOKEN_EMPTY())
        if any(c.isspace() for c in token):
            raise TokenError(TOKEN_HAS_SPACES())
        super().set(token)
