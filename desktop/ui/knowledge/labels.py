"""Short translated labels of knowledge things: where a chunk is, a run's state, a score."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.ui.i18n import translated

CONTEXT = "KnowledgeLabels"

_STATES = {
    "idle": QT_TRANSLATE_NOOP("KnowledgeLabels", "not indexed yet"),
    "running": QT_TRANSLATE_NOOP("KnowledgeLabels", "indexing"),
    "paused": QT_TRANSLATE_NOOP("KnowledgeLabels", "paused"),
    "cancelled": QT_TRANSLATE_NOOP("KnowledgeLabels", "cancelled"),
    "failed": QT_TRANSLATE_NOOP("KnowledgeLabels", "failed"),
    "done": QT_TRANSLATE_NOOP("KnowledgeLabels", "up to date"),
    "interrupted": QT_TRANSLATE_NOOP("KnowledgeLabels", "interrupted"),
}
_PHASES = {
    "scanning": QT_TRANSLATE_NOOP("KnowledgeLabels", "Looking for files"),
    "reading": QT_TRANSLATE_NOOP("KnowledgeLabels", "Reading files"),
    "embedding": QT_TRANSLATE_NOOP("KnowledgeLabels", "Embedding chunks"),
}
_DOCUMENT_STATUSES = {
    "indexed": QT_TRANSLATE_NOOP("KnowledgeLabels", "indexed"),
    "skipped": QT_TRANSLATE_NOOP("KnowledgeLabels", "skipped"),
    "pending": QT_TRANSLATE_NOOP("KnowledgeLabels", "waiting"),
}

_KINDS = {
    "text": QT_TRANSLATE_NOOP("KnowledgeLabels", "text"),
    "markdown": QT_TRANSLATE_NOOP("KnowledgeLabels", "Markdown"),
    "code": QT_TRANSLATE_NOOP("KnowledgeLabels", "code"),
    "html": QT_TRANSLATE_NOOP("KnowledgeLabels", "HTML"),
    "pdf": QT_TRANSLATE_NOOP("KnowledgeLabels", "PDF"),
    "docx": QT_TRANSLATE_NOOP("KnowledgeLabels", "Word"),
}


def _label(table: dict[str, object], key: str) -> str:
    text = table.get(key)
    return translated(CONTEXT, str(text)) if text is not None else key


def location_text(
    line_start: int | None,
    line_end: int | None,
    page_start: int | None = None,
    page_end: int | None = None,
) -> str:
    """ "p. 3", "pp. 3–4", "line 7" or "lines 12–30", in the user's language."""
    if page_start is not None:
        if page_end and page_end != page_start:
            return (
                QCoreApplication.translate("KnowledgeLabels", "pp. %1–%2")
                .replace("%1", str(page_start))
                .replace("%2", str(page_end))
            )
        return QCoreApplication.translate("KnowledgeLabels", "p. %1").replace("%1", str(page_start))
    if line_start is None:
        return ""
    if line_end is not None and line_end != line_start:
        return (
            QCoreApplication.translate("KnowledgeLabels", "lines %1–%2")
            .replace("%1", str(line_start))
            .replace("%2", str(line_end))
        )
    return QCoreApplication.translate("KnowledgeLabels", "line %1").replace("%1", str(line_start))


def citation_location(citation: dict) -> str:
    """The location of a saved citation (a dict as ChatKnowledge saves it)."""
    return location_text(
        citation.get("line_start"),
        citation.get("line_end"),
        citation.get("page_start"),
        citation.get("page_end"),
    )


def state_text(state: str) -> str:
    """An index run's state as the Knowledge page shows it."""
    return _label(_STATES, state)


def phase_text(phase: str) -> str:
    return _label(_PHASES, phase)


def kind_text(kind: str) -> str:
    """A document's kind (kinds.py: text, markdown, code, html, pdf, docx)."""
    return _label(_KINDS, kind) if kind else "—"


def document_status_text(status: str) -> str:
    return _label(_DOCUMENT_STATUSES, status)


def score_text(score: float | None, rank: int | None = None, digits: int = 3) -> str:
    """ "12.345 (#1)", or "—" when that list did not find the chunk."""
    if score is None:
        return "—"
    # BM25 of a word found in most chunks is near zero (FTS5 floors it at 1e-6): say so
    # rather than print a 0 that reads like "no match".
    text = f"{score:.1e}" if 0 < abs(score) < 10**-digits else f"{score:.{digits}f}"
    return f"{text} (#{rank})" if rank is not None else text
