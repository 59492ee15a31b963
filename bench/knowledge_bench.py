"""Knowledge benchmark: indexing speed and query latency, through the code the app uses.

    .venv/bin/python bench/knowledge_bench.py index [--files 2000] [--kb 10] [--layers 1]
    .venv/bin/python bench/knowledge_bench.py embed [--layers 12] [--chunks 64]
    .venv/bin/python bench/knowledge_bench.py query [--chunks 100000] [--queries 200]

index  writes N text files (~KB each, English and Chinese, 20 MB for the defaults), creates a
       base with a random-weight BERT embedder at dimension 384 (`--layers`: 1 keeps the run
       short on 2 cores; 12 is the shape of bge-small / multilingual-e5-small) and indexes
       them: files/s, chunks, seconds split into reading+chunking and embedding, peak memory
       (this process and the engine process). Then a re-index with nothing changed.
       `--no-embedder` measures the lexical-only pipeline.
embed  tokens/s of the embedder alone at a given depth (to extrapolate the index time of a
       real small embedder: its speed does not depend on weight values).
query  fills a base with N chunks (Zipf-distributed synthetic English and Chinese, random unit
       vectors of dimension 384; queries are a few words of a random chunk) and
       times BM25, vector and hybrid searches (hybrid includes embedding the query in the
       engine process; `words_too_common` counts hybrid queries whose every word is in more
       than a quarter of the chunks, ranked by vectors alone). Goal: hybrid p95 <= 50 ms at
       100,000 chunks.
Real embedders cannot be downloaded here; the tiny model's speed is that of a real one of the
same shape, its vectors are meaningless.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = [
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "is",
    "knowledge",
    "base",
    "document",
    "chunk",
    "retrieval",
    "search",
    "index",
    "embedding",
    "vector",
    "query",
    "answer",
    "question",
    "file",
    "folder",
    "page",
    "line",
    "text",
    "model",
    "token",
    "context",
    "prompt",
    "citation",
    "source",
    "score",
    "hybrid",
    "lexical",
    "python",
    "code",
    "function",
    "class",
    "return",
    "import",
    "print",
    "config",
    "proxy",
    "server",
    "port",
    "timeout",
    "install",
    "error",
    "warning",
    "update",
    "version",
    "release",
    "note",
    "guide",
    "manual",
    "chapter",
    "section",
    "table",
    "figure",
    "hello",
    "world",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "lazy",
    "dog",
    "cat",
    "bird",
    "fish",
    "tree",
    "river",
    "mountain",
    "city",
    "apple",
    "banana",
    "orange",
    "grape",
    "lemon",
    "melon",
    "peach",
    "cherry",
    "red",
    "green",
    "blue",
    "yellow",
    "black",
    "white",
    "alpha",
    "beta",
    "gamma",
    "delta",
    "first",
    "second",
    "third",
]
ZH = (
    "知识库检索中文文档。代理服务器的端口是八千。请在修改超时后重启服务。"
    "机器学习是人工智能的一个分支。我们今天学习大语言模型的分词。中文文本必须正确地渲染和搜索。"
)


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.25:
        start = rng.randrange(0, len(ZH) - 20)
        return ZH[start : start + rng.randint(10, 20)] + "。"
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(sentence(rng) for _ in range(n))


class ZipfText:
    """Text whose word frequencies follow Zipf's law, like real documents: a few words in
    every chunk, most words rare. 20,000 made-up words plus 3,000 Chinese characters."""

    def __init__(self, rng: random.Random) -> None:
        letters = "abcdefghijklmnoprstuvwy"
        words = set(WORDS[:7])
        while len(words) < 20_000:
            words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))))
        self.words = list(words)
        self.hanzi = [chr(0x4E00 + i * 7) for i in range(3000)]
        self.rng = rng
        self.word_weights = [1 / (i + 1) ** 1.05 for i in range(len(self.words))]
        self.hanzi_weights = [1 / (i + 1) ** 1.05 for i in range(len(self.hanzi))]

    def chunk(self, n_sentences: int) -> str:
        out = []
        for _ in range(n_sentences):
            if self.rng.random() < 0.25:
                chars = self.rng.choices(self.hanzi, self.hanzi_weights, k=self.rng.randint(10, 25))
                out.append("".join(chars) + "。")
            else:
                ws = self.rng.choices(self.words, self.word_weights, k=self.rng.randint(6, 18))
                out.append(" ".join(ws).capitalize() + ".")
        return " ".join(out)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ms(ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))])

    return {"median_ms": ms(statistics.median(ordered)), "p95_ms": pct(0.95), "n": len(ordered)}


class PeakMemory:
    """Samples the RSS of this process and its children (the engine) every 50 ms."""

    def __init__(self) -> None:
        import psutil

        self._errors = psutil.Error
        self.me = psutil.Process()
        self.peak_self = 0
        self.peak_children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            try:
                self.peak_self = max(self.peak_self, self.me.memory_info().rss)
                kids = sum(c.memory_info().rss for c in self.me.children(recursive=True))
                self.peak_children = max(self.peak_children, kids)
            except self._errors:
                pass  # a child exited between listing and reading it

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def embedder(folder: Path, layers: int, dim: int = 384) -> Path:
    from desktop.core.gguf.tiny_embedder import TinyEmbedderShape, write_tiny_embedder

    shape = TinyEmbedderShape(n_embd=dim, n_layer=layers, n_head=max(1, dim // 64), n_ff=dim * 4)
    return write_tiny_embedder(folder / f"bench-embed-{dim}x{layers}.gguf", shape=shape)


def cmd_index(args: argparse.Namespace) -> dict:
    from desktop.core.knowledge.library import KnowledgeLibrary
    from desktop.core.store import open_store

    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="tessera-kbench-"))
    docs = work / "docs"
    total_bytes = 0
    for i in range(args.files):
        folder = docs / f"d{i // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        parts = []
        size = 0
        while size < args.kb * 1024:
            p = paragraph(rng, rng.randint(3, 8))
            parts.append(p)
            size += len(p.encode())
        text = "\n\n".join(parts) + "\n"
        (folder / f"f{i:05d}.{'md' if i % 3 else 'txt'}").write_text(text, encoding="utf-8")
        total_bytes += len(text.encode())
    model = None if args.no_embedder else embedder(work, args.layers)
    store = open_store(work / "data" / "tessera.db")
    result: dict = {"files": args.files, "mb": round(total_bytes / 1e6, 1)}
    phases = {"reading": 0.0, "embedding": 0.0}
    try:
        with KnowledgeLibrary(store, work / "data", embedder_threads=args.threads) as lib:
            lib.create("bench", embedder=str(model) if model else None)
            lib.add("bench", [docs])
            last = [time.perf_counter(), "reading"]

            def progress(p) -> None:
                now = time.perf_counter()
                phases[last[1]] = phases.get(last[1], 0.0) + now - last[0]
                last[0], last[1] = now, p.phase or "reading"

            with PeakMemory() as mem:
                started = time.perf_counter()
                first = lib.index("bench", on_progress=progress)
                seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = lib.index("bench")
            rescan = time.perf_counter() - started
            counts = lib.status("bench").counts
        result.update(
            seconds=round(seconds, 1),
            files_per_s=round(args.files / seconds, 1),
            mb_per_s=round(total_bytes / 1e6 / seconds, 2),
            chunks=counts.chunks,
            tokens=counts.tokens,
            embedded=first.embedded,
            peak_rss_mb=round(mem.peak_self / 2**20),
            peak_engine_rss_mb=round(mem.peak_children / 2**20),
            rescan_unchanged_s=round(rescan, 2),
            rescan_unchanged=again.unchanged,
            embedder=f"BERT 384x{args.layers}" if model else None,
        )
    finally:
        store.close()
    return result


def cmd_embed(args: argparse.Namespace) -> dict:
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.embeddings import EmbedderLoadOptions

    rng = random.Random(3)
    work = Path(tempfile.mkdtemp(prefix="tessera-kbench-"))
    model = embedder(work, args.layers)
    texts = [paragraph(rng, 12) for _ in range(args.chunks)]
    with EngineClient() as client:
        client.load_embedder(EmbedderLoadOptions(str(model), n_threads=args.threads))
        client.embed(texts[:4])
        started = time.perf_counter()
        tokens = 0
        for i in range(0, len(texts), 32):
            tokens += sum(client.embed(texts[i : i + 32]).token_counts)
        seconds = time.perf_counter() - started
    return {
        "embedder": f"BERT 384x{args.layers}",
        "chunks": len(texts),
        "tokens": tokens,
        "tokens_per_s": round(tokens / seconds),
        "chunks_per_s": round(len(texts) / seconds, 1),
    }


def query_from(rng: random.Random, text: str) -> str:
    """What a user might ask about a chunk: a few of its words, or a piece of its Chinese."""
    sentences = [x for x in text.replace("。", "。|").replace(". ", ".|").split("|") if x.strip()]
    picked = rng.choice(sentences).strip(" .。")
    if picked and "\u4e00" <= picked[0] <= "\u9fff":
        start = rng.randrange(0, max(1, len(picked) - 6))
        return picked[start : start + rng.randint(2, 6)]
    words = picked.split()
    return " ".join(rng.sample(words, min(len(words), rng.randint(2, 5))))


def fill(lib, rng: random.Random, work: Path, n_chunks: int, out: dict):
    import numpy as np

    from desktop.core.store.knowledge import NewChunk

    base = lib.create("bench", embedder=str(next(work.glob("bench-embed-*.gguf"))))
    repo = lib.repo
    source = repo.add_source(base.id, str(work / "docs"))
    vectors = lib.vectors(base)
    per_doc = 100
    zipf = ZipfText(rng)
    texts: list[str] = []
    started = time.perf_counter()
    np_rng = np.random.default_rng(5)
    for d in range(n_chunks // per_doc):
        doc = repo.upsert_document(
            base.id,
            source.id,
            f"/docs/{d}.md",
            kind="markdown",
            size=1,
            mtime_ns=1,
            status="pending",
        )
        chunks = [NewChunk(zipf.chunk(5), 100, 0, 1, i + 1, i + 1) for i in range(per_doc)]
        if d % 10 == 0:
            texts.append(chunks[0].text)
        _old, ids = repo.store_chunks(doc.id, chunks, sha256="x", size=1, mtime_ns=1)
        vecs = np_rng.standard_normal((len(ids), base.embedder_dimension)).astype("f4")
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        vectors.add(ids, vecs)
    out["fill_seconds"] = round(time.perf_counter() - started, 1)
    return base, vectors, texts


def cmd_query(args: argparse.Namespace) -> dict:
    import numpy as np

    from desktop.core.knowledge.library import KnowledgeLibrary
    from desktop.core.knowledge.retrieval import RetrievalSettings
    from desktop.core.store import open_store

    rng = random.Random(11)
    # --dir DIR keeps the filled base there, and a later run with the same DIR only times.
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="tessera-kbench-"))
    work.mkdir(parents=True, exist_ok=True)
    embedder(work, args.layers)  # the same bytes each time: a reused base keeps its vectors
    store = open_store(work / "data" / "tessera.db")
    out: dict = {"chunks": args.chunks}
    try:
        with KnowledgeLibrary(store, work / "data", embedder_threads=args.threads) as lib:
            if any(b.name == "bench" for b in lib.bases()):
                base = lib.base("bench")
                vectors = lib.vectors(base)
                sample = lib.repo.chunk_ids(base.id)[:: max(1, args.chunks // 1000)]
                texts = list(lib.repo.chunk_texts(sample).values())
                out["chunks"] = len(vectors)
            else:
                base, vectors, texts = fill(lib, rng, work, args.chunks, out)
            queries = [query_from(rng, rng.choice(texts)) for _ in range(args.queries)]
            for label, settings in (
                ("bm25", RetrievalSettings(top_k=5, use_vectors=False)),
                ("vector", RetrievalSettings(top_k=5, use_lexical=False)),
                ("hybrid", RetrievalSettings(top_k=5)),
            ):
                lib.search(["bench"], queries[0], settings)  # warm: page cache, engine start
                samples = []
                by_meaning_only = 0
                for q in queries:
                    t0 = time.perf_counter()
                    result = lib.search(["bench"], q, settings)
                    samples.append(time.perf_counter() - t0)
                    by_meaning_only += any(
                        n.code == "knowledge.words_too_common" for n in result.notes
                    )
                out[label] = summary(samples)
                if by_meaning_only:
                    # Queries of only common words, ranked by vectors alone (retrieval.py).
                    out[label]["words_too_common"] = by_meaning_only
            q = np.random.default_rng(5).standard_normal(base.embedder_dimension).astype("f4")
            samples = []
            for _ in range(args.queries):
                t0 = time.perf_counter()
                vectors.search(q, 50)
                samples.append(time.perf_counter() - t0)
            out["matrix_only"] = summary(samples)
    finally:
        store.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("index", "embed", "query"))
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--kb", type=int, default=10, help="size of each file (KB)")
    parser.add_argument("--layers", type=int, default=1, help="embedder depth (12 = bge-small)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-embedder", action="store_true")
    parser.add_argument("--chunks", type=int, default=None)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dir", help="query: keep the filled base here and reuse it")
    args = parser.parse_args()
    if args.command == "index":
        result = cmd_index(args)
    elif args.command == "embed":
        args.chunks = args.chunks or 64
        result = cmd_embed(args)
    else:
        args.chunks = args.chunks or 100_000
        result = cmd_query(args)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
