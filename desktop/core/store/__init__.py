"""Tessera's SQLite store: chats as trees, templates, model files, settings, search, export.

Entry point: `open_store(paths) -> Store`; see `db.Store` for the repositories it offers.
"""

from desktop.core.store.checkpoint import StreamCheckpointer
from desktop.core.store.db import Store, open_store
from desktop.core.store.errors import (
    DamagedRecordError,
    ImportFormatError,
    InstanceLockedError,
    InvalidOperationError,
    NotFoundError,
    StoreCorruptError,
    StoreDiskFullError,
    StoreError,
    StoreOpenError,
    StoreReadOnlyError,
    StoreTooNewError,
    StoreWriteError,
)
from desktop.core.store.instance_lock import InstanceLock

__all__ = [
    "DamagedRecordError",
    "ImportFormatError",
    "InstanceLock",
    "InstanceLockedError",
    "InvalidOperationError",
    "NotFoundError",
    "Store",
    "StoreCorruptError",
    "StoreDiskFullError",
    "StoreError",
    "StoreOpenError",
    "StoreReadOnlyError",
    "StoreTooNewError",
    "StoreWriteError",
    "StreamCheckpointer",
    "open_store",
]
