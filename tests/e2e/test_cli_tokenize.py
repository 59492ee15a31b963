"""`tessera tokenize`: ids equal llama.cpp's and tiktoken's own, offsets, JSON, bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.cli import main

TEXT = "Hello, world! 你好，世界！ 🙂 <|im_start|>user"


def run_cli(args: list[str], capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(["tokenize", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_model_ids_equal_llama_cpp(tiny_model_path: Path, data_dir: Path, capsys) -> None:
    import llama_cpp

    code, out, _ = run_cli(["--json", "-t", f"model:{tiny_model_path}", TEXT], capsys)
    assert code == 0
    result = json.loads(out)["results"][0]
    llm = llama_cpp.Llama(str(tiny_model_path), vocab_only=True, verbose=False)
    try:
        assert result["ids"] == llm.tokenize(TEXT.encode(), add_bos=True, special=True)
    finally:
        llm.close()
    data = TEXT.encode()
    assert b"".join(data[t["start"] : t["end"]] for t in result["tokens"]) == data
    assert result["tokens"][-2]["kind"] == "control"
    assert result["tokens"][-2]["piece"] == "<|im_start|>"


def test_tiktoken_ids_equal_tiktokens_own(data_dir: Path, capsys, monkeypatch) -> None:
    import tiktoken

    code, out, _ = run_cli(["--json", "--offline", "-t", "tiktoken:cl100k_base", TEXT], capsys)
    assert code == 0
    result = json.loads(out)["results"][0]
    # the CLI filled the cache from the bundled files; tiktoken reads the same layout offline
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(data_dir / "cache" / "tiktoken"))
    assert result["ids"] == tiktoken.get_encoding("cl100k_base").encode(TEXT, allowed_special="all")
    assert result["counts"]["characters"] == len(TEXT)
    assert result["counts"]["bytes"] == len(TEXT.encode())


def test_compare_prints_counts_and_ratio(tiny_model_path: Path, data_dir: Path, capsys) -> None:
    code, out, _ = run_cli(
        ["-t", f"model:{tiny_model_path}", "-t", "tiktoken:r50k_base", "中文文本必须正确地分词。"],
        capsys,
    )
    assert code == 0
    assert "x the tokens of model:" in out
    assert "[E4 B8]" in out or "[E4" in out  # r50k cuts Chinese characters into byte pieces
    assert '"中文"' in out or '"中"' in out  # the model's vocabulary has whole characters


def test_stdin_with_invalid_utf8(tiny_model_path: Path, data_dir: Path, capsys, monkeypatch):
    code, out, err = run_cli(
        ["--json", "-t", f"model:{tiny_model_path}", "-"],
        capsys,
        stdin=b"ab\xff\xfe\x00cd\xe4\xbd\xa0",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    assert "not valid UTF-8" in err and "2 invalid" in err
    assert json.loads(out)["text"] == "ab\ufffd\ufffd\x00cd你"


def test_bad_tokenizers_give_a_message(tmp_path: Path, data_dir: Path, capsys, broken_models):
    for spec, expected in [
        (f"model:{tmp_path / 'missing.gguf'}", "does not exist"),
        (f"model:{broken_models['not_gguf']}", "not a GGUF"),
        ("gpt:4", "is not a tokenizer"),
        ("tiktoken:nope", "no encoding named"),
    ]:
        code, out, err = run_cli(["-t", spec, "hello"], capsys)
        assert code == 1 and expected in err and "Traceback" not in err, spec


def test_local_tiktoken_file(tmp_path: Path, data_dir: Path, capsys) -> None:
    import base64

    ranks = [bytes([b]) for b in range(256)] + [b"ab", b"abc"]
    lines = [base64.b64encode(t) + b" %d" % rank for rank, t in enumerate(ranks)]
    path = tmp_path / "mini.tiktoken"
    path.write_bytes(b"\n".join(lines))
    code, out, _ = run_cli(["--json", "-t", f"tiktoken:{path}", "abcab"], capsys)
    assert code == 0
    assert json.loads(out)["results"][0]["ids"] == [257, 256]


def test_real_command_line(tiny_model_path: Path, data_dir: Path) -> None:
    env = {**os.environ, "TESSERA_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "tokenize", "-t", f"model:{tiny_model_path}", "你好"],
        capture_output=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert '"你好"' in out and "1 token, 2 characters, 6 bytes" in out


def test_special_parsing_can_be_turned_off(tiny_model_path: Path, data_dir, capsys) -> None:
    code, out, _ = run_cli(
        ["--json", "--no-parse-special", "-t", f"model:{tiny_model_path}", "<|im_end|>"], capsys
    )
    assert code == 0
    kinds = {t["kind"] for t in json.loads(out)["results"][0]["tokens"]}
    assert kinds == {"normal"}
