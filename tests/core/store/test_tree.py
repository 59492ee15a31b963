"""The conversation tree as a chat UI uses it: titles, branches, switching, deleting, crashes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core.store import InvalidOperationError, NotFoundError, open_store
from tests.core.store.conftest import chat


def contents(path):
    return [m.content for m in path]


def test_first_user_message_titles_the_conversation_and_rename_sticks(store):
    conv = store.conversations.create()
    store.messages.append_user(conv.id, "\n  Explain   the KV cache\nin two lines please")
    assert store.conversations.get(conv.id).title == "Explain the KV cache"
    store.conversations.rename(conv.id, "KV cache notes")
    store.messages.append_user(conv.id, "another question")
    got = store.conversations.get(conv.id)
    assert (got.title, got.title_is_auto) == ("KV cache notes", False)
    with pytest.raises(InvalidOperationError):
        store.conversations.rename(conv.id, "   ")


def test_long_chinese_first_message_gives_a_trimmed_title(store):
    conv = store.conversations.create()
    store.messages.append_user(conv.id, "请解释" * 40)
    title = store.conversations.get(conv.id).title
    assert title.startswith("请解释请解释") and title.endswith("…") and len(title) <= 60


def test_recent_list_puts_pinned_first_then_newest(store):
    a, _ = chat(store, "first chat")
    b, _ = chat(store, "second chat")
    c, _ = chat(store, "third chat")
    store.conversations.set_pinned(a, True)
    assert [s.id for s in store.conversations.list_recent()] == [a, c, b]
    store.messages.append_user(b, "bump")
    listed = store.conversations.list_recent()
    assert [s.id for s in listed] == [a, b, c]
    assert listed[1].message_count == 2
    assert [s.id for s in store.conversations.list_recent(limit=1, offset=1)] == [b]


def test_streaming_reply_is_checkpointed_and_finished_with_stats(store):
    conv, _ = chat(store, "hello")
    reply = store.messages.start_assistant(conv, model="m.gguf", params={"temperature": 0.2})
    assert reply.status == "streaming" and reply.content == ""
    store.messages.checkpoint(reply.id, "Hel")
    assert store.messages.get(reply.id).content == "Hel"
    done = store.messages.finish(
        reply.id,
        "Hello there",
        finish_reason="length",
        stats={
            "prompt_tokens": 7,
            "completion_tokens": 3,
            "ttft_seconds": 0.05,
            "decode_tok_s": 42.5,
        },
    )
    assert (done.status, done.content, done.finish_reason) == ("complete", "Hello there", "length")
    assert (done.prompt_tokens, done.completion_tokens) == (7, 3)
    assert (done.ttft_seconds, done.tokens_per_second) == (0.05, 42.5)
    assert done.params == {"temperature": 0.2} and done.model == "m.gguf"
    with pytest.raises(InvalidOperationError):
        store.messages.finish(reply.id, "x", status="streaming")


def test_regenerate_adds_an_active_sibling_and_switching_back_restores_the_old_path(store):
    conv, (u1, a1, u2, a2) = chat(store, "q1", "a1", "q2", "a2")
    regen = store.messages.regenerate(a1)
    assert (regen.parent_id, regen.status, regen.model) == (u1, "streaming", "tiny.gguf")
    store.messages.finish(regen.id, "a1 take two")
    path = store.messages.active_path(conv)
    assert contents(path) == ["q1", "a1 take two"]
    assert (path[1].sibling_index, path[1].sibling_count) == (1, 2)

    # `<` : back to the first reply; its own continuation (q2, a2) comes back with it.
    path = store.messages.switch_sibling(path[1].id, -1)
    assert contents(path) == ["q1", "a1", "q2", "a2"]
    assert (path[1].sibling_index, path[1].sibling_count) == (0, 2)
    sib = store.messages.siblings(a1)
    assert (sib.ids, sib.index, sib.count) == ((a1, regen.id), 0, 2)
    # `>` past the end stays on the last sibling.
    path = store.messages.switch_sibling(a1, +5)
    assert contents(path) == ["q1", "a1 take two"]


def test_editing_a_user_message_starts_a_new_branch_and_keeps_the_old_one(store):
    conv, (u1, a1, u2, a2) = chat(store, "q1", "a1", "q2", "a2")
    edited = store.messages.edit_user(u2, "q2, rephrased")
    assert edited.parent_id == a1 and (edited.sibling_index, edited.sibling_count) == (1, 2)
    reply = store.messages.start_assistant(conv)
    store.messages.finish(reply.id, "a2'")
    assert contents(store.messages.active_path(conv)) == ["q1", "a1", "q2, rephrased", "a2'"]
    tree = store.messages.tree(conv)
    assert len(tree.messages) == 6
    assert [m.content for m in tree.children(a1)] == ["q2", "q2, rephrased"]
    # Editing the very first message makes a second root.
    store.messages.edit_user(u1, "q1 again")
    assert contents(store.messages.active_path(conv)) == ["q1 again"]
    assert contents(store.messages.switch_branch(a2)) == ["q1", "a1", "q2", "a2"]
    with pytest.raises(InvalidOperationError):
        store.messages.edit_user(a1, "assistants are not edited into branches")
    with pytest.raises(InvalidOperationError):
        store.messages.regenerate(u1)


def test_switch_branch_to_a_deep_message_activates_every_ancestor(store):
    conv, (u1, a1, u2, a2) = chat(store, "q1", "a1", "q2", "a2")
    store.messages.regenerate(a1)
    path = store.messages.switch_branch(u2)
    assert contents(path) == ["q1", "a1", "q2", "a2"]


def test_deleting_the_active_reply_falls_back_to_its_sibling_and_removes_its_subtree(store):
    conv, (u1, a1, u2, a2) = chat(store, "q1", "a1", "q2", "a2")
    regen = store.messages.regenerate(a1)
    store.messages.finish(regen.id, "a1b")
    store.messages.switch_branch(a1)
    store.messages.delete(a1)
    assert contents(store.messages.active_path(conv)) == ["q1", "a1b"]
    for gone in (a1, u2, a2):
        with pytest.raises(NotFoundError):
            store.messages.get(gone)
    assert store.search.messages("q2") == []
    store.messages.delete(regen.id)
    assert contents(store.messages.active_path(conv)) == ["q1"]


def test_deleting_an_inactive_branch_keeps_the_active_path(store):
    conv, (u1, a1) = chat(store, "q1", "a1")
    regen = store.messages.regenerate(a1)
    store.messages.delete(a1)
    assert [m.id for m in store.messages.active_path(conv)] == [u1, regen.id]


def test_continue_reply_reopens_a_finished_reply_for_more_text(store):
    conv, (u1, a1) = chat(store, "write a poem", "Roses are red")
    again = store.messages.continue_reply(a1)
    assert again.status == "streaming" and again.content == "Roses are red"
    store.messages.finish(a1, "Roses are red, violets are blue")
    assert contents(store.messages.active_path(conv))[-1] == "Roses are red, violets are blue"
    with pytest.raises(InvalidOperationError):
        store.messages.continue_reply(u1)


def test_deleting_a_conversation_removes_its_messages_and_their_index(store):
    conv, _ = chat(store, "unique-word-zebra", "reply")
    store.conversations.delete(conv)
    assert store.search.messages("zebra") == []
    with pytest.raises(NotFoundError):
        store.messages.tree(conv)
    with pytest.raises(NotFoundError):
        store.conversations.delete(conv)


def test_unknown_ids_and_foreign_parents_are_refused(store):
    a, (ua,) = chat(store, "in a")
    b, _ = chat(store, "in b")
    with pytest.raises(NotFoundError):
        store.messages.append_user(999, "x")
    with pytest.raises(InvalidOperationError):
        store.messages.append_user(b, "x", parent_id=ua)
    with pytest.raises(InvalidOperationError):
        store.messages.append(b, "robot", "x")
    with pytest.raises(InvalidOperationError):
        store.conversations.update_settings(a, overflow_policy="explode")
    got = store.conversations.update_settings(
        a, system_prompt="Be brief.", sampling_params={"temperature": 0.1}
    )
    assert (got.system_prompt, got.sampling_params) == ("Be brief.", {"temperature": 0.1})


CRASHING_WRITER = textwrap.dedent(
    """
    import os, sys
    from desktop.core.store import open_store
    store = open_store(sys.argv[1])
    conv = store.conversations.create()
    store.messages.append_user(conv.id, "tell me a story")
    reply = store.messages.start_assistant(conv.id)
    store.messages.checkpoint(reply.id, "Once upon a time, 从前有座山")
    print(conv.id, reply.id, flush=True)
    os.kill(os.getpid(), 9)
    """
)


def test_reply_left_streaming_by_a_killed_process_comes_back_interrupted_with_its_text(
    tmp_path: Path,
):
    db = tmp_path / "tessera.db"
    proc = subprocess.run(
        [sys.executable, "-c", CRASHING_WRITER, str(db)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        timeout=60,
    )
    assert proc.returncode == -9, proc.stderr
    conv_id, reply_id = map(int, proc.stdout.split())
    with open_store(db) as store:
        assert store.interrupted == (reply_id,)
        reply = store.messages.get(reply_id)
        assert (reply.status, reply.content) == ("interrupted", "Once upon a time, 从前有座山")
        assert store.messages.active_path(conv_id)[-1].id == reply_id
    with open_store(db) as store:
        assert store.interrupted == ()
