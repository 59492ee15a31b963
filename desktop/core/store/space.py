"""Telling a full disk or a read-only folder apart from a damaged database at open.

On a full disk SQLite cannot create the `-shm` file a WAL database needs even to be read, and
answers "disk I/O error": read naively, that is damage, and the app offers to start with an
empty database. So every failure while opening is checked here first: a read-only file system
or folder, or less free space than opening needs, is reported as what it is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from pathlib import Path

from desktop.core.store.errors import StoreDiskFullError, StoreOpenError, StoreReadOnlyError

# What an ordinary open writes: the -shm index (32 KB), WAL frames for the session marker and
# recovered replies, and SQLite's temporary files: 4 MB leaves room for all of it.
OPEN_HEADROOM = 4_000_000


def space_needed(db_path: Path, *, backup: bool = False) -> int:
    """Free bytes that opening `db_path` needs; with `backup`, room for the copy taken before
    a migration (the database and its WAL) too."""
    needed = OPEN_HEADROOM
    if backup:
        for extra in ("", "-wal"):
            with contextlib.suppress(OSError):
                needed += os.stat(f"{db_path}{extra}").st_size
    return needed


def _read_only_file_system(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # Windows has no statvfs
        return False


def diagnose_open_failure(
    db_path: Path, detail: str = "", *, backup: bool = False, error: OSError | None = None
) -> StoreOpenError | None:
    """StoreReadOnlyError or StoreDiskFullError when that explains a failure to open `db_path`;
    None when it does not (then the failure is what it says)."""
    folder = db_path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # the folder may not exist yet
    code = error.errno if error is not None else None
    if code == errno.EROFS or _read_only_file_system(existing):
        return StoreReadOnlyError(db_path, detail or "the disk is mounted read-only")
    if code in (errno.EACCES, errno.EPERM) or not os.access(existing, os.W_OK):
        return StoreReadOnlyError(db_path, detail)
    if db_path.exists() and not os.access(db_path, os.W_OK):
        return StoreReadOnlyError(db_path, detail)
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        return None
    needed = space_needed(db_path, backup=backup)
    if code == errno.ENOSPC or free < needed:
        return StoreDiskFullError(db_path, free, needed)
    return None
