"""The UI's one background-task helper: off the GUI thread, results back on it, never lost."""

from __future__ import annotations

import logging
import threading

import pytest

from desktop.ui.widgets.tasks import BackgroundTasks


def test_ordered_calls_keep_order_report_on_the_gui_thread_and_drain(qtbot) -> None:
    writer = BackgroundTasks(ordered=True)
    done: list[tuple[str, bool]] = []
    main = threading.current_thread()

    def record(name: str):
        return lambda _result: done.append((name, threading.current_thread() is main))

    ran: list[str] = []
    writer.run(lambda: ran.append("later"), on_done=record("later"), delay_ms=5_000)
    writer.run(lambda: ran.append("now"), on_done=record("now"))

    def broken() -> None:
        raise OSError("disk full")

    errors: list[str] = []
    writer.run(broken, on_error=lambda exc: errors.append(str(exc)))
    assert writer.busy()
    writer.drain()  # releases the held-back one too
    assert sorted(ran) == ["later", "now"]
    qtbot.waitUntil(lambda: len(done) == 2 and errors == ["disk full"])
    assert all(on_gui for _name, on_gui in done)
    writer.shutdown()
    assert not writer.busy()


def test_ordered_calls_run_one_after_another_in_submission_order(qtbot) -> None:
    writer = BackgroundTasks(ordered=True)
    seen: list[int] = []
    inside = threading.Lock()

    def step(n: int) -> None:
        assert inside.acquire(blocking=False), "two writes ran at the same time"
        try:
            seen.append(n)
        finally:
            inside.release()

    for n in range(50):
        writer.run(lambda n=n: step(n))
    writer.shutdown(timeout=None)
    assert seen == list(range(50))


def test_parallel_calls_from_many_threads_all_report_back(qtbot) -> None:
    tasks = BackgroundTasks()
    gate = threading.Event()
    results: list[int] = []
    main = threading.current_thread()
    on_gui: list[bool] = []

    def submit(base: int) -> None:
        for i in range(20):
            tasks.run(
                lambda n=base + i: (gate.wait(10), n)[1],
                on_done=lambda n: (
                    results.append(n),
                    on_gui.append(threading.current_thread() is main),
                ),
            )

    submitters = [threading.Thread(target=submit, args=(k * 100,)) for k in range(5)]
    for t in submitters:
        t.start()
    for t in submitters:
        t.join()
    assert tasks.busy()  # every call waits on the gate
    gate.set()
    qtbot.waitUntil(lambda: len(results) == 100, timeout=10_000)
    assert sorted(results) == sorted(k * 100 + i for k in range(5) for i in range(20))
    assert all(on_gui)
    qtbot.waitUntil(lambda: not tasks.busy())
    tasks.shutdown()


def test_progress_and_signals_name_the_call(qtbot) -> None:
    tasks = BackgroundTasks()
    token = object()
    report = tasks.progress_callback(token)
    with qtbot.waitSignal(tasks.finished) as finished, qtbot.waitSignal(tasks.progress) as step:
        tasks.run(lambda: (report(0.5), "ok")[1], token=token)
    assert step.args == [token, 0.5]
    assert finished.args == [token, "ok"]
    tasks.shutdown()


def test_an_unhandled_failure_is_logged_not_lost(qtbot, caplog) -> None:
    tasks = BackgroundTasks(name="tessera-test-task")

    def broken() -> None:
        raise ValueError("bad header")

    with caplog.at_level(logging.ERROR), qtbot.waitSignal(tasks.failed) as failed:
        tasks.run(broken)
    assert isinstance(failed.args[1], ValueError)
    assert any(
        "tessera-test-task" in r.getMessage() and r.exc_info and "bad header" in str(r.exc_info[1])
        for r in caplog.records
    )
    tasks.shutdown()


@pytest.mark.parametrize("ordered", [False, True])
def test_nothing_runs_or_calls_back_after_shutdown(qtbot, ordered: bool) -> None:
    tasks = BackgroundTasks(ordered=ordered)
    called: list[object] = []
    release = threading.Event()
    tasks.run(lambda: release.wait(10), on_done=called.append)
    release.set()
    tasks.shutdown()
    tasks.run(lambda: called.append("late run"), on_done=called.append)
    qtbot.wait(50)  # give a stray queued callback a chance to (wrongly) arrive
    assert called == []
    assert not tasks.busy()


def test_an_owner_destroyed_without_shutdown_never_gets_a_late_result(qtbot) -> None:
    """A window Python drops without closing it: its running call must not crash the app."""
    import shiboken6
    from PySide6.QtCore import QObject

    owner = QObject()
    tasks = BackgroundTasks(owner, name="tessera-orphan")
    release = threading.Event()
    called: list[object] = []
    tasks.run(lambda: release.wait(10), on_done=called.append, on_error=called.append)
    (worker,) = [t for t in threading.enumerate() if t.name.startswith("tessera-orphan")]
    shiboken6.delete(owner)  # destroys the tasks object with it, no shutdown()
    release.set()
    worker.join(10)
    assert not worker.is_alive()
    qtbot.wait(20)
    assert called == []
