"""Embeddings from real llama.cpp (the tiny BERT GGUF) and from a /v1/embeddings server."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.engine.embeddings import EmbedderLoadOptions
from desktop.core.knowledge.embedder import EmbedderError, default_prefixes
from desktop.core.knowledge.retrieval import RetrievalSettings
from tests.core.knowledge.conftest import write

TEXTS = {
    "fruit.md": "Apples and bananas are fruit. The orange is a fruit too.\n",
    "proxy.md": "The proxy server listens on port 8080 with a timeout.\n",
    "zh.txt": "知识库检索中文文档。代理服务器的端口是八千。\n",
}


def folder_with_texts(root):
    for name, text in TEXTS.items():
        write(root / name, text)
    return root


def test_the_engine_embeds_with_the_ggufs_pooling_and_normalises(tiny_embedder_path):
    with EngineClient() as client:
        info = client.load_embedder(EmbedderLoadOptions(str(tiny_embedder_path), n_threads=1))
        assert (info.architecture, info.pooling, info.dimension) == ("bert", "mean", 32)
        assert not info.is_reranker and info.max_tokens == 512
        batch = client.embed(["hello world", "你好 world", "hello world", "x" * 3000])
        assert batch.vectors.shape == (4, 32)
        assert np.allclose(np.linalg.norm(batch.vectors, axis=1), 1.0, atol=1e-5)
        assert np.allclose(batch.vectors[0], batch.vectors[2])
        assert not np.allclose(batch.vectors[0], batch.vectors[1])
        assert batch.truncated == (False, False, False, True) and batch.token_counts[3] == 512
        assert client.embed_count_tokens(["hello world", "你好"]) == [2, 2]


def test_a_reranker_ggufs_rank_pooling_scores_pairs(tiny_reranker_path):
    with EngineClient() as client:
        info = client.load_embedder(EmbedderLoadOptions(str(tiny_reranker_path), n_threads=1))
        assert info.is_reranker and info.pooling == "rank"
        scores = client.rerank("hello", ["hello world", "apple banana", "hello world"])
        assert len(scores) == 3 and scores[0] == pytest.approx(scores[2])
        assert scores[0] != pytest.approx(scores[1])


def test_hybrid_search_fuses_bm25_and_vector_ranks(library, tiny_embedder_path, tmp_path):
    base = library.create("docs", embedder=str(tiny_embedder_path))
    assert (base.embedder_name, base.embedder_dimension) == ("tessera-tiny-embed", 32)
    library.add("docs", [folder_with_texts(tmp_path / "src")])
    result = library.index("docs")
    assert result.embedded == 3 and result.error is None
    assert len(library.vectors(library.base("docs"))) == 3
    # The exact text of a chunk as the query: its vector is the nearest (cosine 1).
    query = TEXTS["proxy.md"].strip()
    found = library.search(["docs"], query)
    assert found.mode == "hybrid"
    top = found.hits[0]
    assert top.chunk.path.endswith("proxy.md")
    assert top.vector_rank == 1 and top.vector == pytest.approx(1.0, abs=1e-4)
    assert top.bm25_rank == 1
    assert top.fused == pytest.approx(2 / 61)
    others = [h for h in found.hits if h is not top]
    assert all(h.fused < top.fused for h in others)


def test_a_new_embedder_re_embeds_every_chunk(library, tiny_embedder_path, tmp_path):
    from desktop.core.gguf.tiny_embedder import TinyEmbedderShape, write_tiny_embedder

    library.create("docs", embedder=str(tiny_embedder_path))
    library.add("docs", [folder_with_texts(tmp_path / "src")])
    library.index("docs")
    old_files = sorted(p.name for p in (library.folder / "base-1").iterdir())
    other = write_tiny_embedder(tmp_path / "wide.gguf", shape=TinyEmbedderShape(n_embd=48))
    base = library.set_embedder("docs", str(other))
    assert base.embedder_dimension == 48
    result = library.index("docs")
    assert (result.indexed, result.embedded) == (0, 3)  # text unchanged, vectors remade
    files = sorted(p.name for p in (library.folder / "base-1").iterdir() if p.stat().st_size)
    assert files == ["ids-48.i64", "vectors-48.f32"] and files != old_files
    assert library.search(["docs"], TEXTS["fruit.md"]).hits[0].vector == pytest.approx(1, abs=1e-4)


def test_reranking_reorders_the_fused_candidates(
    library, tiny_embedder_path, tiny_reranker_path, tmp_path
):
    library.create("docs", embedder=str(tiny_embedder_path))
    library.add("docs", [folder_with_texts(tmp_path / "src")])
    library.index("docs")
    from desktop.core.knowledge.local_embedder import LocalReranker

    reranker = LocalReranker(str(tiny_reranker_path), n_threads=1)
    try:
        result = library.search(["docs"], "fruit port", reranker=reranker)
    finally:
        reranker.close()
    scores = [h.rerank for h in result.hits]
    assert None not in scores and scores == sorted(scores, reverse=True)


def test_a_reranker_cannot_be_a_bases_embedder(library, tiny_reranker_path):
    with pytest.raises(EmbedderError, match="reranker"):
        library.create("docs", embedder=str(tiny_reranker_path))
    assert library.bases() == []


def test_known_embedders_get_their_query_and_document_prefixes():
    assert default_prefixes("nomic-embed-text-v1.5").query == "search_query: "
    assert default_prefixes("multilingual-e5-small").document == "passage: "
    assert default_prefixes("bge-small-zh-v1.5").query.startswith("为这个句子")
    assert default_prefixes("bge-m3") == default_prefixes("all-MiniLM-L6-v2")


class _Embeddings(BaseHTTPRequestHandler):
    fail = False
    seen: list[dict] = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        if type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        data = []
        for i, text in enumerate(body["input"]):
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
            vec = np.random.default_rng(seed).standard_normal(8).tolist()
            data.append({"index": i, "embedding": vec})
        payload = json.dumps({"data": data, "model": body.get("model")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def embeddings_server():
    _Embeddings.fail = False
    _Embeddings.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Embeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _Embeddings
    server.shutdown()
    server.server_close()


def test_a_server_with_v1_embeddings_can_embed(library, embeddings_server, tmp_path):
    server, handler = embeddings_server
    url = f"http://127.0.0.1:{server.server_port}/v1"
    base = library.create("docs", embedder=f"backend:{url}#tiny-embed")
    assert base.embedder_dimension == 8
    library.add("docs", [folder_with_texts(tmp_path / "src")])
    assert library.index("docs").embedded == 3
    assert {b.get("model") for b in handler.seen} == {"tiny-embed"}
    top = library.search(["docs"], TEXTS["zh.txt"].strip()).hits[0]
    assert top.chunk.path.endswith("zh.txt") and top.vector == pytest.approx(1.0, abs=1e-5)


def test_when_the_embedder_fails_search_still_works_by_words(library, embeddings_server, tmp_path):
    server, handler = embeddings_server
    library.create("docs", embedder=f"backend:http://127.0.0.1:{server.server_port}")
    library.add("docs", [folder_with_texts(tmp_path / "src")])
    handler.fail = True
    result = library.index("docs")
    assert result.status == "done" and result.indexed == 3
    assert result.error is not None and result.error.code == "knowledge.embedding_failed"
    found = library.search(["docs"], "代理服务器")
    assert found.mode == "lexical" and found.notes
    assert found.hits[0].chunk.path.endswith("zh.txt")
    handler.fail = False
    assert library.index("docs").embedded == 3  # the next run makes the missing vectors


def test_a_query_of_only_common_words_is_ranked_by_meaning_where_vectors_run(
    library, embeddings_server, tmp_path
):
    server, handler = embeddings_server
    library.create("docs", embedder=f"backend:http://127.0.0.1:{server.server_port}")
    for n in range(60):
        extra = " The proxy timeout is short." if n in (7, 41) else ""
        write(tmp_path / "src" / f"note{n}.md", f"The server answered request {n}.{extra}\n")
    library.add("docs", [tmp_path / "src"])
    assert library.index("docs").embedded == 60

    found = library.search(["docs"], "server")  # in every chunk: it singles none out
    assert found.mode == "vector" and len(found.hits) == 5
    assert [n.code for n in found.notes] == ["knowledge.words_too_common"]
    assert all(h.bm25 is None and h.vector is not None for h in found.hits)

    # A rarer word keeps the words in play, and they find the two chunks that hold it.
    found = library.search(["docs"], "server proxy")
    assert found.mode == "hybrid" and not found.notes
    by_words = sorted((h.bm25_rank, h.chunk.path) for h in found.hits if h.bm25 is not None)
    assert {Path(p).name for _, p in by_words} == {"note7.md", "note41.md"}
    assert [r for r, _ in by_words] == [1, 2]

    # Searched by words alone, common words still rank (there is nothing else).
    words_only = library.search(["docs"], "server", RetrievalSettings(use_vectors=False))
    assert words_only.mode == "lexical" and not words_only.notes
    assert len(words_only.hits) == 5 and all(h.bm25 is not None for h in words_only.hits)

    # Beside it, a small base where the word is rare: there the word singles its chunk out.
    library.create("other", embedder=f"backend:http://127.0.0.1:{server.server_port}")
    for n in range(8):
        text = "The server restarts at night." if n == 5 else f"Apples number {n}."
        write(tmp_path / "other" / f"o{n}.md", text + "\n")
    library.add("other", [tmp_path / "other"])
    assert library.index("other").embedded == 8
    found = library.search(["other"], "server")
    assert found.mode == "hybrid" and not found.notes
    assert [Path(h.chunk.path).name for h in found.hits if h.bm25_rank == 1] == ["o5.md"]
    assert library.search(["docs"], "server").mode == "vector"  # still common there
    by_words = library.search(
        ["other"], "server apples", RetrievalSettings(top_k=8, use_vectors=False)
    )
    assert "o5.md" in {Path(h.chunk.path).name for h in by_words.hits}  # not dropped as common

    # The embedder fails: the words are all there is, ranked with the failure said.
    handler.fail = True
    found = library.search(["docs"], "server")
    assert found.mode == "lexical" and len(found.hits) == 5
    assert [n.code for n in found.notes] == ["knowledge.lexical_only"]
    assert all(h.bm25 is not None for h in found.hits)
