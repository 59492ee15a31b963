"""BM25 ranking of knowledge chunks for a natural-language query (FTS5 over CJK bigrams).

A question is not a filter: any of its terms may match and FTS5's bm25() ranks chunks by how
many rare terms they hold. FTS5 scores every chunk a query matches before it can sort, so the
cost grows with the matches, not the hits wanted: chunks holding every term are ranked first
(an AND query: few matches, and they hold the best BM25 scores nearly always), and only when
there are fewer of them than wanted does an OR query rank the rest. Terms that nearly every
chunk holds ("the", "是") carry almost no weight yet cost the most, so terms found in more
than `COMMON_FRACTION` of the chunks are left out when rarer ones remain, and a few English
function words always are.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text

from desktop.core.store.fts import quote_term, retrieval_terms
from desktop.core.store.session import Database

COMMON_FRACTION = 0.25
MAX_TERMS = 32
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)

_TOTAL = text("SELECT count(*) FROM knowledge_chunks")
_DF = text("SELECT doc FROM knowledge_fts_vocab WHERE term = :t")


class KnowledgeSearchRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def bm25(
        self, base_ids: Sequence[int], query: str, *, limit: int = 50
    ) -> list[tuple[int, float]]:
        """(chunk id, BM25 score: higher is better) for chunks of `base_ids`, best first."""
        terms = [t for t in retrieval_terms(query) if t not in STOPWORDS] or retrieval_terms(query)
        if not terms or not base_ids:
            return []
        with self._db.read() as s:
            terms = self._drop_common(s, terms[:MAX_TERMS])
            if not terms:
                return []
            ids = ",".join(str(int(b)) for b in base_ids)
            sql = text(
                "SELECT c.id, -f.rank FROM knowledge_fts AS f "
                "JOIN knowledge_chunks AS c ON c.id = f.rowid "
                f"WHERE knowledge_fts MATCH :q AND c.base_id IN ({ids}) "
                "ORDER BY f.rank LIMIT :n"
            )
            quoted = [quote_term(t) for t in terms]
            if len(quoted) > 1:
                rows = s.execute(sql, {"q": " AND ".join(quoted), "n": limit}).all()
                if len(rows) >= limit:
                    return [(int(r[0]), float(r[1])) for r in rows]
            rows = s.execute(sql, {"q": " OR ".join(quoted), "n": limit}).all()
            return [(int(r[0]), float(r[1])) for r in rows]

    @staticmethod
    def _drop_common(s, terms: list[str]) -> list[str]:
        total = s.execute(_TOTAL).scalar() or 0
        if total < 50:
            return terms
        df = {t: int(s.execute(_DF, {"t": t}).scalar() or 0) for t in terms}
        present = [t for t in terms if df[t] > 0]
        rare = [t for t in present if df[t] <= total * COMMON_FRACTION]
        if rare:
            return rare
        return sorted(present, key=lambda t: df[t])[:1]
