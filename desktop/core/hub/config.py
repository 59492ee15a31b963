"""Which Hub endpoint to talk to, and the access token kept in the OS keyring."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from desktop.core.secrets import KeyringSecret

DEFAULT_ENDPOINT = "https://huggingface.co"
KEYRING_USER = "huggingface"


def resolve_endpoint(setting: str | None = None) -> str:
    """A settings value wins over HF_ENDPOINT, which wins over the public Hub."""
    endpoint = (setting or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip()
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"The Hub endpoint must be an http(s) URL, not {endpoint!r}.")
    return endpoint.rstrip("/")


def same_origin(url: str, endpoint: str) -> bool:
    """The token goes only to the configured endpoint: same scheme, host and port."""
    a, b = urlsplit(url), urlsplit(endpoint)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


@dataclass(frozen=True)
class HubConfig:
    endpoint: str = DEFAULT_ENDPOINT
    token: str | None = None

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

    def unavailable_warning(self) -> str | None:
        if self.available():
            return None
        return (
            "No system keyring is available, so the Hugging Face token cannot be stored "
            "securely and will be forgotten when Tessera closes. Install or unlock a keyring "
            "(e.g. GNOME Keyring / KWallet on Linux) to keep it."
        )

    def set(self, token: str) -> None:
        token = token.strip()
        if not token:
            raise ValueError("The token is empty.")
        if any(c.isspace() for c in token):
            raise ValueError("A Hugging Face token has no spaces.")
        super().set(token)
