"""The local engine behind the Backend protocol loses nothing: forced tokens with their real
probabilities, the KV cache across turns, its own template, and says which build it runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.core.backends.base import Backend
from desktop.core.backends.local import LocalBackend
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import ChatMessage, GenerateRequest, LoadOptions, SamplingParams

HI = (ChatMessage("user", "hi"),)


@pytest.fixture(scope="module")
def local(tiny_model_path) -> Iterator[LocalBackend]:
    backend = LocalBackend()
    backend.load(LoadOptions(path=str(tiny_model_path), n_ctx=1024))
    yield backend
    backend.close()


def test_the_local_engine_is_a_backend_that_says_what_it_runs(local, tiny_model_path) -> None:
    assert isinstance(local, Backend)
    caps = local.capabilities()
    assert caps.server_kind == "local" and caps.load_unload and caps.context_length == 1024
    assert caps.server_version.startswith("llama-cpp-python 0.3.36, libllama")
    provenance = local.provenance()
    assert (provenance.backend, provenance.model) == ("local", str(tiny_model_path))
    assert [m.id for m in local.list_models()] == [str(tiny_model_path)]
    assert local.apply_template(HI) == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"


def test_forced_tokens_keep_their_real_probabilities(local) -> None:
    forced = local.tokenize(" the world").ids
    generation = local.generate(
        GenerateRequest(
            1, SamplingParams(max_tokens=5, seed=1), messages=HI, forced_tokens=forced,
            top_logprobs=2,
        )
    )  # fmt: skip
    generation.wait(60)
    head = generation.tokens[: len(forced)]
    assert [t.id for t in head] == list(forced) and all(t.forced for t in head)
    assert all(t.logprob is not None and t.top for t in head)


def test_a_new_turn_evaluates_only_its_new_tokens(local) -> None:
    params = SamplingParams(max_tokens=6, seed=1, temperature=0.0)
    first = local.generate(GenerateRequest(1, params, messages=HI)).wait(60)
    turn = (*HI, ChatMessage("assistant", first.text), ChatMessage("user", "more"))
    second = local.generate(GenerateRequest(2, params, messages=turn)).wait(60)
    assert second.stats.prompt_tokens_evaluated < second.stats.prompt_tokens


def test_asking_for_another_model_than_the_loaded_one_is_refused(local, tmp_path) -> None:
    with pytest.raises(EngineError) as info:
        local.generate(GenerateRequest(1, messages=HI), model=str(tmp_path / "other.gguf"))
    assert info.value.kind == "not_loaded"
