"""Read a text file for the model, only inside folders the user allowed.

The model names a path relative to one allowed folder. Refused: absolute paths, `..`, any
symlink on the way (a link could point anywhere), files over MAX_BYTES are cut, and bytes
that are not UTF-8 text. The resolved path is checked to still lie inside the folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

MAX_BYTES = 200_000

PATH_ABSOLUTE = MessageSpec(
    "tools.path_absolute",
    QT_TRANSLATE_NOOP("CoreMessages", "Absolute paths are refused: name a file inside {folders}."),
)
PATH_ESCAPES = MessageSpec(
    "tools.path_escapes",
    QT_TRANSLATE_NOOP("CoreMessages", "The path {path} leaves the allowed folder (.. is refused)."),
)
PATH_SYMLINK = MessageSpec(
    "tools.path_symlink",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The path {path} goes through a symbolic link, which is refused."
    ),
)
PATH_MISSING = MessageSpec(
    "tools.path_missing",
    QT_TRANSLATE_NOOP("CoreMessages", "There is no file {path} in the allowed folders."),
)
PATH_NOT_TEXT = MessageSpec(
    "tools.path_not_text",
    QT_TRANSLATE_NOOP("CoreMessages", "The file {path} is not UTF-8 text."),
)
NO_FOLDERS = MessageSpec(
    "tools.no_folders",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "No folder is allowed for reading files; add one in Settings."
    ),
)


class FileAccessError(UserError, PermissionError):
    pass


class FileAccess:
    """The folders the user allowed, and safe reads inside them."""

    def __init__(self, folders: Sequence[str | os.PathLike[str]]) -> None:
        self.folders = tuple(Path(f).resolve() for f in folders)

    def read_text(self, path: str) -> tuple[str, bool]:
        """(text, cut): the file's text, cut to MAX_BYTES. Raises FileAccessError."""
        if not self.folders:
            raise FileAccessError(NO_FOLDERS())
        shown = path
        if not path or PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute():
            raise FileAccessError(PATH_ABSOLUTE(folders=", ".join(map(str, self.folders))))
        parts = PurePosixPath(path.replace("\\", "/")).parts
        if ".." in parts:
            raise FileAccessError(PATH_ESCAPES(path=shown))
        for root in self.folders:
            target = root.joinpath(*parts)
            current = root
            try:
                for part in parts:
                    current = current / part
                    if stat.S_ISLNK(os.lstat(current).st_mode):
                        raise FileAccessError(PATH_SYMLINK(path=shown))
            except FileNotFoundError:
                continue
            resolved = target.resolve()
            if root not in resolved.parents or not resolved.is_file():
                continue
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(resolved, flags)
            with os.fdopen(fd, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
            cut = len(data) > MAX_BYTES
            data = data[:MAX_BYTES]
            try:
                text = data.decode("utf-8") if not cut else data.decode("utf-8", "ignore")
            except UnicodeDecodeError:
                raise FileAccessError(PATH_NOT_TEXT(path=shown)) from None
            if "\x00" in text:
                raise FileAccessError(PATH_NOT_TEXT(path=shown))
            return text, cut
        raise FileAccessError(PATH_MISSING(path=shown))
