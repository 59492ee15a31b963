"""`tessera knowledge` and `tessera chat --knowledge` as a user runs them, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def tessera(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=300,
    )


def test_create_add_search_status_chat_and_remove(tmp_path, tiny_embedder_path, tiny_model_path):
    docs = tmp_path / "docs"
    (docs / "zh").mkdir(parents=True)
    (docs / "guide.md").write_text(
        "# Setup\n\nThe proxy listens on port 8080.\nRestart it after changing the timeout.\n"
    )
    (docs / "zh" / "说明.txt").write_text("代理服务器的端口是八千。\n请在修改超时后重启。\n")
    (docs / "zh" / "gbk.txt").write_bytes(
        "机器学习是人工智能的一个分支，我们学习分词。".encode("gbk")
    )
    (docs / "fake.txt").write_bytes(bytes(range(256)) * 8)
    data = tmp_path / "data"

    created = tessera(data, "knowledge", "create", "手册", "--embedder", str(tiny_embedder_path))
    assert created.returncode == 0, created.stderr
    assert "tessera-tiny-embed" in created.stdout
    added = tessera(data, "knowledge", "add", "手册", str(docs))
    assert added.returncode == 0, added.stderr
    assert "3 read" in added.stdout and "1 skipped" in added.stdout
    assert "fake.txt: binary data" in added.stderr

    found = tessera(data, "knowledge", "search", "手册", "代理服务器", "--k", "2", "--json")
    assert found.returncode == 0, found.stderr
    result = json.loads(found.stdout)
    assert result["mode"] == "hybrid"
    top = result["hits"][0]
    assert top["path"] == str(docs / "zh" / "说明.txt")
    assert (top["line_start"], top["line_end"]) == (1, 2)
    assert "代理服务器" in top["text"]
    assert set(top["scores"]) >= {"bm25", "vector", "fused"} and top["scores"]["bm25"] > 0

    status = json.loads(tessera(data, "knowledge", "status", "手册", "--json").stdout)
    by_name = {Path(d["path"]).name: d for d in status["documents"]}
    assert by_name["fake.txt"]["reason_code"] == "knowledge.binary"
    assert by_name["gbk.txt"]["encoding"] == "gb18030"
    assert status["state"] == "done" and status["dimension"] == 32

    listed = tessera(data, "knowledge", "list", "--json")
    assert json.loads(listed.stdout)[0]["documents"] == 3

    chat = tessera(
        data,
        "chat",
        "--model",
        str(tiny_model_path),
        "-m",
        "端口是多少？",
        "--knowledge",
        "手册",
        "--max-tokens",
        "4",
        "--seed",
        "1",
        "--json",
    )
    assert chat.returncode == 0, chat.stderr
    lines = [json.loads(line) for line in chat.stdout.splitlines()]
    citations = next(line for line in lines if line["type"] == "citations")
    assert citations["tokens"] > 0
    assert citations["citations"][0]["path"] == str(docs / "zh" / "说明.txt")
    assert lines[-1]["type"] == "done"

    removed = tessera(data, "knowledge", "remove", "手册")
    assert removed.returncode == 0
    assert tessera(data, "knowledge", "list", "--json").stdout.strip() == "[]"
    assert not any((data / "knowledge").iterdir())
    assert docs.exists() and (docs / "guide.md").exists()  # the user's files are untouched


def test_unknown_base_and_bad_embedder_are_one_line_errors(tmp_path):
    data = tmp_path / "data"
    missing = tessera(data, "knowledge", "search", "nope", "x")
    assert missing.returncode == 1 and "no knowledge base named 'nope'" in missing.stderr
    bad = tessera(data, "knowledge", "create", "kb", "--embedder", str(tmp_path / "none.gguf"))
    assert bad.returncode == 1 and "does not exist" in bad.stderr
    assert "Traceback" not in bad.stderr + missing.stderr
