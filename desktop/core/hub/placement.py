"""Where verified downloads go: the free-space check, the HEAD fallback for missing hashes,
and the move from the partial files into models/<owner>/<repo>/<file>."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from desktop.core.hub import errors as E
from desktop.core.hub.config import HubConfig
from desktop.core.hub.errors import HubError
from desktop.core.hub.jobs import DownloadJob, JobSpec, PartSpec
from desktop.core.hub.names import safe_target

SPACE_MARGIN = 64 * 1024 * 1024  # leave room for the database, logs and the OS


def gb(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e8 else f"{n / 1e6:.1f} MB"


def check_space(job: DownloadJob, folder: Path, disk_free: Callable[[Path], int]) -> None:
    total = job.spec.total
    if total is None:
        return
    needed = max(0, total - job.bytes_on_disk())
    free = disk_free(folder)
    if needed + SPACE_MARGIN > free:
        raise HubError(
            "disk_full",
            E.NO_DISK_SPACE(
                name=job.spec.name,
                needed=gb(needed),
                margin=gb(SPACE_MARGIN),
                free=gb(free),
                folder=str(folder),
            ),
        )


def fill_metadata(spec: JobSpec, config: HubConfig) -> JobSpec:
    """Asks the Hub (HEAD: X-Linked-Size / X-Linked-Etag) for sizes and hashes a listing did
    not give, so every file can still be verified. Returns the spec unchanged when complete."""
    if all(p.size is not None and p.sha256 for p in spec.parts):
        return spec
    from huggingface_hub import get_hf_file_metadata

    from desktop.core.hub.search import translate_error

    parts = []
    for part in spec.parts:
        if part.size is not None and part.sha256:
            parts.append(part)
            continue
        try:
            meta = get_hf_file_metadata(
                part.url, token=config.token or False, endpoint=config.endpoint
            )
        except Exception as exc:
            raise translate_error(exc, endpoint=config.endpoint, repo_id=spec.repo_id) from exc
        etag = (meta.etag or "").strip('"').lower()
        sha = part.sha256 or (
            etag if len(etag) == 64 and all(c in "0123456789abcdef" for c in etag) else None
        )
        parts.append(PartSpec(part.path, part.url, part.size or meta.size, sha))
    return JobSpec(
        spec.repo_id, spec.revision, spec.endpoint, spec.name, tuple(parts), spec.quantization
    )


def already_installed(spec: JobSpec, repo_dir: Path) -> tuple[str, ...] | None:
    """The final paths when every part is already in place at its listed size."""
    paths = []
    for part in spec.parts:
        dest = safe_target(repo_dir, part.path)
        if part.size is None or not dest.is_file() or dest.stat().st_size != part.size:
            return None
        paths.append(str(dest))
    return tuple(paths)


def move_into_place(
    job: DownloadJob, repo_dir: Path
) -> tuple[tuple[str, str, int, str | None], ...]:
    """Moves every verified part to its final name; (repo path, local path, size, sha256)."""
    installed = []
    for index, part in enumerate(job.spec.parts):
        dest = safe_target(repo_dir, part.path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        src = job.partial_path(index)
        try:
            os.replace(src, dest)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            # Another filesystem: copy under a temporary name so no half file looks installed.
            tmp = dest.with_name(dest.name + ".tessera-tmp")
            shutil.copyfile(src, tmp)
            os.replace(tmp, dest)
            src.unlink()
        installed.append((part.path, str(dest), dest.stat().st_size, part.sha256))
    shutil.rmtree(job.folder, ignore_errors=True)
    return tuple(installed)
