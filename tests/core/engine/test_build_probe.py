"""Build facts from a child process, cached per llama-cpp-python build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.engine import build_probe
from desktop.core.engine.build_probe import CACHE_NAME, build_fingerprint, probe_build
from desktop.core.engine.buildinfo import describe_build

ask = build_probe.ask_child  # the real one, before any test wraps it


def test_the_child_answers_what_this_process_would_and_the_answer_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_probe.forget_answers()  # a child must answer, not an earlier test's child
    asked = []
    monkeypatch.setattr(build_probe, "ask_child", lambda timeout=0: asked.append(1) or ask(timeout))
    info = probe_build(tmp_path)
    assert asked == [1]
    here = describe_build()
    assert info == here
    assert any(d.kind == "CPU" for d in info.devices)
    saved = json.loads((tmp_path / CACHE_NAME).read_text(encoding="utf-8"))
    assert saved["fingerprint"] == build_fingerprint()

    def no_child(timeout: float = 0) -> None:
        raise AssertionError("the cached answer should have been used")

    monkeypatch.setattr(build_probe, "ask_child", no_child)
    assert probe_build(tmp_path) == here


def test_a_damaged_or_foreign_cache_is_not_trusted(tmp_path: Path) -> None:
    cache = tmp_path / CACHE_NAME
    cache.write_text("{not json", encoding="utf-8")
    assert probe_build(tmp_path).llama_cpp_python == describe_build().llama_cpp_python
    stale = json.loads(cache.read_text(encoding="utf-8"))
    stale["fingerprint"] = "another build"
    stale["build"]["gpu_offload"] = not stale["build"]["gpu_offload"]
    cache.write_text(json.dumps(stale), encoding="utf-8")
    assert probe_build(tmp_path).gpu_offload == describe_build().gpu_offload


def test_a_rebuilt_library_changes_the_fingerprint(tmp_path: Path) -> None:
    package = tmp_path / "llama_cpp"
    (package / "lib").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    lib = package / "lib" / "libggml-cuda.so"
    lib.write_bytes(b"\0" * 10)
    before = build_fingerprint(package)
    assert build_fingerprint(package) == before
    lib.write_bytes(b"\0" * 11)  # reinstalled with other CMAKE_ARGS
    assert build_fingerprint(package) != before
