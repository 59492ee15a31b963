"""Top-N log-probabilities agree with a plain full sort, on peaked, flat and masked rows."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.core.engine.sampling import log_softmax_top


@pytest.mark.parametrize("kind", ["peaked", "flat", "masked", "tiny"])
def test_top_n_matches_full_sort(kind: str) -> None:
    rng = np.random.default_rng(5)
    size = 5 if kind == "tiny" else 32000
    logits = rng.standard_normal(size).astype(np.float32)
    if kind == "peaked":
        logits[rng.integers(0, size, 30)] += 15
    elif kind == "flat":
        logits = np.zeros(size, np.float32) + rng.standard_normal(size).astype(np.float32) * 1e-3
    elif kind == "masked":
        logits[:-3] = -np.inf
    scratch = np.empty(size, np.float32)
    n = 10
    chosen = int(np.argmin(np.where(np.isfinite(logits), logits, np.inf)))
    lp, idx, lps = log_softmax_top(logits, n, chosen, scratch)
    ref = logits.astype(np.float64)
    finite = np.isfinite(ref)
    lse = np.log(np.exp(ref[finite] - ref[finite].max()).sum()) + ref[finite].max()
    expected = np.argsort(-ref, kind="stable")[: min(n, int(finite.sum()))]
    assert list(idx) == list(expected)
    assert np.allclose(lps, ref[expected] - lse, atol=1e-5)
    assert lp == pytest.approx(ref[chosen] - lse, abs=1e-5)
    assert np.exp(lps).sum() <= 1 + 1e-6
