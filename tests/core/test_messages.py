"""Core messages: English by default, translated templates through a lookup, never a crash."""

from __future__ import annotations

import pickle

from desktop.core.messages import Message, MessageSpec, UserError, plain

DAMAGED = MessageSpec("store.damaged", "The database {path} is damaged ({detail}).")
NEEDS = MessageSpec("disk.needs", "Needs {size:,} bytes. {reason}")


def test_english_text_and_stable_code() -> None:
    m = DAMAGED(path="/tmp/t.db", detail="bad page")
    assert str(m) == "The database /tmp/t.db is damaged (bad page)."
    assert m.code == "store.damaged"


def test_translation_applies_to_nested_messages() -> None:
    zh = {
        DAMAGED.template: "数据库 {path} 已损坏（{detail}）。",
        NEEDS.template: "需要 {size:,} 字节。{reason}",
    }
    m = NEEDS(size=1234567, reason=DAMAGED(path="a.db", detail="x"))
    assert m.render(lambda t: zh.get(t, t)) == "需要 1,234,567 字节。数据库 a.db 已损坏（x）。"


def test_a_broken_translation_or_missing_parameter_shows_text_not_a_traceback() -> None:
    m = DAMAGED(path="a.db")  # detail missing
    assert str(m) == "The database a.db is damaged ({detail})."
    broken = m.render(lambda t: "数据库 {path!z} 损坏")
    assert broken == "The database a.db is damaged ({detail})."
    assert str(NEEDS(reason="r")) == "Needs {size} bytes. r"


def test_messages_and_user_errors_cross_a_process_pipe() -> None:
    m = NEEDS(size=5, reason=plain("server said no"))
    assert pickle.loads(pickle.dumps(m)) == m
    err = UserError(DAMAGED(path="p", detail="d"), hint=plain("Restore the backup."))
    assert str(err) == "The database p is damaged (d). Restore the backup."
    assert isinstance(pickle.loads(pickle.dumps(m)), Message)


def test_every_kind_of_user_error_survives_pickling_whole() -> None:
    from pathlib import Path

    from desktop.core.engine import errors as engine
    from desktop.core.hub import errors as hub
    from desktop.core.store.errors import StoreCorruptError

    errors = [
        engine.EngineError("worker_died", engine.DIED_SIGNAL(signal="SIGKILL"), None, "tail"),
        hub.HubError("rate_limited", hub.RATE_LIMITED(endpoint="e", wait="2 min"), retry_after=9),
        StoreCorruptError(Path("/d/tessera.db"), "bad page", [Path("/d/b1.db")]),
    ]
    for error in errors:
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert vars(again) == vars(error) and str(again) == str(error)
    assert errors[2].latest_backup == Path("/d/b1.db")
    assert "The latest backup is /d/b1.db" in str(errors[2])


def test_joined_messages_translate_each_part() -> None:
    from desktop.core.messages import join

    zh = {DAMAGED.template: "数据库 {path} 已损坏（{detail}）。"}
    joined = join([DAMAGED(path="a", detail="x"), "as is {not a field}"], "\n")
    assert str(joined) == "The database a is damaged (x).\nas is {not a field}"
    assert joined.render(lambda t: zh.get(t, t)) == "数据库 a 已损坏（x）。\nas is {not a field}"
