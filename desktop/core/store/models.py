"""SQLAlchemy 2.0 ORM tables: conversations, the message tree, model files, templates, settings.

Timestamps are UTC epoch seconds (REAL): cheap to sort, index and convert. JSON columns hold
plain dicts/lists. The full-text index (`messages_fts`) is not an ORM table: it is created by
the migrations and kept in sync by triggers (see `fts.py`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names so Alembic batch migrations can find them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MESSAGE_ROLES = ("system", "user", "assistant", "tool")
MESSAGE_STATUSES = ("streaming", "complete", "cancelled", "error", "interrupted")
TEMPLATE_KINDS = ("chat", "completion")
# A completion session: the prompt as a "user" message, each continuation an "assistant" child.
CONVERSATION_KINDS = ("chat", "completion")


class Base(DeclarativeBase):
    """Every Tessera table, including other features' (experiments), derives from this."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    # False once the user renames it, so later edits never overwrite their title.
    title_is_auto: Mapped[bool] = mapped_column(Boolean, default=True)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    model: Mapped[str | None] = mapped_column(Text)
    system_prompt: Mapped[str] = mapped_column(Text, default="")
    sampling_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    overflow_policy: Mapped[str] = mapped_column(String(32), default="stop")
    kind: Mapped[str] = mapped_column(String(16), default="chat", server_default="chat")
    # Where it came from: "api" (a request to the API server); NULL: made in the app or CLI.
    source: Mapped[str | None] = mapped_column(String(16))
    # First message of the active path (a conversation may have several roots after an edit).
    active_root_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_conversations_recent", "pinned", "updated_at"),)


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    # Which child continues the active path below this message (regenerate/edit/switch).
    active_child_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="complete")
    error: Mapped[str | None] = mapped_column(Text)
    finish_reason: Mapped[str | None] = mapped_column(String(32))
    prompt_tokens: Mapped[int | None] = mapped_column(Integer)
    completion_tokens: Mapped[int | None] = mapped_column(Integer)
    ttft_seconds: Mapped[float | None] = mapped_column(Float)
    tokens_per_second: Mapped[float | None] = mapped_column(Float)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    model: Mapped[str | None] = mapped_column(Text)  # a file path, or a server's model id
    backend: Mapped[str | None] = mapped_column(Text)  # "local" or a saved backend's name
    server_version: Mapped[str | None] = mapped_column(Text)  # llama.cpp build, vLLM version...
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # zlib-compressed per-token (id, text, logprob, alternatives); see logprobs.py.
    token_logprobs: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        Index("ix_messages_conversation", "conversation_id", "id"),
        Index("ix_messages_parent", "parent_id"),
        Index("ix_messages_status", "status"),
    )


class ModelFile(Base):
    __tablename__ = "model_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)
    hub_repo: Mapped[str | None] = mapped_column(Text)
    hub_file: Mapped[str | None] = mapped_column(Text)
    hub_revision: Mapped[str | None] = mapped_column(Text)
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    quantization: Mapped[str | None] = mapped_column(String(32))
    architecture: Mapped[str | None] = mapped_column(String(64))
    n_params: Mapped[int | None] = mapped_column(Integer)
    context_length: Mapped[int | None] = mapped_column(Integer)
    n_gpu_layers: Mapped[int | None] = mapped_column(Integer)
    n_ctx: Mapped[int | None] = mapped_column(Integer)
    chat_template_override: Mapped[str | None] = mapped_column(Text)  # built-in name or Jinja
    flash_attn: Mapped[str | None] = mapped_column(String(8))  # auto | on | off
    cache_type_k: Mapped[str | None] = mapped_column(String(8))  # f16 | q8_0 | q4_0
    cache_type_v: Mapped[str | None] = mapped_column(String(8))
    added_at: Mapped[float] = mapped_column(Float)
    last_used_at: Mapped[float | None] = mapped_column(Float)


class PromptTemplate(Base):
    __tablename__ = "prompt_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(16), default="chat")
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class TemplateVersion(Base):
    """Immutable once written (a trigger refuses UPDATE); edits add a new version."""

    __tablename__ = "template_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("prompt_templates.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    system: Mapped[str | None] = mapped_column(Text)
    default_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    parent_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_versions.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[float] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("template_id", "number"),)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[float] = mapped_column(Float)


def import_all_models() -> None:
    """Imports every module that adds tables to `Base.metadata` (ours and other features')."""
    import importlib
    import importlib.util

    for name in (
        "desktop.core.store.experiments",
        "desktop.core.store.knowledge",
        "desktop.core.store.backends",
    ):
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
