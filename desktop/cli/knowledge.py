"""`tessera knowledge create|add|index|list|status|search|remove`: knowledge bases, headless."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "knowledge",
        help="knowledge bases: index folders of documents and search them",
        description="Knowledge bases are named collections of folders and files (text, "
        "Markdown, code, HTML, PDF, DOCX). `tessera chat --knowledge NAME` answers from them.",
    )
    sub = parser.add_subparsers(dest="knowledge_command", metavar="ACTION", required=True)

    p = sub.add_parser("create", help="a new, empty knowledge base")
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--embedder",
        metavar="PATH|backend:NAME",
        help="embedding GGUF (or a backend's /v1/embeddings) for semantic search; without "
        "one, search is by words only",
    )
    p.add_argument("--chunk-tokens", type=int, default=256, metavar="N", help="default 256")
    p.add_argument("--overlap", type=int, default=32, metavar="N", help="default 32 tokens")
    p.set_defaults(handler=_create)

    p = sub.add_parser("add", help="add folders or files and index them")
    p.add_argument("name", metavar="NAME")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--no-index", action="store_true", help="only add; index later")
    p.set_defaults(handler=_add)

    p = sub.add_parser(
        "index", help="rescan the folders: read new and changed files, drop deleted ones"
    )
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=_index)

    p = sub.add_parser("list", help="every knowledge base")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)

    p = sub.add_parser("status", help="sources, documents and why files were skipped")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_status)

    p = sub.add_parser(
        "search",
        help="hybrid search (BM25 + vectors, fused by rank) with each hit's scores",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--k", type=int, default=5, metavar="N", help="hits to return (default 5)")
    p.add_argument("--json", action="store_true", help="hits with path, text, lines, scores")
    p.add_argument(
        "--rerank",
        metavar="PATH",
        help="reorder the fused candidates with a reranker GGUF (e.g. bge-reranker-v2-m3)",
    )
    p.set_defaults(handler=_search)

    p = sub.add_parser("remove", help="delete a knowledge base and its index (not your files)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=_remove)


def _fail(message: str) -> int:
    print(f"tessera knowledge: {message}", file=sys.stderr)
    return 1


def _run(fn):
    """Opens the store and the library; maps errors a user can act on to one line."""

    def wrapper(args: argparse.Namespace, paths) -> int:
        from desktop.core.knowledge.library import KnowledgeLibrary
        from desktop.core.messages import UserError
        from desktop.core.store import StoreError, open_store

        encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="replace")
        try:
            store = open_store(paths)
        except StoreError as exc:
            return _fail(str(exc))
        try:
            with KnowledgeLibrary(store, paths.root) as library:
                return fn(args, library)
        except (StoreError, UserError) as exc:
            return _fail(str(exc))
        finally:
            store.close()

    return wrapper


@_run
def _create(args: argparse.Namespace, library) -> int:
    base = library.create(
        args.name,
        embedder=args.embedder,
        chunk_tokens=args.chunk_tokens,
        chunk_overlap=args.overlap,
    )
    what = f"embedder {base.embedder_name} ({base.embedder_dimension} dimensions)"
    print(f"created {base.name}: {what if base.embedder else 'search by words only'}")
    return 0


@_run
def _add(args: argparse.Namespace, library) -> int:
    library.add(args.name, args.paths)
    if args.no_index:
        return 0
    return _index_now(args.name, library)


@_run
def _index(args: argparse.Namespace, library) -> int:
    return _index_now(args.name, library)


def _index_now(name: str, library) -> int:
    tty = sys.stderr.isatty()

    def progress(p) -> None:
        if tty:
            print(f"\r{p.phase} {p.done}/{p.total} ", end="", file=sys.stderr, flush=True)

    result = library.index(name, on_progress=progress)
    if tty:
        print(file=sys.stderr)
    print(
        f"{name}: {result.indexed} read, {result.unchanged} unchanged, {result.skipped} "
        f"skipped, {result.removed} removed; {result.chunks} chunks, {result.embedded} embedded"
    )
    if result.error is not None:
        print(f"warning: {result.error}", file=sys.stderr)
    skipped = library.documents(name, status="skipped")
    for doc in skipped[:20]:
        print(f"  skipped {doc.path}: {doc.reason}", file=sys.stderr)
    if len(skipped) > 20:
        print(f"  ... and {len(skipped) - 20} more (tessera knowledge status)", file=sys.stderr)
    return 0 if result.status == "done" else 1


@_run
def _list(args: argparse.Namespace, library) -> int:
    rows = []
    for base in library.bases():
        status = library.status(base.name)
        rows.append(
            {
                "name": base.name,
                "embedder": base.embedder_name,
                "dimension": base.embedder_dimension,
                "documents": status.counts.documents.get("indexed", 0),
                "skipped": status.counts.documents.get("skipped", 0),
                "chunks": status.counts.chunks,
                "state": status.state,
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no knowledge bases (tessera knowledge create NAME)")
    for r in rows:
        embedder = r["embedder"] or "words only"
        print(
            f"{r['name']}\t{r['documents']} documents\t{r['chunks']} chunks\t{embedder}\t"
            f"{r['state']}"
        )
    return 0


@_run
def _status(args: argparse.Namespace, library) -> int:
    status = library.status(args.name)
    base = status.base
    docs = library.documents(args.name)
    data: dict[str, Any] = {
        "name": base.name,
        "embedder": base.embedder,
        "embedder_name": base.embedder_name,
        "dimension": base.embedder_dimension,
        "query_prefix": base.query_prefix,
        "document_prefix": base.document_prefix,
        "chunk_tokens": base.chunk_tokens,
        "chunk_overlap": base.chunk_overlap,
        "state": status.state,
        "progress": {"done": base.index_state.done, "total": base.index_state.total},
        "error": str(base.index_state.error) if base.index_state.error else None,
        "sources": [s.path for s in status.sources],
        "counts": dict(status.counts.documents),
        "chunks": status.counts.chunks,
        "tokens": status.counts.tokens,
        "documents": [
            {
                "path": d.path,
                "kind": d.kind,
                "status": d.status,
                "reason": str(d.reason) if d.reason else None,
                "reason_code": d.reason.code if d.reason else None,
                "encoding": d.encoding,
                "pages": d.n_pages,
                "chunks": d.n_chunks,
                "tokens": d.n_tokens,
            }
            for d in docs
        ],
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{base.name}: {status.state}")
    print(f"  embedder: {base.embedder_name or 'none (search by words only)'}")
    print(f"  chunks: {base.chunk_tokens} tokens, overlap {base.chunk_overlap}")
    if status.state == "interrupted":
        print(f"  the last run stopped early: `tessera knowledge index {base.name}` resumes it")
    if data["error"]:
        print(f"  warning: {data['error']}")
    for source in data["sources"]:
        print(f"  source: {source}")
    counts = ", ".join(f"{n} {k}" for k, n in sorted(status.counts.documents.items()))
    print(f"  documents: {counts or 'none'}; {status.counts.chunks} chunks")
    for d in data["documents"]:
        note = f": {d['reason']}" if d["reason"] else ""
        print(f"  {d['status']:8} {d['path']} ({d['chunks']} chunks){note}")
    return 0


@_run
def _search(args: argparse.Namespace, library) -> int:
    from desktop.core.knowledge.retrieval import RetrievalSettings

    reranker = None
    if args.rerank:
        from desktop.core.knowledge.local_embedder import LocalReranker

        reranker = LocalReranker(str(args.rerank))
    try:
        result = library.search(
            [args.name], args.query, RetrievalSettings(top_k=max(1, args.k)), reranker=reranker
        )
    finally:
        if reranker is not None:
            reranker.close()
    if args.json:
        print(
            json.dumps(
                {
                    "query": result.query,
                    "mode": result.mode,
                    "notes": [str(n) for n in result.notes],
                    "hits": [h.to_dict() for h in result.hits],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if not result.hits:
        print("no matches")
    for hit in result.hits:
        c = hit.citation
        scores = [f"fused {hit.fused:.4f}"]
        if hit.bm25 is not None:
            scores.append(f"bm25 {hit.bm25:.3f} (#{hit.bm25_rank})")
        if hit.vector is not None:
            scores.append(f"vector {hit.vector:.3f} (#{hit.vector_rank})")
        if hit.rerank is not None:
            scores.append(f"rerank {hit.rerank:.3f}")
        print(f"[{c.number}] {c.path} {c.location}  {', '.join(scores)}")
        print("    " + c.snippet)
    return 0


@_run
def _remove(args: argparse.Namespace, library) -> int:
    library.remove(args.name)
    print(f"removed {args.name}")
    return 0
