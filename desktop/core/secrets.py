"""Secrets in the OS keyring (service "tessera"), never in the database, settings or logs.

One `KeyringSecret` per account: "huggingface" for the Hub token (hub.config.TokenStore),
"backend:NAME" for a backend's API key. `keyring_module` is injectable so tests can use an
in-memory backend. Every secret read or stored is registered with the log filter, so a log line
that quotes it shows *** instead.
"""

from __future__ import annotations

import logging
from typing import Any

from desktop.core.logs import register_secret

KEYRING_SERVICE = "tessera"

log = logging.getLogger(__name__)


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
        except Exception:  # keyring backends fail in their own ways (D-Bus, locked, ...)
            log.warning("the system keyring cannot be used", exc_info=True)
            return False

    def get(self) -> str | None:
        try:
            value = self._keyring.get_password(KEYRING_SERVICE, self.account) or None
        except Exception:  # keyring backends fail in their own ways (D-Bus, locked, ...)
            log.warning("reading %s from the keyring failed", self.account, exc_info=True)
            return None
        register_secret(value)  # whatever logs it from now on, the log file shows ***
        return value

    def set(self, value: str) -> None:
        """Raises whatever the keyring backend raises when it cannot store."""
        register_secret(value)
        self._keyring.set_password(KEYRING_SERVICE, self.account, value)

    def clear(self) -> None:
        # Nothing stored is the state we want, so a failure to delete is not an error.
        try:
            self._keyring.delete_password(KEYRING_SERVICE, self.account)
        except Exception:  # e.g. PasswordDeleteError: there was none
            log.info("nothing removed from the keyring for %s", self.account, exc_info=True)
