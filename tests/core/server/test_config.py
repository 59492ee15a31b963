"""Safe by default: loopback unless a key is set, origins checked, a busy port reported."""

from __future__ import annotations

import pytest

from desktop.core.server.config import ServerConfig, ServerConfigError, is_loopback
from desktop.core.server.http_server import bind


def test_loopback_addresses() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "example.org"))


def test_any_other_address_needs_an_api_key() -> None:
    assert ServerConfig().check().host == "127.0.0.1"
    for host in ("0.0.0.0", "192.168.1.5", "::"):
        with pytest.raises(ServerConfigError) as caught:
            ServerConfig(host=host).check()
        assert "needs an API key" in str(caught.value) and "--api-key-env" in str(caught.value)
        assert ServerConfig(host=host, api_key="secret").check().host == host


def test_origins_and_limits_are_checked() -> None:
    ServerConfig(cors_origins=("http://localhost:3000", "https://app.example", "*")).check()
    for origin in ("localhost:3000", "http://x/path", "ftp://x"):
        with pytest.raises(ServerConfigError, match="not a web origin"):
            ServerConfig(cors_origins=(origin,)).check()
    with pytest.raises(ServerConfigError, match="port"):
        ServerConfig(port=70000).check()
    with pytest.raises(ServerConfigError, match="max_queue"):
        ServerConfig(max_queue=-1).check()


def test_a_port_in_use_is_an_error_for_the_caller() -> None:
    taken = bind("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        with pytest.raises(ServerConfigError) as caught:
            bind("127.0.0.1", port)
        assert f"port {port}" in str(caught.value) and "--port" in str(caught.value)
    finally:
        taken.close()
