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


def _top_indices(values: np.ndarray, n: int, m: float) -> np.ndarray:
    """Indices of the n largest values, best first.

    A partial sort of the whole vocabulary costs ~120 us per token at 32k entries. Instead, a
    threshold is estimated from a strided sample (~1k entries) so that about 2n-4n entries pass
    it; only those are sorted. When too few pass (rare), fall back to the full partial sort.
    """
    size = values.shape[0]
    if n >= size:
        return np.argsort(-values, kind="stable")
    step = max(1, size // 1024)
    if step > 1:
        sample = values[::step]
        k = min(sample.shape[0], 2 + (2 * n) // step)
        threshold = np.partition(sample, -k)[-k]
        idx = np.flatnonzero(values >= threshold)
        if idx.size > 16 * n:
            idx = idx[np.argpartition(values[idx], -n)[-n:]]
    else:
        idx = np.zeros(0, np.intp)
    if idx.size < n:
        idx = np.argpartition(values, -n)[-n:]
    order = np.argsort(-values[idx], kind="stable")[:n]
    return idx[order]


def log_softmax_top(
    logits: np.ndarray, n: int, chosen: int, scratch: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """(chosen index's logprob, top-n indices sorted best first, their logprobs) for one row.

    `scratch` is a float32 buffer at least as long, reused across tokens so nothing of
    vocabulary size is allocated per token.
    """
    size = logits.shape[0]
    m = float(logits.max())
    work = scratch[:size]
    np.subtract(logits, m, out=work)
    np.exp(work, out=work)
    lse = m + math.log(float(work.sum()))
    idx = _top_indices(logits, n, m)
    lps = logits[idx].astype(np.float64) - lse
    finite = np.isfinite(lps)
    if not finite.all():  # banned (-inf) tokens are never alternatives
        idx, lps = idx[finite], lps[finite]
    return float(logits[chosen]) - lse, idx, lps


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
        self.reset(logits)
        return self.run(chain)

    def reset(self, logits: np.ndarray) -> None:
        """Fill the candidates with the whole vocabulary's `logits`, in id order."""
        buf = self.buf
        buf["id"] = self._ids
        buf["logit"] = logits
        s = self._struct
        s.data = self.buf.ctypes.data_as(ctypes.POINTER(self._llama.llama_token_data))
        s.size = self.n_vocab
        s.selected = -1
        s.sorted = False

    def run(self, sampler: Any) -> tuple[int, np.ndarray]:
        """Apply `sampler` to the current candidates (samplers may be run one after another);
        returns (selected index or -1, surviving candidates view)."""
        buf = self.buf
        s = self._struct
        self._llama.llama_sampler_apply(sampler, self._ref)
        addr = ctypes.cast(s.data, ctypes.c_void_p).value
        if addr != buf.ctypes.data:  # a sampler swapped in its own buffer
            raw = (ctypes.c_char * (s.size * _TOKEN_DATA.itemsize)).from_address(addr)
            survivors = np.frombuffer(raw, dtype=_TOKEN_DATA, count=s.size)
        else:
            survivors = buf[: s.size]
        return int(s.selected), survivors


def filtered_top(
    survivors: np.ndarray, n: int, chosen_index: int, scratch: np.ndarray
) -> tuple[float | None, np.ndarray, np.ndarray]:
    """Top-n of the sampler's final distribution over the surviving candidates.

    `chosen_index` is the chosen token's index in `survivors` (-1 when the chain removed it).
    Returns (chosen logprob or None, token ids, logprobs); removed (-inf) entries never appear.
    """
    size = survivors.shape[0]
    if size == 0:
        return None, np.zeros(0, np.int32), np.zeros(0)
    logit = scratch[size : 2 * size] if scratch.shape[0] >= 2 * size else np.empty(size, np.float32)
    np.copyto(logit, survivors["logit"])
    chosen_lp, idx, lps = log_softmax_top(logit, n, max(chosen_index, 0), scratch)
    keep = np.isfinite(lps)
    idx, lps = idx[keep], lps[keep]
    if chosen_index < 0 or not math.isfinite(chosen_lp):
        chosen_lp = None  # type: ignore[assignment]
    return chosen_lp, survivors["id"][idx], lps


class GrammarGate:
    """llama.cpp's grammar sampler for one request, ahead of the chain.

    Applying a grammar to the whole vocabulary costs a walk of every token's text through the
    grammar's stacks, so (like llama.cpp's own common sampler) the chain's unconstrained pick
    is checked first, as a one-candidate array; only when the grammar refuses it is the grammar
    applied to every candidate and the chain run again on what is left. The result is the same
    distribution as grammar-first sampling. Only tokens the grammar allows are ever accepted:
    llama.cpp aborts the process on a refused token.
    """

    def __init__(self, llama: Any, sampler: Any) -> None:
        self._llama = llama
        self.sampler = sampler
        self._one = np.zeros(1, dtype=_TOKEN_DATA)
        self._one_struct = llama.llama_token_data_array()
        self._one_struct.data = self._one.ctypes.data_as(ctypes.POINTER(llama.llama_token_data))
        self._one_ref = ctypes.byref(self._one_struct)

    def allows(self, token: int) -> bool:
        one, st = self._one, self._one_struct
        one["id"][0] = token
        one["logit"][0] = 0.0
        st.size = 1  # `data` points at `one` since __init__ (its buffer never moves)
        st.selected = -1
        st.sorted = False
        self._llama.llama_sampler_apply(self.sampler, self._one_ref)
        return bool(np.isfinite(one["logit"][0]))

    def accept(self, token: int) -> None:
        self._llama.llama_sampler_accept(self.sampler, token)

    def free(self) -> None:
        if self.sampler is not None:
            self._llama.llama_sampler_free(self.sampler)
            self.sampler = None


def build_grammar(llama: Any, vocab: Any, spec: Any, token_id: Any) -> GrammarGate:
    """A GrammarGate for a protocol.GrammarSpec; EngineError (bad_request) when llama.cpp
    refuses the grammar. `token_id(text)` maps a trigger token's text to its id (or None)."""
    from desktop.core.engine import errors as E
    from desktop.core.engine.errors import EngineError

    gbnf = spec.gbnf.encode("utf-8")
    root = spec.root.encode("utf-8")
    if spec.lazy:
        patterns = [p.encode("utf-8") for p in spec.trigger_patterns]
        ids = [t for t in (token_id(text) for text in spec.trigger_tokens) if t is not None]
        pat_arr = (ctypes.c_char_p * max(1, len(patterns)))(*patterns)
        tok_arr = (llama.llama_token * max(1, len(ids)))(*ids)
        sampler = llama.llama_sampler_init_grammar_lazy_patterns(
            vocab, gbnf, root, pat_arr, len(patterns), tok_arr, len(ids)
        )
    else:
        sampler = llama.llama_sampler_init_grammar(vocab, gbnf, root)
    if not sampler:
        raise EngineError("bad_request", E.GRAMMAR_UNUSABLE(), E.GRAMMAR_UNUSABLE_HINT())
    return GrammarGate(llama, sampler)


def grammar_view(
    logits: np.ndarray, constrained: np.ndarray, n: int, scratch: np.ndarray
) -> tuple[float, float, np.ndarray, np.ndarray]:
    """How much of the model's own distribution a grammar removed at one step.

    `constrained` is `logits` with the refused tokens at -inf. Returns (removed mass 0-1,
    cost in nats = -ln(allowed mass), top-n allowed indices, their logprobs under the model's
    own distribution, not renormalized).
    """
    size = logits.shape[0]
    work = scratch[:size]
    m = float(logits.max())
    np.subtract(logits, m, out=work)
    np.exp(work, out=work)
    total = float(work.sum())
    allowed_mask = np.isfinite(constrained)
    allowed = float(work[allowed_mask].sum())
    lse = m + math.log(total)
    if allowed <= 0.0:
        removed, cost = 1.0, math.inf
    else:
        removed = max(0.0, 1.0 - allowed / total)
        cost = max(0.0, math.log(total) - math.log(allowed))
    if n:
        idx = _top_indices(constrained, n, m)
        lps = constrained[idx].astype(np.float64) - lse
        keep = np.isfinite(lps)
        idx, lps = idx[keep], lps[keep]
    else:
        idx, lps = np.zeros(0, np.intp), np.zeros(0)
    return removed, cost, idx, lps
