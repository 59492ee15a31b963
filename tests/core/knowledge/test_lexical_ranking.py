"""BM25 over a larger base: the rarer words decide the order, exactly as FTS5 ranks the query."""

from __future__ import annotations

import random

from sqlalchemy import text

import desktop.core.store.knowledge_search as knowledge_search
from desktop.core.knowledge.retrieval import RetrievalSettings
from desktop.core.store.fts import quote_term
from desktop.core.store.knowledge import NewChunk

COMMON = ["server"]
MEDIUM = ["proxy", "port", "cache", "token"]
RARE = ["timeout", "socket", "latency"]


def fill(library, tmp_path, rng: random.Random) -> int:
    base = library.create("docs")
    source = library.repo.add_source(base.id, str(tmp_path))
    filler = [f"w{i}" for i in range(300)]
    for d in range(12):
        doc = library.repo.upsert_document(
            base.id,
            source.id,
            f"/docs/{d}.md",
            kind="markdown",
            size=1,
            mtime_ns=1,
            status="pending",
        )
        chunks = []
        for i in range(40):
            words = rng.choices(filler, k=rng.randint(8, 30))
            if rng.random() < 0.22:
                words += [rng.choice(COMMON)] * rng.randint(1, 4)
            for word in MEDIUM:
                if rng.random() < 0.08:
                    words += [word] * rng.randint(1, 3)
            if rng.random() < 0.01:
                words.append(rng.choice(RARE))
            rng.shuffle(words)
            chunks.append(NewChunk(" ".join(words), len(words), 0, 1, i + 1, i + 1))
        if d == 7:
            chunks[3] = NewChunk("the proxy timeout on the server port", 7, 0, 1, 4, 4)
        library.repo.store_chunks(doc.id, chunks, sha256="x", size=1, mtime_ns=1)
    return base.id


def fts5_order(library, terms: list[str], limit: int, op: str) -> list[tuple[int, float]]:
    """FTS5's own BM25 order of chunks holding any (OR) or all (AND) of the terms."""
    with library.store.db.read() as s:
        rows = s.execute(
            text(
                "SELECT rowid, -rank FROM knowledge_fts WHERE knowledge_fts MATCH :q "
                "ORDER BY rank, rowid LIMIT :n"
            ),
            {"q": f" {op} ".join(quote_term(t) for t in terms), "n": limit},
        )
        return [(int(r[0]), float(r[1])) for r in rows]


def test_chunk_with_the_rare_words_first_and_the_list_is_fts5s_ranking(
    library, tmp_path, monkeypatch
):
    base_id = fill(library, tmp_path, random.Random(3))
    pruned = []
    original = knowledge_search._ranked_without_common

    def counting(*args):
        found = original(*args)
        pruned.append(found is not None)
        return found

    monkeypatch.setattr(knowledge_search, "_ranked_without_common", counting)

    result = library.search(
        ["docs"], "server proxy timeout", RetrievalSettings(top_k=3, candidates=10)
    )
    assert result.hits[0].chunk.text == "the proxy timeout on the server port"

    rng = random.Random(5)
    compared = 0
    for _ in range(40):
        terms = list(
            dict.fromkeys([rng.choice(COMMON), rng.choice(MEDIUM), rng.choice(MEDIUM + RARE)])
        )
        for limit in (5, 10, 20):
            if len(fts5_order(library, terms, limit, "AND")) >= limit:
                continue  # enough chunks hold every word: those are the list (ranked alone)
            got = library.search_repo.bm25([base_id], " ".join(terms), limit=limit)
            expected = fts5_order(library, terms, limit, "OR")
            assert [c for c, _ in got] == [c for c, _ in expected], terms
            assert all(abs(a - b) < 1e-9 for (_, a), (_, b) in zip(got, expected, strict=True))
            compared += 1
    assert compared >= 10 and any(pruned), "no query was ranked over its rarer words only"
