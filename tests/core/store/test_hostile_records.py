"""One bad record never poisons the store: imports are checked field by field against what
the store and the window read back later, and a damaged row is skipped (and named), never the
reason a whole list fails."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.core.store import ImportFormatError, open_store
from desktop.core.store.transfer import export_data, import_text

from .conftest import chat


def valid_export(store) -> dict:
    conv = store.conversations.create(sampling_params={"temperature": 0.5})
    store.messages.append_user(conv.id, "hello")
    reply = store.messages.start_assistant(conv.id, model="tiny.gguf", params={"seed": 3})
    store.messages.finish(reply.id, "hi there", stats={"completion_tokens": 2})
    return export_data(store, conv.id)


def _set(data: dict, keys: list, value) -> dict:
    target = data
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return data


HOSTILE = {
    # Valid ISO text whose UTC epoch cannot be read back as a date.
    "year 1 east of UTC": (["conversation", "created_at"], "0001-01-01T00:00:00+05:00"),
    "year 9999 west of UTC": (["conversation", "updated_at"], "9999-12-31T23:00:00-05:00"),
    "message in year 1": (["messages", 0, "created_at"], "0001-01-01T01:00:00+02:00"),
    "reply in year 9999": (["messages", 1, "updated_at"], "9999-12-31T23:59:59-10:00"),
    # Text SQLite cannot store and a terminal cannot print.
    "lone surrogate in content": (["messages", 0, "content"], "bad \ud800 text"),
    "lone surrogate in title": (["conversation", "title"], "\udfff"),
    "lone surrogate in params": (["messages", 1, "params"], {"stop": ["\ud83d"]}),
    "lone surrogate in a stats key": (["messages", 1, "stats"], {"\ud800": 1}),
    # Settings a conversation would be continued with.
    "temperature is text": (["conversation", "sampling_params"], {"temperature": "hot"}),
    "seed is a list": (["messages", 1, "params"], {"seed": [1, 2]}),
    "stop is a number": (["conversation", "sampling_params"], {"stop": 5}),
    "stats value is text": (["messages", 1, "stats"], {"decode_tok_s": "fast"}),
    "negative token count": (["messages", 1, "completion_tokens"], -3),
    "negative speed": (["messages", 1, "tokens_per_second"], -1.0),
    "title of a megabyte": (["conversation", "title"], "t" * 1_000_001),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_fields_are_refused_and_the_store_stays_readable(store, name):
    chat(store, "an earlier chat", "still listed")
    keys, value = HOSTILE[name]
    data = _set(valid_export(store), keys, value)
    before = store.conversations.count()
    with pytest.raises(ImportFormatError) as err:
        import_text(store, json.dumps(data))
    message = str(err.value)
    assert "Nothing was imported" in message
    assert keys[-1] in message or str(keys[-1]) in message  # names the field
    assert store.conversations.count() == before
    listed = store.conversations.list_recent()
    assert len(listed) == before and not listed.skipped
    for summary in listed:
        store.messages.tree(summary.id)  # every conversation opens


def test_dates_inside_the_supported_range_are_kept_to_the_microsecond(store):
    data = valid_export(store)
    _set(data, ["conversation", "created_at"], "1999-12-31T23:59:59.250000-08:00")
    new_id = import_text(store, json.dumps(data))
    created = store.conversations.get(new_id).created_at
    assert created.isoformat() == "2000-01-01T07:59:59.250000+00:00"


def _poison(db_path, sql: str, *args) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(sql, args)
    conn.commit()
    conn.close()


def test_a_stored_row_with_an_unreadable_date_is_skipped_and_named(tmp_path):
    """What an older Tessera let in: a date whose epoch is out of range for a datetime."""
    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        good, _ = chat(store, "good one", "reply")
        bad, _ = chat(store, "poisoned")
        also_good, _ = chat(store, "another good one")
    _poison(db, "UPDATE conversations SET updated_at = ? WHERE id = ?", -62135596800.0 - 3600, bad)
    with open_store(db) as store:
        listed = store.conversations.list_recent()
        assert sorted(s.id for s in listed) == sorted([good, also_good])
        assert [r.id for r in listed.skipped] == [bad]
        assert "date" in listed.skipped[0].reason
        # Deleting it is the way out; afterwards nothing is skipped.
        store.conversations.delete(bad)
        assert not store.conversations.list_recent().skipped


def test_a_message_with_an_unreadable_date_makes_a_clear_error_for_its_conversation(tmp_path):
    from desktop.core.store import StoreError

    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        conv, ids = chat(store, "question", "answer")
    _poison(db, "UPDATE messages SET created_at = ? WHERE id = ?", 1e300, ids[1])
    with open_store(db) as store:
        with pytest.raises(StoreError) as err:
            store.messages.tree(conv)
        assert f"history delete {conv}" in str(err.value)
        assert [h.message_id for h in store.search.messages("question")] == [ids[0]]
        hits = store.search.messages("answer")
        assert hits == [] and [r.id for r in hits.skipped] == [ids[1]]


def test_text_sqlite_cannot_decode_does_not_hide_the_other_conversations(tmp_path):
    db = tmp_path / "tessera.db"
    with open_store(db) as store:
        first, _ = chat(store, "first")
        second, _ = chat(store, "second")
    _poison(
        db, "UPDATE conversations SET title = CAST(? AS TEXT) WHERE id = ?", b"ok \xff\xfe", first
    )
    with open_store(db) as store:
        titles = {s.id: s.title for s in store.conversations.list_recent()}
        assert set(titles) == {first, second}
        assert titles[first].startswith("ok ")
