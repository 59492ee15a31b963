"""Full-text search: Chinese by any 2-character substring, mixed text, English prefixes."""

from __future__ import annotations

import pytest

from tests.core.store.conftest import chat

SENTENCE = "大型语言模型通过预测下一个词元来生成文本"


def ids(hits):
    return [h.message_id for h in hits]


def test_every_two_character_substring_of_a_chinese_sentence_is_found(store):
    conv, (mid,) = chat(store, SENTENCE)
    chat(store, "完全无关的内容，没有重叠")
    for i in range(len(SENTENCE) - 1):
        pair = SENTENCE[i : i + 2]
        assert ids(store.search.messages(pair)) == [mid], pair
    hit = store.search.messages("预测")[0]
    assert hit.conversation_id == conv and hit.conversation_title == SENTENCE[:60]
    assert hit.marked() == "大型语言模型通过[预测]下一个词元来生成文本"


@pytest.mark.parametrize("query", ["语", "文", "大型语言模型", "下一个词元", SENTENCE])
def test_single_characters_and_long_chinese_phrases_are_found(store, query):
    _, (mid,) = chat(store, SENTENCE)
    assert ids(store.search.messages(query)) == [mid]


def test_chinese_pairs_that_only_occur_apart_do_not_match(store):
    chat(store, SENTENCE)
    assert store.search.messages("模语") == []  # both characters present, never adjacent
    assert store.search.messages("生成图像") == []


def test_mixed_chinese_and_english_text(store):
    _, (mid,) = chat(store, "用Python写一个快速排序，然后解释KV缓存")
    for query in ("python", "Python快速", "快速 排序", "KV缓存", "kv", "排序 pyth"):
        assert ids(store.search.messages(query)) == [mid], query
    hit = store.search.messages("python 缓存")[0]
    assert hit.marked() == "用[Python]写一个快速排序，然后解释KV[缓存]"


def test_english_words_match_whole_or_as_prefixes_case_insensitively(store):
    _, (a,) = chat(store, "Quantization trades accuracy for memory.")
    _, (b,) = chat(store, "The quantum computer is not a GPU")
    assert ids(store.search.messages("quant")) == [b, a]  # newest first
    assert ids(store.search.messages("QUANTIZATION")) == [a]
    assert ids(store.search.messages("memory quant")) == [a]
    assert store.search.messages("uantization") == []  # inside a word is not a prefix
    assert store.search.messages("quantization gpu") == []


@pytest.mark.parametrize("query", ['"', "*", "AND", "NOT (", "col:value", "^-+", "'", "   "])
def test_fts_syntax_in_a_query_is_never_an_error(store, query):
    chat(store, "AND NOT col:value ^ quotes \" and ' here")
    store.search.messages(query)  # must not raise


def test_a_reply_is_findable_once_it_stops_streaming_and_the_index_follows_changes(store):
    conv, (u,) = chat(store, "question")
    reply = store.messages.start_assistant(conv)
    store.messages.checkpoint(reply.id, "部分回答 partial")
    assert store.search.messages("部分") == []  # still being written
    store.messages.finish(reply.id, "完整回答 complete")
    assert store.search.messages("部分") == []
    assert ids(store.search.messages("complete")) == [reply.id]
    store.messages.continue_reply(reply.id)  # streaming again: out of the index meanwhile
    assert store.search.messages("complete") == []
    store.messages.finish(reply.id, "完整回答 complete, continued")
    assert ids(store.search.messages("continued")) == [reply.id]
    store.messages.delete(reply.id)
    assert store.search.messages("完整") == []
    cut = store.messages.start_assistant(conv)
    store.messages.checkpoint(cut.id, "被打断的回答")
    store.messages.delete(cut.id)  # deleting a streaming reply leaves the index consistent
    assert store.search.messages("打断") == []


def test_a_reply_recovered_as_interrupted_is_findable(tmp_path):
    from desktop.core.store import open_store

    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        conv, _ = chat(store, "q")
        reply = store.messages.start_assistant(conv)
        store.messages.checkpoint(reply.id, "崩溃前的文字 before the crash")
    with open_store(db) as store:  # the next start marks it interrupted
        assert ids(store.search.messages("崩溃")) == [reply.id]
        with store.db.engine.connect() as conn:
            check = conn.exec_driver_sql(
                "INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)"
            )
            check.close()


def test_snippet_is_a_window_around_the_match_in_long_messages(store):
    text = "lorem ipsum " * 40 + "the needle is here " + "dolor sit " * 40
    chat(store, text)
    hit = store.search.messages("needle")[0]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 200
    assert "[needle]" in hit.marked()


def test_results_are_paged_and_grouped_by_conversation(store):
    convs = [chat(store, f"report number {i}")[0] for i in range(5)]
    page1 = store.search.messages("report", limit=3)
    page2 = store.search.messages("report", limit=3, offset=3)
    assert len(page1) == 3 and len(page2) == 2
    assert set(ids(page1)).isdisjoint(ids(page2))
    assert store.search.conversation_ids("report") == list(reversed(convs))


def test_a_word_with_a_page_of_whole_word_matches_is_not_widened_to_a_prefix(store):
    conv = store.conversations.create()
    for i in range(50):
        store.messages.append(conv.id, "user", f"the model number {i}")
    newest = store.messages.append(conv.id, "user", "several models here").id
    model_hits = ids(store.search.messages("model", limit=100))
    assert len(model_hits) == 50 and newest not in model_hits  # whole word: fast, exact
    assert ids(store.search.messages("mode", limit=100))[0] == newest  # no whole word: prefix
    assert len(store.search.messages("mode", limit=100)) == 51
