"""BM25 ranking of knowledge chunks for a natural-language query (FTS5 over CJK bigrams).

A question is not a filter: any of its terms may match and FTS5's bm25() ranks chunks by how
many rare terms they hold. FTS5 scores every chunk a query matches before it can sort, so the
cost grows with the matches, not the hits wanted: chunks holding every term are ranked first
(an AND query: few matches, and they hold the best BM25 scores nearly always), and only when
there are fewer of them than wanted does an OR query rank the rest. Terms that nearly every
chunk holds ("the", "是") carry almost no weight yet cost the most, so terms found in more
than `COMMON_FRACTION` of the chunks are left out when rarer ones remain, and a few English
function words always are.

When the OR query is needed, most of its matches hold only the commonest remaining terms, and
FTS5 spends ~1 us scoring each one. A chunk's BM25 is a sum over terms of idf * a tf factor
below k1 + 1, so a chunk holding only the terms of a set R scores below their summed bound.
The rarer terms E are ranked first, each chunk fully scored (`(E) AND (R)` and `(E) NOT (R)`
score every term, as the OR query does); when the `limit`-th of them beats R's bound, no chunk
outside E can enter and the list is the OR query's, at a fraction of the matches (MaxScore,
Turtle & Flood 1995). Otherwise the OR query runs as before.

A query whose every word is common (each in more than `COMMON_FRACTION` of the chunks: idf 1.1
or less, against ~11 for a word in one chunk of 100,000, and FTS5's floor of 1e-6 past half)
singles no chunk out: its BM25 order is mostly chunk length, and it is the costliest to rank
(every chunk matches). Where vectors rank the same base, the caller asks for no such list
(`rank_common=False` gives None) rather than fuse that order in; searched by words alone, it is
ranked as it always was.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

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

# FTS5's bm25() constants: a term's tf factor tf*(k1+1)/(tf + k1*(...)) stays below k1 + 1.
BM25_K1 = 1.2
# Our idf comes from the vocabulary table, FTS5's from its own counts: a margin covers any
# difference (a row being indexed) and rounding.
BOUND_MARGIN = 1.01
MAX_PRUNE_TRIES = 2

_TOTAL = text("SELECT count(*) FROM knowledge_chunks")
_DF = text("SELECT doc FROM knowledge_fts_vocab WHERE term = :t")
_BASES = text("SELECT count(*) FROM knowledge_bases")
_IN_BASES = "SELECT count(*) FROM knowledge_chunks WHERE base_id IN ({ids})"


class KnowledgeSearchRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def bm25(
        self, base_ids: Sequence[int], query: str, *, limit: int = 50, rank_common: bool = True
    ) -> list[tuple[int, float]] | None:
        """(chunk id, BM25 score: higher is better) for chunks of `base_ids`, best first.
        None when `rank_common` is False and every word of the query is common (see above)."""
        terms = [t for t in retrieval_terms(query) if t not in STOPWORDS] or retrieval_terms(query)
        if not terms or not base_ids:
            return []
        with self._db.read() as s:
            terms = terms[:MAX_TERMS]
            total, df = self._frequencies(s, terms)
            held = self._held(s, base_ids, total) if df else total
            common = _common(terms, total, held, df)
            if not rank_common and common and len(common) == len(_present(terms, df)):
                return None
            terms = _drop_common(terms, common, df)
            if not terms:
                return []
            ids = ",".join(str(int(b)) for b in base_ids)
            sql = text(
                "SELECT c.id, -f.rank FROM knowledge_fts AS f "
                "JOIN knowledge_chunks AS c ON c.id = f.rowid "
                f"WHERE knowledge_fts MATCH :q AND c.base_id IN ({ids}) "
                "ORDER BY f.rank LIMIT :n"
            )

            def run(q: str) -> list[tuple[int, float]]:
                return [(int(r[0]), float(r[1])) for r in s.execute(sql, {"q": q, "n": limit})]

            quoted = [quote_term(t) for t in terms]
            if len(quoted) > 1:
                rows = run(" AND ".join(quoted))
                if len(rows) >= limit:
                    return rows
                pruned = _ranked_without_common(run, terms, total, df, limit)
                if pruned is not None:
                    return pruned
            return run(" OR ".join(quoted))

    @staticmethod
    def _held(s: Any, base_ids: Sequence[int], total: int) -> int:
        """Chunks in `base_ids` (counting them takes ~2 ms at 100k: skipped for every base)."""
        if int(s.execute(_BASES).scalar() or 0) <= len(set(base_ids)):
            return total
        ids = ",".join(str(int(b)) for b in base_ids)
        return int(s.execute(text(_IN_BASES.format(ids=ids))).scalar() or 0)

    @staticmethod
    def _frequencies(s: Any, terms: list[str]) -> tuple[int, dict[str, int]]:
        """(chunks in all bases, chunks holding each term); no counts for a small index."""
        total = int(s.execute(_TOTAL).scalar() or 0)
        if total < 50:
            return total, {}
        return total, {t: int(s.execute(_DF, {"t": t}).scalar() or 0) for t in terms}


def _present(terms: list[str], df: dict[str, int]) -> list[str]:
    return [t for t in terms if df.get(t, 0) > 0]


def _common(terms: list[str], total: int, held: int, df: dict[str, int]) -> set[str]:
    """Words common in the searched bases (`held` of the `total` chunks). The counts are of
    all bases: a word is in at least df - (total - held) of the searched ones, and only that
    floor counts, so a word rare in a small base beside a large one is never dropped there."""
    return {t for t in _present(terms, df) if df[t] - (total - held) > held * COMMON_FRACTION}


def _drop_common(terms: list[str], common: set[str], df: dict[str, int]) -> list[str]:
    if not df:
        return terms
    present = _present(terms, df)
    rare = [t for t in present if t not in common]
    if rare:
        return rare
    return sorted(present, key=lambda t: df[t])[:1]


def _term_bound(total: int, n: int) -> float:
    """The most one term can add to a chunk's BM25 (FTS5: idf = ln((N-n+.5)/(n+.5)), >= 1e-6)."""
    idf = math.log((total - n + 0.5) / (n + 0.5))
    return max(idf, 1e-6) * (BM25_K1 + 1)


def _ranked_without_common(
    run: Any, terms: list[str], total: int, df: dict[str, int], limit: int
) -> list[tuple[int, float]] | None:
    """The OR query's list, scoring only chunks that hold a rarer term; None when that cannot
    be shown to give the same list (see the module docstring)."""
    if not df or limit <= 0:
        return None
    common_first = sorted(terms, key=lambda t: -df[t])
    bounds = [_term_bound(total, df[t]) for t in common_first]
    # R = the j commonest terms; start with the largest R whose bound is under half of what
    # the rest can add (a cheap guess at the limit-th score), and try a smaller R if not.
    tries = 0
    for j in range(len(terms) - 1, 0, -1):
        bound = sum(bounds[:j]) * BOUND_MARGIN
        if bound >= sum(bounds[j:]) / 2:
            continue
        rare_set = set(common_first[j:])
        e = " OR ".join(quote_term(t) for t in terms if t in rare_set)
        r = " OR ".join(quote_term(t) for t in terms if t not in rare_set)
        rows = run(f"({e}) AND ({r})") + run(f"({e}) NOT ({r})")
        # The terms are summed in another order than in the OR query: equal scores may differ
        # in the last bits, and equal ones come in chunk order there (FTS5 scans by rowid).
        rows.sort(key=lambda h: (-round(h[1], 9), h[0]))
        if len(rows) >= limit and rows[limit - 1][1] > bound:
            return rows[:limit]
        tries += 1
        if tries >= MAX_PRUNE_TRIES:
            break
    return None
