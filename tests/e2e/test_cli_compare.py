"""`tessera compare` as a user runs it: real engines, a real database, in a subprocess."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.e2e.test_cli_chat_history import tessera


def first_difference(a: list[int], b: list[int]) -> int:
    for i in range(min(len(a), len(b))):
        if a[i] != b[i]:
            return i
    return min(len(a), len(b))


def test_compare_json_gives_each_target_its_tokens_stats_and_the_divergence(
    tiny_model_path: Path, tmp_path: Path
) -> None:
    model = tiny_model_path
    result = tessera(
        tmp_path / "data",
        "compare",
        "-m",
        "你好 compare",
        "--target",
        f"model:{model},temperature=0.1,seed=9,max_tokens=16",
        "--target",
        f"model:{model},temperature=1.9,seed=9,max_tokens=16",
        "--system",
        "Be brief.",
        "--top-logprobs",
        "2",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["type"] for line in lines] == ["schedule", "target", "target", "turn", "saved"]
    schedule, a, b, turn, saved = lines
    assert "at the same time" in schedule["message"] or "one after another" in schedule["message"]
    for pane in (a, b):
        assert pane["text"] and len(pane["token_ids"]) == pane["token_count"] == 16
        assert pane["stats"]["ttft_seconds"] > 0 and pane["stats"]["decode_tok_s"] > 0
        assert [t["id"] for t in pane["tokens"]] == pane["token_ids"]
        assert all(0 < len(t["top"]) <= 2 for t in pane["tokens"])
        assert pane["provenance"]["backend"] == "local"
        assert pane["parallel"] == schedule["local_parallel"]
    # Labels say what tells the panes apart.
    assert (a["label"], b["label"]) == (
        f"{model.name} temperature=0.1",
        f"{model.name} temperature=1.9",
    )
    (divergence,) = turn["divergences"]
    index = first_difference(a["token_ids"], b["token_ids"])
    assert divergence["panes"] == [0, 1] and divergence["index"] == index
    assert [t["id"] for t in divergence["tokens"]] == [
        a["token_ids"][index],
        b["token_ids"][index],
    ]

    exported = tessera(
        tmp_path / "data", "experiment", "export", str(saved["experiment_id"]), "--format", "csv"
    )
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout.lstrip("\ufeff"))))
    assert [r["output"] for r in rows] == [a["text"], b["text"]]
    assert {r["system"] for r in rows} == {"Be brief."} and rows[0]["prompt"] == "你好 compare"


def test_a_target_that_fails_is_reported_and_the_others_still_reply(
    tiny_model_path: Path, broken_models: dict[str, Path], tmp_path: Path
) -> None:
    result = tessera(
        tmp_path / "data",
        "compare",
        "-m",
        "hello",
        "-m",
        "again",
        "--target",
        f"model:{tiny_model_path},seed=1,max_tokens=6",
        "--target",
        f"model:{broken_models['wrong_magic']}",
    )
    assert result.returncode == 1
    out = result.stdout
    assert out.count(f"[1] {tiny_model_path.name} seed=1 max_tokens=6") == 2
    assert out.count("6 tokens · TTFT") == 2
    assert out.count("[2] wrong_magic.gguf\nerror: wrong_magic.gguf could not be loaded") == 2
    assert "one after another" in result.stderr  # its header cannot be read: no fit estimate
    assert "saved as run" in result.stderr


def test_a_wrong_spec_is_refused_before_anything_runs(tmp_path: Path) -> None:
    result = tessera(
        tmp_path / "data", "compare", "-m", "hi", "--target", "model:a.gguf,temp=1",
        "--target", "model:a.gguf",
    )  # fmt: skip
    assert result.returncode == 2
    assert "tessera compare: In the target 'model:a.gguf,temp=1', 'temp' is not a setting" in (
        result.stderr
    )
    one = tessera(tmp_path / "data", "compare", "-m", "hi", "--target", "model:a.gguf")
    assert one.returncode == 2 and "2 to 4 targets, not 1" in one.stderr


def test_a_local_file_beside_a_saved_llama_server_backend(
    tiny_model_path: Path, llama_server_process, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    added = tessera(
        data, "backends", "add", "gpu-box", llama_server_process.url, "--kind", "llama-server"
    )
    assert added.returncode == 0, added.stderr
    result = tessera(
        data,
        "compare",
        "-m",
        "hello",
        "--target",
        f"model:{tiny_model_path},seed=5,max_tokens=8",
        "--target",
        "backend:gpu-box,seed=5,max_tokens=8",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    schedule, local, remote = lines[:3]
    assert "runs on this machine and the others on servers" in schedule["message"]
    assert local["provenance"]["backend"] == "local" and local["text"]
    assert remote["provenance"]["backend"] == "gpu-box" and remote["text"]
    assert remote["provenance"]["model"] == str(tiny_model_path)
    assert remote["token_count"] == 8 and local["parallel"] and remote["parallel"]
