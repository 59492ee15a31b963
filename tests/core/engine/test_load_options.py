"""Load options users expect: flash attention auto/on/off and quantized K/V caches."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import GenerateRequest, LoadOptions, SamplingParams
from desktop.core.gguf.tiny_model import TinyShape, write_tiny_gguf

GREEDY = SamplingParams(temperature=0.0, max_tokens=6)


@pytest.fixture(scope="module")
def head32(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Heads of 32 values: what quantized cache blocks (32 values each) need."""
    return write_tiny_gguf(
        tmp_path_factory.mktemp("h32") / "tiny-h32.gguf", shape=TinyShape(n_embd=128, n_ff=256)
    )


def _text(client: EngineClient) -> str:
    return client.generate(GenerateRequest(1, GREEDY, text="Hello")).wait().text


@pytest.mark.parametrize(
    ("flash", "type_k", "type_v"),
    [
        ("auto", "f16", "f16"),
        ("off", "f16", "f16"),
        ("on", "q8_0", "q8_0"),
        ("auto", "q4_0", "q4_0"),
    ],
)
def test_every_combination_loads_and_generates(head32: Path, flash, type_k, type_v) -> None:
    with EngineClient() as client:
        client.load(
            LoadOptions(
                path=str(head32), n_ctx=256, n_threads=1, flash_attn=flash, type_k=type_k,
                type_v=type_v,
            )
        )  # fmt: skip
        assert _text(client)


def test_a_quantized_v_cache_without_flash_attention_is_refused_plainly(head32: Path) -> None:
    with EngineClient() as client, pytest.raises(EngineError) as caught:
        client.load(LoadOptions(path=str(head32), n_ctx=256, type_v="q8_0", flash_attn="off"))
    assert caught.value.kind == "bad_request"
    assert "needs flash attention" in caught.value.message


def test_a_cache_type_the_model_cannot_take_is_not_called_out_of_memory(
    tiny_model_path: Path,
) -> None:
    with EngineClient() as client, pytest.raises(EngineError) as caught:
        client.load(LoadOptions(path=str(tiny_model_path), n_ctx=256, type_k="q8_0"))
    assert caught.value.kind == "bad_request"
    assert "q8_0/f16 KV cache" in caught.value.message and "keep f16" in caught.value.hint
