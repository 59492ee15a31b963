"""Saved backends: configs and probe results in the store, keys in the keyring, one instance
per name; a saved probe answers `capabilities()` without asking the server again."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail

from desktop.core.backends.capabilities import Capabilities
from desktop.core.backends.config import BackendConfig, BackendConfigError
from desktop.core.backends.registry import BackendNotFound, BackendRegistry
from desktop.core.engine.protocol import ChatMessage, GenerateRequest, SamplingParams
from desktop.core.store import open_store
from desktop.core.store.backends import BackendRepository
from tests.fixtures.backends import FAST_RETRY, TEST_TIMEOUTS


@pytest.fixture
def store(paths) -> Iterator:
    with open_store(paths) as opened:
        yield opened


def _registry(store, keyring_module=keyring, environ=None) -> BackendRegistry:
    return BackendRegistry(
        BackendRepository(store.db),
        keyring_module=keyring_module,
        environ=environ or {},
        retry=FAST_RETRY,
        timeouts=TEST_TIMEOUTS,
    )


@pytest.fixture
def keyed(vllm_emulator) -> Iterator:
    vllm_emulator.api_key = "sk-secret"
    vllm_emulator.requests.clear()
    yield vllm_emulator
    vllm_emulator.api_key = None


def test_config_checks_name_kind_and_url() -> None:
    config = BackendConfig.create(" gpu-box ", "https://gpu.example:8000/v1/", "openai")
    assert (config.name, config.base_url) == ("gpu-box", "https://gpu.example:8000")
    assert BackendConfig.create("o", "http://h:11434/api", "ollama").base_url == "http://h:11434"
    for name, url, kind, code in (
        ("local", "http://h", "openai", "backends.bad_name"),
        ("a b", "http://h", "openai", "backends.bad_name"),
        ("ok", "ftp://h", "openai", "backends.bad_url"),
        ("ok", "http://h", "vllm", "backends.bad_kind"),
    ):
        with pytest.raises(BackendConfigError) as info:
            BackendConfig.create(name, url, kind)
        assert info.value.user_message.code == code


def test_the_key_goes_to_the_keyring_and_only_to_its_server(store, memory_keyring, keyed) -> None:
    registry = _registry(store)
    saved, warning = registry.add(
        BackendConfig.create("box", keyed.url, "openai"), api_key="sk-secret"
    )
    assert warning is None and saved.api_key_env is None
    assert memory_keyring.data == {("tessera", "backend:box"): "sk-secret"}
    assert "sk-secret" not in str(store.settings.all()) and "sk-secret" not in str(saved)
    backend = registry.open("box")
    assert registry.open("box") is backend
    done = backend.generate(
        GenerateRequest(1, SamplingParams(max_tokens=2), messages=(ChatMessage("user", "hi"),))
    ).wait(60)
    assert done.finish_reason in ("length", "stop")
    assert keyed.requests and all(
        r.headers.get("Authorization") == "Bearer sk-secret" for r in keyed.requests
    )
    assert registry.remove("box")
    assert memory_keyring.data == {} and registry.configs() == []
    with pytest.raises(BackendNotFound):
        registry.open("box")
    registry.close()


def test_without_a_keyring_the_key_is_read_from_the_named_variable(store, keyed) -> None:
    no_keyring = fail.Keyring()
    environ = {"BOX_KEY": "sk-secret"}

    class Module:  # the keyring module as KeyringSecret uses it, with no backend behind it
        get_keyring = staticmethod(lambda: no_keyring)
        get_password = staticmethod(no_keyring.get_password)
        set_password = staticmethod(no_keyring.set_password)
        delete_password = staticmethod(no_keyring.delete_password)

    registry = _registry(store, Module, environ)
    config = BackendConfig.create("box", keyed.url, "openai", api_key_env="BOX_KEY")
    _saved, warning = registry.add(config, api_key="sk-secret")
    assert warning is not None and warning.code == "backends.key_not_kept"
    assert [m.id for m in registry.open("box").list_models()] == ["tessera/tiny"]
    registry.close()


def test_a_saved_probe_answers_without_asking_the_server(store, vllm_emulator) -> None:
    registry = _registry(store)
    registry.add(BackendConfig.create("box", vllm_emulator.url, "openai"))
    result = registry.probe("box")
    caps = result.capabilities
    assert (caps.server_kind, caps.tokenizer, caps.logprobs) == ("vllm", True, True)
    assert caps.max_top_logprobs == 20 and result.models == ("tessera/tiny",)
    registry.close()
    vllm_emulator.requests.clear()
    again = _registry(store)
    assert again.open("box").capabilities() == caps
    assert vllm_emulator.requests == []
    again.close()


def test_capabilities_survive_the_round_trip_through_plain_data() -> None:
    from desktop.core.backends.openai_compat import ONE_AT_A_TIME

    caps = Capabilities("llama-cpp-python", "0.3.36", tokenizer=True, notes=(ONE_AT_A_TIME(),))
    back = Capabilities.from_dict(caps.to_dict())
    assert back.to_dict() == caps.to_dict()
    assert back.notes[0].code == "backends.one_at_a_time"
    assert caps.why_not("logprobs").code == "backends.no_logprobs"
    assert Capabilities("vllm", logprobs=True, max_top_logprobs=5).why_not("logprobs").code == (
        "backends.few_logprobs"
    )
