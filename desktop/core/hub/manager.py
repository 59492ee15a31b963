"""The download queue: worker threads, retries with backoff, pause/resume/cancel, install."""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.hub import errors as E
from desktop.core.hub.config import HubConfig, resolve_url
from desktop.core.hub.errors import HubError
from desktop.core.hub.jobs import (
    ACTIVE_STATES,
    SIDECAR,
    DownloadJob,
    DownloadSnapshot,
    JobSpec,
    PartSpec,
)
from desktop.core.hub.names import safe_target, validate_gguf_name, validate_repo_id
from desktop.core.hub.placement import (
    already_installed,
    check_space,
    fill_metadata,
    move_into_place,
)
from desktop.core.hub.search import RemoteModel
from desktop.core.hub.transfer import FileTarget, Interrupted, fetch
from desktop.core.paths import DataPaths

log = logging.getLogger(__name__)
MAX_RETRY_AFTER = 900.0  # a download waits up to 15 min when the server asks; Cancel still works


@dataclass(frozen=True)
class InstalledDownload:
    """Handed to `on_installed` when a job's files are verified and in place."""

    repo_id: str
    revision: str
    name: str
    quantization: str | None
    files: tuple[tuple[str, str, int, str | None], ...]  # (repo path, local path, size, sha256)


def default_disk_free(path: Path) -> int:
    return shutil.disk_usage(path).free


class DownloadManager:
    """Runs download jobs on worker threads; every public method is thread-safe and quick.

    Callers read progress with `snapshots()` (cheap, lock-protected copies); `on_change`,
    if given, is called from worker threads after state changes (a UI must hop threads).
    Partials found under `paths.downloads` from an earlier run come back as paused jobs.
    """

    def __init__(
        self,
        paths: DataPaths,
        config: HubConfig,
        *,
        max_parallel: int = 2,
        max_attempts: int = 6,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        read_timeout: float = 30.0,
        disk_free: Callable[[Path], int] = default_disk_free,
        on_change: Callable[[str], None] | None = None,
        on_installed: Callable[[InstalledDownload], None] | None = None,
    ) -> None:
        self.paths = paths.ensure()
        self.config = config
        self.max_parallel = max_parallel
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.read_timeout = read_timeout
        self.disk_free = disk_free
        self.on_change = on_change
        self.on_installed = on_installed
        self._lock = threading.RLock()
        self._jobs: dict[str, DownloadJob] = {}
        self._closed = False
        self._restore()

    # ----------------------------------------------------------------- public API

    def enqueue(self, repo_id: str, revision: str, model: RemoteModel) -> str:
        """Queues every file of `model` (all parts of a split). Returns the job id.

        The same model again continues the existing job (and its partial files)."""
        validate_repo_id(repo_id)
        for f in model.files:
            validate_gguf_name(f.path)
            safe_target(self.repo_dir(repo_id), f.path)
        if not model.complete:
            raise HubError("not_found", E.SPLIT_INCOMPLETE(name=model.name))
        parts = tuple(
            PartSpec(
                f.path,
                resolve_url(self.config.endpoint, repo_id, revision, f.path),
                f.size,
                f.sha256,
            )
            for f in model.files
        )
        spec = JobSpec(
            repo_id, revision, self.config.endpoint, model.name, parts, model.quantization
        )
        with self._lock:
            job = self._jobs.get(spec.key)
            if job is not None and job.spec != spec:
                if job.state in ACTIVE_STATES:
                    raise HubError("protocol", E.ALREADY_DOWNLOADING(name=model.name))
                self._discard_files(job)  # a different revision: old bytes are worthless
                job = None
            installed = already_installed(spec, self.repo_dir(spec.repo_id))
            if job is None:
                job = DownloadJob(spec, self.paths.downloads / spec.key, state="paused")
                if installed is None:
                    job.write_sidecar()
                self._jobs[spec.key] = job
            if installed is not None and job.state not in ACTIVE_STATES:
                # Files land in the models folder only after verification: same size, same file.
                job.installed = installed
                job.downloaded = spec.total or 0
                job.set_state("done")
            elif job.state not in ACTIVE_STATES:
                job.set_state("queued")
            self._pump()
        self._changed(job.job_id)
        return job.job_id

    def pause(self, job_id: str) -> None:
        self._stop(job_id, "pause")

    def cancel(self, job_id: str) -> None:
        """Stops the job and deletes its partial files."""
        self._stop(job_id, "cancel")

    def resume(self, job_id: str) -> None:
        with self._lock:
            job = self._jobs[job_id]
            if job.state in ("paused", "failed"):
                job.retries = 0
                job.set_state("queued")
                self._pump()
            elif job.state in ("running", "verifying") and job.stop_request == "pause":
                job.requeue = True  # its thread is still stopping: start again once it has
        self._changed(job_id)

    def resume_all(self) -> list[str]:
        """Resumes every paused job (e.g. the partials found at start-up). Returns their ids."""
        with self._lock:
            paused = [j.job_id for j in self._jobs.values() if j.state == "paused"]
        for job_id in paused:
            self.resume(job_id)
        return paused

    def forget(self, job_id: str) -> None:
        """Removes a finished, failed or cancelled job from the list."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.state in ACTIVE_STATES:
                return
            if job.state == "failed":
                self._discard_files(job)
            del self._jobs[job_id]
        self._changed(job_id)

    def snapshots(self) -> list[DownloadSnapshot]:
        with self._lock:
            jobs = list(self._jobs.values())
        return [j.snapshot() for j in jobs]

    def snapshot(self, job_id: str) -> DownloadSnapshot:
        with self._lock:
            return self._jobs[job_id].snapshot()

    def wait(self, job_id: str, timeout: float | None = None) -> DownloadSnapshot:
        """Blocks until the job leaves the active states (for the CLI and tests)."""
        with self._lock:
            job = self._jobs[job_id]
        deadline = None if timeout is None else time.monotonic() + timeout
        with job.state_changed:
            while job.state in ACTIVE_STATES:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                job.state_changed.wait(left)
        return job.snapshot()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Pauses running jobs (partials stay for the next start) and joins their threads."""
        with self._lock:
            self._closed = True
            jobs = list(self._jobs.values())
        for job in jobs:
            if job.state in ("running", "verifying", "queued"):
                with job.lock:
                    job.stop_request = "pause"
                    job.requeue = False
                job.abort_transfer()
                job.wake.set()
        for job in jobs:
            if job.thread is not None:
                job.thread.join(timeout)
        for job in jobs:
            if job.state == "queued":
                job.set_state("paused")

    def repo_dir(self, repo_id: str) -> Path:
        owner, name = validate_repo_id(repo_id).split("/")
        return self.paths.models / owner / name

    # ----------------------------------------------------------------- internals

    def _changed(self, job_id: str) -> None:
        if self.on_change is not None:
            try:
                self.on_change(job_id)
            except Exception:
                log.exception("download on_change callback failed")

    def _restore(self) -> None:
        if not self.paths.downloads.exists():
            return
        for sidecar in sorted(self.paths.downloads.glob(f"*/{SIDECAR}")):
            try:
                spec = JobSpec.from_json(sidecar.read_text(encoding="utf-8"))
                validate_repo_id(spec.repo_id)
                for part in spec.parts:
                    safe_target(self.repo_dir(spec.repo_id), part.path)
            except (OSError, ValueError, KeyError, TypeError, HubError):
                log.warning("ignoring unreadable download sidecar %s", sidecar)
                continue
            if spec.key != sidecar.parent.name:
                continue
            self._jobs[spec.key] = DownloadJob(spec, sidecar.parent, state="paused")

    def _stop(self, job_id: str, how) -> None:
        with self._lock:
            job = self._jobs[job_id]
            if job.state in ("done", "cancelled"):
                return
            thread = job.thread
            with job.lock:
                running = job.state in ("running", "verifying") and thread is not None
                job.requeue = False
                if running:
                    job.stop_request = how
            if running:
                job.abort_transfer()
            else:
                if how == "cancel":
                    self._discard_files(job)
                    job.set_state("cancelled")
                elif job.state == "queued":
                    job.set_state("paused")
            job.wake.set()
        self._changed(job_id)

    def _pump(self) -> None:
        """Starts queued jobs while fewer than max_parallel run. Caller holds self._lock."""
        if self._closed:
            return
        running = sum(1 for j in self._jobs.values() if j.state in ("running", "verifying"))
        for job in self._jobs.values():
            if running >= self.max_parallel:
                break
            if job.state == "queued":
                job.set_state("running")
                job.stop_request = None
                job.wake.clear()
                job.thread = threading.Thread(
                    target=self._run, args=(job,), name=f"download-{job.job_id[:8]}", daemon=True
                )
                job.thread.start()
                running += 1

    def _run(self, job: DownloadJob) -> None:
        try:
            self._run_job(job)
        except Interrupted:
            if job.stop_request == "cancel":
                self._discard_files(job)
                job.set_state("cancelled")
            elif job.requeue:
                job.requeue = False
                job.set_state("queued")  # resumed while pausing; the pump below restarts it
            else:
                job.set_state("paused")
        except HubError as exc:
            job.set_state("failed", exc.user_message, exc.kind)
        except Exception as exc:  # a bug must still leave the job in a visible state
            log.exception("download job crashed")
            job.set_state("failed", E.JOB_CRASHED(error=str(exc)), "protocol")
        finally:
            with self._lock:
                # A quick pause + resume may already have started this job's next thread.
                if job.thread is threading.current_thread():
                    job.thread = None
                self._pump()
            self._changed(job.job_id)

    def _run_job(self, job: DownloadJob) -> None:
        spec = job.spec
        filled = fill_metadata(job.spec, self.config)
        if filled is not job.spec:
            job.spec = filled
            job.write_sidecar()
        spec = job.spec
        check_space(job, self.paths.downloads, self.disk_free)
        job.downloaded = job.bytes_on_disk()
        self._changed(job.job_id)
        for index, part in enumerate(spec.parts):
            target = FileTarget(
                url=part.url,
                partial=job.partial_path(index),
                expected_size=part.size,
                expected_sha256=part.sha256,
                label=f"{spec.repo_id}/{part.path}",
            )
            self._fetch_with_retries(job, target)
        job.set_state("verifying")
        self._install(job)

    def _fetch_with_retries(self, job: DownloadJob, target: FileTarget) -> None:
        attempts = 0
        while True:
            before = job.bytes_on_disk()
            with job.lock:
                job.downloaded = before  # a retry may have truncated or restarted a part
            try:
                fetch(
                    self.config,
                    target,
                    should_stop=lambda: job.stop_request is not None,
                    on_bytes=job.add_bytes,
                    timeout=self.read_timeout,
                    set_abort=job.set_abort,
                )
            except HubError as error:
                if job.stop_request is not None:
                    raise Interrupted() from error
                progressed = job.bytes_on_disk() > before
                attempts = 0 if progressed else attempts + 1
                if not error.retryable or attempts >= self.max_attempts:
                    raise
                delay = min(self.backoff_cap, self.backoff_base * (2 ** max(0, attempts - 1)))
                if error.retry_after is not None:  # the server said how long: wait that long
                    delay = max(delay, min(error.retry_after, MAX_RETRY_AFTER))
                with job.lock:
                    job.retries += 1
                    job.downloaded = job.bytes_on_disk()
                    job.error = E.RETRYING(error=error.user_message, seconds=round(delay))
                job.reset_speed()
                log.info("retrying %s in %.1fs: %s", target.label, delay, error)
                self._changed(job.job_id)
                if job.wake.wait(delay) and job.stop_request is not None:
                    raise Interrupted() from error
            else:
                with job.lock:
                    job.error = None
                return

    def _install(self, job: DownloadJob) -> None:
        spec = job.spec
        installed = move_into_place(job, self.repo_dir(spec.repo_id))
        job.installed = tuple(i[1] for i in installed)
        # Registered before "done" is visible, so whoever sees "done" also finds the record.
        if self.on_installed is not None:
            try:
                self.on_installed(
                    InstalledDownload(
                        spec.repo_id, spec.revision, spec.name, spec.quantization, installed
                    )
                )
            except Exception:
                log.exception("registering the installed model failed")
        job.set_state("done")

    def _discard_files(self, job: DownloadJob) -> None:
        with contextlib.suppress(OSError):
            shutil.rmtree(job.folder)
        with job.lock:
            job.downloaded = 0
