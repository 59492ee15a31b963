"""Local engines for a comparison shown in the window: run below the window's CPU priority.

Up to four engine processes decode at once on a machine whose cores the window shares; at the
same priority the scheduler gives the window one share in five and its event loop stalls for
100-200 ms at a time on two cores (bench/compare_stream_latency.py). One step below normal, the
engines still take every core the window leaves idle, and the window stays responsive.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.protocol import LoadOptions, ModelInfo

log = logging.getLogger(__name__)

NICENESS = 10  # POSIX; on Windows: the "below normal" priority class


def lower_priority(pid: int | None) -> bool:
    """Lowers process `pid`'s CPU priority; False when it could not (the engine runs anyway)."""
    if pid is None:
        return False
    try:
        import psutil

        process = psutil.Process(pid)
        if sys.platform == "win32":
            process.nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
        elif process.nice() < NICENESS:
            process.nice(NICENESS)
    except Exception as exc:  # noqa: BLE001 - psutil.Error, a process that just ended
        log.info("engine %s keeps its priority: %s", pid, exc)
        return False
    return True


class BackgroundLocalBackend(LocalBackend):
    """A LocalBackend whose engine process runs below this process's priority."""

    def load(
        self, options: LoadOptions, on_progress: Callable[[float], None] | None = None
    ) -> ModelInfo:
        info = super().load(options, on_progress=on_progress)
        # The process is spawned by its first load (and again after a crash): lowered each time.
        lower_priority(self.client.pid)
        return info
