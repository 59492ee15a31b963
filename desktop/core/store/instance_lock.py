"""One Tessera window per data folder: an OS-level lock on `<data dir>/tessera.lock`.

The OS drops the lock when the process dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.core.store import errors as E
from desktop.core.store.errors import InstanceLockedError, StoreOpenError

LOCK_NAME = "tessera.lock"


class InstanceLock:
    """Usage: `with InstanceLock(paths.root): ...` or `acquire()` / `release()`."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        """Takes the lock or raises InstanceLockedError naming the process that holds it."""
        if self._fd is not None:
            return self
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreOpenError(
                E.CANNOT_USE_FOLDER(folder=str(self.data_dir), reason=exc.strerror)
            ) from exc
        if not _try_lock(fd):
            os.close(fd)
            raise InstanceLockedError(self.data_dir, read_owner_pid(self.data_dir))
        # The pid is informational (shown in the message); the lock itself is the OS lock.
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        os.fsync(fd)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_owner_pid(data_dir: Path | str) -> int | None:
    try:
        text = (Path(data_dir) / LOCK_NAME).read_text().strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None


def held_by_another_process(data_dir: Path | str) -> bool:
    """True while a different process holds the lock (this process's own lock is not counted)."""
    path = Path(data_dir) / LOCK_NAME
    if not path.exists():
        return False
    if read_owner_pid(data_dir) == os.getpid():
        return False
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
