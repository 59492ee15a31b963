"""The app survives a dying engine and refuses bad model files with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient, EngineError
from desktop.core.engine.protocol import EngineErrorEvent, GenerateRequest, LoadOptions, TokenBatch

from .conftest import standard_options
from .test_generate import CHAT, GREEDY


def test_worker_abort_mid_reply_is_reported_and_recoverable(
    tiny_model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TESSERA_ENGINE_CRASH_AFTER", "5")
    client = EngineClient()
    try:
        client.load(standard_options(tiny_model_path))
        monkeypatch.delenv("TESSERA_ENGINE_CRASH_AFTER")
        gen = client.generate(GenerateRequest(1, GREEDY, messages=CHAT))
        # The iteration ends because the client saw the pipe close, not after a timeout:
        # Generation iterates without one.
        events = list(gen)
        error = events[-1]
        assert isinstance(error, EngineErrorEvent)
        assert error.kind == "worker_died" and error.request_id == 1
        assert "SIGABRT" in str(error.message)
        assert "Fatal Python error" in error.detail  # the tail of the worker's stderr
        tokens = sum(len(e.tokens) for e in events if isinstance(e, TokenBatch))
        assert 1 <= tokens <= 4  # the fifth aborts; tokens still batched are lost with it
        with pytest.raises(EngineError) as err:
            gen.wait(1)
        assert err.value.kind == "worker_died"
        assert not client.is_alive and not client.is_loaded
        with pytest.raises(EngineError) as err:
            client.tokenize("x")
        assert err.value.kind == "not_loaded"

        # A new load starts a fresh worker that works.
        info = client.load(standard_options(tiny_model_path))
        assert info.name == "tessera-tiny" and client.is_alive
        done = client.generate(GenerateRequest(2, GREEDY, messages=CHAT)).wait(10)
        assert done.finish_reason == "length"
    finally:
        client.close()


def test_killed_worker_fails_pending_calls(tiny_model_path: Path) -> None:
    import os
    import signal

    client = EngineClient()
    try:
        client.load(standard_options(tiny_model_path))
        os.kill(client.pid, signal.SIGKILL)
        # Whether the reader has seen the pipe close yet or not, the call fails at once (a
        # call left waiting would fail only after the 60 s call timeout, as "internal").
        with pytest.raises(EngineError) as err:
            client.count_tokens("hello")
        assert err.value.kind in ("worker_died", "not_loaded")
        client.wait_closed(timeout=60)
        assert client.last_exit == "was killed by signal SIGKILL"
    finally:
        client.close()


@pytest.mark.parametrize(
    ("variant", "kind"),
    [
        ("truncated", "corrupt"),
        ("wrong_magic", "not_gguf"),
        ("not_gguf", "not_gguf"),
        ("empty", "not_gguf"),
    ],
)
def test_broken_files_are_clear_errors(
    engine: EngineClient, broken_models: dict[str, Path], variant: str, kind: str
) -> None:
    with pytest.raises(EngineError) as err:
        engine.load(LoadOptions(path=str(broken_models[variant]), n_ctx=256))
    assert err.value.kind == kind
    assert broken_models[variant].name in err.value.message
    assert err.value.hint


def test_missing_file(engine: EngineClient, tmp_path: Path) -> None:
    with pytest.raises(EngineError) as err:
        engine.load(LoadOptions(path=str(tmp_path / "gone.gguf")))
    assert err.value.kind == "file_missing"


def test_unsupported_architecture(engine: EngineClient, tmp_path: Path) -> None:
    import gguf
    import numpy as np

    path = tmp_path / "alien.gguf"
    writer = gguf.GGUFWriter(str(path), "alien9000")
    writer.add_tensor("token_embd.weight", np.zeros((8, 4), np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with pytest.raises(EngineError) as err:
        engine.load(LoadOptions(path=str(path)))
    assert err.value.kind == "unsupported_architecture" and "alien9000" in err.value.message


def test_valid_gguf_that_llama_cpp_rejects(
    engine: EngineClient, tiny_model_path: Path, tmp_path: Path
) -> None:
    """A well-formed header with missing tensors reaches llama.cpp, which refuses it: the
    worker reports it and keeps running."""
    import gguf
    import numpy as np

    path = tmp_path / "hollow.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_block_count(1)
    writer.add_context_length(64)
    writer.add_embedding_length(4)
    writer.add_head_count(1)
    writer.add_tensor("token_embd.weight", np.zeros((8, 4), np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with pytest.raises(EngineError) as err:
        engine.load(LoadOptions(path=str(path)))
    assert err.value.kind == "corrupt" and "hollow.gguf" in err.value.message
    assert engine.is_alive and not engine.is_loaded
    info = engine.load(standard_options(tiny_model_path))
    assert info.name == "tessera-tiny"
