"""Files a user names: reads that stop at a size cap, writes that respect what the path is.

Reading: `/dev/zero`, a FIFO or a 10 GB file named by mistake must not fill memory, and a
regular file's size on disk is not proof (devices and pipes report 0), so every read stops at
`limit + 1` bytes and a larger input is refused with its cap named.

Writing (`write_file`): a regular file (or a symlink to one) is replaced atomically, through a
temporary file in the same folder and a rename, keeping the existing file's mode, so a failed
write never leaves half a file; a FIFO or character device (`/dev/stdout`, a named pipe) is
written through, never replaced; a block device, socket or folder is refused, saying which.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

TOO_LARGE = MessageSpec(
    "files.too_large",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{path} is larger than {limit} MB, the most Tessera reads as {what} (reading stopped "
        "there).",
    ),
)
CANNOT_READ = MessageSpec(
    "files.cannot_read", QT_TRANSLATE_NOOP("CoreMessages", "Cannot read {path}: {reason}.")
)
NOT_UTF8 = MessageSpec(
    "files.not_utf8",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is not UTF-8 text (invalid bytes at offset {offset})."
    ),
)
CANNOT_WRITE = MessageSpec(
    "files.cannot_write", QT_TRANSLATE_NOOP("CoreMessages", "Cannot write {path}: {reason}.")
)
REFUSED_KIND = MessageSpec(
    "files.refused_kind",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is {kind}; Tessera writes only to files, named pipes and terminals."
    ),
)
IS_FOLDER = MessageSpec("files.is_folder", QT_TRANSLATE_NOOP("CoreMessages", "a folder"))
IS_BLOCK_DEVICE = MessageSpec(
    "files.is_block_device", QT_TRANSLATE_NOOP("CoreMessages", "a block device (a disk)")
)
IS_SOCKET = MessageSpec("files.is_socket", QT_TRANSLATE_NOOP("CoreMessages", "a socket"))
IS_OTHER = MessageSpec("files.is_other", QT_TRANSLATE_NOOP("CoreMessages", "not a regular file"))
# What a capped read is for, in TOO_LARGE's "the most Tessera reads as {what}".
AS_IMPORT = MessageSpec(
    "files.as_import", QT_TRANSLATE_NOOP("CoreMessages", "a conversation import")
)
AS_EXPERIMENT = MessageSpec(
    "files.as_experiment", QT_TRANSLATE_NOOP("CoreMessages", "an experiment file")
)
AS_VARIABLE = MessageSpec(
    "files.as_variable", QT_TRANSLATE_NOOP("CoreMessages", "a variable's value")
)
AS_VOCABULARY = MessageSpec(
    "files.as_vocabulary", QT_TRANSLATE_NOOP("CoreMessages", "a tiktoken vocabulary")
)

_CHUNK = 1 << 20


class FileReadError(UserError, ValueError):
    """A file that could not be read, or was larger than its cap; nothing was used."""


class FileWriteError(UserError, OSError):
    """A path that could not be written (or must not be); whatever was there is unchanged."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_capped(path: Path | str, limit: int, what: Message) -> bytes:
    """The bytes of `path`, at most `limit` of them; FileReadError when there are more (or the
    path cannot be read). `what` names the input in the error (AS_IMPORT() ...)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:  # noqa: PTH123 - a FIFO must be opened, not stat'ed
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise FileReadError(CANNOT_READ(path=str(path), reason=str(IS_FOLDER())))
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise FileReadError(_too_large(path, limit, what))
            data = bytearray()
            while len(data) <= limit:
                chunk = fh.read(min(_CHUNK, limit + 1 - len(data)))
                if not chunk:
                    break
                data += chunk
    except IsADirectoryError:
        raise FileReadError(CANNOT_READ(path=str(path), reason=str(IS_FOLDER()))) from None
    except OSError as exc:
        raise FileReadError(CANNOT_READ(path=str(path), reason=_reason(exc))) from None
    if len(data) > limit:
        raise FileReadError(_too_large(path, limit, what))
    return bytes(data)


def read_text_capped(path: Path | str, limit: int, what: Message) -> str:
    """`read_capped` decoded as UTF-8 (a leading BOM dropped)."""
    data = read_capped(path, limit, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileReadError(NOT_UTF8(path=str(path), offset=exc.start)) from None


def _too_large(path: Path, limit: int, what: Message) -> Message:
    return TOO_LARGE(path=str(path), limit=f"{limit / 1e6:g}", what=what)


def write_file(path: Path | str, data: bytes) -> None:
    """Writes `data` to `path` as the module doc says; raises FileWriteError."""
    target = Path(os.path.realpath(path))  # through symlinks: the link stays a link
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise FileWriteError(CANNOT_WRITE(path=str(path), reason=_reason(exc))) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            _write_through(path, target, data)
            return
        kind = (
            IS_FOLDER()
            if stat.S_ISDIR(info.st_mode)
            else IS_BLOCK_DEVICE()
            if stat.S_ISBLK(info.st_mode)
            else IS_SOCKET()
            if stat.S_ISSOCK(info.st_mode)
            else IS_OTHER()
        )
        raise FileWriteError(REFUSED_KIND(path=str(path), kind=kind))
    _replace_atomically(path, target, data, info)


def _write_through(shown: Path | str, target: Path, data: bytes) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with open(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise FileWriteError(CANNOT_WRITE(path=str(shown), reason=_reason(exc))) from None


def _replace_atomically(
    shown: Path | str, target: Path, data: bytes, info: os.stat_result | None
) -> None:
    if info is not None:
        mode = stat.S_IMODE(info.st_mode)
    else:  # a new file gets what `open()` would give it: 0666 less the umask
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with open(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if info is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only root may give a file to someone else
                os.chown(tmp, info.st_uid, info.st_gid)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise FileWriteError(CANNOT_WRITE(path=str(shown), reason=_reason(exc))) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
