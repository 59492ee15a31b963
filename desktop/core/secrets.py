"""Secrets in the OS keyring (service "tessera"), never in the database, settings or logs.

One `KeyringSecret` per account: "huggingface" for the Hub token (hub.config.TokenStore),
"backend:NAME" for a backend's API key. `keyring_module` is injectable so tests can use an
in-memory backend.
"""

from __future__ import annotations

import contextlib
from typing import Any

KEYRING_SERVICE = "tessera"


class KeyringSecret:
    def __init__(self, account: str, keyring_module: Any = None) -> None:
        if keyring_module is None:
            import keyring as keyring_module
        self._keyring = keyring_module
        self.account = account

    def available(self) -> bool:
        """False when the system has no usable keyring (a secret would not be kept)."""
        try:
            from keyring.backends import fail

            return not isinstance(self._keyring.get_keyring(), fail.Keyring)
        except Exception:
            return False

    def get(self) -> str | None:
        try:
            return self._keyring.get_password(KEYRING_SERVICE, self.account) or None
        except Exception:
            return None

    def set(self, value: str) -> None:
        """Raises whatever the keyring backend raises when it cannot store."""
        self._keyring.set_password(KEYRING_SERVICE, self.account, value)

    def clear(self) -> None:
        # Nothing stored is the state we want, so a failure to delete is not an error.
        with contextlib.suppress(Exception):
            self._keyring.delete_password(KEYRING_SERVICE, self.account)
