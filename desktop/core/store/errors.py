"""Typed errors the store raises, each with a message a user can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: `str(error)` is one or two sentences meant for the user."""


class StoreOpenError(StoreError):
    """The database file could not be opened or created (permissions, missing folder, ...)."""


class StoreTooNewError(StoreOpenError):
    """The database was written by a newer Tessera; it was left untouched."""

    def __init__(self, path: Path, revision: str) -> None:
        self.path = path
        self.revision = revision
        super().__init__(
            f"The chat database {path} was written by a newer version of Tessera "
            f"(schema revision {revision!r}, unknown to this version). Update Tessera to open "
            "it; the file was not changed."
        )


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n < 10**9 else f"{n / 1e9:.1f} GB"


class StoreDiskFullError(StoreOpenError):
    """The disk holding the data folder is (nearly) full: not damage. Nothing was changed."""

    def __init__(self, path: Path, free: int, needed: int) -> None:
        self.path = path
        self.free = free
        self.needed = needed
        super().__init__(
            f"Tessera cannot open its chats: the disk holding {path.parent} is full "
            f"({_mb(free)} free; opening the database needs about {_mb(needed)}). Free some "
            "space and start Tessera again; the database was not changed."
        )


class StoreReadOnlyError(StoreOpenError):
    """The data folder (or its disk) is read-only: not damage. Nothing was changed."""

    def __init__(self, path: Path, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        why = f" ({detail})" if detail else ""
        super().__init__(
            f"Tessera cannot open its chats: the data folder {path.parent} is read-only{why}. "
            "Make it writable or start Tessera with another --data-dir; the database was not "
            "changed."
        )


class StoreCorruptError(StoreOpenError):
    """`PRAGMA quick_check` failed (or the file is not SQLite). Offers the latest backup."""

    def __init__(self, path: Path, detail: str, backups: list[Path]) -> None:
        self.path = path
        self.detail = detail
        self.backups = backups  # newest first
        if backups:
            offer = (
                f" The latest backup is {backups[0]}; Tessera can restore it "
                "(the damaged file is kept beside it)."
            )
        else:
            offer = " No backup was found beside it."
        super().__init__(
            f"The chat database {path} is damaged ({detail}). It was not modified.{offer}"
        )

    @property
    def latest_backup(self) -> Path | None:
        return self.backups[0] if self.backups else None


class StoreWriteError(StoreError):
    """A write failed and was rolled back; the caller still holds the data and may retry."""

    def __init__(self, message: str, *, reason: str = "other") -> None:
        self.reason = reason  # "read_only" | "disk_full" | "busy" | "other"
        super().__init__(message)


class NotFoundError(StoreError, LookupError):
    """A conversation, message, template or model file id that does not exist (any more)."""


class InvalidOperationError(StoreError, ValueError):
    """A request that makes no sense for this record (e.g. editing an assistant message)."""


class ImportFormatError(StoreError, ValueError):
    """An import file that is not a Tessera export, or is malformed; nothing was written."""


class DamagedRecordError(StoreError):
    """A stored conversation holds a value that cannot be read back (e.g. a date out of range
    that an older version let in). Only that conversation is affected; deleting it fixes it."""

    def __init__(self, conversation_id: int, detail: str) -> None:
        self.conversation_id = conversation_id
        self.detail = detail
        super().__init__(
            f"Conversation {conversation_id} contains a record Tessera cannot read ({detail}). "
            "Your other conversations are not affected. Delete this one with "
            f"`tessera history delete {conversation_id}` or from the conversation list."
        )


class InstanceLockedError(StoreError):
    """Another Tessera process already uses this data folder."""

    def __init__(self, data_dir: Path, owner_pid: int | None) -> None:
        self.data_dir = data_dir
        self.owner_pid = owner_pid
        who = f" (process {owner_pid})" if owner_pid else ""
        super().__init__(
            f"Tessera is already running with the data folder {data_dir}{who}. Switch to that "
            "window, or close it first; two copies would overwrite each other's chats."
        )
