"""`tessera chat` and `tessera history` as a user runs them: real engine, real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.store import open_store

REPO = Path(__file__).resolve().parents[2]


def tessera(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=180,
    )


def run_main(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def chatted(tiny_model_path, tmp_path_factory):
    """A data dir after: one exchange, a --json continuation with top-3, and a REPL session."""
    data = tmp_path_factory.mktemp("cli-data")
    first = tessera(
        data,
        "chat",
        "--model",
        str(tiny_model_path),
        "-m",
        "你好，请介绍一下自己 hello",
        "--system",
        "Answer briefly.",
        "--max-tokens",
        "6",
        "--seed",
        "7",
        "--temperature",
        "0.5",
    )
    second = tessera(
        data,
        "chat",
        "--conversation",
        "1",
        "-m",
        "再说一遍",
        "--max-tokens",
        "4",
        "--seed",
        "7",
        "--json",
        "--top-logprobs",
        "3",
    )
    repl = tessera(
        data,
        "chat",
        "--model",
        str(tiny_model_path),
        "--max-tokens",
        "3",
        stdin="first line\n\nsecond line\n/exit\nnever sent\n",
    )
    return data, first, second, repl


def test_one_exchange_streams_the_reply_and_saves_the_conversation(chatted):
    data, first, _, _ = chatted
    assert first.returncode == 0, first.stderr
    assert "saved as conversation 1" in first.stderr
    with open_store(data) as store:
        conv = store.conversations.get(1)
        assert conv.title == "你好，请介绍一下自己 hello"
        assert conv.system_prompt == "Answer briefly."
        assert conv.sampling_params["seed"] == 7 and conv.sampling_params["temperature"] == 0.5
        user, reply = store.messages.active_path(1)[:2]
    assert user.content == "你好，请介绍一下自己 hello"
    assert reply.status == "complete" and reply.finish_reason == "length"
    assert reply.completion_tokens == 6 and reply.tokens_per_second > 0
    assert first.stdout == reply.content + "\n"  # what was shown is what was saved


def test_json_continuation_prints_every_token_with_its_top_alternatives(chatted):
    data, _, second, _ = chatted
    assert second.returncode == 0, second.stderr
    lines = [json.loads(line) for line in second.stdout.splitlines()]
    tokens, done = lines[:-1], lines[-1]
    assert len(tokens) == 4 and all(t["type"] == "token" for t in tokens)
    for t in tokens:
        assert isinstance(t["id"], int) and isinstance(t["text"], str) and t["logprob"] <= 0
        top = [a["logprob"] for a in t["top"]]
        assert len(top) == 3 and top == sorted(top, reverse=True)
    assert done["type"] == "done" and done["conversation_id"] == 1
    with open_store(data) as store:
        path = store.messages.active_path(1)
        assert [m.role for m in path] == ["user", "assistant", "user", "assistant"]
        saved = store.messages.logprobs(done["message_id"])
    assert [t.id for t in saved.tokens] == [t["id"] for t in tokens]
    assert saved.tokens[0].alternatives[0].logprob == tokens[0]["top"][0]["logprob"]


def test_repl_sends_each_line_until_exit(chatted):
    data, _, _, repl = chatted
    assert repl.returncode == 0, repl.stderr
    with open_store(data) as store:
        path = store.messages.active_path(2)
    assert [m.content for m in path if m.role == "user"] == ["first line", "second line"]
    assert all(m.status == "complete" for m in path)


def test_history_list_search_show(chatted, capsys):
    data = chatted[0]
    code, out, _ = run_main(capsys, data, "history", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [c["id"] for c in listed] == [2, 1]
    assert listed[1]["messages"] == 4 and listed[1]["title"] == "你好，请介绍一下自己 hello"

    code, out, _ = run_main(capsys, data, "history", "search", "介绍", "--json")
    hits = json.loads(out)
    assert code == 0 and [(h["conversation_id"], h["message_id"]) for h in hits] == [(1, 1)]
    start, end = hits[0]["highlights"][0]
    assert hits[0]["snippet"][start:end] == "介绍"

    code, out, _ = run_main(capsys, data, "history", "search", "second")
    assert code == 0 and "[second] line" in out

    code, out, _ = run_main(capsys, data, "history", "show", "1")
    assert code == 0 and out.startswith("# 你好，请介绍一下自己 hello")
    assert "## System\n\nAnswer briefly." in out and "## User\n\n再说一遍" in out


def test_history_export_import_round_trip(chatted, capsys, tmp_path):
    data = chatted[0]
    target = tmp_path / "chat.json"
    code, _, err = run_main(
        capsys, data, "history", "export", "1", "--format", "json", "-o", str(target)
    )
    assert code == 0 and "Exported" in err
    code, out, _ = run_main(capsys, data, "history", "import", str(target))
    assert code == 0 and "as conversation 3" in out
    code, out, _ = run_main(capsys, data, "history", "export", "3", "--format", "json")
    again = json.loads(out)
    original = json.loads(target.read_text(encoding="utf-8"))
    again.pop("exported_at"), original.pop("exported_at")
    assert again == original
    code, out, _ = run_main(capsys, data, "history", "export", "3", "--format", "md")
    assert code == 0 and "## Assistant · tessera-tiny-F16.gguf · 4 tokens" in out


def test_bad_input_gets_a_clear_message_and_saves_nothing(tiny_model_path, tmp_path, capsys):
    data = tmp_path / "data"
    code, _, err = run_main(
        capsys, data, "chat", "--model", str(tmp_path / "missing.gguf"), "-m", "hi"
    )
    assert code == 1 and "does not exist" in err
    code, _, err = run_main(capsys, data, "chat", "-m", "hi")
    assert code == 1 and "--model" in err
    code, _, err = run_main(capsys, data, "chat", "--conversation", "42", "-m", "hi")
    assert code == 1 and "no conversation 42" in err
    code, _, err = run_main(capsys, data, "history", "show", "9")
    assert code == 1 and "no conversation 9" in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tessera-conversation", "version": 1}', encoding="utf-8")
    code, _, err = run_main(capsys, data, "history", "import", str(bad))
    assert code == 1 and "Nothing was imported" in err
    code, out, _ = run_main(capsys, data, "history", "list", "--json")
    assert json.loads(out) == []
