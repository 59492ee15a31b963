"""Download job state: what a job is, its sidecar on disk, and thread-safe snapshots of it."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from desktop.core.messages import Message

JobState = Literal["queued", "running", "paused", "verifying", "done", "failed", "cancelled"]
ACTIVE_STATES = ("queued", "running", "verifying")
SIDECAR = "job.json"
# The Hub stores files of at most 50 GB; a listed size outside 0..1 TiB is a lie (or a bug)
# and is treated as unknown: the download then ends where the server ends and is verified by
# its sha256.
MAX_LISTED_SIZE = 2**40
_SHA256 = re.compile(r"[0-9a-f]{64}")


def listed_size(value: object) -> int | None:
    """A file size from a Hub listing or a sidecar, or None when it is not a plausible one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_LISTED_SIZE:
        return value
    return None


def listed_sha256(value: object) -> str | None:
    """A sha256 from a listing (64 hex digits, any case), lowercased; None otherwise."""
    if isinstance(value, str) and _SHA256.fullmatch(value.lower()):
        return value.lower()
    return None


@dataclass(frozen=True)
class PartSpec:
    path: str  # file path inside the repo
    url: str
    size: int | None
    sha256: str | None

    def __post_init__(self) -> None:
        # Every size and hash a job trusts passes here: listings, sidecars, callers.
        object.__setattr__(self, "size", listed_size(self.size))
        object.__setattr__(self, "sha256", listed_sha256(self.sha256))


@dataclass(frozen=True)
class JobSpec:
    """Everything needed to resume after a restart; stored as the job's sidecar."""

    repo_id: str
    revision: str
    endpoint: str
    name: str  # the model's first file
    parts: tuple[PartSpec, ...]
    quantization: str | None = None

    @property
    def key(self) -> str:
        # The revision is not in the key: the same file from a newer commit replaces a stale
        # partial instead of sitting beside it.
        raw = f"{self.endpoint}\n{self.repo_id}\n{self.name}".encode()
        return hashlib.sha256(raw).hexdigest()[:24]

    @property
    def total(self) -> int | None:
        sizes = [p.size for p in self.parts]
        return None if any(s is None for s in sizes) else sum(s or 0 for s in sizes)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> JobSpec:
        raw = json.loads(text)
        raw["parts"] = tuple(PartSpec(**p) for p in raw["parts"])
        return cls(**raw)


@dataclass(frozen=True)
class DownloadSnapshot:
    """What the UI/CLI shows for one job at one moment. Plain data, safe to pass anywhere."""

    job_id: str
    repo_id: str
    name: str
    quantization: str | None
    state: JobState
    downloaded: int
    total: int | None
    speed: float  # bytes per second over the last few seconds
    eta: float | None  # seconds
    error: Message | None = None  # what failed (or "... Retrying in N s."), translatable
    error_kind: str | None = None
    retries: int = 0
    installed: tuple[str, ...] = ()  # final paths once done

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.downloaded / self.total)


class DownloadJob:
    """Mutable state of one job, shared by its worker thread and readers under a lock."""

    SPEED_WINDOW = 3.0

    def __init__(self, spec: JobSpec, folder: Path, state: JobState = "queued") -> None:
        self.spec = spec
        self.folder = folder
        self.lock = threading.Lock()
        self.state_changed = threading.Condition(self.lock)
        self.wake = threading.Event()  # interrupts backoff sleeps
        self.state: JobState = state
        self.stop_request: Literal["pause", "cancel"] | None = None
        self.requeue = False  # resume() arrived while a pause was still taking effect
        self.downloaded = self.bytes_on_disk()
        self.error: Message | None = None
        self.error_kind: str | None = None
        self.retries = 0
        self.installed: tuple[str, ...] = ()
        self.thread: threading.Thread | None = None
        self._abort: Callable[[], None] | None = None
        self._samples: deque[tuple[float, int]] = deque()

    @property
    def job_id(self) -> str:
        return self.spec.key

    def partial_path(self, index: int) -> Path:
        return self.folder / f"part-{index:05d}.partial"

    def bytes_on_disk(self) -> int:
        total = 0
        for i in range(len(self.spec.parts)):
            p = self.partial_path(i)
            if p.exists():
                total += p.stat().st_size
        return total

    def write_sidecar(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / (SIDECAR + ".tmp")
        tmp.write_text(self.spec.to_json(), encoding="utf-8")
        tmp.replace(self.folder / SIDECAR)

    def add_bytes(self, n: int) -> None:
        with self.lock:
            self.downloaded += n
            now = time.monotonic()
            self._samples.append((now, self.downloaded))
            while len(self._samples) > 2 and now - self._samples[0][0] > self.SPEED_WINDOW:
                self._samples.popleft()

    def set_abort(self, fn: Callable[[], None] | None) -> None:
        """The transfer registers how to break its blocking read (pause on a stalled link)."""
        with self.lock:
            self._abort = fn

    def abort_transfer(self) -> None:
        with self.lock:
            fn = self._abort
        if fn is not None:
            fn()

    def reset_speed(self) -> None:
        with self.lock:
            self._samples.clear()

    def set_state(self, state: JobState, error: Message | None = None, kind: str | None = None):
        with self.lock:
            self.state = state
            self.error = error
            self.error_kind = kind
            if state != "running":
                self._samples.clear()
            self.state_changed.notify_all()

    def snapshot(self) -> DownloadSnapshot:
        with self.lock:
            speed = 0.0
            if len(self._samples) >= 2:
                (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
                if t1 > t0:
                    speed = (b1 - b0) / (t1 - t0)
            total = self.spec.total
            eta = None
            if speed > 0 and total is not None:
                eta = max(0.0, (total - self.downloaded) / speed)
            return DownloadSnapshot(
                job_id=self.job_id,
                repo_id=self.spec.repo_id,
                name=self.spec.name,
                quantization=self.spec.quantization,
                state=self.state,
                downloaded=self.downloaded,
                total=total,
                speed=speed,
                eta=eta,
                error=self.error,
                error_kind=self.error_kind,
                retries=self.retries,
                installed=self.installed,
            )
