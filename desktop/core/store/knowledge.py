"""Knowledge bases in SQLite: bases, sources, documents with their status, chunks, chat links.

The tables are in `knowledge_tables` (migration 0005); importing this module registers them.
A document's chunks are replaced in one transaction (`store_chunks`), so a crash mid-index
leaves either the old chunks or the new ones, never half of each. Lexical search over chunks is
in `knowledge_search`; vectors are files (desktop/core/knowledge/vectors.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec
from desktop.core.store import knowledge_tables as t
from desktop.core.store.errors import InvalidOperationError, NotFoundError
from desktop.core.store.records import to_datetime, utc
from desktop.core.store.session import Database

KB_NEEDS_NAME = MessageSpec(
    "knowledge.base.needs_name", QT_TRANSLATE_NOOP("CoreMessages", "A knowledge base needs a name.")
)
KB_NAME_TAKEN = MessageSpec(
    "knowledge.base.name_taken",
    QT_TRANSLATE_NOOP("CoreMessages", "There is already a knowledge base named {name}."),
)
KB_NO_ID = MessageSpec(
    "knowledge.base.no_id", QT_TRANSLATE_NOOP("CoreMessages", "There is no knowledge base {id}.")
)
KB_NO_NAME = MessageSpec(
    "knowledge.base.no_name",
    QT_TRANSLATE_NOOP("CoreMessages", "There is no knowledge base named {name}."),
)
KB_NO_DOCUMENT = MessageSpec(
    "knowledge.document.missing", QT_TRANSLATE_NOOP("CoreMessages", "There is no document {id}.")
)
KB_BAD_STATUS = MessageSpec(
    "knowledge.document.bad_status",
    QT_TRANSLATE_NOOP("CoreMessages", "Unknown document status {status}."),
)
KB_CHUNK_SIZE = MessageSpec(
    "knowledge.chunk.size",
    QT_TRANSLATE_NOOP("CoreMessages", "Chunk size must be between 16 and 8192 tokens."),
)
KB_CHUNK_OVERLAP = MessageSpec(
    "knowledge.chunk.overlap",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Chunk overlap must be at least 0 and at most half the size."
    ),
)

DOCUMENT_STATUSES = ("pending", "indexed", "skipped")
INDEX_STATUSES = ("idle", "running", "paused", "cancelled", "failed", "done")
DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024

# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class IndexState:
    """Where the last indexing run of a base stands (kept across restarts)."""

    status: str = "idle"  # one of INDEX_STATUSES
    phase: str = ""  # "scanning" | "reading" | "embedding"
    done: int = 0
    total: int = 0
    current: str = ""  # the file being read
    started_at: float | None = None
    finished_at: float | None = None
    error: Message | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "phase": self.phase,
            "done": self.done,
            "total": self.total,
            "current": self.current,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "error": message_to_dict(self.error),
        }

    @classmethod
    def from_dict(cls, data: Any) -> IndexState:
        if not isinstance(data, dict):
            return cls()
        return cls(
            status=str(data.get("status") or "idle"),
            phase=str(data.get("phase") or ""),
            done=int(data.get("done") or 0),
            total=int(data.get("total") or 0),
            current=str(data.get("current") or ""),
            started_at=data.get("started_at"),
            finished_at=data.get("finished_at"),
            error=message_from_dict(data.get("error")),
        )


@dataclass(frozen=True)
class KnowledgeBaseRecord:
    id: int
    name: str
    description: str
    embedder: str | None  # "model:PATH", "backend:NAME" or None (lexical only)
    embedder_name: str | None
    embedder_dimension: int | None
    embedder_identity: str | None
    query_prefix: str
    document_prefix: str
    chunk_tokens: int
    chunk_overlap: int
    max_file_bytes: int
    index_state: IndexState
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SourceRecord:
    id: int
    base_id: int
    path: str
    added_at: datetime


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    base_id: int
    source_id: int
    path: str
    kind: str
    size: int
    mtime_ns: int
    sha256: str | None
    status: str  # pending | indexed | skipped
    reason: Message | None  # why skipped, or a note on an indexed file (e.g. its encoding)
    encoding: str | None
    n_pages: int | None
    n_chunks: int
    n_tokens: int
    indexed_at: datetime | None


@dataclass(frozen=True)
class ChunkRecord:
    id: int
    document_id: int
    base_id: int
    ordinal: int
    text: str
    token_count: int
    char_start: int
    char_end: int
    line_start: int
    line_end: int
    page_start: int | None
    page_end: int | None
    path: str = ""  # the document's file


@dataclass(frozen=True)
class NewChunk:
    """A chunk to store: text and where it came from (see knowledge/chunking.py)."""

    text: str
    token_count: int
    char_start: int
    char_end: int
    line_start: int
    line_end: int
    page_start: int | None = None
    page_end: int | None = None


@dataclass(frozen=True)
class BaseCounts:
    documents: dict[str, int] = field(default_factory=dict)  # status -> count
    chunks: int = 0
    tokens: int = 0


@dataclass(frozen=True)
class InjectionRecord:
    message_id: int
    query: str
    template: str
    injected_text: str
    injected_tokens: int | None
    citations: tuple[dict[str, Any], ...]
    created_at: datetime


def message_to_dict(message: Message | None) -> dict[str, Any] | None:
    if message is None:
        return None
    return {"code": message.code, "template": message.template, "params": dict(message.params)}


def message_from_dict(data: Any) -> Message | None:
    if not isinstance(data, dict) or "code" not in data:
        return None
    params = data.get("params")
    return Message(
        str(data["code"]),
        str(data.get("template") or ""),
        params if isinstance(params, dict) else {},
    )


def _base(row: t.KnowledgeBase) -> KnowledgeBaseRecord:
    return KnowledgeBaseRecord(
        id=row.id,
        name=row.name,
        description=row.description,
        embedder=row.embedder,
        embedder_name=row.embedder_name,
        embedder_dimension=row.embedder_dimension,
        embedder_identity=row.embedder_identity,
        query_prefix=row.query_prefix,
        document_prefix=row.document_prefix,
        chunk_tokens=row.chunk_tokens,
        chunk_overlap=row.chunk_overlap,
        max_file_bytes=row.max_file_bytes,
        index_state=IndexState.from_dict(row.index_state),
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
    )


def _document(row: t.KnowledgeDocument) -> DocumentRecord:
    return DocumentRecord(
        id=row.id,
        base_id=row.base_id,
        source_id=row.source_id,
        path=row.path,
        kind=row.kind,
        size=row.size,
        mtime_ns=row.mtime_ns,
        sha256=row.sha256,
        status=row.status,
        reason=message_from_dict(row.reason),
        encoding=row.encoding,
        n_pages=row.n_pages,
        n_chunks=row.n_chunks,
        n_tokens=row.n_tokens,
        indexed_at=to_datetime(row.indexed_at),
    )


def _chunk(row: t.KnowledgeChunk, path: str = "") -> ChunkRecord:
    return ChunkRecord(
        id=row.id,
        document_id=row.document_id,
        base_id=row.base_id,
        ordinal=row.ordinal,
        text=row.text,
        token_count=row.token_count,
        char_start=row.char_start,
        char_end=row.char_end,
        line_start=row.line_start,
        line_end=row.line_end,
        page_start=row.page_start,
        page_end=row.page_end,
        path=path,
    )


_UNSET: Any = object()

# --------------------------------------------------------------------------- repository


class KnowledgeRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ----------------------------------------------------------------- bases

    def create_base(
        self,
        name: str,
        *,
        description: str = "",
        chunk_tokens: int = 256,
        chunk_overlap: int = 32,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ) -> KnowledgeBaseRecord:
        name = " ".join(name.split())
        if not name:
            raise InvalidOperationError(KB_NEEDS_NAME())
        _check_chunking(chunk_tokens, chunk_overlap)
        now = time.time()
        row = t.KnowledgeBase(
            name=name,
            description=description,
            query_prefix="",
            document_prefix="",
            chunk_tokens=chunk_tokens,
            chunk_overlap=chunk_overlap,
            max_file_bytes=max_file_bytes,
            index_state=IndexState().to_dict(),
            created_at=now,
            updated_at=now,
        )
        with self._db.read() as s:
            if s.scalar(select(t.KnowledgeBase.id).where(t.KnowledgeBase.name == name)):
                raise InvalidOperationError(KB_NAME_TAKEN(name=repr(name)))
        with self._db.write() as s:
            s.add(row)
            s.flush()
            return _base(row)

    def get_base(self, base_id: int) -> KnowledgeBaseRecord:
        with self._db.read() as s:
            row = s.get(t.KnowledgeBase, base_id)
            if row is None:
                raise NotFoundError(KB_NO_ID(id=base_id))
            return _base(row)

    def base_by_name(self, name: str) -> KnowledgeBaseRecord:
        with self._db.read() as s:
            row = s.scalar(select(t.KnowledgeBase).where(t.KnowledgeBase.name == name.strip()))
            if row is None:
                raise NotFoundError(KB_NO_NAME(name=repr(name)))
            return _base(row)

    def list_bases(self) -> list[KnowledgeBaseRecord]:
        with self._db.read() as s:
            rows = s.scalars(select(t.KnowledgeBase).order_by(t.KnowledgeBase.name))
            return [_base(r) for r in rows]

    def update_base(
        self,
        base_id: int,
        *,
        name: str = _UNSET,
        description: str = _UNSET,
        chunk_tokens: int = _UNSET,
        chunk_overlap: int = _UNSET,
        max_file_bytes: int = _UNSET,
        query_prefix: str = _UNSET,
        document_prefix: str = _UNSET,
    ) -> KnowledgeBaseRecord:
        """Changes only the arguments given. New chunk sizes apply to files indexed later
        (`reset_documents` re-reads them all)."""
        values: dict[str, Any] = {
            k: v
            for k, v in {
                "name": name,
                "description": description,
                "chunk_tokens": chunk_tokens,
                "chunk_overlap": chunk_overlap,
                "max_file_bytes": max_file_bytes,
                "query_prefix": query_prefix,
                "document_prefix": document_prefix,
            }.items()
            if v is not _UNSET
        }
        current = self.get_base(base_id)
        _check_chunking(
            values.get("chunk_tokens", current.chunk_tokens),
            values.get("chunk_overlap", current.chunk_overlap),
        )
        return self._update_base(base_id, **values)

    def set_embedder(
        self,
        base_id: int,
        *,
        embedder: str | None,
        name: str | None,
        dimension: int | None,
        identity: str | None,
        query_prefix: str = "",
        document_prefix: str = "",
    ) -> KnowledgeBaseRecord:
        return self._update_base(
            base_id,
            embedder=embedder,
            embedder_name=name,
            embedder_dimension=dimension,
            embedder_identity=identity,
            query_prefix=query_prefix,
            document_prefix=document_prefix,
        )

    def set_index_state(self, base_id: int, state: IndexState) -> None:
        with self._db.write() as s:
            s.execute(
                update(t.KnowledgeBase)
                .where(t.KnowledgeBase.id == base_id)
                .values(index_state=state.to_dict())
            )

    def delete_base(self, base_id: int) -> None:
        """Deletes the base with its sources, documents, chunks and chat links."""
        with self._db.write() as s:
            result = s.execute(delete(t.KnowledgeBase).where(t.KnowledgeBase.id == base_id))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(KB_NO_ID(id=base_id))

    def _update_base(self, base_id: int, **values: Any) -> KnowledgeBaseRecord:
        values["updated_at"] = time.time()
        with self._db.write() as s:
            s.execute(update(t.KnowledgeBase).where(t.KnowledgeBase.id == base_id).values(**values))
            row = s.get(t.KnowledgeBase, base_id)
            if row is None:
                raise NotFoundError(KB_NO_ID(id=base_id))
            return _base(row)

    # ----------------------------------------------------------------- sources

    def add_source(self, base_id: int, path: str) -> SourceRecord:
        """A folder or file to index (adding one twice returns the first)."""
        with self._db.write() as s:
            row = s.scalar(
                select(t.KnowledgeSource).where(
                    t.KnowledgeSource.base_id == base_id, t.KnowledgeSource.path == path
                )
            )
            if row is None:
                row = t.KnowledgeSource(base_id=base_id, path=path, added_at=time.time())
                s.add(row)
                s.flush()
            return SourceRecord(row.id, row.base_id, row.path, utc(row.added_at))

    def sources(self, base_id: int) -> list[SourceRecord]:
        with self._db.read() as s:
            rows = s.scalars(
                select(t.KnowledgeSource)
                .where(t.KnowledgeSource.base_id == base_id)
                .order_by(t.KnowledgeSource.id)
            )
            return [SourceRecord(r.id, r.base_id, r.path, utc(r.added_at)) for r in rows]

    def remove_source(self, source_id: int) -> list[int]:
        """Deletes a source and its documents; returns the ids of the chunks that went."""
        with self._db.write() as s:
            ids = list(
                s.scalars(
                    select(t.KnowledgeChunk.id)
                    .join(t.KnowledgeDocument)
                    .where(t.KnowledgeDocument.source_id == source_id)
                )
            )
            s.execute(delete(t.KnowledgeSource).where(t.KnowledgeSource.id == source_id))
            return ids

    # ----------------------------------------------------------------- documents

    def documents(
        self, base_id: int, *, status: str | None = None, limit: int = 100_000, offset: int = 0
    ) -> list[DocumentRecord]:
        stmt = select(t.KnowledgeDocument).where(t.KnowledgeDocument.base_id == base_id)
        if status is not None:
            stmt = stmt.where(t.KnowledgeDocument.status == status)
        stmt = stmt.order_by(t.KnowledgeDocument.path).limit(limit).offset(offset)
        with self._db.read() as s:
            return [_document(r) for r in s.scalars(stmt)]

    def document(self, document_id: int) -> DocumentRecord:
        with self._db.read() as s:
            row = s.get(t.KnowledgeDocument, document_id)
            if row is None:
                raise NotFoundError(KB_NO_DOCUMENT(id=document_id))
            return _document(row)

    def upsert_document(
        self,
        base_id: int,
        source_id: int,
        path: str,
        *,
        kind: str,
        size: int,
        mtime_ns: int,
        status: str,
        sha256: str | None = None,
        reason: Message | None = None,
        encoding: str | None = None,
        n_pages: int | None = None,
    ) -> DocumentRecord:
        """Creates or updates a document row; its chunks are left as they are."""
        if status not in DOCUMENT_STATUSES:
            raise InvalidOperationError(KB_BAD_STATUS(status=repr(status)))
        values = {
            "source_id": source_id,
            "kind": kind,
            "size": size,
            "mtime_ns": mtime_ns,
            "status": status,
            "sha256": sha256,
            "reason": message_to_dict(reason),
            "encoding": encoding,
            "n_pages": n_pages,
        }
        with self._db.write() as s:
            row = s.scalar(
                select(t.KnowledgeDocument).where(
                    t.KnowledgeDocument.base_id == base_id, t.KnowledgeDocument.path == path
                )
            )
            if row is None:
                row = t.KnowledgeDocument(base_id=base_id, path=path, n_chunks=0, n_tokens=0)
                s.add(row)
            for key, value in values.items():
                setattr(row, key, value)
            if status == "skipped":
                s.execute(delete(t.KnowledgeChunk).where(t.KnowledgeChunk.document_id == row.id))
                row.n_chunks = row.n_tokens = 0
            s.flush()
            return _document(row)

    def touch_document(self, document_id: int, *, size: int, mtime_ns: int) -> None:
        """A file whose modification time changed but whose content did not."""
        with self._db.write() as s:
            s.execute(
                update(t.KnowledgeDocument)
                .where(t.KnowledgeDocument.id == document_id)
                .values(size=size, mtime_ns=mtime_ns)
            )

    def store_chunks(
        self,
        document_id: int,
        chunks: Sequence[NewChunk],
        *,
        sha256: str,
        size: int,
        mtime_ns: int,
        encoding: str | None = None,
        n_pages: int | None = None,
        note: Message | None = None,
    ) -> tuple[list[int], list[int]]:
        """Replaces the document's chunks and marks it indexed, in one transaction.

        Returns (ids of the chunks removed, ids of the chunks added, in order)."""
        with self._db.write() as s:
            row = s.get(t.KnowledgeDocument, document_id)
            if row is None:
                raise NotFoundError(KB_NO_DOCUMENT(id=document_id))
            old = list(
                s.scalars(
                    select(t.KnowledgeChunk.id).where(t.KnowledgeChunk.document_id == document_id)
                )
            )
            if old:
                s.execute(
                    delete(t.KnowledgeChunk).where(t.KnowledgeChunk.document_id == document_id)
                )
            new_ids: list[int] = []
            if chunks:
                result = s.execute(
                    insert(t.KnowledgeChunk).returning(
                        t.KnowledgeChunk.id, sort_by_parameter_order=True
                    ),
                    [
                        {
                            "document_id": document_id,
                            "base_id": row.base_id,
                            "ordinal": i,
                            "text": c.text,
                            "token_count": c.token_count,
                            "char_start": c.char_start,
                            "char_end": c.char_end,
                            "line_start": c.line_start,
                            "line_end": c.line_end,
                            "page_start": c.page_start,
                            "page_end": c.page_end,
                        }
                        for i, c in enumerate(chunks)
                    ],
                )
                new_ids = [r[0] for r in result]
            row.status = "indexed"
            row.sha256 = sha256
            row.size = size
            row.mtime_ns = mtime_ns
            row.encoding = encoding
            row.n_pages = n_pages
            row.reason = message_to_dict(note)
            row.n_chunks = len(chunks)
            row.n_tokens = sum(c.token_count for c in chunks)
            row.indexed_at = time.time()
            return old, new_ids

    def remove_documents(self, document_ids: Iterable[int]) -> list[int]:
        """Deletes documents (files gone from disk); returns the ids of their chunks."""
        ids = list(document_ids)
        if not ids:
            return []
        with self._db.write() as s:
            chunk_ids = list(
                s.scalars(select(t.KnowledgeChunk.id).where(t.KnowledgeChunk.document_id.in_(ids)))
            )
            s.execute(delete(t.KnowledgeDocument).where(t.KnowledgeDocument.id.in_(ids)))
            return chunk_ids

    def reset_documents(self, base_id: int) -> None:
        """Forgets what was read (hashes), so the next index run reads every file again."""
        with self._db.write() as s:
            s.execute(
                update(t.KnowledgeDocument)
                .where(t.KnowledgeDocument.base_id == base_id)
                .values(sha256=None, mtime_ns=0, status="pending")
            )

    def counts(self, base_id: int) -> BaseCounts:
        with self._db.read() as s:
            by_status = dict(
                s.execute(
                    select(t.KnowledgeDocument.status, func.count())
                    .where(t.KnowledgeDocument.base_id == base_id)
                    .group_by(t.KnowledgeDocument.status)
                ).all()
            )
            chunks, tokens = s.execute(
                select(
                    func.count(), func.coalesce(func.sum(t.KnowledgeChunk.token_count), 0)
                ).where(t.KnowledgeChunk.base_id == base_id)
            ).one()
        return BaseCounts({str(k): int(v) for k, v in by_status.items()}, int(chunks), int(tokens))

    # ----------------------------------------------------------------- chunks

    def chunk_ids(self, base_id: int) -> list[int]:
        with self._db.read() as s:
            return list(
                s.scalars(select(t.KnowledgeChunk.id).where(t.KnowledgeChunk.base_id == base_id))
            )

    def chunk_texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        with self._db.read() as s:
            for start in range(0, len(chunk_ids), 500):
                part = list(chunk_ids[start : start + 500])
                rows = s.execute(
                    select(t.KnowledgeChunk.id, t.KnowledgeChunk.text).where(
                        t.KnowledgeChunk.id.in_(part)
                    )
                )
                out.update({r[0]: r[1] for r in rows})
        return out

    def chunks(self, chunk_ids: Sequence[int]) -> dict[int, ChunkRecord]:
        """Chunks by id with their document's path (ids that no longer exist are absent)."""
        out: dict[int, ChunkRecord] = {}
        with self._db.read() as s:
            for start in range(0, len(chunk_ids), 500):
                part = list(chunk_ids[start : start + 500])
                rows = s.execute(
                    select(t.KnowledgeChunk, t.KnowledgeDocument.path)
                    .join(t.KnowledgeDocument)
                    .where(t.KnowledgeChunk.id.in_(part))
                )
                out.update({c.id: _chunk(c, p) for c, p in rows})
        return out

    def document_chunks(self, document_id: int) -> list[ChunkRecord]:
        """A document's chunks in order (the chunk boundaries view)."""
        with self._db.read() as s:
            rows = s.execute(
                select(t.KnowledgeChunk, t.KnowledgeDocument.path)
                .join(t.KnowledgeDocument)
                .where(t.KnowledgeChunk.document_id == document_id)
                .order_by(t.KnowledgeChunk.ordinal)
            )
            return [_chunk(c, p) for c, p in rows]

    # ----------------------------------------------------------------- chat

    def attach(self, conversation_id: int, base_id: int) -> None:
        with self._db.write() as s:
            exists = s.get(t.KnowledgeAttachment, (conversation_id, base_id))
            if exists is None:
                s.add(
                    t.KnowledgeAttachment(
                        conversation_id=conversation_id, base_id=base_id, attached_at=time.time()
                    )
                )

    def detach(self, conversation_id: int, base_id: int) -> None:
        with self._db.write() as s:
            s.execute(
                delete(t.KnowledgeAttachment).where(
                    t.KnowledgeAttachment.conversation_id == conversation_id,
                    t.KnowledgeAttachment.base_id == base_id,
                )
            )

    def attached(self, conversation_id: int) -> list[KnowledgeBaseRecord]:
        with self._db.read() as s:
            rows = s.scalars(
                select(t.KnowledgeBase)
                .join(t.KnowledgeAttachment)
                .where(t.KnowledgeAttachment.conversation_id == conversation_id)
                .order_by(t.KnowledgeAttachment.attached_at, t.KnowledgeBase.id)
            )
            return [_base(r) for r in rows]

    def save_injection(
        self,
        message_id: int,
        *,
        query: str,
        template: str,
        injected_text: str,
        injected_tokens: int | None,
        citations: Sequence[dict[str, Any]],
    ) -> None:
        with self._db.write() as s:
            s.merge(
                t.KnowledgeInjection(
                    message_id=message_id,
                    query=query,
                    template=template,
                    injected_text=injected_text,
                    injected_tokens=injected_tokens,
                    citations=[dict(c) for c in citations],
                    created_at=time.time(),
                )
            )

    def injection(self, message_id: int) -> InjectionRecord | None:
        with self._db.read() as s:
            row = s.get(t.KnowledgeInjection, message_id)
            return None if row is None else _injection(row)

    def injections(self, message_ids: Sequence[int]) -> dict[int, InjectionRecord]:
        """The saved injections of those replies that have one (a conversation opened)."""
        found: dict[int, InjectionRecord] = {}
        ids = list(dict.fromkeys(int(i) for i in message_ids))
        with self._db.read() as s:
            for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
                rows = s.scalars(
                    select(t.KnowledgeInjection).where(
                        t.KnowledgeInjection.message_id.in_(ids[start : start + 500])
                    )
                )
                found.update((row.message_id, _injection(row)) for row in rows)
        return found


def _injection(row: t.KnowledgeInjection) -> InjectionRecord:
    return InjectionRecord(
        row.message_id,
        row.query,
        row.template,
        row.injected_text,
        row.injected_tokens,
        tuple(row.citations or ()),
        utc(row.created_at),
    )


def _check_chunking(size: int, overlap: int) -> None:
    if not 16 <= size <= 8192:
        raise InvalidOperationError(KB_CHUNK_SIZE())
    if not 0 <= overlap < size // 2 + 1:
        raise InvalidOperationError(KB_CHUNK_OVERLAP())
