"""The engine process against hostile models and hard endings: a chat template that never ends
is stopped and reported, a native crash's backtrace stays off stdout, and no temporary log is
left behind, however the engine or the program using it ends."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from desktop.core.engine.client import EngineClient
from desktop.core.engine.protocol import Done, EngineErrorEvent, GenerateRequest

from .conftest import standard_options
from .test_generate import CHAT, GREEDY

REPO = Path(__file__).resolve().parents[3]

ENDLESS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


def test_a_chat_template_that_never_ends_is_stopped_in_the_engine_and_the_engine_lives_on(
    tiny_model_path: Path,
) -> None:
    options = dataclasses.replace(standard_options(tiny_model_path), chat_template_override=ENDLESS)
    with EngineClient() as client:
        client.load(options)
        events = list(client.generate(GenerateRequest(1, GREEDY, messages=CHAT)))
        error = events[-1]
        assert isinstance(error, EngineErrorEvent)
        assert "chat template did not finish in 5 s" in error.text
        assert client.count_tokens("still answering") > 0  # not stuck in the loop
        done = client.generate(GenerateRequest(2, GREEDY, text="plain text works")).wait(30)
        assert isinstance(done, Done)


def _engine_logs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("tessera-engine-"))


def test_no_engine_log_is_left_behind_when_the_program_using_it_is_killed(
    tiny_model_path: Path, tmp_path: Path
) -> None:
    script = (
        "import sys\n"
        "from desktop.core.engine.client import EngineClient\n"
        "from desktop.core.engine.protocol import LoadOptions\n"
        "client = EngineClient()\n"
        f"client.load(LoadOptions(path={str(tiny_model_path)!r}, n_ctx=256, n_threads=1))\n"
        "print(client.pid, flush=True)\n"
        "sys.stdin.read()\n"
    )
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert proc.stdout is not None
    engine_pid = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)  # no cleanup code runs in the parent
    proc.wait(30)
    # The orphaned engine sees its pipe close and exits; wait until it has.
    for _ in range(300):
        try:
            os.kill(engine_pid, 0)
        except ProcessLookupError:
            break
        subprocess.run(["sleep", "0.1"], check=True)
    assert _engine_logs(temp) == []


def test_a_killed_engine_leaves_no_log_and_still_reports_its_last_words(
    tiny_model_path: Path, tmp_path: Path, monkeypatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client = EngineClient()
    try:
        client.load(standard_options(tiny_model_path))
        assert _engine_logs(tmp_path) == []  # open in both processes, named nowhere
        os.kill(client.pid, signal.SIGKILL)
        for _ in range(300):
            if not client.is_alive:
                break
            subprocess.run(["sleep", "0.1"], check=True)
        monkeypatch.setenv("TESSERA_ENGINE_CRASH_AFTER", "2")
        client.load(standard_options(tiny_model_path))
        monkeypatch.delenv("TESSERA_ENGINE_CRASH_AFTER")
        events = list(client.generate(GenerateRequest(1, GREEDY, messages=CHAT)))
        assert isinstance(events[-1], EngineErrorEvent)
        assert "Fatal Python error" in events[-1].detail  # read from the unlinked log
    finally:
        client.close()
    assert _engine_logs(tmp_path) == []


def test_a_native_crash_backtrace_never_reaches_json_output(
    tiny_model_path: Path, tmp_path: Path
) -> None:
    """llama.cpp's GGML_ABORT prints a gdb backtrace on stdout; `--json` must stay JSON."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "--data-dir",
            str(tmp_path / "data"),
            "chat",
            "--model",
            str(tiny_model_path),
            "-m",
            "hello",
            "--max-tokens",
            "8",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={
            **os.environ,
            "TESSERA_ENGINE_CRASH_AFTER": "3",
            "TESSERA_ENGINE_CRASH_NATIVE": "1",
        },
        timeout=180,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    for line in lines:
        json.loads(line)  # every line is JSON: no backtrace in between
    assert json.loads(lines[-1])["type"] == "done"
    assert "crash requested by the test hook" in result.stderr  # the tail, on stderr
