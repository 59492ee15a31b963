"""Knowledge bases' SQLAlchemy tables on the store's `Base` (created by migration 0005).

Vectors are not here: Python's sqlite3 on the supported builds cannot load extensions
(sqlite-vec), so they live in a memory-mapped matrix per base beside the database
(`desktop/core/knowledge/vectors.py`), reconciled against `knowledge_chunks` ids. The
full-text index over chunks (`knowledge_fts`, CJK bigrams as in `fts.py`) is created by the
migration and kept in sync by triggers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.store.models import Base


class KnowledgeBase(Base):
    __tablename__ = "knowledge_bases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # "model:/abs/path.gguf", "backend:NAME" or NULL (lexical search only).
    embedder: Mapped[str | None] = mapped_column(Text)
    embedder_name: Mapped[str | None] = mapped_column(Text)
    embedder_dimension: Mapped[int | None] = mapped_column(Integer)
    # What the stored vectors were made with; a different identity means re-embedding.
    embedder_identity: Mapped[str | None] = mapped_column(Text)
    query_prefix: Mapped[str] = mapped_column(Text, default="")
    document_prefix: Mapped[str] = mapped_column(Text, default="")
    chunk_tokens: Mapped[int] = mapped_column(Integer, default=256)
    chunk_overlap: Mapped[int] = mapped_column(Integer, default=32)
    max_file_bytes: Mapped[int] = mapped_column(Integer)
    # {"status": idle|running|paused|cancelled|failed, "done", "total", "phase", ...}
    index_state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class KnowledgeSource(Base):
    __tablename__ = "knowledge_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    base_id: Mapped[int] = mapped_column(ForeignKey("knowledge_bases.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    added_at: Mapped[float] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("base_id", "path"),)


class KnowledgeDocument(Base):
    __tablename__ = "knowledge_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    base_id: Mapped[int] = mapped_column(ForeignKey("knowledge_bases.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("knowledge_sources.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="text")
    size: Mapped[int] = mapped_column(Integer, default=0)
    mtime_ns: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # {"code", "template", "params"}: why it was skipped, or a note (e.g. decoded from GBK).
    reason: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    encoding: Mapped[str | None] = mapped_column(String(32))
    n_pages: Mapped[int | None] = mapped_column(Integer)
    n_chunks: Mapped[int] = mapped_column(Integer, default=0)
    n_tokens: Mapped[int] = mapped_column(Integer, default=0)
    indexed_at: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        UniqueConstraint("base_id", "path"),
        Index("ix_knowledge_documents_status", "base_id", "status"),
    )


class KnowledgeChunk(Base):
    __tablename__ = "knowledge_chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_documents.id", ondelete="CASCADE")
    )
    base_id: Mapped[int] = mapped_column(ForeignKey("knowledge_bases.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    token_count: Mapped[int] = mapped_column(Integer)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    page_start: Mapped[int | None] = mapped_column(Integer)
    page_end: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_knowledge_chunks_document", "document_id", "ordinal"),
        Index("ix_knowledge_chunks_base", "base_id"),
    )


class KnowledgeAttachment(Base):
    """A knowledge base attached to a conversation: its turns retrieve from it."""

    __tablename__ = "knowledge_attachments"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    base_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_bases.id", ondelete="CASCADE"), primary_key=True
    )
    attached_at: Mapped[float] = mapped_column(Float)


class KnowledgeInjection(Base):
    """What retrieval put into the prompt of one reply: the exact text, its cost, the hits."""

    __tablename__ = "knowledge_injections"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    query: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(Text)
    injected_text: Mapped[str] = mapped_column(Text)
    injected_tokens: Mapped[int | None] = mapped_column(Integer)
    # [{number, chunk_id, base, path, line_start, line_end, page_start, page_end, snippet,
    #   bm25, vector, fused}]: kept whole, so a citation still opens after a re-index.
    citations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[float] = mapped_column(Float)
