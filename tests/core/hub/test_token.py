"""The Hugging Face token lives in the OS keyring, and says so when there is none."""

from __future__ import annotations

import keyring.backend
import pytest
from keyring.backends import fail

from desktop.core.hub import TokenStore


def test_token_round_trip_under_tessera_huggingface(memory_keyring) -> None:
    store = TokenStore()
    assert store.available() and store.unavailable_warning() is None
    assert store.get() is None
    store.set("  hf_abc123  ")
    assert memory_keyring.data == {("tessera", "huggingface"): "hf_abc123"}
    assert store.get() == "hf_abc123"
    with pytest.raises(ValueError):
        store.set("hf with spaces")
    store.clear()
    store.clear()  # clearing twice is fine
    assert store.get() is None


def test_no_keyring_backend_gives_a_clear_warning() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = TokenStore()
        assert not store.available()
        assert "keyring" in str(store.unavailable_warning() or "")
        assert store.get() is None
    finally:
        keyring.set_keyring(previous)
