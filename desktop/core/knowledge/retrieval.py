"""Hybrid retrieval: BM25 and vector candidates fused by reciprocal rank, with citations.

Each list ranks its candidates; a chunk's fused score is the sum over the lists it is in of
1 / (rrf_k + rank) (Cormack et al., 2009; rrf_k = 60). Ranks, not raw scores, are fused
because BM25 and cosine scores live on unrelated scales. Thresholds apply per list before
fusion (a chunk below `min_vector_score` counts as not found by vectors), so every hit shows
why it is there: its BM25 score and rank, its cosine similarity and rank, and the fused score.
A base without an embedder, or whose embedder fails, is searched lexically and the result
says so. A query whose every word is common is ranked by vectors alone where vectors ran
(its BM25 order would be noise fused in, and it costs the most: see store/knowledge_search.py).
An optional reranker (a cross-encoder GGUF with rank pooling) reorders the fused top
candidates.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec
from desktop.core.store.fts import make_snippet, parse_query
from desktop.core.store.knowledge import ChunkRecord, KnowledgeBaseRecord

LEXICAL_ONLY = MessageSpec(
    "knowledge.lexical_only",
    QT_TRANSLATE_NOOP("CoreMessages", "{base}: searched by words only ({why})"),
)
NO_EMBEDDER = MessageSpec("knowledge.no_embedder", QT_TRANSLATE_NOOP("CoreMessages", "no embedder"))
WORDS_TOO_COMMON = MessageSpec(
    "knowledge.words_too_common",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Ranked by meaning only: every word of the query is in more than a quarter of the "
        "chunks, so the words single none out",
    ),
)
NO_VECTORS = MessageSpec(
    "knowledge.no_vectors", QT_TRANSLATE_NOOP("CoreMessages", "nothing is embedded yet")
)


@dataclass(frozen=True)
class RetrievalSettings:
    top_k: int = 5
    candidates: int = 50  # per list, before fusion
    rrf_k: int = 60
    min_bm25: float = 0.0  # BM25 at or below this: not found lexically
    min_vector_score: float = 0.0  # cosine below this: not found by vectors
    min_fused: float = 0.0  # final cut on the fused score
    use_vectors: bool = True
    use_lexical: bool = True


@dataclass(frozen=True)
class Citation:
    number: int  # [1], [2]... as in the prompt
    path: str
    line_start: int
    line_end: int
    page_start: int | None
    page_end: int | None
    snippet: str

    @property
    def file_name(self) -> str:
        return Path(self.path).name

    @property
    def location(self) -> str:
        """ "p. 3", "pp. 3-4" or "lines 12-30" (English; the UI builds its own from fields)."""
        if self.page_start is not None:
            if self.page_end and self.page_end != self.page_start:
                return f"pp. {self.page_start}-{self.page_end}"
            return f"p. {self.page_start}"
        if self.line_end != self.line_start:
            return f"lines {self.line_start}-{self.line_end}"
        return f"line {self.line_start}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "path": self.path,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "page_start": self.page_start,
            "page_end": self.page_end,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class RetrievalHit:
    chunk: ChunkRecord
    base_name: str
    citation: Citation
    fused: float
    bm25: float | None = None
    bm25_rank: int | None = None
    vector: float | None = None  # cosine similarity
    vector_rank: int | None = None
    rerank: float | None = None

    @property
    def text(self) -> str:
        return self.chunk.text

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "number": self.citation.number,
            "base": self.base_name,
            "path": c.path,
            "chunk_id": c.id,
            "document_id": c.document_id,
            "ordinal": c.ordinal,
            "line_start": c.line_start,
            "line_end": c.line_end,
            "page_start": c.page_start,
            "page_end": c.page_end,
            "tokens": c.token_count,
            "text": c.text,
            "snippet": self.citation.snippet,
            "scores": {
                "bm25": self.bm25,
                "bm25_rank": self.bm25_rank,
                "vector": self.vector,
                "vector_rank": self.vector_rank,
                "fused": self.fused,
                "rerank": self.rerank,
            },
        }


@dataclass(frozen=True)
class RetrievalResult:
    query: str
    hits: tuple[RetrievalHit, ...]
    mode: str  # "hybrid" | "lexical" | "vector"
    notes: tuple[Message, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)


# (chunk id, score) lists, best first.
Ranked = list[tuple[int, float]]
# (base ids, query, candidates, rank_common) -> BM25 list; None: every word is common and
# rank_common was False.
Lexical = Callable[[list[int], str, int, bool], Ranked | None]


@dataclass
class BaseSearch:
    """What the retriever needs from one base (built by the library)."""

    base: KnowledgeBaseRecord
    vector_search: Callable[[str, int], Ranked] | None  # (query, k); None: no embedder
    unavailable: Message | None = None  # why there are no vectors


def fuse(lists: Sequence[Ranked], rrf_k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: chunk id -> sum of 1 / (rrf_k + rank) (rank from 1)."""
    fused: dict[int, float] = {}
    for ranked in lists:
        for rank, (cid, _score) in enumerate(ranked, 1):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (rrf_k + rank)
    return fused


def retrieve(
    query: str,
    bases: Sequence[BaseSearch],
    *,
    lexical: Lexical,
    load_chunks: Callable[[list[int]], dict[int, ChunkRecord]],
    settings: RetrievalSettings = RetrievalSettings(),
    rerank: Callable[[str, list[str]], list[float]] | None = None,
) -> RetrievalResult:
    timings: dict[str, float] = {}
    notes: list[Message] = []
    names = {b.base.id: b.base.name for b in bases}
    vector_hits: Ranked = []
    vector_state = {"searched": False}

    def search_vectors() -> None:
        t0 = time.perf_counter()
        per_base: list[Ranked] = []
        for b in bases:
            if b.vector_search is None:
                notes.append(LEXICAL_ONLY(base=b.base.name, why=b.unavailable or NO_EMBEDDER()))
                continue
            try:
                found = b.vector_search(query, settings.candidates)
            except Exception as exc:  # noqa: BLE001 - an embedder that fails leaves lexical search working (said in the result)
                why = getattr(exc, "user_message", None) or Message(
                    "plain", "{text}", {"text": str(exc)}
                )
                notes.append(LEXICAL_ONLY(base=b.base.name, why=why))
                continue
            vector_state["searched"] = True
            per_base.append([(c, s) for c, s in found if s >= settings.min_vector_score])
        # Cosine similarities of one query are comparable across bases with the same model
        # only; merging by score is still the best single order we have for several bases.
        merged = sorted((h for lst in per_base for h in lst), key=lambda h: -h[1])
        vector_hits.extend(merged[: settings.candidates])
        timings["vector"] = (time.perf_counter() - t0) * 1000

    # The query is embedded in the engine process while SQLite ranks BM25 here.
    vector_thread = None
    if settings.use_vectors and query.strip():
        vector_thread = threading.Thread(target=search_vectors, name="tessera-vector-search")
        vector_thread.start()
    base_ids = [b.base.id for b in bases]
    lexical_hits: Ranked = []
    words_too_common = False

    def search_words(rank_common: bool) -> None:
        nonlocal words_too_common
        t0 = time.perf_counter()
        found = lexical(base_ids, query, settings.candidates, rank_common)
        words_too_common = found is None
        lexical_hits[:] = [(cid, s) for cid, s in found or () if s > settings.min_bm25]
        timings["lexical"] = timings.get("lexical", 0.0) + (time.perf_counter() - t0) * 1000

    if settings.use_lexical and query.strip():
        vectors_may_rank = vector_thread is not None and all(b.vector_search for b in bases)
        search_words(rank_common=not vectors_may_rank)
    if vector_thread is not None:
        vector_thread.join()
    searched_vectors = vector_state["searched"]
    if words_too_common:
        if searched_vectors:
            notes.append(WORDS_TOO_COMMON())
        else:  # the embedder failed: the words are all there is
            search_words(rank_common=True)
    fused = fuse([lexical_hits, vector_hits], settings.rrf_k)
    order = sorted(fused, key=lambda c: (-fused[c], c))
    order = [c for c in order if fused[c] > settings.min_fused]
    pool = order[: max(settings.top_k * 4, settings.top_k) if rerank else settings.top_k]
    chunks = load_chunks(pool)
    pool = [c for c in pool if c in chunks]  # vectors of chunks deleted since
    rerank_scores: dict[int, float] = {}
    if rerank is not None and pool:
        t0 = time.perf_counter()
        scores = rerank(query, [chunks[c].text for c in pool])
        rerank_scores = dict(zip(pool, scores, strict=True))
        pool.sort(key=lambda c: -rerank_scores[c])
        timings["rerank"] = (time.perf_counter() - t0) * 1000
    pool = pool[: settings.top_k]
    bm25 = {c: (s, r) for r, (c, s) in enumerate(lexical_hits, 1)}
    vec = {c: (s, r) for r, (c, s) in enumerate(vector_hits, 1)}
    parsed = parse_query(query)
    hits = []
    for number, cid in enumerate(pool, 1):
        chunk = chunks[cid]
        snippet, _spans = make_snippet(chunk.text, parsed)
        citation = Citation(
            number,
            chunk.path,
            chunk.line_start,
            chunk.line_end,
            chunk.page_start,
            chunk.page_end,
            snippet,
        )
        hits.append(
            RetrievalHit(
                chunk=chunk,
                base_name=names.get(chunk.base_id, ""),
                citation=citation,
                fused=fused[cid],
                bm25=bm25[cid][0] if cid in bm25 else None,
                bm25_rank=bm25[cid][1] if cid in bm25 else None,
                vector=vec[cid][0] if cid in vec else None,
                vector_rank=vec[cid][1] if cid in vec else None,
                rerank=rerank_scores.get(cid),
            )
        )
    if searched_vectors and settings.use_lexical and not words_too_common:
        mode = "hybrid"
    elif searched_vectors:
        mode = "vector"
    else:
        mode = "lexical"
    return RetrievalResult(query, tuple(hits), mode, tuple(notes), timings)
