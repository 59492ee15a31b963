"""Streaming replies through the real engine process on the tiny model."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient, EngineError
from desktop.core.engine.protocol import (
    ChatMessage,
    Done,
    EngineErrorEvent,
    GenerateRequest,
    SamplingParams,
    TokenBatch,
)

from .conftest import N_CTX

_ids = iter(range(1, 1_000_000))
GREEDY = SamplingParams(temperature=0.0, max_tokens=24)
CHAT = (ChatMessage("system", "You are terse."), ChatMessage("user", "Hello, world!"))


def request(**kw) -> GenerateRequest:
    kw.setdefault("params", GREEDY)
    if not any(k in kw for k in ("text", "token_ids", "messages")):
        kw["messages"] = CHAT
    return GenerateRequest(request_id=next(_ids), **kw)


def run(client: EngineClient, **kw) -> tuple[list, Done]:
    gen = client.generate(request(**kw))
    events = list(gen)
    assert isinstance(events[-1], (Done, EngineErrorEvent))
    assert all(isinstance(e, TokenBatch) for e in events[:-1])
    if isinstance(events[-1], EngineErrorEvent):
        raise EngineError.from_event(events[-1])
    tokens = [t for e in events[:-1] for t in e.tokens]
    return tokens, events[-1]


def test_load_reports_model_info(loaded: EngineClient) -> None:
    info = loaded.model_info
    assert info is not None and loaded.is_loaded
    assert (info.architecture, info.name, info.file_type) == ("llama", "tessera-tiny", "F16")
    assert (info.n_layers, info.n_ctx_train, info.n_ctx, info.n_vocab) == (2, 2048, N_CTX, 846)
    assert info.chat_template and "<|im_start|>" in info.chat_template
    assert info.special_tokens["<|im_end|>"] == 845
    assert info.eos_token == "<|im_end|>"
    assert info.backend == "CPU" and info.n_gpu_layers_offloaded == 0
    assert info.n_params > 100_000 and info.size_bytes > 0
    assert info.warnings == ()


def test_warnings_for_gpu_on_cpu_build_and_long_context(
    engine: EngineClient, tiny_model_path: Path
) -> None:
    from desktop.core.engine.buildinfo import describe_build
    from desktop.core.engine.protocol import LoadOptions

    progress: list[float] = []
    info = engine.load(
        LoadOptions(path=str(tiny_model_path), n_ctx=4096, n_gpu_layers=-1),
        on_progress=progress.append,
    )
    assert progress and progress[-1] == 1.0 and progress == sorted(progress)
    assert info.n_ctx == 4096
    codes = {w.code for w in info.warnings}
    assert "engine.warning.context_beyond_trained" in codes
    assert any("4096" in str(w) and "2048" in str(w) for w in info.warnings)
    if describe_build().gpu_offload:
        assert info.n_gpu_layers_offloaded == info.n_layers + 1
        assert info.backend != "CPU"
    else:
        assert info.n_gpu_layers_offloaded == 0 and info.backend == "CPU"
        assert "engine.warning.cpu_only_build" in codes
    # It still generates, on the CPU.
    _, done = run(engine)
    assert done.stats.completion_tokens == GREEDY.max_tokens


def test_stream_batches_then_done(loaded: EngineClient) -> None:
    tokens, done = run(loaded)
    assert done.finish_reason == "length"
    assert len(tokens) == done.stats.completion_tokens == GREEDY.max_tokens
    assert "".join(t.text for t in tokens) == done.text
    assert all(t.logprob is None and t.top is None for t in tokens)
    stats = done.stats
    assert stats.prompt_tokens > 10 and stats.ttft_seconds > 0 and stats.decode_tok_s > 0


def test_callback_and_iteration_see_the_same_events(loaded: EngineClient) -> None:
    seen: list = []
    threads: set[str] = set()

    def on_event(event) -> None:
        seen.append(event)
        threads.add(threading.current_thread().name)

    gen = loaded.generate(request(), on_event=on_event)
    events = list(gen)
    assert gen.wait(5) is events[-1]
    assert seen == events
    assert threading.current_thread().name not in threads  # the client's reader thread
    assert gen.text == events[-1].text


def test_greedy_and_seeded_sampling_are_deterministic(loaded: EngineClient) -> None:
    a, _ = run(loaded)
    b, _ = run(loaded)
    assert [t.id for t in a] == [t.id for t in b]
    sampled = SamplingParams(temperature=0.9, top_k=0, top_p=1.0, min_p=0.0, seed=7, max_tokens=24)
    c, _ = run(loaded, params=sampled)
    d, _ = run(loaded, params=sampled)
    assert [t.id for t in c] == [t.id for t in d]
    other = SamplingParams(temperature=0.9, top_k=0, top_p=1.0, min_p=0.0, seed=8, max_tokens=24)
    e, _ = run(loaded, params=other)
    assert [t.id for t in e] != [t.id for t in c]


def test_raw_text_and_token_id_prompts(loaded: EngineClient) -> None:
    ids = loaded.tokenize("The quick brown fox")
    by_text, done_text = run(loaded, text="The quick brown fox")
    by_ids, done_ids = run(loaded, token_ids=tuple(ids))
    assert [t.id for t in by_text] == [t.id for t in by_ids]
    assert done_text.stats.prompt_tokens == done_ids.stats.prompt_tokens == len(ids)


def test_stop_string_split_across_tokens_never_leaks(loaded: EngineClient) -> None:
    tokens, done = run(loaded, params=SamplingParams(temperature=0.0, max_tokens=64))
    text = done.text
    # A stop string made of the end of one token and the start of the next.
    offset = 0
    stop = None
    for left, right in zip(tokens, tokens[1:], strict=False):
        offset += len(left.text)
        if len(left.text) >= 2 and len(right.text) >= 2:
            candidate = left.text[-2:] + right.text[:2]
            if "\ufffd" not in candidate and text.find(candidate) == offset - 2:
                stop = candidate
                break
    assert stop is not None, "greedy output has no usable token boundary"
    expected = text[: text.find(stop)]
    params = SamplingParams(temperature=0.0, max_tokens=64, stop=("never-there", stop))
    stopped, done2 = run(loaded, params=params)
    assert done2.finish_reason == "stop"
    assert done2.text == expected
    streamed = "".join(t.text for t in stopped)
    assert streamed == expected and stop not in streamed


def test_max_tokens_ends_with_length(loaded: EngineClient) -> None:
    tokens, done = run(loaded, params=SamplingParams(temperature=0.0, max_tokens=3))
    assert done.finish_reason == "length" and len(tokens) == 3


def test_end_of_turn_token_ends_with_stop(loaded: EngineClient) -> None:
    eot = loaded.model_info.special_tokens["<|im_end|>"]
    params = SamplingParams(temperature=0.0, max_tokens=50, logit_bias=((eot, 100.0),))
    tokens, done = run(loaded, params=params)
    assert done.finish_reason == "stop" and tokens == [] and done.text == ""


def test_cancel_ends_an_endless_reply_and_keeps_partial_text(loaded: EngineClient) -> None:
    # Without the cancel this reply runs for 100,000 tokens; how fast a cancel lands is a
    # speed goal: bench/engine_latency_bench.py.
    params = SamplingParams(temperature=0.0, max_tokens=100_000)
    gen = loaded.generate(request(params=params, overflow="rolling_window"))
    received: list = []
    for event in gen:
        received.append(event)
        if sum(len(e.tokens) for e in received if isinstance(e, TokenBatch)) >= 20:
            break
    gen.cancel()
    done = gen.wait(60)
    assert done.finish_reason == "cancelled"
    assert 20 <= done.stats.completion_tokens < params.max_tokens
    assert done.text and gen.text == done.text
    assert done.text.startswith("".join(t.text for e in received for t in e.tokens))


def test_new_generate_cancels_the_running_one(loaded: EngineClient) -> None:
    params = SamplingParams(temperature=0.0, max_tokens=100_000)
    first = loaded.generate(request(params=params, overflow="rolling_window"))
    second = loaded.generate(request())
    assert first.wait(5).finish_reason == "cancelled"
    assert second.wait(5).finish_reason == "length"


def test_context_full_ends_the_reply(loaded: EngineClient) -> None:
    tokens, done = run(loaded, params=SamplingParams(temperature=0.0, max_tokens=0))
    assert done.finish_reason == "context_full"
    assert done.stats.prompt_tokens + len(tokens) >= N_CTX


def test_prompt_longer_than_context_is_refused_with_stop_policy(loaded: EngineClient) -> None:
    long_text = "The quick brown fox jumps over the lazy dog. " * 200
    with pytest.raises(EngineError) as err:
        run(loaded, text=long_text)
    assert err.value.kind == "context_full"
    assert str(N_CTX) in err.value.message
    # The engine is still usable.
    assert run(loaded)[1].finish_reason == "length"


def test_truncate_middle_keeps_system_prompt_and_latest(loaded: EngineClient) -> None:
    history = [ChatMessage("system", "You are terse.")]
    for i in range(40):
        history.append(ChatMessage("user", f"Question {i}: the quick brown fox jumps."))
        history.append(ChatMessage("assistant", "The lazy dog sleeps over the context window."))
    history.append(ChatMessage("user", "Last question: 你好"))
    full_text, full_ids = loaded.render_prompt(history)
    assert len(full_ids) > N_CTX
    _, done = run(loaded, messages=tuple(history), overflow="truncate_middle")
    assert done.finish_reason == "length"
    assert done.stats.prompt_tokens <= N_CTX - GREEDY.max_tokens
    # The kept prompt is the system prompt plus the latest messages.
    kept = [history[0], *history[-(len(history) // 4) :]]
    _, kept_ids = loaded.render_prompt(kept)
    assert done.stats.prompt_tokens >= len(kept_ids)


def test_rolling_window_generates_past_the_context(loaded: EngineClient) -> None:
    params = SamplingParams(temperature=0.0, max_tokens=N_CTX + 50)
    tokens, done = run(loaded, params=params, overflow="rolling_window")
    assert done.finish_reason == "length" and len(tokens) == N_CTX + 50


def test_kv_cache_reused_across_chat_turns(loaded: EngineClient) -> None:
    turn1 = (ChatMessage("system", "You are a helpful assistant."), ChatMessage("user", "Hi!"))
    _, done1 = run(loaded, messages=turn1)
    turn2 = (*turn1, ChatMessage("assistant", "Hello there."), ChatMessage("user", "More, 请。"))
    _, ids1 = loaded.render_prompt(turn1)
    _, ids2 = loaded.render_prompt(turn2)
    _, done2 = run(loaded, messages=turn2)
    assert done2.stats.prompt_tokens == len(ids2)
    # Only what follows turn 1's prompt is evaluated again.
    assert done2.stats.prompt_tokens_evaluated <= len(ids2) - len(ids1)
    assert done1.stats.prompt_tokens_evaluated > done2.stats.prompt_tokens_evaluated
    # The same request again needs a single token (for fresh logits).
    _, done3 = run(loaded, messages=turn2)
    assert done3.stats.prompt_tokens_evaluated == 1


def test_chinese_split_across_byte_tokens_is_emitted_once(loaded: EngineClient) -> None:
    # In the tiny vocabulary the first 256 ids are the single bytes.
    forced = tuple("你好".encode())  # e4 bd a0 e5 a5 bd
    tokens, done = run(
        loaded, params=SamplingParams(temperature=0.0, max_tokens=6), forced_tokens=forced
    )
    assert [t.id for t in tokens] == list(forced)
    assert all(t.forced for t in tokens)
    assert [t.text for t in tokens] == ["", "", "你", "", "", "好"]
    assert [t.piece for t in tokens] == [bytes([b]) for b in forced]
    assert done.text == "你好"


def test_bad_requests_are_clear_errors(loaded: EngineClient) -> None:
    with pytest.raises(EngineError) as err:
        run(loaded, token_ids=(5, 99_999))
    assert err.value.kind == "bad_request" and "99999" in err.value.message
    with pytest.raises(EngineError) as err:
        run(loaded, top_logprobs=50)
    assert err.value.kind == "bad_request"
    with pytest.raises(EngineError) as err:
        loaded.generate(GenerateRequest(request_id=next(_ids), text="a", messages=CHAT)).wait(5)
    assert err.value.kind == "bad_request"
    assert run(loaded)[1].finish_reason == "length"


def test_tokenize_detokenize_count_and_render(loaded: EngineClient) -> None:
    text = "Hello, world! 你好，世界！"
    ids = loaded.tokenize(text)
    assert loaded.detokenize(ids) == text
    assert loaded.count_tokens(text) == len(ids)
    assert loaded.tokenize("<|im_end|>") == [845]
    assert len(loaded.tokenize("<|im_end|>", parse_special=False)) > 1
    prompt, prompt_ids = loaded.render_prompt(CHAT)
    assert prompt.endswith("<|im_start|>assistant\n")
    assert loaded.detokenize(prompt_ids) == prompt
    cont, _ = loaded.render_prompt([*CHAT, ChatMessage("assistant", "Once")], continue_last=True)
    assert cont.endswith("<|im_start|>assistant\nOnce")


def test_unloaded_client_refuses_politely(tiny_model_path: Path) -> None:
    client = EngineClient()
    try:
        with pytest.raises(EngineError) as err:
            client.generate(request())
        assert err.value.kind == "not_loaded"
        with pytest.raises(EngineError):
            client.tokenize("x")
        assert not client.is_alive and client.model_info is None
    finally:
        client.close()


def test_quick_calls_are_answered_while_a_reply_streams(loaded: EngineClient) -> None:
    params = SamplingParams(temperature=0.0, max_tokens=100_000)
    gen = loaded.generate(request(params=params, overflow="rolling_window"))
    try:
        next(iter(gen))  # streaming has started
        # Answered between token batches: the endless reply is still running afterwards.
        assert loaded.count_tokens("你好，世界！") == len(loaded.tokenize("你好，世界！"))
        assert not gen.finished
    finally:
        gen.cancel()
    assert gen.wait(5).finish_reason == "cancelled"
