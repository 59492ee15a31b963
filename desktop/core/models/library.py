"""Installed models: what is in the models folder or referenced, with header metadata.

Records live in the store's model-file repository (`store.models`); files live under
`paths.models/<owner>/<repo>/` (downloads, copies, moves) or anywhere else (references). A
split model is one entry (its first part) and is listed only when every part is present.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol

from desktop.core.gguf.errors import GGUFError
from desktop.core.hub.names import group_gguf_files, parse_quantization, parse_split, split_complete
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError
from desktop.core.paths import DataPaths
from desktop.core.templates.choice import (
    TemplateChoice,
    base_model_notice,
    choice_summary,
    choose_chat_template,
    looks_like_base_model,
)

ImportMode = Literal["copy", "move", "reference"]
Source = Literal["library", "referenced"]


NOT_A_FILE = MessageSpec(
    "library.not_a_file",
    QT_TRANSLATE_NOOP("CoreMessages", "{path} does not exist or is not a file."),
)
NOT_GGUF = MessageSpec(
    "library.not_gguf", QT_TRANSLATE_NOOP("CoreMessages", "{name} is not a .gguf file.")
)
PARTS_MISSING = MessageSpec(
    "library.parts_missing",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is split and these parts are missing: {parts}."),
)
ALREADY_THERE_AT = MessageSpec(
    "library.already_there_at",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} is already in the library ({path})."),
)
ALREADY_THERE = MessageSpec(
    "library.already_there", QT_TRANSLATE_NOOP("CoreMessages", "{name} is already in the library.")
)
NOT_A_FOLDER = MessageSpec(
    "library.not_a_folder", QT_TRANSLATE_NOOP("CoreMessages", "{path} is not a folder.")
)
CANNOT_READ = MessageSpec(
    "library.cannot_read", QT_TRANSLATE_NOOP("CoreMessages", "Cannot read {path}: {reason}.")
)
COPY_FAILED = MessageSpec(
    "library.copy_failed", QT_TRANSLATE_NOOP("CoreMessages", "Could not copy {name}: {reason}.")
)
MOVE_FAILED = MessageSpec(
    "library.move_failed", QT_TRANSLATE_NOOP("CoreMessages", "Could not move {name}: {reason}.")
)


class LibraryError(UserError):
    """Bad input for the library, with a message for the user."""

    def __init__(self, message: Message, hint: Message | None = None) -> None:
        super().__init__(message, hint)


class ModelRecords(Protocol):
    """The part of desktop.core.store's ModelFileRepository the library uses."""

    def upsert(self, path: str, **fields): ...
    def get(self, model_id: int): ...
    def by_path(self, path: str): ...
    def list(self): ...
    def touch(self, model_id: int): ...
    def delete(self, model_id: int) -> None: ...


@dataclass(frozen=True)
class InstalledModel:
    id: int
    path: str  # the first file (what the engine loads)
    parts: tuple[str, ...]  # every file of a split, in order
    name: str
    source: Source
    hub_repo: str | None
    size_bytes: int  # on disk, all parts
    quantization: str | None
    architecture: str | None
    n_params: int | None
    context_length: int | None
    n_layers: int | None
    has_chat_template: bool | None
    added_at: datetime | None
    last_used_at: datetime | None
    missing: bool  # the record exists but a file is gone
    problem: str | None  # the header could not be read: why
    # The chat template the chat would use (the user's override included), and why: in full
    # and in a few words; a base model's notice. None when the header could not be read.
    template: TemplateChoice | None = None
    template_summary: Message | None = None
    base_notice: Message | None = None


@dataclass(frozen=True)
class ModelChoice:
    """A loadable model as a picker lists it: one entry per model, a split under its first part."""

    path: str  # the first file (what the engine loads)
    label: str  # the Hub file name or the file name, without a split's part suffix
    parts: int  # files of the model (1 unless split)
    hub_repo: str | None = None  # "owner/name" when it came from the Hub
    quantization: str | None = None
    n_params: int | None = None


@dataclass(frozen=True)
class ExternalModel:
    """A GGUF found in another app's folder, offered for referencing in place."""

    path: str
    source: Literal["hf_cache", "lmstudio", "folder"]
    label: str  # 'owner/repo/file.gguf' or the path relative to the scanned folder
    size_bytes: int
    known: bool  # already in the library


def default_hf_cache() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "huggingface"
    )
    return Path(home) / "hub"


def default_lmstudio_dirs() -> list[Path]:
    home = Path.home()
    return [home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"]


def normalize(path: str | os.PathLike[str]) -> Path:
    """One spelling per file: absolute, folders' symlinks resolved, the file name kept.

    The name is kept because a Hugging Face cache file is a symlink to a blob without the
    .gguf name (and split parts are recognised by their names)."""
    p = Path(path).expanduser().absolute()
    return p.parent.resolve() / p.name


def split_parts(first: Path) -> list[Path]:
    """All parts of a split model given its first part; [first] for a single file."""
    split = parse_split(first.name)
    if split is None:
        return [first]
    stem = first.name[: -len(f"-{split.index:05d}-of-{split.count:05d}.gguf")]
    return [
        first.with_name(f"{stem}-{i:05d}-of-{split.count:05d}.gguf")
        for i in range(1, split.count + 1)
    ]


def first_part(path: Path) -> Path:
    """The file to load for `path`: itself, or the first part when it is a later part of a split."""
    split = parse_split(path.name)
    if split is not None and split.index != 1:
        return split_parts(path)[0]
    return path


def find_gguf_models(folder: Path) -> list[Path]:
    """First files of complete models under `folder` (recursive, symlinks followed)."""
    found: dict[Path, list[str]] = {}
    for dirpath, _dirs, files in os.walk(folder, followlinks=True):
        names = [f for f in files if f.lower().endswith(".gguf")]
        if names:
            found[Path(dirpath)] = names
    result = []
    for folder_path, gguf_names in sorted(found.items()):
        for group in group_gguf_files(sorted(gguf_names)):
            if split_complete(group):
                result.append(folder_path / group[0])
    return result


class Library:
    def __init__(
        self,
        paths: DataPaths,
        records: ModelRecords,
        *,
        read_meta: Callable | None = None,
        hf_cache: Path | None = None,
        lmstudio_dirs: Iterable[Path] | None = None,
    ) -> None:
        self.paths = paths
        self.records = records
        # The header reader is imported on first use: a window listing its models at start
        # reads no header (see `choices`).
        self._read_meta = read_meta
        self.hf_cache = hf_cache if hf_cache is not None else default_hf_cache()
        self.lmstudio_dirs = (
            list(lmstudio_dirs) if lmstudio_dirs is not None else default_lmstudio_dirs()
        )
        self._meta_cache: dict[tuple[str, int, int], object] = {}

    # ----------------------------------------------------------------- reading

    def refresh(self) -> builtins.list[InstalledModel]:
        """Registers complete models found in the models folder, then lists everything."""
        self._register_found()
        return self.list()

    def choices(self) -> builtins.list[ModelChoice]:
        """Every model that can be loaded now (all its files present), after registering
        complete models new in the models folder. Reads no header of a model already known,
        so a chat window can list a large library at start."""
        self._register_found()
        out = []
        for record in self.records.list():
            first = Path(record.path)
            parts = split_parts(first)
            if not all(p.is_file() for p in parts):
                continue
            name = PurePosixPath(record.hub_file).name if record.hub_file else first.name
            split = parse_split(name)
            label = f"{split.stem}.gguf" if split is not None else name
            out.append(
                ModelChoice(
                    str(first),
                    label,
                    len(parts),
                    hub_repo=record.hub_repo,
                    quantization=record.quantization,
                    n_params=record.n_params,
                )
            )
        return out

    def _register_found(self) -> None:
        if self.paths.models.exists():
            for found in find_gguf_models(self.paths.models):
                first = normalize(found)
                if self.records.by_path(str(first)) is None:
                    self._register(first)

    def list(self) -> builtins.list[InstalledModel]:
        return [self._installed(r) for r in self.records.list()]

    def get(self, model_id: int) -> InstalledModel:
        return self._installed(self.records.get(model_id))

    def touch(self, model_id: int) -> None:
        self.records.touch(model_id)

    def mark_used(self, path: str | os.PathLike[str]) -> None:
        """The model at `path` was just loaded: it becomes the most recently used, registered
        by reference first when it was opened from outside the library."""
        first = normalize(first_part(Path(path)))
        record = self.records.by_path(str(first)) or self._register(first)
        self.records.touch(record.id)

    # ----------------------------------------------------------------- adding

    def register_download(self, done) -> InstalledModel:
        """`DownloadManager(on_installed=library.register_download)`: a verified download."""
        first_repo_path, first_local, _size, sha = done.files[0]
        record = self._register(
            normalize(first_local),
            hub_repo=done.repo_id,
            hub_file=first_repo_path,
            hub_revision=done.revision,
            sha256=sha,
        )
        return self._installed(record)

    def import_file(
        self, source: str | os.PathLike[str], mode: ImportMode = "copy"
    ) -> InstalledModel:
        """Adds an existing .gguf (every part, for a split): copied or moved into the models
        folder, or referenced where it is. The header is checked first, so a broken file is
        refused before anything is copied or moved."""
        src = Path(source).expanduser()
        if not src.is_file():
            raise LibraryError(NOT_A_FILE(path=str(src)))
        if not src.name.lower().endswith(".gguf"):
            raise LibraryError(NOT_GGUF(name=src.name))
        src = first_part(src)
        parts = split_parts(src)
        missing = [p.name for p in parts if not p.is_file()]
        if missing:
            raise LibraryError(PARTS_MISSING(name=src.name, parts=", ".join(missing)))
        self._meta(src, strict=True)
        if mode == "reference":
            dest_first = normalize(src)
        else:
            folder = self.paths.models.resolve() / "local" / _folder_name(src)
            dest_first = folder / src.name
            if dest_first.exists() or self.records.by_path(str(dest_first)) is not None:
                raise LibraryError(ALREADY_THERE_AT(name=src.name, path=str(dest_first)))
            folder.mkdir(parents=True, exist_ok=True)
            for part in parts:
                _transfer(part, folder / part.name, move=(mode == "move"))
        existing = self.records.by_path(str(dest_first))
        if existing is not None:
            raise LibraryError(ALREADY_THERE(name=src.name))
        return self._installed(self._register(dest_first))

    def scan_folder(self, folder: str | os.PathLike[str]) -> builtins.list[ExternalModel]:
        root = Path(folder).expanduser()
        if not root.is_dir():
            raise LibraryError(NOT_A_FOLDER(path=str(root)))
        return [
            self._external(p, "folder", str(p.relative_to(root))) for p in find_gguf_models(root)
        ]

    def detect_external(self) -> builtins.list[ExternalModel]:
        """GGUFs already in the Hugging Face cache and LM Studio's models folders."""
        found: list[ExternalModel] = []
        if self.hf_cache.is_dir():
            for repo_dir in sorted(self.hf_cache.glob("models--*--*")):
                repo = repo_dir.name[len("models--") :].replace("--", "/", 1)
                snapshots = repo_dir / "snapshots"
                if not snapshots.is_dir():
                    continue
                for first in find_gguf_models(snapshots):
                    rel = first.relative_to(snapshots).parts[1:]
                    found.append(self._external(first, "hf_cache", "/".join((repo, *rel))))
        for base in self.lmstudio_dirs:
            if base.is_dir():
                for first in find_gguf_models(base):
                    found.append(self._external(first, "lmstudio", str(first.relative_to(base))))
        return found

    # ----------------------------------------------------------------- removing

    def remove(self, model_id: int, *, delete_files: bool = True) -> builtins.list[str]:
        """Forgets a model. Files inside the models folder are deleted (when asked); files
        referenced elsewhere are never deleted. Returns the paths deleted."""
        record = self.records.get(model_id)
        first = Path(record.path)
        deleted = []
        if delete_files and self._inside_models(first):
            for part in split_parts(first):
                with contextlib.suppress(FileNotFoundError):
                    part.unlink()
                    deleted.append(str(part))
            self._prune_empty(first.parent)
        self.records.delete(model_id)
        return deleted

    # ----------------------------------------------------------------- helpers

    def _inside_models(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.paths.models.resolve())
        except ValueError:
            return False
        return True

    def _prune_empty(self, folder: Path) -> None:
        root = self.paths.models.resolve()
        folder = folder.resolve()
        while folder != root and root in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    def _external(self, path: Path, source, label: str) -> ExternalModel:
        size = sum(p.stat().st_size for p in split_parts(path) if p.exists())
        known = self.records.by_path(str(normalize(path))) is not None
        return ExternalModel(str(path), source, label, size, known)

    def _meta(self, path: Path, strict: bool = False):
        try:
            st = path.stat()
        except OSError as exc:
            if strict:
                raise LibraryError(CANNOT_READ(path=str(path), reason=exc.strerror)) from None
            return None
        key = (str(path), st.st_size, st.st_mtime_ns)
        if key in self._meta_cache:
            return self._meta_cache[key]
        try:
            meta = self._reader()(path)
        except GGUFError as exc:
            if strict:
                raise LibraryError(exc.user_message, exc.user_hint) from None
            meta = exc
        self._meta_cache[key] = meta
        return meta

    def _reader(self) -> Callable:
        if self._read_meta is None:
            from desktop.core.gguf import read_gguf_meta

            self._read_meta = read_gguf_meta
        return self._read_meta

    def _register(self, first: Path, **hub_fields):
        first = normalize(first)
        meta = self._meta(first)
        fields = dict(hub_fields)
        fields["size_bytes"] = sum(p.stat().st_size for p in split_parts(first) if p.exists())
        if meta is not None and not isinstance(meta, Exception):
            fields.update(
                quantization=meta.file_type or parse_quantization(first.name),
                architecture=meta.architecture,
                n_params=meta.n_params or None,
                context_length=meta.n_ctx_train or None,
            )
        else:
            fields["quantization"] = parse_quantization(first.name)
        if "hub_repo" not in fields and self._inside_models(first):
            rel = first.resolve().relative_to(self.paths.models.resolve()).parts
            if len(rel) >= 3 and rel[0] != "local":
                fields.update(hub_repo=f"{rel[0]}/{rel[1]}", hub_file="/".join(rel[2:]))
        return self.records.upsert(str(first), **fields)

    def _installed(self, record) -> InstalledModel:
        first = Path(record.path)
        parts = split_parts(first)
        missing = not all(p.is_file() for p in parts)
        meta = None if missing else self._meta(first)
        problem = None
        if isinstance(meta, Exception):
            problem = getattr(meta, "message", str(meta))
            meta = None
        size = sum(p.stat().st_size for p in parts if p.is_file())
        template = summary = notice = None
        if meta is not None:
            template = choose_chat_template(meta, getattr(record, "chat_template_override", None))
            base = template.source != "override" and looks_like_base_model(meta)
            summary = choice_summary(template, base)
            notice = base_model_notice(meta) if base else None
        return InstalledModel(
            id=record.id,
            path=str(first),
            parts=tuple(str(p) for p in parts),
            name=(meta.name if meta is not None and meta.name else first.name),
            source="library" if self._inside_models(first) else "referenced",
            hub_repo=record.hub_repo,
            size_bytes=size or (record.size_bytes or 0),
            quantization=(meta.file_type if meta is not None else None) or record.quantization,
            architecture=meta.architecture if meta is not None else record.architecture,
            n_params=(meta.n_params if meta is not None else None) or record.n_params,
            context_length=(meta.n_ctx_train if meta is not None else None)
            or record.context_length,
            n_layers=meta.n_layers if meta is not None else None,
            has_chat_template=(meta.chat_template is not None) if meta is not None else None,
            added_at=record.added_at,
            last_used_at=record.last_used_at,
            missing=missing,
            problem="A file of this model is missing." if missing else problem,
            template=template,
            template_summary=summary,
            base_notice=notice,
        )


def _folder_name(path: Path) -> str:
    split = parse_split(path.name)
    stem = split.stem if split else path.name[: -len(".gguf")]
    return Path(stem).name or "model"


def _transfer(src: Path, dest: Path, *, move: bool) -> None:
    """Copies (or moves) through a temporary name, so a half-copied file never looks installed."""
    tmp = dest.with_name(dest.name + ".tessera-tmp")
    try:
        if move:
            try:
                os.replace(src, dest)
                return
            except OSError:
                pass  # another filesystem: copy, then delete the source
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
        if move:
            src.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        spec = MOVE_FAILED if move else COPY_FAILED
        raise LibraryError(spec(name=src.name, reason=exc.strerror or str(exc))) from None
