"""Export/import: lossless JSON round trip, Markdown of the active path, hostile files."""

from __future__ import annotations

import json

import pytest

from desktop.core.store import ImportFormatError
from desktop.core.store.records import MessageLogprobs, TokenAlternative, TokenLogprob
from desktop.core.store.transfer import (
    export_data,
    export_json,
    export_markdown,
    import_file,
    import_text,
)


def rich_conversation(store) -> int:
    """Branches, stats, params, logprobs, Chinese, every status."""
    conv = store.conversations.create(
        model="models/tiny.gguf",
        system_prompt="你是一个乐于助人的助手。",
        sampling_params={"temperature": 0.7, "top_k": 40, "stop": ["\n\n"]},
        overflow_policy="truncate_middle",
    )
    store.conversations.set_pinned(conv.id, True)
    u1 = store.messages.append_user(conv.id, "什么是KV缓存？ Explain briefly.")
    a1 = store.messages.start_assistant(
        conv.id, model="models/tiny.gguf", params={"temperature": 0.7, "seed": 3}
    )
    logprobs = MessageLogprobs(
        (
            TokenLogprob(
                11,
                "KV",
                -0.05,
                (TokenAlternative(11, "KV", -0.05), TokenAlternative(12, "K", -3.0)),
            ),
            TokenLogprob(13, "缓存", -0.5, (TokenAlternative(13, "缓存", -0.5),), forced=True),
        ),
        source="filtered",
    )
    store.messages.finish(
        a1.id,
        "KV缓存保存注意力的键和值。",
        finish_reason="stop",
        stats={
            "prompt_tokens": 20,
            "completion_tokens": 2,
            "ttft_seconds": 0.01,
            "decode_tok_s": 99.5,
        },
        logprobs=logprobs,
    )
    a2 = store.messages.regenerate(a1.id)
    store.messages.finish(a2.id, "cut short", status="cancelled", finish_reason="cancelled")
    a3 = store.messages.regenerate(a1.id)
    store.messages.finish(a3.id, "", status="error", error="worker died (signal 11)")
    store.messages.switch_branch(a1.id)
    store.messages.append_user(conv.id, "继续")
    store.messages.edit_user(u1.id, "What is a KV cache?")
    store.messages.switch_branch(a1.id)
    return conv.id


def comparable(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "exported_at"}


def test_json_round_trip_recreates_the_whole_tree_exactly(store):
    conv = rich_conversation(store)
    first = export_data(store, conv)
    new_id = import_text(store, json.dumps(first))
    assert new_id != conv
    assert comparable(export_data(store, new_id)) == comparable(first)
    # And it behaves like the original: same active path, same probabilities, same branches.
    old_path = store.messages.active_path(conv)
    new_path = store.messages.active_path(new_id)
    assert [(m.role, m.content, m.status, m.sibling_index, m.sibling_count) for m in new_path] == [
        (m.role, m.content, m.status, m.sibling_index, m.sibling_count) for m in old_path
    ]
    assert store.messages.logprobs(new_path[1].id) == store.messages.logprobs(old_path[1].id)
    assert store.messages.logprobs(new_path[1].id).source == "filtered"
    assert len(first["messages"]) == 6
    assert any(h.conversation_id == new_id for h in store.search.messages("缓存"))


def test_import_from_a_file_and_a_long_thread_does_not_hit_recursion_limits(store, tmp_path):
    data = valid_export(store)
    first = data["messages"][0]
    data["messages"] = [
        {
            **first,
            "id": i + 1,
            "parent": i or None,
            "role": "user" if i % 2 == 0 else "assistant",
            "content": f"turn {i}",
        }
        for i in range(1500)
    ]
    new_id = import_text(store, json.dumps(data))
    path = tmp_path / "long.json"
    path.write_text(export_json(store, new_id), encoding="utf-8")
    again = import_file(store, path)
    assert [m.content for m in store.messages.active_path(again)][-1] == "turn 1499"
    assert len(store.messages.active_path(again)) == 1500


def test_markdown_shows_the_active_path_with_roles_and_stats(store):
    conv = rich_conversation(store)
    md = export_markdown(store, conv)
    assert md.startswith("# 什么是KV缓存？ Explain briefly.\n")
    assert "## System\n\n你是一个乐于助人的助手。" in md
    assert "## User\n\n什么是KV缓存？ Explain briefly." in md
    assert "## Assistant · tiny.gguf · 2 tokens · 99.5 tok/s\n\nKV缓存保存注意力的键和值。" in md
    assert "## User\n\n继续" in md
    assert "cut short" not in md and "What is a KV cache?" not in md  # other branches


def valid_export(store) -> dict:
    conv = store.conversations.create()
    store.messages.append_user(conv.id, "hello")
    return export_data(store, conv.id)


def _mutations():
    def set_path(keys, value):
        def apply(d):
            target = d
            for k in keys[:-1]:
                target = target[k]
            target[keys[-1]] = value

        return apply

    def drop(keys):
        def apply(d):
            target = d
            for k in keys[:-1]:
                target = target[k]
            del target[keys[-1]]

        return apply

    return {
        "wrong format": set_path(["format"], "something-else"),
        "newer version": set_path(["version"], 99),
        "messages not a list": set_path(["messages"], {"0": 1}),
        "missing conversation": drop(["conversation"]),
        "missing title": drop(["conversation", "title"]),
        "title is a number": set_path(["conversation", "title"], 42),
        "pinned is a string": set_path(["conversation", "pinned"], "yes"),
        "bad policy": set_path(["conversation", "overflow_policy"], "explode"),
        "bad date": set_path(["conversation", "created_at"], "yesterday"),
        "bad role": set_path(["messages", 0, "role"], "root"),
        "bad status": set_path(["messages", 0, "status"], "done"),
        "content is a list": set_path(["messages", 0, "content"], ["a"]),
        "id is a string": set_path(["messages", 0, "id"], "1"),
        "id is a bool": set_path(["messages", 0, "id"], True),
        "parent unknown": set_path(["messages", 0, "parent"], 77),
        "tokens is text": set_path(["messages", 0, "prompt_tokens"], "12"),
        "huge int": set_path(["messages", 0, "prompt_tokens"], 10**30),
        "stats is a list": set_path(["messages", 0, "stats"], [1, 2]),
        "logprobs garbage": set_path(["messages", 0, "logprobs"], {"v": 1, "t": "x"}),
        "message not an object": set_path(["messages", 0], "hello"),
    }


@pytest.mark.parametrize("name", list(_mutations()))
def test_malformed_imports_are_refused_with_a_clear_error_and_write_nothing(store, name):
    data = valid_export(store)
    _mutations()[name](data)
    before = store.conversations.count()
    with pytest.raises(ImportFormatError) as err:
        import_text(store, json.dumps(data))
    assert "Nothing was imported" in str(err.value)
    assert store.conversations.count() == before


def test_a_bad_message_late_in_the_file_leaves_no_partial_conversation(store):
    data = valid_export(store)
    good = data["messages"][0]
    data["messages"] = [good] + [
        {**good, "id": i, "parent": i - 1, "active": True} for i in range(2, 50)
    ]
    data["messages"][-1]["role"] = "narrator"
    before = store.conversations.count()
    with pytest.raises(ImportFormatError, match=r"messages\[48\]\.role"):
        import_text(store, json.dumps(data))
    assert store.conversations.count() == before


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json at all",
        "[1, 2, 3]",
        "null",
        '{"format": "tessera-conversation"}',
        "[" * 100_000 + "]" * 100_000,  # deep nesting
        '{"a": NaN}',
        b"\xff\xfe\x00garbage",
    ],
    ids=["empty", "text", "list", "null", "missing keys", "deep", "nan", "binary"],
)
def test_files_that_are_not_exports_are_refused(store, text):
    with pytest.raises(ImportFormatError):
        import_text(store, text)
    assert store.conversations.count() == 0


def test_an_oversized_file_is_refused_before_it_is_read(store, tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:  # sparse: 500 MB on paper, nothing on disk
        fh.truncate(500 * 1024 * 1024)
    with pytest.raises(ImportFormatError, match="500 MB|524 MB"):
        import_file(store, huge)
    with pytest.raises(ImportFormatError, match="Cannot read"):
        import_file(store, tmp_path / "missing.json")
    assert store.conversations.count() == 0
