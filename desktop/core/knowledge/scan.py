"""Sources (folders and files) -> the files to index, with what could not be entered and why.

Symbolic links are followed (a folder of links to notes is common) but every folder is entered
once, by its device and inode, so a link back up the tree (a loop) is reported, not walked
forever. Hidden entries and build folders (.git, node_modules, __pycache__, .venv) are left
out. A file added by name is taken even with an unknown extension, and then reported.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.core.knowledge.kinds import kind_of
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

SYMLINK_LOOP = MessageSpec(
    "knowledge.symlink_loop",
    QT_TRANSLATE_NOOP("CoreMessages", "a symbolic link loop (this folder is already being read)"),
)
BROKEN_LINK = MessageSpec(
    "knowledge.broken_link", QT_TRANSLATE_NOOP("CoreMessages", "a symbolic link to nothing")
)
UNREADABLE = MessageSpec(
    "knowledge.unreadable", QT_TRANSLATE_NOOP("CoreMessages", "cannot be read ({detail})")
)
MISSING = MessageSpec("knowledge.missing", QT_TRANSLATE_NOOP("CoreMessages", "does not exist"))
UNSUPPORTED = MessageSpec(
    "knowledge.unsupported",
    QT_TRANSLATE_NOOP("CoreMessages", "not a supported file type ({extension})"),
)
NOT_REGULAR = MessageSpec(
    "knowledge.not_regular", QT_TRANSLATE_NOOP("CoreMessages", "not a regular file")
)

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})


@dataclass(frozen=True)
class FoundFile:
    source_id: int
    path: str  # absolute, as reached (links not resolved, so citations show the user's path)
    kind: str | None  # None: unsupported (only for files added by name)
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class ScanProblem:
    source_id: int
    path: str
    reason: Message


def scan(sources: Iterable[tuple[int, str]]) -> Iterator[FoundFile | ScanProblem]:
    """Walks each (source id, path); yields files in a stable order, and problems."""
    seen_files: set[tuple[int, int]] = set()
    for source_id, root in sources:
        yield from _scan_one(source_id, Path(root), seen_files)


def _scan_one(
    source_id: int, root: Path, seen_files: set[tuple[int, int]]
) -> Iterator[FoundFile | ScanProblem]:
    try:
        st = root.stat()
    except FileNotFoundError:
        reason = BROKEN_LINK() if root.is_symlink() else MISSING()
        yield ScanProblem(source_id, str(root), reason)
        return
    except OSError as exc:
        yield ScanProblem(source_id, str(root), _unreadable(exc))
        return
    if stat.S_ISREG(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if key not in seen_files:
            seen_files.add(key)
            yield FoundFile(source_id, str(root), kind_of(root), st.st_size, st.st_mtime_ns)
        return
    if not stat.S_ISDIR(st.st_mode):
        yield ScanProblem(source_id, str(root), NOT_REGULAR())
        return
    entered: set[tuple[int, int]] = set()
    stack: list[tuple[Path, os.stat_result]] = [(root, st)]
    while stack:
        folder, fst = stack.pop()
        key = (fst.st_dev, fst.st_ino)
        if key in entered:
            yield ScanProblem(source_id, str(folder), SYMLINK_LOOP())
            continue
        entered.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield ScanProblem(source_id, str(folder), _unreadable(exc))
            continue
        subfolders: list[tuple[Path, os.stat_result]] = []
        for entry in entries:
            if entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS:
                continue
            path = Path(entry.path)
            try:
                est = entry.stat(follow_symlinks=True)
            except FileNotFoundError:
                if entry.is_symlink() and kind_of(path) is not None:
                    yield ScanProblem(source_id, str(path), BROKEN_LINK())
                continue
            except OSError as exc:
                yield ScanProblem(source_id, str(path), _unreadable(exc))
                continue
            if stat.S_ISDIR(est.st_mode):
                subfolders.append((path, est))
            elif stat.S_ISREG(est.st_mode):
                kind = kind_of(path)
                if kind is None:
                    continue
                fkey = (est.st_dev, est.st_ino)
                if fkey in seen_files:
                    continue  # the same file through another link
                seen_files.add(fkey)
                yield FoundFile(source_id, str(path), kind, est.st_size, est.st_mtime_ns)
        stack.extend(reversed(subfolders))


def _unreadable(exc: OSError) -> Message:
    return UNREADABLE(detail=exc.strerror or type(exc).__name__)


def unsupported_reason(path: str) -> Message:
    return UNSUPPORTED(extension=Path(path).suffix or Path(path).name)
