"""`tessera backends`, and `--backend` on chat, tokenize, bench and experiment run, as a user
runs them against a real llama-server (and llama.cpp on this machine for comparison)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.store import open_store
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer
from tests.fixtures.cutting_proxy import CuttingProxy

REPO = Path(__file__).resolve().parents[2]
# No user keyring is touched: keys come from the named environment variable.
ENV = {
    **os.environ,
    "PYTHONIOENCODING": "utf-8",
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
}


def tessera(data: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**ENV, **(env or {})},
        timeout=180,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory, llama_server_process) -> Path:
    folder = tmp_path_factory.mktemp("backends-cli")
    added = tessera(folder, "backends", "add", "box", llama_server_process.url + "/v1",
                    "--kind", "llama-server")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "llama-server" in added.stdout and "up to 20 alternatives per token" in added.stdout
    return folder


def test_backends_list_probe_and_remove(data, llama_server_process, tiny_model_path) -> None:
    listed = json.loads(tessera(data, "backends", "list", "--json").stdout)
    assert [(b["name"], b["kind"], b["url"]) for b in listed] == [
        ("box", "llama-server", llama_server_process.url)
    ]
    probe = json.loads(tessera(data, "backends", "probe", "box", "--json").stdout)
    assert probe["capabilities"]["server_kind"] == "llama-server"
    assert probe["models"] == [str(tiny_model_path)]
    assert "embeddings" in probe["missing"]
    assert tessera(data, "backends", "add", "box", "http://x", "--kind", "openai").returncode == 2
    extra = tessera(data, "backends", "add", "gone", "http://127.0.0.1:9", "--kind", "openai",
                    "--no-probe")  # fmt: skip
    assert extra.returncode == 0
    assert tessera(data, "backends", "remove", "gone").returncode == 0
    missing = tessera(data, "backends", "probe", "gone")
    assert missing.returncode == 1 and "There is no backend named gone" in missing.stderr


def test_an_api_key_is_read_from_the_named_variable_never_the_command_line(data) -> None:
    unset = tessera(data, "backends", "add", "k", "http://127.0.0.1:9", "--kind", "openai",
                    "--api-key-env", "TESSERA_TEST_KEY", "--no-probe")  # fmt: skip
    assert unset.returncode == 2 and "TESSERA_TEST_KEY" in unset.stderr
    kept = tessera(data, "backends", "add", "k", "http://127.0.0.1:9", "--kind", "openai",
                   "--api-key-env", "TESSERA_TEST_KEY", "--no-probe",
                   env={"TESSERA_TEST_KEY": "sk-e2e"})  # fmt: skip
    assert kept.returncode == 0 and "reads it from $TESSERA_TEST_KEY" in kept.stderr
    with open_store(data) as store:
        assert store.db.path.read_bytes().find(b"sk-e2e") == -1
    assert tessera(data, "backends", "remove", "k").returncode == 0


def test_chat_on_a_backend_is_saved_with_where_it_ran(data, tiny_model_path) -> None:
    out = tessera(data, "chat", "--backend", "box", "-m", "你好 hello", "--max-tokens", "5",
                  "--seed", "3", "--json", "--top-logprobs", "2")  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    summary = lines[-1]
    assert summary["type"] == "done" and summary["status"] == "complete"
    assert any(t["type"] == "token" and t["top"] for t in lines[:-1])
    local = tessera(data, "chat", "--model", str(tiny_model_path), "-m", "hi", "--max-tokens", "2")
    assert local.returncode == 0, local.stderr
    with open_store(data) as store:
        remote = store.messages.get(summary["message_id"])
        assert (remote.backend, remote.model) == ("box", str(tiny_model_path))
        assert remote.server_version.startswith("llama-server b") and remote.has_logprobs
        newest = store.conversations.list_recent()[0]
        mine = store.messages.active_path(newest.id)[-1]
        assert mine.backend == "local" and "libllama" in mine.server_version


def test_a_cut_stream_keeps_the_message_and_the_partial_reply(data, llama_server_process) -> None:
    with CuttingProxy(llama_server_process.port) as proxy:
        added = tessera(data, "backends", "add", "flaky", proxy.url, "--kind", "llama-server",
                        "--no-probe")  # fmt: skip
        assert added.returncode == 0
        assert tessera(data, "backends", "probe", "flaky").returncode == 0
        proxy.cut_after(3)
        out = tessera(data, "chat", "--backend", "flaky", "-m", "tell me more", "--max-tokens",
                      "300", "--temperature", "1.0")  # fmt: skip
    assert out.returncode == 1 and "broke mid-reply" in out.stderr
    with open_store(data) as store:
        conv = next(c for c in store.conversations.list_recent() if c.title == "tell me more")
        user, reply = store.messages.active_path(conv.id)
        assert user.content == "tell me more"
        assert reply.status == "interrupted" and reply.content and "broke" in reply.error


def test_tokenize_on_a_backend_gives_the_models_own_ids(data, tiny_model_path) -> None:
    text = "Hello 你好<|im_end|>"
    out = tessera(data, "tokenize", "-t", "backend:box", "--json", text)
    assert out.returncode == 0, out.stderr
    (result,) = json.loads(out.stdout)["results"]
    vocab = ModelVocabTokenizer(tiny_model_path)
    try:
        assert result["ids"] == vocab.encode(text)
    finally:
        vocab.close()


def test_bench_and_an_experiment_run_on_a_backend(data, tmp_path) -> None:
    bench = tessera(data, "bench", "--backend", "box", "--tokens", "16", "--prompt-tokens", "16",
                    "--repeat", "2", "--json")  # fmt: skip
    assert bench.returncode == 0, bench.stderr
    figures = json.loads(bench.stdout)
    assert figures["completion_tokens"] == [16, 16]
    assert figures["decode_tok_s"] > 0 and figures["server_decode_tok_s"] > 0
    spec = tmp_path / "exp.yaml"
    spec.write_text(
        "name: on-the-box\ntemplates:\n  - {label: v, body: 'Greet {{name}}.'}\n"
        "cases:\n  - {name: Ada}\n  - {name: 李雷}\nconfigs:\n"
        "  - {label: c, model: ignored.gguf, seed: 1, max_tokens: 4}\nrepeats: 2\n",
        encoding="utf-8",
    )
    run = tessera(data, "experiment", "run", str(spec), "--backend", "box", "--parallel", "3",
                  "--json")  # fmt: skip
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert results["status"] == "complete" and len(results["results"]) == 4
    assert {r["backend"] for r in results["results"]} == {"box"}
    assert "3 at a time" in run.stderr


def test_complete_on_a_backend_is_a_saved_completion_session(data, tiny_model_path) -> None:
    out = tessera(data, "complete", "--backend", "box", "-p", "Once upon a time",
                  "--max-tokens", "6", "--seed", "2", "--json", "--top-logprobs", "2")  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    summary = lines[-1]
    assert summary["type"] == "done" and summary["status"] == "complete"
    assert any(t["type"] == "token" and t["top"] for t in lines[:-1])
    with open_store(data) as store:
        reply = store.messages.get(summary["message_id"])
        assert reply.backend == "box" and reply.server_version.startswith("llama-server b")
        session = store.conversations.get(summary["conversation_id"])
        assert session.kind == "completion"
        assert store.messages.get(reply.parent_id).content == "Once upon a time"
