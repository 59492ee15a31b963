"""Cyclic garbage holding Qt objects is freed on the GUI thread, never on a worker thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject


class _Tracked(QObject):
    freed_on: list[str] = []

    def __del__(self) -> None:
        _Tracked.freed_on.append(threading.current_thread().name)


def test_a_worker_allocating_never_frees_qt_objects_off_the_gui_thread(qtbot, gui_thread_gc):
    assert gui_thread_gc is not None and not gc.isenabled()
    _Tracked.freed_on.clear()
    for _ in range(20):
        obj = _Tracked()
        obj.cycle = obj  # only the cyclic collector can free it
    del obj

    kept: list[list[int]] = []

    def allocate() -> None:  # a preload or store writer: enough to trigger collections
        kept.extend([i] for i in range(200_000))

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert _Tracked.freed_on == []  # nothing was collected on the worker
    qtbot.waitUntil(lambda: len(_Tracked.freed_on) == 20, timeout=5_000)
    assert set(_Tracked.freed_on) == {threading.main_thread().name}
