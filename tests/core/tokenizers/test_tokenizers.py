"""Tokenizers: the model's own vocabulary through llama.cpp, tiktoken files, offsets and counts."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from desktop.core.gguf.tiny_model import corpus_samples
from desktop.core.tokenizers import (
    TiktokenCache,
    TokenizerError,
    TokenizerRegistry,
    count_tokens,
    parse_spec,
)
from desktop.core.tokenizers.base import offsets_from_pieces
from desktop.core.tokenizers.display import build_display, whole_character_groups
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer
from desktop.core.tokenizers.prompt import tokenize_prompt

HARD_TEXTS = [
    *corpus_samples(),
    "emoji 🙂 and a family 👨‍👩‍👧 (ZWJ) and flags 🇫🇷",
    "right to left: שלום עולם and مرحبا بالعالم",
    "NUL\x00inside\x00 and tabs\tand\r\nCRLF",
    "<|im_start|>user\n你好<|im_end|>\n",
    "   leading and trailing spaces   ",
    "",
]


@pytest.fixture(scope="module")
def model_vocab(tiny_model_path: Path):
    tokenizer = ModelVocabTokenizer(tiny_model_path)
    yield tokenizer
    tokenizer.close()


@pytest.fixture(scope="module")
def llama_reference(tiny_model_path: Path):
    import llama_cpp

    llm = llama_cpp.Llama(str(tiny_model_path), vocab_only=True, verbose=False)
    yield llm
    llm.close()


def write_ranks_file(path: Path, merges: list[bytes]) -> Path:
    """A small encoding in tiktoken's file format: 256 single bytes, then the given merges."""
    tokens = [bytes([b]) for b in range(256)] + merges
    lines = [base64.b64encode(t) + b" " + str(rank).encode() for rank, t in enumerate(tokens)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


SMALL_MERGES = [b"he", b"ll", b"hell", b"hello", b" w", b"or", b" wor", b"ld", b" world"]
SMALL_MERGES += ["你".encode()[:2], "你".encode(), "好".encode()[:2], "好".encode()]


# ---------------------------------------------------------------------- model vocabulary


@pytest.mark.parametrize("parse_special", [True, False])
def test_model_ids_equal_llama_cpp(model_vocab, llama_reference, parse_special: bool) -> None:
    for text in HARD_TEXTS:
        data = text.encode("utf-8")
        expected = llama_reference.tokenize(data, add_bos=True, special=parse_special)
        got = model_vocab.encode(text, parse_special=parse_special, add_special=True)
        assert got == expected, text


def test_model_offsets_cover_the_text_exactly(model_vocab) -> None:
    for text in HARD_TEXTS:
        result = model_vocab.tokenize(text)
        data = text.encode("utf-8")
        assert b"".join(data[s.start : s.end] for s in result.spans()) == data
        for span in result.spans():
            assert data[span.start : span.end] == span.raw


def test_model_pieces_kinds_and_specials(model_vocab) -> None:
    result = model_vocab.tokenize("<|im_start|>user Hello")
    spans = list(result.spans())
    assert spans[0].kind == "control" and spans[0].piece == "<|im_start|>" and spans[0].is_special
    space_hello = [s for s in spans if s.raw == b" Hello" or s.raw == b" "]
    assert space_hello and space_hello[0].piece.startswith("Ġ")  # the vocabulary's own spelling
    assert spans[0].hex == "3C 7C 69 6D 5F 73 74 61 72 74 7C 3E"
    # without parsing, the same text is ordinary characters
    plain = model_vocab.tokenize("<|im_start|>", parse_special=False)
    assert all(s.kind == "normal" for s in plain.spans()) and len(plain) > 1
    assert model_vocab.special_tokens() == {
        "<|endoftext|>": 843,
        "<|im_start|>": 844,
        "<|im_end|>": 845,
    }
    assert model_vocab.context_length == 2048
    assert model_vocab.name == "tessera-tiny"


def test_counts_and_chinese(model_vocab) -> None:
    result = model_vocab.tokenize("你好，世界！")
    counts = result.counts
    assert counts.characters == 6 and counts.bytes == 18
    assert counts.tokens == len(result.ids) and 0 < counts.tokens <= 6
    assert counts.chars_per_token == pytest.approx(6 / counts.tokens)
    assert count_tokens(model_vocab, "你好，世界！") == counts.tokens


@pytest.mark.parametrize("variant", ["truncated", "wrong_magic", "not_gguf", "empty"])
def test_broken_model_files_give_a_message(broken_models, variant: str) -> None:
    with pytest.raises(TokenizerError) as err:
        ModelVocabTokenizer(broken_models[variant])
    assert broken_models[variant].name in str(err.value)


def test_missing_model_file(tmp_path: Path) -> None:
    with pytest.raises(TokenizerError, match="does not exist"):
        ModelVocabTokenizer(tmp_path / "nope.gguf")


def test_closed_tokenizer_refuses_politely(tiny_model_path: Path) -> None:
    tokenizer = ModelVocabTokenizer(tiny_model_path)
    tokenizer.close()
    with pytest.raises(TokenizerError, match="closed"):
        tokenizer.encode("hello")


# ---------------------------------------------------------------------- tiktoken files


def test_local_tiktoken_file_matches_tiktoken(tmp_path: Path) -> None:
    import tiktoken

    from desktop.core.tokenizers.tiktoken_cache import CL100K_PATTERN, parse_ranks

    ranks_file = write_ranks_file(tmp_path / "small.tiktoken", SMALL_MERGES)
    registry = TokenizerRegistry(TiktokenCache(tmp_path / "cache"))
    ours = registry.get(f"tiktoken:{ranks_file}")
    reference = tiktoken.Encoding(
        name="small",
        pat_str=CL100K_PATTERN,
        mergeable_ranks=parse_ranks(ranks_file.read_bytes()),
        special_tokens={"<|endoftext|>": 256 + len(SMALL_MERGES)},
    )
    for text in ["hello world", "你好 hello", "hello<|endoftext|>world", *HARD_TEXTS]:
        assert ours.encode(text, parse_special=False) == reference.encode(
            text, disallowed_special=()
        )
        result = ours.tokenize(text)
        assert b"".join(result.tokenizer.token_bytes(i) for i in result.ids) == text.encode()
    special = ours.tokenize("hello<|endoftext|>")
    assert [s.kind for s in special.spans()][-1] == "control"
    assert ours.tokenize("hello world").ids == [256 + 3, 256 + 8]
    registry.close()


def test_bad_tiktoken_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tiktoken"
    bad.write_bytes(b"this is not base64 ranks\n")
    with pytest.raises(TokenizerError, match="line 1"):
        TokenizerRegistry(TiktokenCache(tmp_path)).get(f"tiktoken:{bad}")


def test_parse_spec() -> None:
    assert parse_spec("tiktoken:cl100k_base").kind == "tiktoken"
    assert parse_spec("cl100k_base").text == "tiktoken:cl100k_base"
    assert parse_spec("model:/m/x.gguf").kind == "model"
    assert parse_spec("/m/x.gguf").text == "model:/m/x.gguf"
    assert parse_spec("tiktoken:./my.tiktoken").kind == "tiktoken_file"
    for bad in ["", "gpt:4", "model:", "what is this?"]:
        with pytest.raises(TokenizerError):
            parse_spec(bad)


def test_registry_loads_once_and_lists_choices(tiny_model_path: Path, tmp_path: Path) -> None:
    registry = TokenizerRegistry(TiktokenCache(tmp_path / "cache", bundled_dir=None))
    spec = registry.set_loaded_model(tiny_model_path)  # starts loading it in the background
    assert registry.get(spec) is registry.get(spec)
    assert registry.loaded(spec) is registry.get(spec)
    choices = registry.choices()
    assert choices[0].loaded_model and choices[0].spec == spec
    tiktoken_choices = {c.label: c for c in choices if c.kind == "tiktoken"}
    assert {"o200k_base", "cl100k_base", "p50k_base", "r50k_base"} <= set(tiktoken_choices)
    assert not tiktoken_choices["cl100k_base"].offline  # nothing cached, nothing bundled
    assert registry.count_tokens(spec, "Hello, world!") == 4
    assert registry.live_count("Hello, world!") == 4  # the loaded model's count
    registry.close()


def test_live_count_never_blocks(tiny_model_path: Path, tmp_path: Path) -> None:
    import time

    registry = TokenizerRegistry(TiktokenCache(tmp_path / "cache"))
    assert registry.live_count("hello") is None  # no model loaded: nothing to count with
    spec = registry.add_model(tiny_model_path)
    assert registry.live_count("你好", spec) is None  # not in memory yet: loading starts
    deadline = time.monotonic() + 30
    while registry.live_count("你好", spec) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert registry.live_count("你好", spec) == 1
    registry.close()


# ---------------------------------------------------------------------- display groups


def test_partial_utf8_tokens_group_into_whole_characters(model_vocab) -> None:
    text = "🙂 x 👨‍👩‍👧 שלום\x00你好"
    result = model_vocab.tokenize(text)
    assert any(len(s.raw) == 1 and s.raw[0] >= 0x80 for s in result.spans())  # split bytes
    groups = whole_character_groups(result)
    assert "".join(t for _, t in groups) == text
    assert all(t is not None and "\ufffd" not in t for _, t in groups)
    display = build_display(result)
    assert "\ufffd" not in display.text
    assert display.text == text.replace("\x00", "\u2400")  # NUL is drawn as ␀
    emoji = display.group_at(0)
    assert emoji is not None and len(display.tokens_of(emoji)) == 4  # F0 9F 99 82
    assert (display.group_starts[emoji], display.group_ends[emoji]) == (0, 2)  # UTF-16 pair


def test_visible_whitespace_keeps_positions_aligned(model_vocab) -> None:
    text = "a b\tc\nd"
    display = build_display(model_vocab.tokenize(text), show_whitespace=True)
    assert display.text == "a·b→c↵\nd"
    d_group = display.group_at(len(display.text) - 1)
    assert d_group is not None
    assert display.text[display.group_starts[d_group] : display.group_ends[d_group]] == "d"


def test_offsets_tolerate_added_and_unknown_tokens() -> None:
    data = "▅ hello".encode()
    # an added BOS (no text), a space-prefixed piece, an unknown token's placeholder
    starts, ends = offsets_from_pieces(
        b"hello world", [b"<s>", b" hello", b" world"], [True, False, False]
    )
    assert list(zip(starts, ends, strict=True)) == [(0, 0), (0, 5), (5, 11)]
    starts, ends = offsets_from_pieces(data, [b"<unk>", b" hello"], [False, False])
    assert list(zip(starts, ends, strict=True)) == [(0, 3), (3, 9)]


# ---------------------------------------------------------------------- prompt mode


def test_prompt_mode_shows_the_template_tokens(model_vocab) -> None:
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "你好"}]
    prompt = tokenize_prompt(model_vocab, messages)
    assert prompt.text.startswith("<|im_start|>system\nBe brief.<|im_end|>")
    assert prompt.text.endswith("<|im_start|>assistant\n")
    kinds = [s.kind for s in prompt.tokenization.spans()]
    assert kinds.count("control") == 5  # 2 x (start, end) + the generation prompt's start
    assert not prompt.used_fallback
    assert prompt.context_length == 2048
    assert prompt.context_share == pytest.approx(prompt.n_tokens / 2048)


def test_prompt_mode_with_a_broken_template(model_vocab) -> None:
    with pytest.raises(TokenizerError):
        tokenize_prompt(model_vocab, [{"role": "user", "content": "x"}], template="{% if %}")


def test_lone_surrogates_do_not_crash(model_vocab) -> None:
    result = model_vocab.tokenize("a\ud800b")
    assert result.text == "a\ufffdb" and len(result) >= 3


# ---------------------------------------------------------------------- SentencePiece vocab


def write_spm_gguf(path: Path) -> Path:
    """A SentencePiece-style vocabulary (Llama 2 / Mistral kind): ▁ for spaces, a BOS that the
    model adds by itself, and byte-fallback tokens for characters it does not know."""
    import gguf
    import numpy as np

    words = ["▁", "▁Hello", "▁world", "▁the", "▁你", "好", "▁a", "b", "c"]
    tokens = ["<unk>", "<s>", "</s>", *(f"<0x{b:02X}>" for b in range(256)), *words]
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("spm-tiny")
    writer.add_context_length(512)
    writer.add_embedding_length(16)
    writer.add_block_count(1)
    writer.add_head_count(2)
    writer.add_file_type(1)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores([0.0] * 259 + [-float(i) for i in range(len(words))])
    writer.add_token_types([2, 3, 3] + [6] * 256 + [1] * len(words))
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    writer.add_tensor("token_embd.weight", np.zeros((len(tokens), 16), np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_sentencepiece_vocab(tmp_path: Path) -> None:
    import llama_cpp

    path = write_spm_gguf(tmp_path / "spm.gguf")
    tokenizer = ModelVocabTokenizer(path)
    reference = llama_cpp.Llama(str(path), vocab_only=True, verbose=False)
    try:
        for text in ["Hello world 你好 🙂", " leading space", "a\nb", ""]:
            result = tokenizer.tokenize(text, add_special=True)
            assert result.ids == reference.tokenize(text.encode(), add_bos=True, special=True)
            spans = list(result.spans())
            assert spans[0].kind == "control" and spans[0].start == spans[0].end == 0  # BOS
            data = text.encode()
            covered = b"".join(data[s.start : s.end] for s in spans)
            assert covered == data, text
            display = build_display(result)
            assert display.text.startswith("<s>")  # the added BOS is drawn, not hidden
            assert "\ufffd" not in display.text
        emoji = [s for s in tokenizer.tokenize("🙂").spans() if s.kind == "byte"]
        assert [s.piece for s in emoji] == ["<0xF0>", "<0x9F>", "<0x99>", "<0x82>"]
    finally:
        reference.close()
        tokenizer.close()


def test_prompt_mode_uses_the_models_override_and_the_chosen_builtin(
    model_vocab, tiny_model_no_template
) -> None:
    from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer
    from tests.fixtures.llama_chat import llama_cpp_render

    messages = [{"role": "user", "content": "你好"}]
    override = tokenize_prompt(model_vocab, messages, override="gemma")
    assert override.text == llama_cpp_render("gemma", [("user", "你好")], True)
    assert override.template.source == "override"
    vocab = ModelVocabTokenizer(tiny_model_no_template)
    try:
        chosen = tokenize_prompt(vocab, messages)
    finally:
        vocab.close()
    assert chosen.used_fallback and chosen.template.builtin == "chatml"
    assert "chosen for" in str(chosen.template.reason)
