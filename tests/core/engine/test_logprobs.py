"""Token probabilities: top-N alternatives, checked against llama.cpp's own logits; branching."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.engine.protocol import ChatMessage, SamplingParams

from .test_generate import CHAT, run

GREEDY = SamplingParams(temperature=0.0, max_tokens=12)


def _check_alternatives(tokens, n: int, *, full_mass: bool = False) -> None:
    for t in tokens:
        assert t.top is not None and 0 < len(t.top) <= n
        lps = [a.logprob for a in t.top]
        assert lps == sorted(lps, reverse=True)
        probs = [math.exp(lp) for lp in lps]
        assert all(0 < p <= 1 for p in probs)
        assert sum(probs) <= 1 + 1e-6
        if full_mass:
            assert sum(probs) == pytest.approx(1, abs=1e-5)
        assert t.logprob is not None and t.logprob <= 0
        assert all(isinstance(a.text, str) for a in t.top)


def test_raw_top_logprobs_match_llama_cpp_logits(loaded: EngineClient, tiny_model_path: Path):
    tokens, done = run(loaded, params=GREEDY, top_logprobs=5)
    _check_alternatives(tokens, 5)
    for t in tokens:  # greedy: the chosen token is the most likely one
        assert t.top[0].id == t.id and t.top[0].logprob == pytest.approx(t.logprob)

    from llama_cpp import Llama

    _, prompt_ids = loaded.render_prompt(CHAT)
    # flash_attn: the engine loads with llama.cpp's "auto", which is on for the CPU backend
    reference = Llama(
        str(tiny_model_path),
        n_ctx=512,
        logits_all=True,
        n_threads=1,
        flash_attn=True,
        verbose=False,
    )
    try:
        reference.eval(prompt_ids + [t.id for t in tokens])
        scores = np.asarray(reference.scores, dtype=np.float64)
        for k, t in enumerate(tokens):
            row = scores[len(prompt_ids) - 1 + k]
            m = row.max()
            logprobs = row - (m + np.log(np.exp(row - m).sum()))
            assert t.logprob == pytest.approx(logprobs[t.id], abs=2e-3)
            top_ids = [a.id for a in t.top]
            assert logprobs[top_ids[-1]] >= np.sort(logprobs)[-5] - 2e-3
    finally:
        reference.close()


def test_chosen_token_logprob_reported_when_outside_top_n(loaded: EngineClient) -> None:
    params = SamplingParams(temperature=1.5, top_k=0, top_p=1.0, min_p=0.0, seed=3, max_tokens=40)
    tokens, _ = run(loaded, params=params, top_logprobs=1)
    _check_alternatives(tokens, 1)
    outside = [t for t in tokens if t.id != t.top[0].id]
    assert outside, "high temperature should pick a non-top token at least once in 40"
    for t in outside:
        assert t.logprob < t.top[0].logprob


def test_filtered_distribution_is_what_the_sampler_draws_from(loaded: EngineClient) -> None:
    params = SamplingParams(temperature=0.7, top_k=5, top_p=1.0, min_p=0.0, seed=11, max_tokens=16)
    tokens, _ = run(loaded, params=params, top_logprobs=10, logprob_source="filtered")
    # top_k=5 leaves five candidates; their renormalised probabilities sum to one.
    _check_alternatives(tokens, 5, full_mass=True)
    for t in tokens:
        assert t.id in [a.id for a in t.top]
    raw, _ = run(loaded, params=params, top_logprobs=5)
    assert [t.id for t in raw] == [t.id for t in tokens]  # same seed, same picks
    # Temperature < 1 sharpens: the top choice is more likely after the filters.
    assert tokens[0].top[0].logprob > raw[0].top[0].logprob


def test_branch_from_alternative_reproduces_prefix(loaded: EngineClient) -> None:
    original, _ = run(loaded, params=GREEDY, top_logprobs=5)
    k = 4
    alternative = original[k].top[2]
    forced = tuple(t.id for t in original[:k]) + (alternative.id,)
    branch, done = run(loaded, params=GREEDY, top_logprobs=5, forced_tokens=forced)
    assert [t.id for t in branch[:k]] == [t.id for t in original[:k]]
    assert [t.text for t in branch[:k]] == [t.text for t in original[:k]]
    for a, b in zip(original[:k], branch[:k], strict=True):
        assert b.forced and b.logprob == pytest.approx(a.logprob, abs=1e-4)
        assert [x.id for x in b.top] == [x.id for x in a.top]
    assert branch[k].id == alternative.id and branch[k].forced
    assert branch[k].logprob == pytest.approx(alternative.logprob, abs=1e-4)
    assert not any(t.forced for t in branch[k + 1 :])
    assert len(branch) == GREEDY.max_tokens
    assert done.text.startswith("".join(t.text for t in original[:k]))


def test_probabilities_in_a_chinese_chat(loaded: EngineClient) -> None:
    chat = (ChatMessage("user", "请总结下面的文字。你好，世界！"),)
    tokens, done = run(loaded, messages=chat, params=GREEDY, top_logprobs=3)
    _check_alternatives(tokens, 3)
    assert "\ufffd" not in "".join(a.text for t in tokens for a in t.top)
