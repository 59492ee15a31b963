"""IndexJob: brings a base up to date with its folders, incrementally, with pause and cancel.

Per file: unchanged size and modification time -> nothing read; otherwise the bytes are read
once, hashed (sha256) and, if the hash differs from the stored one, extracted, chunked, stored
(one transaction replaces the file's chunks) and embedded. Files gone from disk lose their
chunks; a file that changes or disappears while being read is retried on the next run.
Everything done is in the database as soon as a file is finished, so a crash, a cancel or a
restart loses at most the file being read: the next run skips what is already indexed (that
is how it resumes). Vectors missing for any reason (an embedder that failed, a run stopped
between storing and embedding, a new embedder) are made at the end of the next run.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from desktop.core.knowledge.chunking import ChunkSettings, chunk_text
from desktop.core.knowledge.embedder import Embedder, EmbedderError, approximate_counts
from desktop.core.knowledge.extract import Skip, extract
from desktop.core.knowledge.scan import (
    UNREADABLE,
    FoundFile,
    ScanProblem,
    scan,
    unsupported_reason,
)
from desktop.core.knowledge.vectors import VectorIndex
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec
from desktop.core.store.knowledge import IndexState, KnowledgeBaseRecord, KnowledgeRepository

TOO_LARGE = MessageSpec(
    "knowledge.too_large",
    QT_TRANSLATE_NOOP("CoreMessages", "larger than the {limit_mb} MB limit ({size_mb} MB)"),
)
CHANGED = MessageSpec(
    "knowledge.changed_while_reading",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "changed while it was read; it is read again on the next run"
    ),
)
EMBEDDING_FAILED = MessageSpec(
    "knowledge.embedding_failed",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Embedding stopped ({detail}); the text is searchable by words meanwhile."
    ),
)

EMBED_BATCH = 32
STATE_EVERY_SECONDS = 0.5


@dataclass(frozen=True)
class IndexProgress:
    base_id: int
    status: str  # running | paused | cancelled | done | failed
    phase: str  # scanning | reading | embedding | ""
    done: int
    total: int
    current: str = ""
    indexed: int = 0  # files read and chunked this run
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0
    chunks: int = 0  # chunks written this run
    embedded: int = 0  # vectors written this run
    error: Message | None = None


class _Cancelled(Exception):
    pass


class IndexJob:
    """Run it with `run()` (blocking) on any thread; `pause()`, `resume()`, `cancel()` from
    another. `on_progress` is called on the job's thread."""

    def __init__(
        self,
        repo: KnowledgeRepository,
        base: KnowledgeBaseRecord,
        *,
        vectors: VectorIndex | None = None,
        embedder: Embedder | None = None,
        on_progress: Callable[[IndexProgress], None] | None = None,
    ) -> None:
        self.repo = repo
        self.base = base
        self.vectors = vectors
        self.embedder = embedder
        self.on_progress = on_progress
        self._running = threading.Event()
        self._running.set()
        self._cancelled = threading.Event()
        self.finished = threading.Event()
        self.progress = IndexProgress(base.id, "running", "scanning", 0, 0)
        self._saved_at = 0.0
        self._started = time.time()

    # ----------------------------------------------------------------- control

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def cancel(self) -> None:
        self._cancelled.set()
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def _checkpoint(self) -> None:
        if not self._running.is_set():
            self._report(status="paused", force=True)
            self._running.wait()
            if not self._cancelled.is_set():
                self._report(status="running", force=True)
        if self._cancelled.is_set():
            raise _Cancelled

    def _report(self, force: bool = False, **changes: object) -> None:
        self.progress = replace(self.progress, **changes)  # type: ignore[arg-type]
        p = self.progress
        now = time.monotonic()
        if force or now - self._saved_at >= STATE_EVERY_SECONDS:
            self._saved_at = now
            finished = time.time() if p.status in ("done", "cancelled", "failed") else None
            self.repo.set_index_state(
                self.base.id,
                IndexState(
                    p.status, p.phase, p.done, p.total, p.current, self._started, finished, p.error
                ),
            )
        if self.on_progress is not None:
            self.on_progress(p)

    # ----------------------------------------------------------------- run

    def run(self) -> IndexProgress:
        try:
            self._report(force=True)
            self._run()
            self._report(status="done", phase="", current="", force=True)
        except _Cancelled:
            self._report(status="cancelled", current="", force=True)
        except Exception as exc:
            from desktop.core.messages import plain

            self._report(status="failed", error=plain(str(exc)), force=True)
            raise
        finally:
            if self.vectors is not None:
                self.vectors.flush()
            self.finished.set()
        return self.progress

    def _run(self) -> None:
        repo, base = self.repo, self.base
        sources = [(s.id, s.path) for s in repo.sources(base.id)]
        existing = {d.path: d for d in repo.documents(base.id)}
        found: list[FoundFile] = []
        problems: list[ScanProblem] = []
        for item in scan(sources):
            if isinstance(item, FoundFile):
                found.append(item)
            else:
                problems.append(item)
        seen = {f.path for f in found} | {p.path for p in problems}
        gone = [d.id for path, d in existing.items() if path not in seen]
        self._drop_chunks(repo.remove_documents(gone))
        for problem in problems:
            repo.upsert_document(
                base.id,
                problem.source_id,
                problem.path,
                kind="",
                size=0,
                mtime_ns=0,
                status="skipped",
                reason=problem.reason,
            )
        self._report(
            phase="reading", total=len(found), removed=len(gone), skipped=len(problems), force=True
        )
        settings = self._chunk_settings()
        for number, item in enumerate(found, 1):
            self._checkpoint()
            self._report(current=item.path)
            self._index_file(item, existing.get(item.path), settings)
            self._report(done=number)
        self._embed_missing()

    def _chunk_settings(self) -> ChunkSettings:
        size = self.base.chunk_tokens
        if self.embedder is not None:
            # The chunk, its prefix and the model's own [CLS]/[SEP] must fit its context.
            prefix = self.embedder.count_tokens([self.base.document_prefix])[0]
            size = max(16, min(size, self.embedder.info.max_tokens - prefix - 4))
        return ChunkSettings(size, min(self.base.chunk_overlap, size // 2))

    def _count_tokens(self, texts: Sequence[str]) -> list[int]:
        if self.embedder is None:
            return approximate_counts(texts)
        return self.embedder.count_tokens(texts)

    def _index_file(self, item: FoundFile, doc, settings: ChunkSettings) -> None:
        repo, base = self.repo, self.base
        unchanged = (
            doc is not None
            and doc.size == item.size
            and doc.mtime_ns == item.mtime_ns
            and (doc.status == "indexed" or (doc.status == "skipped" and doc.sha256 is not None))
        )
        if unchanged:
            self._report(unchanged=self.progress.unchanged + 1)
            return

        def skip(reason: Message, sha: str | None = None, status: str = "skipped") -> None:
            # A file that had chunks loses them here; their vectors go at the next reconcile
            # (searches ignore vectors whose chunk is gone).
            repo.upsert_document(
                base.id,
                item.source_id,
                item.path,
                kind=item.kind or "",
                size=item.size,
                mtime_ns=item.mtime_ns,
                status=status,
                sha256=sha,
                reason=reason,
            )
            self._report(skipped=self.progress.skipped + 1)

        if item.kind is None:
            skip(unsupported_reason(item.path), sha="-")
            return
        if item.size > base.max_file_bytes:
            skip(
                TOO_LARGE(
                    limit_mb=base.max_file_bytes // (1024 * 1024),
                    size_mb=round(item.size / (1024 * 1024), 1),
                ),
                sha="-",
            )
            return
        read = _read_stable(item.path)
        if read is None:  # deleted while we looked
            self._drop_chunks(repo.remove_documents([doc.id] if doc is not None else []))
            self._report(removed=self.progress.removed + 1)
            return
        if isinstance(read, Message):
            skip(read, status="pending" if read.code == CHANGED.code else "skipped")
            return
        data, size, mtime_ns = read
        sha = hashlib.sha256(data).hexdigest()
        if doc is not None and doc.sha256 == sha and doc.status == "indexed":
            repo.touch_document(doc.id, size=size, mtime_ns=mtime_ns)
            self._report(unchanged=self.progress.unchanged + 1)
            return
        try:
            extracted = extract(item.kind, data)
        except Skip as exc:
            item = replace(item, size=size, mtime_ns=mtime_ns)
            skip(exc.reason, sha=sha)
            return
        chunks = chunk_text(extracted.text, self._count_tokens, settings, extracted.page_starts)
        if doc is None:
            doc = repo.upsert_document(
                base.id,
                item.source_id,
                item.path,
                kind=item.kind or "",
                size=size,
                mtime_ns=mtime_ns,
                status="pending",
            )
        old_ids, new_ids = repo.store_chunks(
            doc.id,
            chunks,
            sha256=sha,
            size=size,
            mtime_ns=mtime_ns,
            encoding=extracted.encoding,
            n_pages=len(extracted.page_starts) or None,
            note=extracted.note,
        )
        self._drop_chunks(old_ids)
        self._report(indexed=self.progress.indexed + 1, chunks=self.progress.chunks + len(new_ids))
        self._embed(new_ids, {cid: c.text for cid, c in zip(new_ids, chunks, strict=True)})

    # ----------------------------------------------------------------- vectors

    def _drop_chunks(self, chunk_ids: list[int]) -> None:
        if self.vectors is not None and chunk_ids:
            self.vectors.remove(chunk_ids)

    def _embed(self, chunk_ids: list[int], texts: dict[int, str]) -> None:
        if self.vectors is None or self.embedder is None or self.progress.error is not None:
            return
        prefix = self.base.document_prefix
        for start in range(0, len(chunk_ids), EMBED_BATCH):
            self._checkpoint()
            ids = chunk_ids[start : start + EMBED_BATCH]
            try:
                vectors = self.embedder.embed([prefix + texts[i] for i in ids])
            except EmbedderError as exc:
                self._report(error=EMBEDDING_FAILED(detail=str(exc)), force=True)
                return
            self.vectors.add(ids, vectors)
            self._report(embedded=self.progress.embedded + len(ids))

    def _embed_missing(self) -> None:
        if self.vectors is None or self.embedder is None or self.progress.error is not None:
            return
        missing = self.vectors.reconcile(self.repo.chunk_ids(self.base.id))
        if not missing:
            return
        self._report(phase="embedding", done=0, total=len(missing), current="", force=True)
        for start in range(0, len(missing), 512):
            ids = missing[start : start + 512]
            texts = self.repo.chunk_texts(ids)
            ids = [i for i in ids if i in texts]
            self._embed(ids, texts)
            self._report(done=min(len(missing), start + 512))


def _read_stable(path: str) -> tuple[bytes, int, int] | Message | None:
    """The file's bytes with the size and mtime they belong to; None if it is gone; a Message
    if it cannot be read, or changed while being read (twice in a row)."""
    for _attempt in range(2):
        try:
            with open(path, "rb") as fh:
                before = os.fstat(fh.fileno())
                data = fh.read()
                after = os.stat(path)
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            return None
        except OSError as exc:
            return UNREADABLE(detail=exc.strerror or type(exc).__name__)
        if before.st_mtime_ns == after.st_mtime_ns and before.st_size == after.st_size == len(data):
            return data, len(data), after.st_mtime_ns
    return CHANGED()
