"""llama.cpp's native sampler chain for one request, and top-N log-probabilities per token.

Sampling runs in C (`llama_sampler_sample`). Log-probabilities come from the last token's
logits only, through a zero-copy numpy view: "raw" is the model's own distribution; "filtered"
is what the sampler actually draws from (after logit bias, penalties, top-k, top-p, min-p and
temperature), obtained by running the chain ourselves on a reused candidate array, which is
what `llama_sampler_sample` does inside.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any

import numpy as np

from desktop.core.engine.protocol import SamplingParams

MAX_TOP_LOGPROBS = 20

_TOKEN_DATA = np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")])


def penalties_active(p: SamplingParams) -> bool:
    return p.repeat_penalty != 1.0 or p.presence_penalty != 0.0 or p.frequency_penalty != 0.0


def build_chain(llama: Any, n_vocab: int, p: SamplingParams) -> Any:
    """A sampler chain in llama.cpp's usual order; greedy when temperature <= 0."""
    params = llama.llama_sampler_chain_default_params()
    params.no_perf = True
    chain = llama.llama_sampler_chain_init(params)
    add = llama.llama_sampler_chain_add
    if p.logit_bias:
        arr = (llama.llama_logit_bias * len(p.logit_bias))()
        for i, (tok, bias) in enumerate(p.logit_bias):
            arr[i].token = int(tok)
            arr[i].bias = float(bias)
        add(chain, llama.llama_sampler_init_logit_bias(n_vocab, len(p.logit_bias), arr))
    if penalties_active(p):
        add(
            chain,
            llama.llama_sampler_init_penalties(
                n_vocab,
                int(p.repeat_last_n),
                float(p.repeat_penalty),
                float(p.frequency_penalty),
                float(p.presence_penalty),
            ),
        )
    if p.temperature <= 0:
        add(chain, llama.llama_sampler_init_greedy())
        return chain
    if p.top_k > 0:
        add(chain, llama.llama_sampler_init_top_k(int(p.top_k)))
    if 0 < p.top_p < 1:
        add(chain, llama.llama_sampler_init_top_p(float(p.top_p), 1))
    if p.min_p > 0:
        add(chain, llama.llama_sampler_init_min_p(float(p.min_p), 1))
    add(chain, llama.llama_sampler_init_temp(float(p.temperature)))
    seed = llama.LLAMA_DEFAULT_SEED if p.seed is None else int(p.seed) & 0xFFFFFFFF
    add(chain, llama.llama_sampler_init_dist(seed))
    return chain


def log_softmax_top(
    logits: np.ndarray, n: int, chosen: int, scratch: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """(chosen token's logprob, top-n ids sorted best first, their logprobs) for one row.

    `scratch` is a float32 buffer of the same length, reused across tokens so nothing of
    vocabulary size is allocated per token except argpartition's index array.
    """
    m = float(logits.max())
    np.subtract(logits, m, out=scratch)
    np.exp(scratch, out=scratch)
    lse = m + math.log(float(scratch.sum(dtype=np.float64)))
    if n >= logits.shape[0]:
        idx = np.argsort(-logits)
    else:
        idx = np.argpartition(logits, -n)[-n:]
        idx = idx[np.argsort(-logits[idx], kind="stable")]
    return float(logits[chosen]) - lse, idx, logits[idx].astype(np.float64) - lse


class CandidateArray:
    """A reusable llama_token_data_array over a numpy buffer, for running a chain ourselves."""

    def __init__(self, llama: Any, n_vocab: int) -> None:
        self._llama = llama
        self.n_vocab = n_vocab
        self.buf = np.zeros(n_vocab, dtype=_TOKEN_DATA)
        self._ids = np.arange(n_vocab, dtype=np.int32)
        self._struct = llama.llama_token_data_array()
        self._struct.data = self.buf.ctypes.data_as(ctypes.POINTER(llama.llama_token_data))
        self._ref = ctypes.byref(self._struct)

    def apply(self, chain: Any, logits: np.ndarray) -> tuple[int, np.ndarray]:
        """Run `chain` on `logits`; returns (selected index, surviving candidates view)."""
        buf = self.buf
        buf["id"] = self._ids
        buf["logit"] = logits
        s = self._struct
        s.data = self.buf.ctypes.data_as(ctypes.POINTER(self._llama.llama_token_data))
        s.size = self.n_vocab
        s.selected = -1
        s.sorted = False
        self._llama.llama_sampler_apply(chain, self._ref)
        addr = ctypes.cast(s.data, ctypes.c_void_p).value
        if addr != buf.ctypes.data:  # a sampler swapped in its own buffer
            raw = (ctypes.c_char * (s.size * _TOKEN_DATA.itemsize)).from_address(addr)
            survivors = np.frombuffer(raw, dtype=_TOKEN_DATA, count=s.size)
        else:
            survivors = buf[: s.size]
        return int(s.selected), survivors


def filtered_top(
    survivors: np.ndarray, n: int, chosen: int
) -> tuple[float | None, np.ndarray, np.ndarray]:
    """Top-n of the sampler's final distribution over the surviving candidates.

    Returns (chosen logprob or None when the chain removed it, ids, logprobs).
    """
    logit = survivors["logit"].astype(np.float64)
    finite = np.isfinite(logit)
    ids = survivors["id"][finite]
    logit = logit[finite]
    if logit.size == 0:
        return None, np.zeros(0, np.int32), np.zeros(0)
    m = logit.max()
    lp = logit - (m + math.log(float(np.exp(logit - m).sum())))
    k = min(n, lp.size)
    order = np.argsort(-lp, kind="stable")[:k] if k else np.zeros(0, np.int64)
    where = np.nonzero(ids == chosen)[0]
    chosen_lp = float(lp[where[0]]) if where.size else None
    return chosen_lp, ids[order], lp[order]
