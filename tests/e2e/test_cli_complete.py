"""`tessera complete` as a user runs it: raw continuation, saved as a completion session with
its continuations as branches, listed, searchable, exported and imported; load settings kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.store import open_store

from .test_cli_chat_history import tessera


@pytest.fixture(scope="module")
def completed(tiny_model_no_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """A data dir after: a completion, a --json regeneration of it, and a new prompt."""
    data = tmp_path_factory.mktemp("complete-data")
    model = str(tiny_model_no_template)
    first = tessera(
        data, "complete", "--model", model, "-p", "从前有座山，", "--max-tokens", "5",
        "--seed", "3", "--flash-attn", "off", "--cache-type-k", "q8_0",
    )  # fmt: skip
    again = tessera(
        data, "complete", "--conversation", "1", "--max-tokens", "4", "--seed", "9",
        "--temperature", "1.0", "--json", "--top-logprobs", "2",
    )  # fmt: skip
    other = tessera(
        data, "complete", "--conversation", "1", "-p", "Once upon a time", "--max-tokens", "3"
    )
    return data, model, first, again, other


def test_the_continuation_is_printed_and_saved(completed) -> None:
    data, model, first, _, _ = completed
    assert first.returncode == 0, first.stderr
    assert "saved as completion session 1" in first.stderr
    with open_store(data) as store:
        conv = store.conversations.get(1)
        assert conv.kind == "completion" and conv.model == model
        tree = store.messages.tree(1)
    prompt, continuation = tree.messages[1], tree.messages[2]
    assert (prompt.role, prompt.content) == ("user", "从前有座山，")
    assert continuation.parent_id == prompt.id and continuation.status == "complete"
    assert first.stdout.rstrip("\n") == continuation.content
    assert continuation.completion_tokens == 5


def test_json_prints_the_same_lines_as_chat_and_regenerating_keeps_branches(completed) -> None:
    data, _, _, again, _ = completed
    assert again.returncode == 0, again.stderr
    lines = [json.loads(line) for line in again.stdout.splitlines()]
    tokens, summary = lines[:-1], lines[-1]
    assert [t["type"] for t in tokens] == ["token"] * 4
    assert all(len(t["top"]) == 2 and {"id", "text", "piece", "logprob"} <= set(t) for t in tokens)
    assert summary["type"] == "done" and summary["conversation_id"] == 1
    assert summary["text"] == "".join(t["text"] for t in tokens)
    assert summary["stats"]["completion_tokens"] == 4
    with open_store(data) as store:
        replies = store.messages.tree(1).children(1)
        assert [m.id for m in replies][-1] == summary["message_id"]
        assert store.messages.get(summary["message_id"]).sibling_count == 2
        assert store.messages.logprobs(summary["message_id"]) is not None


def test_a_new_prompt_is_a_new_branch_and_history_lists_and_finds_the_session(completed) -> None:
    data, _, _, _, other = completed
    assert other.returncode == 0, other.stderr
    with open_store(data) as store:
        path = store.messages.active_path(1)
        assert path[0].content == "Once upon a time" and path[0].sibling_count == 2
    listed = tessera(data, "history", "list", "--json")
    assert json.loads(listed.stdout)[0]["kind"] == "completion"
    assert "completion" in tessera(data, "history", "list").stdout
    found = tessera(data, "history", "search", "有座山", "--json")
    assert json.loads(found.stdout)[0]["conversation_id"] == 1


def test_export_and_import_keep_the_kind_and_every_branch(completed, tmp_path: Path) -> None:
    data = completed[0]
    target = tmp_path / "session.json"
    assert tessera(data, "history", "export", "1", "-o", str(target)).returncode == 0
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["conversation"]["kind"] == "completion"
    imported = tessera(data, "history", "import", str(target))
    assert imported.returncode == 0, imported.stderr
    with open_store(data) as store:
        new_id = max(c.id for c in store.conversations.list_recent())
        copy = store.messages.tree(new_id)
        assert copy.conversation.kind == "completion"
        assert len(copy.messages) == len(store.messages.tree(1).messages)
    md = tessera(data, "history", "export", "1", "--format", "md").stdout
    assert "## Prompt" in md and "## Continuation" in md


def test_load_settings_given_once_are_remembered(completed) -> None:
    data, model, *_ = completed
    with open_store(data) as store:
        record = store.models.by_path(model)
    assert record.load_settings()["flash_attn"] == "off"
    assert record.load_settings()["type_k"] == "q8_0"


def test_chat_and_complete_refuse_each_others_sessions(completed) -> None:
    data = completed[0]
    wrong = tessera(data, "chat", "--conversation", "1", "-m", "hi")
    assert wrong.returncode == 1 and "tessera complete --conversation 1" in wrong.stderr


def test_chat_with_a_base_model_suggests_completion(tiny_model_no_template: Path, tmp_path) -> None:
    result = tessera(
        tmp_path, "chat", "--model", str(tiny_model_no_template), "-m", "hi", "--max-tokens", "2"
    )
    assert result.returncode == 0, result.stderr
    assert "ChatML fallback" in result.stderr or "chosen for" in result.stderr
    assert "looks like a base model" in result.stderr and "tessera complete" in result.stderr


def test_a_grammar_constrains_the_continuation(tiny_model_path: Path, tmp_path: Path) -> None:
    grammar = tmp_path / "yes-no.gbnf"
    grammar.write_text('root ::= "yes" | "no"\n', encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        out = tessera(tmp_path / "data", "complete", "--model", str(tiny_model_path),
                      "-p", "Is it raining?", "--grammar", str(grammar),
                      "--max-tokens", "8", "--seed", seed, "--temperature", "1.5",
                      "--json")  # fmt: skip
        assert out.returncode == 0, out.stderr
        summary = json.loads(out.stdout.splitlines()[-1])
        outputs.add(summary["text"])
    assert outputs <= {"yes", "no"}
