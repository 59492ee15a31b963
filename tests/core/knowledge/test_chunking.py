"""Chunks: sentence boundaries in English and Chinese, sizes in tokens, overlap, locations."""

from __future__ import annotations

from desktop.core.knowledge.chunking import ChunkSettings, chunk_text, split_units
from desktop.core.knowledge.embedder import approximate_counts


def words(texts):
    # One token per whitespace-separated word or CJK character: easy to reason about.
    return [len(t.split()) + sum(1 for ch in t if "\u4e00" <= ch <= "\u9fff") for t in texts]


def test_units_end_at_english_and_chinese_sentence_marks_and_lines():
    text = "First one. Second one! 第一句。第二句！第三句？Third\nfourth"
    units = [text[s:e] for s, e in split_units(text)]
    assert units == [
        "First one. ",
        "Second one! ",
        "第一句。",
        "第二句！",
        "第三句？",
        "Third\n",
        "fourth",
    ]
    assert "".join(units) == text


def test_a_decimal_point_or_version_number_is_not_a_sentence_end():
    text = "Version 3.11 is out. Pi is 3.14159."
    assert [text[s:e] for s, e in split_units(text)] == ["Version 3.11 is out. ", "Pi is 3.14159."]


def test_chunks_respect_the_size_and_keep_sentences_whole():
    sentences = [f"Sentence number {i} has six words." for i in range(40)]
    text = " ".join(sentences)
    chunks = chunk_text(text, words, ChunkSettings(size=20, overlap=0))
    assert all(c.token_count <= 20 for c in chunks)
    for chunk in chunks:
        assert chunk.text.endswith(".") and chunk.text.startswith("Sentence")
    assert " ".join(c.text for c in chunks) == text


def test_overlap_repeats_the_last_sentences_of_the_previous_chunk():
    text = " ".join(f"S{i} a b c." for i in range(12))  # 4 tokens per sentence
    chunks = chunk_text(text, words, ChunkSettings(size=12, overlap=4))
    assert len(chunks) > 2
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        last_sentence = prev.text.rsplit("S", 1)[1]
        assert nxt.text.startswith("S" + last_sentence)


def test_chinese_without_spaces_is_cut_at_full_stops():
    text = "".join(f"这是第{i}句话。" for i in range(30))  # 6-7 characters each
    chunks = chunk_text(text, words, ChunkSettings(size=20, overlap=0))
    assert len(chunks) > 5
    assert all(c.text.endswith("。") for c in chunks)
    assert all(c.token_count <= 20 for c in chunks)


def test_a_sentence_longer_than_a_chunk_is_split_and_nothing_is_lost():
    text = "word " * 100
    chunks = chunk_text(text, words, ChunkSettings(size=16, overlap=0))
    assert all(c.token_count <= 16 for c in chunks)
    assert sum(c.text.count("word") for c in chunks) == 100


def test_line_ranges_point_at_the_lines_of_the_chunk():
    lines = [f"line {i} text." for i in range(1, 41)]
    text = "\n".join(lines)
    chunks = chunk_text(text, words, ChunkSettings(size=9, overlap=0))
    for chunk in chunks:
        expected = "\n".join(lines[chunk.line_start - 1 : chunk.line_end])
        assert chunk.text == expected


def test_pages_of_a_chunk_come_from_page_offsets():
    page1 = "Alpha one. Alpha two.\n\n"
    page2 = "Beta one. Beta two.\n\n"
    text = page1 + page2
    chunks = chunk_text(text, words, ChunkSettings(size=2, overlap=0), (0, len(page1)))
    pages = {c.text: (c.page_start, c.page_end) for c in chunks}
    assert pages["Alpha one."] == (1, 1) and pages["Beta two."] == (2, 2)


def test_the_estimate_counts_chinese_characters_and_words():
    assert approximate_counts(["你好世界", "hello world", ""]) == [4, 2, 0]
