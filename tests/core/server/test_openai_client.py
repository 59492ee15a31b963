"""The official openai client against Tessera's server over the local engine: what a script,
an editor plugin or a notebook pointed at http://127.0.0.1:PORT/v1 gets."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

import pytest

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.protocol import ChatMessage
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer

from .conftest import MODEL_ID, Api

CHAT = [
    {"role": "system", "content": "You answer briefly."},
    {"role": "user", "content": "Name a colour. 你好"},
]
GREEDY = {"temperature": 0.0, "max_tokens": 24}


@pytest.fixture(scope="module")
def vocab(tiny_model_path) -> Iterator[ModelVocabTokenizer]:
    """The model's own vocabulary, read apart from the server: the ids it must agree with."""
    tokenizer = ModelVocabTokenizer(tiny_model_path)
    yield tokenizer
    tokenizer.close()


def test_models_list_names_the_loaded_model(api: Api) -> None:
    models = api.client.models.list()
    assert [m.id for m in models.data] == [MODEL_ID]
    assert models.data[0].owned_by == "local"
    assert api.client.models.retrieve(MODEL_ID).id == MODEL_ID


def test_whole_chat_reply_has_usage_and_null_logprobs(api: Api, tiny_backend: LocalBackend) -> None:
    reply = api.client.chat.completions.create(model=MODEL_ID, messages=CHAT, **GREEDY)
    choice = reply.choices[0]
    assert reply.object == "chat.completion" and reply.model == MODEL_ID
    assert choice.message.role == "assistant" and choice.message.content
    assert choice.finish_reason in ("stop", "length")
    rendered = tiny_backend.apply_template([ChatMessage(**m) for m in CHAT])
    prompt_ids = tiny_backend.tokenize(rendered).ids
    usage = reply.usage
    assert usage is not None and usage.prompt_tokens == len(prompt_ids)
    assert 0 < usage.completion_tokens <= 24
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    if choice.finish_reason == "length":
        assert usage.completion_tokens == 24
    # Strict clients need the key present and null, not missing.
    raw = api.http.post(
        api.url + "/chat/completions", json={"model": MODEL_ID, "messages": CHAT, **GREEDY}
    ).json()
    assert "logprobs" in raw["choices"][0] and raw["choices"][0]["logprobs"] is None
    assert raw["choices"][0]["message"]["content"] == choice.message.content


def test_streamed_chat_is_the_whole_reply_in_pieces_with_a_usage_chunk(api: Api) -> None:
    whole = api.client.chat.completions.create(model=MODEL_ID, messages=CHAT, **GREEDY)
    chunks = list(
        api.client.chat.completions.create(
            model=MODEL_ID,
            messages=CHAT,
            stream=True,
            stream_options={"include_usage": True},
            **GREEDY,
        )
    )
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len({c.id for c in chunks}) == 1
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    finals = [
        c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason
    ]
    assert finals == [whole.choices[0].finish_reason]
    assert all(c.usage is None for c in chunks[:-1])
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == whole.usage.completion_tokens
    assert chunks[-1].usage.prompt_tokens == whole.usage.prompt_tokens


def test_stream_without_usage_option_sends_no_usage(api: Api) -> None:
    chunks = list(
        api.client.chat.completions.create(model=MODEL_ID, messages=CHAT, stream=True, **GREEDY)
    )
    assert all(c.choices for c in chunks) and all(c.usage is None for c in chunks)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_chat_logprobs_in_openai_shape(api: Api, stream: bool) -> None:
    args = {"model": MODEL_ID, "messages": CHAT, "logprobs": True, "top_logprobs": 5, **GREEDY}
    if stream:
        chunks = list(api.client.chat.completions.create(stream=True, **args))
        content = "".join(c.choices[0].delta.content or "" for c in chunks)
        entries = [
            e for c in chunks if c.choices[0].logprobs for e in c.choices[0].logprobs.content
        ]
        completion_tokens = None
    else:
        reply = api.client.chat.completions.create(**args)
        content = reply.choices[0].message.content or ""
        entries = reply.choices[0].logprobs.content
        completion_tokens = reply.usage.completion_tokens
    assert entries
    if completion_tokens is not None:
        assert len(entries) == completion_tokens
    # The bytes of every token, joined, are the reply (also where a token ends mid-character;
    # an unfinished character at the very end is not text yet).
    joined = b"".join(bytes(e.bytes) for e in entries)
    assert codecs.getincrementaldecoder("utf-8")("replace").decode(joined) == content
    for e in entries:
        if e.token.startswith("bytes:"):
            assert e.token == "bytes:" + "".join(f"\\x{b:02x}" for b in e.bytes)
        else:
            assert e.token.encode("utf-8") == bytes(e.bytes)
        assert len(e.top_logprobs) == 5
        tops = [t.logprob for t in e.top_logprobs]
        assert tops == sorted(tops, reverse=True) and all(t <= 0 for t in tops)
        # Greedy: the chosen token is the most likely one.
        assert bytes(e.top_logprobs[0].bytes) == bytes(e.bytes)
        assert e.logprob == pytest.approx(e.top_logprobs[0].logprob)


def test_logprobs_without_alternatives(api: Api) -> None:
    reply = api.client.chat.completions.create(
        model=MODEL_ID, messages=CHAT, logprobs=True, **GREEDY
    )
    entries = reply.choices[0].logprobs.content
    assert entries and all(e.top_logprobs == [] and e.logprob <= 0 for e in entries)
    most = api.client.chat.completions.create(
        model=MODEL_ID, messages=CHAT, logprobs=True, top_logprobs=20, max_tokens=3
    )
    assert all(len(e.top_logprobs) == 20 for e in most.choices[0].logprobs.content)


def test_text_completion_with_logprobs_in_legacy_shape(api: Api) -> None:
    prompt = "The quick brown fox"
    reply = api.client.completions.create(
        model=MODEL_ID, prompt=prompt, max_tokens=10, temperature=0, logprobs=3
    )
    choice = reply.choices[0]
    assert reply.object == "text_completion" and choice.text
    lp = choice.logprobs
    n = reply.usage.completion_tokens
    assert len(lp.tokens) == len(lp.token_logprobs) == len(lp.top_logprobs) == n
    assert len(lp.text_offset) == n and lp.text_offset[0] == len(prompt)
    assert lp.text_offset == sorted(lp.text_offset)
    assert lp.text_offset[-1] <= len(prompt) + len(choice.text)
    for token, logprob, top in zip(lp.tokens, lp.token_logprobs, lp.top_logprobs, strict=True):
        assert 1 <= len(top) <= 3 and logprob <= 0
        assert max(top.values()) == pytest.approx(logprob)  # greedy: the top one
        assert token in top
    streamed = list(
        api.client.completions.create(
            model=MODEL_ID, prompt=prompt, max_tokens=10, temperature=0, logprobs=3, stream=True
        )
    )
    assert "".join(c.choices[0].text for c in streamed) == choice.text
    tokens = [t for c in streamed if c.choices[0].logprobs for t in c.choices[0].logprobs.tokens]
    assert tokens == lp.tokens


def test_a_prompt_of_token_ids_completes_like_its_text(api: Api, vocab) -> None:
    ids = vocab.encode("The quick brown fox", add_special=True)
    by_text = api.client.completions.create(
        model=MODEL_ID, prompt="The quick brown fox", max_tokens=8, temperature=0
    )
    by_ids = api.client.completions.create(model=MODEL_ID, prompt=ids, max_tokens=8, temperature=0)
    assert by_ids.choices[0].text == by_text.choices[0].text
    assert by_ids.usage.prompt_tokens == by_text.usage.prompt_tokens == len(ids)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_stop_strings_end_the_reply_before_them(api: Api, stream: bool) -> None:
    free = api.client.chat.completions.create(
        model=MODEL_ID, messages=CHAT, temperature=0, max_tokens=40
    )
    text = free.choices[0].message.content or ""
    word = next((m for m in re.finditer(r"[A-Za-z]{3,}", text) if m.start() > 0), None)
    assert word is not None, f"no word to stop at in {text!r}"
    stop = word.group()
    args = {"model": MODEL_ID, "messages": CHAT, "temperature": 0, "max_tokens": 40}
    if stream:
        chunks = list(
            api.client.chat.completions.create(stop=[stop, "never here"], stream=True, **args)
        )
        got = "".join(c.choices[0].delta.content or "" for c in chunks)
        reason = [c.choices[0].finish_reason for c in chunks if c.choices[0].finish_reason][0]
    else:
        reply = api.client.chat.completions.create(stop=stop, **args)
        got, reason = reply.choices[0].message.content, reply.choices[0].finish_reason
    assert got == text[: text.index(stop)]
    assert reason == "stop"


def test_a_seed_makes_a_sampled_reply_reproducible(api: Api) -> None:
    def sample(seed: int) -> str:
        reply = api.client.chat.completions.create(
            model=MODEL_ID, messages=CHAT, temperature=1.0, top_p=1.0, max_tokens=20, seed=seed
        )
        return reply.choices[0].message.content or ""

    first = sample(42)
    assert sample(42) == first
    assert len({first, sample(1), sample(2), sample(3)}) > 1  # the seed does choose


def test_tokenize_and_detokenize_in_llama_server_shape(api: Api, vocab) -> None:
    text = "Hello 你好 world"
    expected = vocab.encode(text)
    with_bos = vocab.encode(text, add_special=True)
    plain = api.http.post(api.root + "/tokenize", json={"content": text}).json()
    assert plain == {"tokens": expected}
    special = api.http.post(api.root + "/tokenize", json={"content": text, "add_special": True})
    assert special.json()["tokens"] == with_bos
    pieces = api.http.post(
        api.root + "/tokenize", json={"content": text, "with_pieces": True}
    ).json()["tokens"]
    assert [p["id"] for p in pieces] == expected
    joined = b"".join(
        bytes(p["piece"]) if isinstance(p["piece"], list) else p["piece"].encode() for p in pieces
    )
    assert joined.decode("utf-8") == text
    back = api.http.post(api.root + "/detokenize", json={"tokens": expected}).json()
    assert back == {"content": text}
