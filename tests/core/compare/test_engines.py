"""A comparison's engines run below the caller's CPU priority (the window stays responsive)."""

from __future__ import annotations

import os
import sys

import psutil
import pytest

from desktop.core.compare import engines
from desktop.core.compare.engines import BackgroundLocalBackend
from desktop.core.engine.options import load_options_from_dict


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX niceness; Windows uses a class")
def test_the_engine_process_runs_below_this_process(tiny_model_path, monkeypatch) -> None:
    ours = os.nice(0)
    wanted = min(19, ours + 3)  # above whatever niceness the test run itself has
    monkeypatch.setattr(engines, "NICENESS", wanted)
    backend = BackgroundLocalBackend()
    try:
        backend.load(load_options_from_dict(str(tiny_model_path), {"n_ctx": 256}))
        pid = backend.client.pid
        assert pid is not None
        assert psutil.Process(pid).nice() == wanted
        assert os.nice(0) == ours  # this process keeps its own
    finally:
        backend.close()


def test_a_process_that_is_gone_keeps_nothing_from_failing() -> None:
    assert engines.lower_priority(None) is False
    gone = psutil.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert engines.lower_priority(gone.pid) is False
