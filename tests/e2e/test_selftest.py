"""`tessera --self-test`: the whole check on this checkout, and how failures are reported."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.selftest import (
    CHINESE_SAMPLE,
    TIKTOKEN_SAMPLE,
    CheckFailed,
    network_disabled,
    require,
    run_self_test,
)

ROOT = Path(__file__).resolve().parents[2]


def run_tessera(*args: str, env: dict[str, str], timeout: float = 240):
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def test_self_test_passes_and_leaves_the_users_data_alone(tmp_path: Path) -> None:
    user_data = tmp_path / "user-data"
    user_data.mkdir()
    env = dict(os.environ, TESSERA_DATA_DIR=str(user_data), QT_QPA_PLATFORM="offscreen")
    result = run_tessera("--self-test", env=env)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    checks = [line for line in lines if line.startswith(("PASS", "FAIL"))]
    assert [line.split()[0] for line in checks] == ["PASS"] * 4, result.stdout
    report = "\n".join(checks)
    for what in ("database migrations", "model load + generate", "tiktoken offline", "main window"):
        assert what in report
    assert "generated" in report and "tokens" in report
    assert lines[-1] == "self-test passed: 4 checks"
    assert list(user_data.iterdir()) == []  # scratch data went to a temporary folder


def test_missing_part_fails_with_a_clear_line_and_the_rest_still_runs() -> None:
    def missing(_work: Path) -> str:
        require("desktop.not_landed_yet", "the widget panel")
        return "unreachable"

    def broken(_work: Path) -> str:
        return str({}["no such key"])

    def fine(work: Path) -> str:
        assert work.is_dir()
        return "all good"

    out = io.StringIO()
    code = run_self_test(
        (("widget panel", missing), ("broken part", broken), ("fine part", fine)), out=out
    )
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[1].startswith("FAIL  widget panel")
    assert (
        "the widget panel is missing from this build (no module desktop.not_landed_yet)" in lines[1]
    )
    assert lines[2].startswith("FAIL  broken part") and "KeyError" in lines[2]
    assert "test_selftest.py:" in lines[2]  # where it broke
    assert lines[3].startswith("PASS  fine part") and "all good" in lines[3]
    assert lines[4] == "self-test FAILED: 2 of 3 checks (widget panel, broken part)"


def test_require_does_not_hide_a_broken_import_inside_a_present_module(tmp_path, monkeypatch):
    (tmp_path / "tessera_selftest_probe.py").write_text("import module_that_is_not_there\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        require("tessera_selftest_probe", "the probe")
    with pytest.raises(CheckFailed):
        require("tessera_selftest_absent_probe", "the probe")


def test_network_is_off_inside_the_guard_and_back_after() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    try:
        with network_disabled(), pytest.raises(OSError, match="disabled during the self-test"):
            socket.create_connection(("127.0.0.1", port), timeout=2)
        with network_disabled(), pytest.raises(OSError):
            socket.getaddrinfo("localhost", port)
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    finally:
        server.close()


def test_tiktoken_sample_matches_tiktoken_on_the_bundled_file(monkeypatch) -> None:
    """The expected ids in the self-test are tiktoken's own for the shipped cl100k_base file."""
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe
    from tiktoken_ext import openai_public

    name, text, expected = TIKTOKEN_SAMPLE
    local = ROOT / "resources" / "tiktoken" / f"{name}.tiktoken"
    # tiktoken's own constructor, reading the shipped file instead of downloading.
    monkeypatch.setattr(
        openai_public,
        "load_tiktoken_bpe",
        lambda _url, expected_hash=None: load_tiktoken_bpe(str(local), expected_hash),
    )
    reference = tiktoken.Encoding(**getattr(openai_public, name)())
    assert reference.encode(text) == expected
    assert reference.decode(reference.encode(CHINESE_SAMPLE)) == CHINESE_SAMPLE


def test_a_hung_check_ends_the_process_instead_of_hanging(tmp_path: Path) -> None:
    code = (
        "import time, sys\n"
        "from desktop.selftest import run_self_test\n"
        "sys.exit(run_self_test((('stuck', lambda w: time.sleep(60)),), timeout_s=1))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 1
    assert "FAIL  stuck" in result.stdout and "did not finish in 1 s" in result.stdout
    assert "in <lambda>" in result.stderr  # the stuck stack, for whoever reads the CI log
