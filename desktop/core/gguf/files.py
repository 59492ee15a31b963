"""Read a model file's header without loading weights, validated, cached per file identity.

The engine calls `read_gguf_meta()` before llama.cpp ever sees a file, so a missing, foreign,
truncated or unsupported file becomes a clear `GGUFError` instead of a crash in native code.
The hub parses a header fetched over the network with `parse_gguf_header()`. Results are
cached per file (path, size, modification time): picking the same model again costs one `stat`.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from desktop.core.gguf import errors as E
from desktop.core.gguf.errors import GGUFError
from desktop.core.gguf.header import read_raw_header
from desktop.core.gguf.meta import GGUFMeta, meta_from_header
from desktop.core.gguf.validate import check_runnable

_CACHE_SIZE = 32
_cache: OrderedDict[tuple, GGUFMeta] = OrderedDict()
_cache_lock = threading.Lock()


def parse_gguf_header(
    buf: Any,
    size: int | None = None,
    *,
    path: str | os.PathLike[str] = "model.gguf",
    check_architecture: bool = True,
) -> GGUFMeta:
    """Parse the GGUF header at the start of `buf` (bytes, bytearray, memoryview or mmap).

    `buf` may be a prefix of the file, as long as it holds the whole header (metadata and
    tensor table); `size` is then the whole file's size, against which the tensors' data is
    checked (default: `len(buf)`). `path` names the file in messages and in the result.

    Raises GGUFHeaderTruncated (a GGUFError) when the header runs past the end of `buf`: with
    a prefix, read more of the file and try again; with the whole file, it is cut short.
    Raises GGUFError for anything else wrong, as `read_gguf_meta` does.
    """
    path = Path(path)
    if size is None:
        size = len(buf)
    meta = meta_from_header(read_raw_header(buf, size, path), path, size)
    if check_architecture:
        check_runnable(path, meta)
    return meta


def read_gguf_meta(path: str | os.PathLike[str], *, check_architecture: bool = True) -> GGUFMeta:
    """Parse and validate `path`. Raises GGUFError with kind file_missing, not_gguf, corrupt or
    unsupported_architecture.

    Results are cached by file identity (absolute path, device, inode, size, modification and
    change times): a file that is replaced or rewritten is parsed again. The returned object
    is shared between callers: treat its dicts as read-only.
    """
    path = Path(path)
    with _open_checked(path) as fh:
        try:
            st = os.fstat(fh.fileno())
        except OSError as exc:
            raise GGUFError(
                "file_missing", E.CANNOT_READ(path=str(path), reason=exc.strerror)
            ) from None
        key = (
            os.fspath(path.absolute()),
            st.st_dev,
            st.st_ino,
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
        )
        with _cache_lock:
            meta = _cache.get(key)
            if meta is not None:
                _cache.move_to_end(key)
        if meta is None:
            meta = _read_mapped(fh, path, st.st_size)
            with _cache_lock:
                _cache[key] = meta
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
    if check_architecture:
        check_runnable(path, meta)
    return meta


def clear_header_cache() -> None:
    """Forget every cached header (benchmarks measuring a cold read; tests)."""
    with _cache_lock:
        _cache.clear()


def _open_checked(path: Path) -> Any:
    """The file opened for reading, or the GGUFError a user should see instead."""
    if not path.exists():
        raise GGUFError("file_missing", E.FILE_MISSING(path=str(path)), E.FILE_MISSING_HINT())
    if path.is_dir():
        raise GGUFError("not_gguf", E.IS_FOLDER(path=str(path)), E.PICK_GGUF())
    try:
        return open(path, "rb")  # noqa: SIM115 (the caller closes it)
    except OSError as exc:
        raise GGUFError(
            "file_missing", E.CANNOT_READ(path=str(path), reason=exc.strerror)
        ) from None


def _read_mapped(fh: Any, path: Path, size: int) -> GGUFMeta:
    """Parses the header through a memory map: only the pages it touches are read."""
    if size < 4:
        return parse_gguf_header(b"", size, path=path, check_architecture=False)  # raises
    try:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:
        raise GGUFError("file_missing", E.CANNOT_READ(path=str(path), reason=str(exc))) from None
    error: GGUFError | None = None
    try:
        return parse_gguf_header(mm, size, path=path, check_architecture=False)
    except GGUFError as exc:
        # Its traceback holds the parser's frames and their numpy views of the map: drop
        # them so the file is unmapped now (on Windows a mapped file cannot be replaced,
        # e.g. by the download that repairs it).
        error = exc.with_traceback(None)
        error.__context__ = None
    finally:
        with contextlib.suppress(BufferError):  # a view still alive: unmapped when it goes
            mm.close()
    raise error
