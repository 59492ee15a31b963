"""One Tessera per data folder: a second one is told clearly; a crash frees the folder."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core.store import InstanceLock, InstanceLockedError
from desktop.core.store.instance_lock import held_by_another_process

REPO = Path(__file__).resolve().parents[3]

HOLDER = textwrap.dedent(
    """
    import sys, time
    from desktop.core.store import InstanceLock
    lock = InstanceLock(sys.argv[1]).acquire()
    print("locked", flush=True)
    sys.stdin.readline()  # hold until the test says so (or kills us)
    """
)


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock on tmp_path/data; stopped at teardown."""
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert proc.stdout.readline().strip() == "locked"
    yield data, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def test_a_second_instance_gets_a_message_naming_the_folder_and_the_process(holder):
    data, proc = holder
    assert held_by_another_process(data)
    with pytest.raises(InstanceLockedError) as err:
        InstanceLock(data).acquire()
    assert err.value.owner_pid == proc.pid
    assert str(data) in str(err.value) and "already running" in str(err.value)


def test_the_folder_is_free_again_when_the_first_instance_exits_or_crashes(holder):
    data, proc = holder
    proc.kill()  # a crash: the OS releases the lock, nothing stale is left
    proc.wait(timeout=30)
    assert not held_by_another_process(data)
    with InstanceLock(data) as lock:
        assert lock.held
    assert not lock.held


def test_two_locks_in_one_process_also_exclude_each_other(tmp_path):
    first = InstanceLock(tmp_path).acquire()
    assert not held_by_another_process(tmp_path)  # our own lock does not count
    with pytest.raises(InstanceLockedError):
        InstanceLock(tmp_path).acquire()
    first.release()
    InstanceLock(tmp_path).acquire().release()
