"""llama-server through its native API: what /props tells, exact token-id branches, continued
replies, the KV cache reused across turns, and probabilities after the sampler's filters."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from desktop.core.engine.protocol import ChatMessage, GenerateRequest, SamplingParams
from tests.fixtures.backends import backend_for

HI = (ChatMessage("user", "hi"),)


@pytest.fixture
def ls(llama_server_process) -> Iterator:
    with backend_for("llama-server", llama_server_process, "gpu-box") as made:
        yield made.backend


def test_capabilities_and_model_come_from_the_server(ls, tiny_model_path) -> None:
    caps = ls.capabilities()
    assert (caps.server_kind, caps.parallel_slots, caps.context_length) == ("llama-server", 4, 2048)
    assert caps.server_version.startswith("b") and caps.tokenizer_pieces and caps.token_prompt
    assert caps.why_not("tokenizer") is None and caps.why_not("logprobs") is None
    info = ls.model_info()
    assert info.id == str(tiny_model_path) and info.n_vocab == 846
    assert "<|im_start|>" in info.chat_template
    provenance = ls.provenance()
    assert provenance.backend == "gpu-box" and provenance.server_version.startswith(
        "llama-server b"
    )


def test_the_server_renders_the_chat_with_the_models_template(ls) -> None:
    rendered = ls.apply_template([ChatMessage("system", "Be brief."), *HI])
    assert rendered == (
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n"
        "<|im_start|>assistant\n"
    )


def test_a_branch_from_a_chosen_token_starts_with_exactly_those_ids(ls) -> None:
    forced = ls.tokenize(" the world").ids
    generation = ls.generate(
        GenerateRequest(1, SamplingParams(max_tokens=6, seed=1), messages=HI, forced_tokens=forced)
    )
    done = generation.wait(60)
    head = generation.tokens[: len(forced)]
    assert [t.id for t in head] == list(forced) and all(t.forced for t in head)
    assert done.text.startswith(" the world")
    assert not any(t.forced for t in generation.tokens[len(forced) :])


def test_a_continued_reply_reads_the_unfinished_text_as_its_own(ls) -> None:
    messages = (*HI, ChatMessage("assistant", "Once upon"))
    done = ls.generate(
        GenerateRequest(
            1, SamplingParams(max_tokens=2, seed=1), messages=messages, continue_last=True
        )
    ).wait(60)
    expected = "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nOnce upon"
    assert done.stats.prompt_tokens == len(ls.tokenize(expected).ids)


def test_the_next_turn_reuses_the_servers_kv_cache(ls) -> None:
    params = SamplingParams(max_tokens=8, seed=1, temperature=0.0)
    first = ls.generate(GenerateRequest(1, params, messages=HI)).wait(60)
    turn = (*HI, ChatMessage("assistant", first.text), ChatMessage("user", "and then?"))
    second = ls.generate(GenerateRequest(2, params, messages=turn)).wait(60)
    assert 0 < second.stats.prompt_tokens_evaluated < second.stats.prompt_tokens


def test_filtered_probabilities_are_those_left_after_top_k(ls) -> None:
    request = GenerateRequest(
        1, SamplingParams(max_tokens=6, seed=1, top_k=3), text="Hello", top_logprobs=5,
        logprob_source="filtered",
    )  # fmt: skip
    generation = ls.generate(request)
    generation.wait(60)
    scored = [t for t in generation.tokens if t.top]
    assert scored
    for token in scored:
        assert len(token.top) <= 3
        assert math.isclose(sum(math.exp(a.logprob) for a in token.top), 1.0, abs_tol=1e-3)
