"""Which Hub endpoint to talk to, and the access token kept in the OS keyring."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from desktop.core.logs import register_secret
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

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
KEYRING_SERVICE = "tessera"
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


class TokenStore:
    """The Hugging Face token in the OS keyring; never in the database, settings or logs.

    `keyring_module` is injectable so tests can use an in-memory backend.
    """

    def __init__(self, keyring_module=None) -> None:
        if keyring_module is None:
            import keyring as keyring_module
        self._keyring = keyring_module

    def available(self) -> bool:
        try:
            from keyring.backends import fail

            return not isinstance(self._keyring.get_keyring(), fail.Keyring)
        except Exception:  # keyring backends fail in their own ways (D-Bus, locked, ...)
            log.warning("the system keyring cannot be used", exc_info=True)
            return False

    def unavailable_warning(self) -> Message | None:
        if self.available():
            return None
        return NO_KEYRING()

    def get(self) -> str | None:
        try:
            token = self._keyring.get_password(KEYRING_SERVICE, KEYRING_USER) or None
        except Exception:  # keyring backends fail in their own ways (D-Bus, locked, ...)
            log.warning("reading the Hugging Face token from the keyring failed", exc_info=True)
            return None
        register_secret(token)  # whatever logs it from now on, the log file shows ***
        return token

    def set(self, token: str) -> None:
        token = token.strip()
        if not token:
            raise TokenError(TOKEN_EMPTY())
        if any(c.isspace() for c in token):
            raise TokenError(TOKEN_HAS_SPACES())
        register_secret(token)
        self._keyring.set_password(KEYRING_SERVICE, KEYRING_USER, token)

    def clear(self) -> None:
        # Nothing stored is the state we want, so a failure to delete is not an error.
        try:
            self._keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
        except Exception:  # e.g. PasswordDeleteError: there was none
            log.info("no Hugging Face token removed from the keyring", exc_info=True)
