"""The decode loop: prompt -> KV cache -> sample, detokenize, stop-check, stream, repeat.

Runs in the engine process. Per-token work is constant: one llama_decode of one token, one
native sample, a cached piece lookup, an incremental UTF-8 decode, a bounded stop-string check,
and (only when asked) a top-N over the last logits. Tokens are sent in batches: the first one at
once (time to first token), then every ~12 ms or 64 tokens.
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from desktop.core.engine import errors as E
from desktop.core.engine.detok import Utf8StreamDecoder, display_piece
from desktop.core.engine.errors import EngineError
from desktop.core.engine.prompt import build_prompt, fit_prompt
from desktop.core.engine.protocol import ConstraintCost, Done, GenerateRequest, GenerationStats
from desktop.core.engine.runtime import ModelRuntime
from desktop.core.engine.sampling import (
    MAX_TOP_LOGPROBS,
    CandidateArray,
    GrammarGate,
    build_chain,
    build_grammar,
    filtered_top,
    grammar_view,
    log_softmax_top,
    penalties_active,
)
from desktop.core.engine.stops import StopFilter
from desktop.core.templates.thinking import thinking_token_count

FLUSH_SECONDS = 0.012
FLUSH_TOKENS = 64

# Wire format of one token (the client turns it into protocol.Token):
# (id, text, piece, logprob | None, ((id, text, logprob), ...) | None, forced
#  [, grammar_removed | None, ((id, text, logprob), ...) | None]) - the last two with a grammar
TokenTuple = tuple


class _GrammarTally:
    """Per-reply sums behind protocol.ConstraintCost."""

    __slots__ = ("tokens", "removed", "max_removed", "nats")

    def __init__(self) -> None:
        self.tokens = 0
        self.removed = 0.0
        self.max_removed = 0.0
        self.nats = 0.0

    def add(self, removed: float, cost: float) -> None:
        self.tokens += 1
        self.removed += removed
        self.max_removed = max(self.max_removed, removed)
        self.nats += cost

    def result(self) -> ConstraintCost | None:
        if not self.tokens:
            return None
        return ConstraintCost(self.tokens, self.removed / self.tokens, self.max_removed, self.nats)


class DecodeLoop:
    """Per-model state that outlives a request: scratch buffers and display-text caches."""

    def __init__(self, rt: ModelRuntime, crash_after: int = 0) -> None:
        self.rt = rt
        self.crash_after = crash_after
        self.generated_total = 0
        self._scratch: Any = None
        self._cands: CandidateArray | None = None
        self._display: dict[int, str] = {}

    def _top_tuple(self, ids: Any, lps: Any) -> tuple:
        display = self._display
        piece = self.rt.piece
        out = []
        for tid, lp in zip(ids.tolist(), lps.tolist(), strict=True):
            text = display.get(tid)
            if text is None:
                text = display[tid] = display_piece(piece(tid))
            out.append((tid, text, lp))
        return tuple(out)

    def run(
        self,
        req: GenerateRequest,
        is_cancelled: Callable[[], bool],
        send_tokens: Callable[[int, list[TokenTuple]], None],
        service: Callable[[], None],
    ) -> Done:
        rt, L = self.rt, self.rt.L
        p = req.params
        rid = req.request_id
        started = time.perf_counter()
        n_top = int(req.top_logprobs)
        if not 0 <= n_top <= MAX_TOP_LOGPROBS:
            raise EngineError("bad_request", E.TOP_LOGPROBS_RANGE(max=MAX_TOP_LOGPROBS))
        filtered = req.logprob_source == "filtered"
        for tid in req.forced_tokens:
            if not 0 <= tid < rt.n_vocab:
                raise EngineError("bad_request", E.FORCED_NOT_IN_VOCAB(id=tid))

        prompt = fit_prompt(rt, req, build_prompt(rt, req))
        reused = rt.reuse_prefix(prompt)
        t_eval = time.perf_counter()
        try:
            finished_eval = rt.decode(prompt[reused:], should_stop=is_cancelled)
        except EngineError:
            L.llama_memory_clear(rt.mem, True)
            rt.cached.clear()
            raise
        prompt_eval_seconds = time.perf_counter() - t_eval
        n_evaluated = len(prompt) - reused

        chain = build_chain(L, rt.n_vocab, p)
        gate: GrammarGate | None = None
        try:
            if req.grammar is not None:
                gate = build_grammar(L, rt.vocab, req.grammar, self._special_id)
                if self._cands is None:
                    self._cands = CandidateArray(L, rt.n_vocab)
            if penalties_active(p) and p.repeat_last_n != 0:
                tail = prompt if p.repeat_last_n < 0 else prompt[-p.repeat_last_n :]
                for tok in tail:
                    L.llama_sampler_accept(chain, tok)
            if n_top and self._scratch is None:
                self._scratch = np.empty(2 * rt.n_vocab, dtype=np.float32)
            if n_top and filtered and self._cands is None:
                self._cands = CandidateArray(L, rt.n_vocab)
            if not finished_eval:
                stats = _stats(prompt, n_evaluated, prompt_eval_seconds, started, None, None, 0)
                return Done(rid, "cancelled", stats, "")
            return self._loop(
                req,
                chain,
                gate,
                prompt,
                n_evaluated,
                prompt_eval_seconds,
                started,
                is_cancelled,
                send_tokens,
                service,
            )
        finally:
            L.llama_sampler_free(chain)
            if gate is not None:
                gate.free()

    def _special_id(self, text: str) -> int | None:
        ids = self.rt.tokenize(text, False, True)
        return ids[0] if len(ids) == 1 else None

    def _grammar_pick(
        self,
        gate: GrammarGate,
        chain: Any,
        n_top: int,
        filtered: bool,
        forced: int | None,
        fast_greedy: bool,
        tally: _GrammarTally,
    ) -> tuple[int, Any, Any, Any, Any]:
        """One token under a grammar: (token, logprob, top, removed mass, allowed top).

        With top_logprobs the grammar is applied to the whole vocabulary (the lesson needs
        what it removed); otherwise the chain's pick is checked first (see GrammarGate)."""

        rt = self.rt
        logits = rt.logits()
        cands = self._cands
        assert cands is not None
        lp = top = removed = allowed_top = None
        if n_top:
            scratch = self._scratch
            cands.reset(logits)
            cands.run(gate.sampler)
            constrained = scratch[rt.n_vocab : 2 * rt.n_vocab]
            np.copyto(constrained, cands.buf["logit"])
            removed, cost, gidx, glps = grammar_view(logits, constrained, n_top, scratch)
            if not math.isfinite(cost):
                raise _dead_end()
            tally.add(removed, cost)
            allowed_top = self._top_tuple(gidx, glps)
            if forced is not None:
                if not math.isfinite(float(constrained[forced])):
                    raise _forced_refused()
                tok = forced
                if filtered:
                    _, surv = cands.run(chain)
                    where = np.flatnonzero(surv["id"] == tok)
                    at = int(where[0]) if where.size else -1
                    lp, ids, lps = filtered_top(surv, n_top, at, scratch)
                    if lp is None:
                        lp = log_softmax_top(logits, 1, tok, scratch)[0]
                else:
                    lp, ids, lps = log_softmax_top(logits, n_top, tok, scratch)
            else:
                sel, surv = cands.run(chain)
                tok = int(surv["id"][sel])
                if filtered:
                    lp, ids, lps = filtered_top(surv, n_top, sel, scratch)
                else:
                    lp, ids, lps = log_softmax_top(logits, n_top, tok, scratch)
            top = self._top_tuple(ids, lps)
            return tok, lp, top, removed, allowed_top
        if forced is not None:
            if not gate.allows(forced):
                raise _forced_refused()
            return forced, None, None, None, None
        if fast_greedy:
            tok = int(logits.argmax())
        else:
            sel, surv = cands.apply(chain, logits)
            tok = int(surv["id"][sel])
        if gate.allows(tok):
            return tok, None, None, None, None
        cands.reset(logits)
        _, surv = cands.run(gate.sampler)
        if not np.isfinite(surv["logit"]).any():
            raise _dead_end()
        sel, surv = cands.run(chain)
        return int(surv["id"][sel]), None, None, None, None

    def _loop(
        self,
        req: GenerateRequest,
        chain: Any,
        gate: GrammarGate | None,
        prompt: list[int],
        n_evaluated: int,
        prompt_eval_seconds: float,
        started: float,
        is_cancelled: Callable[[], bool],
        send_tokens: Callable[[int, list[TokenTuple]], None],
        service: Callable[[], None],
    ) -> Done:
        rt, L = self.rt, self.rt.L
        p = req.params
        rid = req.request_id
        ctx = rt.ctx
        n_ctx = rt.n_ctx
        cached = rt.cached
        n_top = int(req.top_logprobs)
        filtered = req.logprob_source == "filtered"
        forced = req.forced_tokens
        n_forced = len(forced)
        max_tokens = p.max_tokens if p.max_tokens > 0 else math.inf
        rolling = req.overflow == "rolling_window" and rt.can_shift
        n_keep = 1 if prompt and prompt[0] == L.llama_vocab_bos(rt.vocab) else 0
        sample = L.llama_sampler_sample
        # Greedy without penalties needs no sampler state: an argmax over the logits view is
        # several times cheaper than building llama.cpp's 32k-entry candidate array per token.
        fast_greedy = p.temperature <= 0 and not penalties_active(p)
        tally = _GrammarTally()
        g_removed = g_top = None
        bias_ids = bias_vals = None
        if fast_greedy and p.logit_bias:
            bias_ids = np.array([t for t, _ in p.logit_bias], dtype=np.intp)
            bias_vals = np.array([b for _, b in p.logit_bias], dtype=np.float32)
        accept = L.llama_sampler_accept
        is_eog = L.llama_vocab_is_eog
        vocab = rt.vocab
        piece_of = rt.piece
        decoder = Utf8StreamDecoder()
        feed = decoder.feed
        stops: StopFilter[list[Any]] = StopFilter(_stop_strings(rt, req))
        use_stops = stops.active
        crash_after = self.crash_after
        scratch: Any = self._scratch
        cands: Any = self._cands
        perf = time.perf_counter

        pending: list[TokenTuple] = []
        texts: list[str] = []
        n_gen = 0
        t_first: float | None = None
        t_last = started
        last_flush = 0.0
        finish = "length"

        while True:
            if is_cancelled():
                finish = "cancelled"
                break
            if n_gen >= max_tokens:
                finish = "length"
                break
            lp = None
            top = None
            is_forced = n_gen < n_forced
            if gate is not None:
                tok, lp, top, g_removed, g_top = self._grammar_pick(
                    gate,
                    chain,
                    n_top,
                    filtered,
                    forced[n_gen] if is_forced else None,
                    fast_greedy and bias_ids is None,
                    tally,
                )
                accept(chain, tok)
            elif is_forced:
                tok = forced[n_gen]
                if n_top:
                    if filtered:
                        _, surv = cands.apply(chain, rt.logits())
                        where = np.flatnonzero(surv["id"] == tok)
                        at = int(where[0]) if where.size else -1
                        lp, ids, lps = filtered_top(surv, n_top, at, scratch)
                        if lp is None:  # the filters removed it: report the model's own view
                            lp = log_softmax_top(rt.logits(), 1, tok, scratch)[0]
                    else:
                        lp, ids, lps = log_softmax_top(rt.logits(), n_top, tok, scratch)
                    top = self._top_tuple(ids, lps)
                accept(chain, tok)
            elif n_top and filtered:
                sel, surv = cands.apply(chain, rt.logits())
                tok = int(surv["id"][sel])
                accept(chain, tok)
                lp, ids, lps = filtered_top(surv, n_top, sel, scratch)
                top = self._top_tuple(ids, lps)
            elif fast_greedy:
                logits = rt.logits()
                if bias_ids is not None:
                    saved = logits[bias_ids]
                    logits[bias_ids] = saved + bias_vals
                    tok = int(logits.argmax())
                    logits[bias_ids] = saved
                else:
                    tok = int(logits.argmax())
                if n_top:
                    lp, ids, lps = log_softmax_top(logits, n_top, tok, scratch)
                    top = self._top_tuple(ids, lps)
            else:
                tok = sample(chain, ctx, -1)
                if n_top:
                    lp, ids, lps = log_softmax_top(rt.logits(), n_top, tok, scratch)
                    top = self._top_tuple(ids, lps)
            if not is_forced and is_eog(vocab, tok):
                finish = "stop"
                break
            if gate is not None:
                gate.accept(tok)
            n_gen += 1
            self.generated_total += 1
            if crash_after and self.generated_total >= crash_after:
                crash_for_test()  # TESSERA_ENGINE_CRASH_AFTER: a native crash mid-reply
            piece = piece_of(tok)
            text = feed(piece)
            if use_stops:
                rec_in = [tok, piece, lp, top, is_forced, g_removed, g_top]
                for rec, shown in stops.push(rec_in, text):
                    pending.append(_wire(rec, shown, gate is not None))
                    texts.append(shown)
            elif gate is not None:
                pending.append((tok, text, piece, lp, top, is_forced, g_removed, g_top))
                texts.append(text)
            else:
                pending.append((tok, text, piece, lp, top, is_forced))
                texts.append(text)
            now = perf()
            if t_first is None:
                t_first = now
            t_last = now
            if stops.stopped:
                finish = "stop"
                break
            if pending and (
                last_flush == 0.0
                or len(pending) >= FLUSH_TOKENS
                or now - last_flush >= FLUSH_SECONDS
            ):
                send_tokens(rid, pending)
                pending = []
                last_flush = now
                service()
            if n_gen >= max_tokens:
                finish = "length"
                break
            if len(cached) >= n_ctx:
                if not rolling:
                    finish = "context_full"
                    break
                n_discard = max(1, (len(cached) - n_keep) // 2)
                rt.shift_out(n_keep, n_discard)
            rt.decode_one(tok)

        if use_stops and not stops.stopped:
            for rec, shown in stops.finish():
                pending.append(_wire(rec, shown, gate is not None))
                texts.append(shown)
        if pending:
            send_tokens(rid, pending)
        stats = _stats(prompt, n_evaluated, prompt_eval_seconds, started, t_first, t_last, n_gen)
        if not req.continue_last:
            thinking = thinking_token_count(texts)
            if thinking:
                stats = dataclasses.replace(stats, thinking_tokens=thinking)
        return Done(rid, finish, stats, "".join(texts), tally.result())  # type: ignore[arg-type]


def _dead_end() -> EngineError:
    return EngineError("bad_request", E.GRAMMAR_DEAD_END(), E.GRAMMAR_DEAD_END_HINT())


def _forced_refused() -> EngineError:
    return EngineError("bad_request", E.GRAMMAR_FORCED_REFUSED(), E.GRAMMAR_FORCED_REFUSED_HINT())


def _wire(rec: list[Any], shown: str, with_grammar: bool) -> TokenTuple:
    if with_grammar:
        return (rec[0], shown, rec[1], rec[2], rec[3], rec[4], rec[5], rec[6])
    return (rec[0], shown, rec[1], rec[2], rec[3], rec[4])


def _stop_strings(rt: ModelRuntime, req: GenerateRequest) -> tuple[str, ...]:
    """The request's stop strings, plus the turn markers of a built-in chat template the model
    did not ship (it may write them as text instead of ending its turn)."""
    template = rt.info.template
    if req.messages is None or template is None or not template.stops:
        return req.params.stop
    return tuple(dict.fromkeys(req.params.stop + template.stops))


def _stats(
    prompt: list[int],
    n_evaluated: int,
    prompt_eval_seconds: float,
    started: float,
    t_first: float | None,
    t_last: float | None,
    n_gen: int,
) -> GenerationStats:
    end = time.perf_counter()
    decode_seconds = (t_last - t_first) if (t_first is not None and t_last is not None) else 0.0
    return GenerationStats(
        prompt_tokens=len(prompt),
        prompt_tokens_evaluated=n_evaluated,
        prompt_eval_seconds=prompt_eval_seconds,
        ttft_seconds=(t_first - started) if t_first is not None else 0.0,
        completion_tokens=n_gen,
        decode_seconds=decode_seconds,
        decode_tok_s=(n_gen - 1) / decode_seconds if n_gen > 1 and decode_seconds > 0 else 0.0,
        prompt_tok_s=n_evaluated / prompt_eval_seconds if prompt_eval_seconds > 0 else 0.0,
        total_seconds=end - started,
    )


def crash_for_test() -> None:
    """The crash test hook: with TESSERA_ENGINE_CRASH_NATIVE=1 it dies as llama.cpp's
    GGML_ABORT does (a message, a native backtrace through gdb when installed, SIGABRT);
    otherwise it calls abort() directly."""
    if os.environ.get("TESSERA_ENGINE_CRASH_NATIVE"):
        import ctypes

        import llama_cpp

        lib_dir = os.path.join(os.path.dirname(llama_cpp.__file__), "lib")
        for name in ("libggml-base.so", "libggml-base.dylib", "ggml-base.dll"):
            if os.path.exists(os.path.join(lib_dir, name)):
                ggml = ctypes.CDLL(os.path.join(lib_dir, name))
                ggml.ggml_abort(b"tessera-test", 1, b"crash requested by the test hook")
    os.abort()
