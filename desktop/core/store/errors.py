"""Typed errors the store raises, each with a translatable message a user can act on."""

from __future__ import annotations

from pathlib import Path

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError


def _spec(code: str, template: str) -> MessageSpec:
    return MessageSpec(f"store.{code}", template)


# --------------------------------------------------------------------------- opening

TOO_NEW = _spec(
    "too_new",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The chat database {path} was written by a newer version of Tessera (schema revision "
        "'{revision}', unknown to this version). Update Tessera to open it; the file was not "
        "changed.",
    ),
)
CORRUPT = _spec(
    "corrupt",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The chat database {path} is damaged ({detail}). It was not modified."
    ),
)
CORRUPT_BACKUP = _spec(
    "corrupt.backup",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The latest backup is {backup}; Tessera can restore it (the damaged file is kept "
        "beside it).",
    ),
)
CORRUPT_NO_BACKUP = _spec(
    "corrupt.no_backup", QT_TRANSLATE_NOOP("CoreMessages", "No backup was found beside it.")
)
LOCKED = _spec(
    "locked",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera is already running with the data folder {folder}{owner}. Switch to that "
        "window, or close it first; two copies would overwrite each other's chats.",
    ),
)
LOCKED_OWNER = _spec("locked.owner", QT_TRANSLATE_NOOP("CoreMessages", " (process {pid})"))
CANNOT_USE_FOLDER = _spec(
    "cannot_use_folder",
    QT_TRANSLATE_NOOP("CoreMessages", "Tessera cannot use the data folder {folder}: {reason}."),
)
CANNOT_CREATE_FOLDER = _spec(
    "cannot_create_folder",
    QT_TRANSLATE_NOOP("CoreMessages", "Tessera cannot create its data folder {folder}: {reason}."),
)
FOLDER_READ_ONLY = _spec(
    "folder_read_only",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot create its database: the data folder {folder} is read-only. Make it "
        "writable or start Tessera with another --data-dir.",
    ),
)
CANNOT_READ_DATABASE = _spec(
    "cannot_read_database",
    QT_TRANSLATE_NOOP("CoreMessages", "Tessera cannot read its database {path}: {reason}"),
)
CANNOT_OPEN_READ_ONLY = _spec(
    "cannot_open.read_only",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot open its database {path}: the data folder is read-only ({reason}). "
        "Make it writable or start Tessera with another --data-dir; the database was not "
        "changed.",
    ),
)
CANNOT_OPEN = _spec(
    "cannot_open",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot open its database {path}: {reason}. The file was not changed.",
    ),
)
NOT_TESSERA = _spec(
    "not_tessera",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{path} is a SQLite file but not a Tessera database; it was not changed. Move it away "
        "or choose another --data-dir.",
    ),
)
UPGRADE_WOULD_BREAK = _spec(
    "upgrade_would_break",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The database upgrade was cancelled: it would break {count} links between records. "
        "Nothing was changed.",
    ),
)
BACKUP_BEFORE_UPGRADE_FAILED = _spec(
    "backup_before_upgrade_failed",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera must upgrade {path} but could not back it up first ({reason}); the database "
        "was not changed. Free some disk space or make the folder writable.",
    ),
)
UPGRADE_FAILED = _spec(
    "upgrade_failed",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Upgrading the database failed and was rolled back: {error} A backup taken just "
        "before is at {backup}.",
    ),
)

# --------------------------------------------------------------------------- writing

WRITE_READ_ONLY = _spec(
    "write.read_only",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot save: the data folder {folder} is read-only. Make it writable (or "
        "start Tessera with another --data-dir) and try again; nothing was lost.",
    ),
)
WRITE_DISK_FULL = _spec(
    "write.disk_full",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot save: the disk holding {folder} is full. Free some space and try "
        "again; nothing was lost.",
    ),
)
WRITE_BUSY = _spec(
    "write.busy",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot save right now: the chat database is busy (another program is writing "
        "to it). Try again in a moment; nothing was lost.",
    ),
)
WRITE_CANNOT_OPEN = _spec(
    "write.cannot_open",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot save: the database {path} cannot be opened for writing ({reason}). "
        "Check the folder's permissions and try again.",
    ),
)
WRITE_FAILED = _spec(
    "write.failed",
    QT_TRANSLATE_NOOP("CoreMessages", "Tessera could not save to {path}: {reason}. Try again."),
)
READ_FAILED = _spec(
    "read_failed", QT_TRANSLATE_NOOP("CoreMessages", "Tessera could not read {path}: {reason}")
)
CONFLICT = _spec(
    "conflict", QT_TRANSLATE_NOOP("CoreMessages", "This change conflicts with saved data: {reason}")
)

# --------------------------------------------------------------------------- records

NO_CONVERSATION = _spec(
    "no_conversation", QT_TRANSLATE_NOOP("CoreMessages", "There is no conversation {id}.")
)
NO_MESSAGE = _spec("no_message", QT_TRANSLATE_NOOP("CoreMessages", "There is no message {id}."))
NO_MODEL_FILE = _spec(
    "no_model_file", QT_TRANSLATE_NOOP("CoreMessages", "There is no model file {id}.")
)
NO_TEMPLATE = _spec("no_template", QT_TRANSLATE_NOOP("CoreMessages", "There is no template {id}."))
NO_TEMPLATE_VERSION = _spec(
    "no_template_version", QT_TRANSLATE_NOOP("CoreMessages", "There is no template version {id}.")
)
NO_EXPERIMENT = _spec(
    "no_experiment",
    QT_TRANSLATE_NOOP("CoreMessages", "Experiment {id} does not exist (any more)."),
)
NO_RUN = _spec("no_run", QT_TRANSLATE_NOOP("CoreMessages", "Run {id} does not exist (any more)."))
NO_RESULT = _spec(
    "no_result", QT_TRANSLATE_NOOP("CoreMessages", "Result {id} does not exist (any more).")
)
UNKNOWN_ROLE = _spec(
    "unknown_role", QT_TRANSLATE_NOOP("CoreMessages", "Unknown message role '{role}'.")
)
UNKNOWN_STATUS = _spec(
    "unknown_status", QT_TRANSLATE_NOOP("CoreMessages", "Unknown message status '{status}'.")
)
FINISHED_STATUS = _spec(
    "finished_status",
    QT_TRANSLATE_NOOP("CoreMessages", "A finished message cannot have status '{status}'."),
)
ONLY_ASSISTANT_CONTINUES = _spec(
    "only_assistant_continues",
    QT_TRANSLATE_NOOP("CoreMessages", "Only an assistant reply can be continued."),
)
ONLY_ASSISTANT_REGENERATES = _spec(
    "only_assistant_regenerates",
    QT_TRANSLATE_NOOP("CoreMessages", "Only an assistant reply can be regenerated."),
)
ONLY_USER_EDITS = _spec(
    "only_user_edits",
    QT_TRANSLATE_NOOP("CoreMessages", "Only a user message can be edited into a new branch."),
)
NOT_IN_CONVERSATION = _spec(
    "not_in_conversation",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Message {message} is not part of conversation {conversation}."
    ),
)
UNKNOWN_MODEL_FIELDS = _spec(
    "unknown_model_fields", QT_TRANSLATE_NOOP("CoreMessages", "Unknown model file fields: {fields}")
)
SETTING_NOT_SAVED = _spec(
    "setting_not_saved",
    QT_TRANSLATE_NOOP("CoreMessages", "Setting '{key}' cannot be saved: {reason}"),
)
EXPERIMENT_NEEDS_NAME = _spec(
    "experiment_needs_name", QT_TRANSLATE_NOOP("CoreMessages", "An experiment needs a name.")
)
UNKNOWN_RUN_STATUS = _spec(
    "unknown_run_status", QT_TRANSLATE_NOOP("CoreMessages", "Unknown run status '{status}'")
)
RATING_RANGE = _spec("rating_range", QT_TRANSLATE_NOOP("CoreMessages", "A rating is 1 to 5 stars."))
EMPTY_TITLE = _spec(
    "empty_title", QT_TRANSLATE_NOOP("CoreMessages", "A conversation title cannot be empty.")
)
UNKNOWN_OVERFLOW = _spec(
    "unknown_overflow",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Unknown context-overflow policy '{policy}'; use one of {choices}."
    ),
)
TEMPLATE_NEEDS_NAME = _spec(
    "template_needs_name", QT_TRANSLATE_NOOP("CoreMessages", "A template needs a name.")
)
TEMPLATE_KIND = _spec(
    "template_kind",
    QT_TRANSLATE_NOOP("CoreMessages", "A template is 'chat' or 'completion', not '{kind}'."),
)
TEMPLATE_EXISTS = _spec(
    "template_exists",
    QT_TRANSLATE_NOOP("CoreMessages", "A template named '{name}' already exists."),
)

# --------------------------------------------------------------------------- import

IMPORT_CANNOT_READ = _spec(
    "import.cannot_read", QT_TRANSLATE_NOOP("CoreMessages", "Cannot read {path}: {reason}.")
)
IMPORT_TOO_BIG = _spec(
    "import.too_big",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{name} is {size} MB; Tessera imports conversations up to {limit} MB. Nothing was "
        "imported.",
    ),
)
IMPORT_NOT_TEXT = _spec(
    "import.not_text",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "This file is not a Tessera export (not UTF-8 text). Nothing was imported."
    ),
)
IMPORT_TOO_DEEP = _spec(
    "import.too_deep",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This file is nested too deeply to be a Tessera export. Nothing was imported.",
    ),
)
IMPORT_NOT_JSON = _spec(
    "import.not_json",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "This file is not valid JSON ({reason}). Nothing was imported."
    ),
)
NO_BACKEND = _spec(
    "backends.missing", QT_TRANSLATE_NOOP("CoreMessages", "There is no backend named {name}.")
)
BACKEND_EXISTS = _spec(
    "backends.exists", QT_TRANSLATE_NOOP("CoreMessages", "A backend named {name} already exists.")
)
NO_PROMPT_YET = _spec(
    "completion.no_prompt",
    QT_TRANSLATE_NOOP("CoreMessages", "This completion session has no prompt yet."),
)
UNKNOWN_LOAD_SETTINGS = _spec(
    "models.unknown_load_settings",
    QT_TRANSLATE_NOOP("CoreMessages", "Unknown load settings: {names}"),
)
UNKNOWN_KIND = _spec(
    "conversations.unknown_kind",
    QT_TRANSLATE_NOOP("CoreMessages", "Unknown conversation kind {kind}."),
)
NOTHING_IMPORTED = _spec(
    "import.nothing", QT_TRANSLATE_NOOP("CoreMessages", "Nothing was imported.")
)
IMPORT_INVALID = _spec(
    "import.invalid",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This is not a valid Tessera export: {where} {problem}. Nothing was imported.",
    ),
)
IMPORT_TOO_NEW = _spec(
    "import.too_new",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This export was made by a newer Tessera (format version {version}); update Tessera "
        "to import it. Nothing was imported.",
    ),
)


# --------------------------------------------------------------------------- errors


DISK_FULL = MessageSpec(
    "store.disk_full",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot open its chats: the disk holding {folder} is full ({free} free; opening "
        "the database needs about {needed}). Free some space and start Tessera again; the "
        "database was not changed.",
    ),
)
READ_ONLY = MessageSpec(
    "store.read_only",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Tessera cannot open its chats: the data folder {folder} is read-only{why}. Make it "
        "writable or start Tessera with another --data-dir; the database was not changed.",
    ),
)
DAMAGED_RECORD = MessageSpec(
    "store.damaged_record",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Conversation {id} contains a record Tessera cannot read ({detail}). Your other "
        "conversations are not affected. Delete this one with `tessera history delete {id}` "
        "or from the conversation list.",
    ),
)


class StoreError(UserError):
    """Base class: `user_message` says what happened, in words a user can act on."""

    def __init__(self, message: Message, hint: Message | None = None) -> None:
        super().__init__(message, hint)


class StoreOpenError(StoreError):
    """The database file could not be opened or created (permissions, missing folder, ...)."""


class StoreTooNewError(StoreOpenError):
    """The database was written by a newer Tessera; it was left untouched."""

    def __init__(self, path: Path, revision: str) -> None:
        self.path = path
        self.revision = revision
        super().__init__(TOO_NEW(path=str(path), revision=revision))


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n < 10**9 else f"{n / 1e9:.1f} GB"


class StoreDiskFullError(StoreOpenError):
    """The disk holding the data folder is (nearly) full: not damage. Nothing was changed."""

    def __init__(self, path: Path, free: int, needed: int) -> None:
        self.path = path
        self.free = free
        self.needed = needed
        super().__init__(DISK_FULL(folder=str(path.parent), free=_mb(free), needed=_mb(needed)))


class StoreReadOnlyError(StoreOpenError):
    """The data folder (or its disk) is read-only: not damage. Nothing was changed."""

    def __init__(self, path: Path, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        why = f" ({detail})" if detail else ""
        super().__init__(READ_ONLY(folder=str(path.parent), why=why))


class StoreCorruptError(StoreOpenError):
    """`PRAGMA quick_check` failed (or the file is not SQLite). Offers the latest backup."""

    def __init__(self, path: Path, detail: str, backups: list[Path]) -> None:
        self.path = path
        self.detail = detail
        self.backups = backups  # newest first
        offer = CORRUPT_BACKUP(backup=str(backups[0])) if backups else CORRUPT_NO_BACKUP()
        super().__init__(CORRUPT(path=str(path), detail=detail), offer)

    @property
    def latest_backup(self) -> Path | None:
        return self.backups[0] if self.backups else None


class StoreWriteError(StoreError):
    """A write failed and was rolled back; the caller still holds the data and may retry."""

    def __init__(self, message: Message, *, reason: str = "other") -> None:
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
        super().__init__(DAMAGED_RECORD(id=conversation_id, detail=detail))


class InstanceLockedError(StoreError):
    """Another Tessera process already uses this data folder."""

    def __init__(self, data_dir: Path, owner_pid: int | None) -> None:
        self.data_dir = data_dir
        self.owner_pid = owner_pid
        owner = LOCKED_OWNER(pid=owner_pid) if owner_pid else ""
        super().__init__(LOCKED(folder=str(data_dir), owner=owner))
