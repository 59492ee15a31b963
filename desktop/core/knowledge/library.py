"""KnowledgeLibrary: the one object the UI and the CLI use for knowledge bases.

It owns the embedders (one engine process per embedding GGUF, started on first use), the
vector files under `<data>/knowledge/base-<id>/`, and the indexing jobs (at most one per base,
each on its own thread). Folders are not watched: `start_index()` rescans on demand, and a
rescan of unchanged files costs one stat per file (2,000 files in well under a second), so the
UI can rescan whenever the Knowledge page opens or a chat with attached bases starts. A watcher
(inotify/FSEvents) would add a dependency and per-folder limits for little gain here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.knowledge.embedder import (
    Embedder,
    EmbedderError,
    EmbedderInfo,
    default_prefixes,
    parse_embedder_spec,
)
from desktop.core.knowledge.indexer import IndexJob, IndexProgress
from desktop.core.knowledge.injection import (
    TEMPLATE_SETTING,
    InjectedContext,
    InjectionTemplate,
    inject,
)
from desktop.core.knowledge.retrieval import (
    NO_VECTORS,
    BaseSearch,
    RetrievalResult,
    RetrievalSettings,
    retrieve,
)
from desktop.core.knowledge.vectors import VectorIndex, delete_folder
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError
from desktop.core.store.knowledge import (
    BaseCounts,
    ChunkRecord,
    DocumentRecord,
    KnowledgeBaseRecord,
    KnowledgeRepository,
    SourceRecord,
)
from desktop.core.store.knowledge_search import KnowledgeSearchRepository

PATH_MISSING = MessageSpec(
    "knowledge.path_missing", QT_TRANSLATE_NOOP("CoreMessages", "{path} does not exist.")
)
UNKNOWN_BACKEND = MessageSpec(
    "knowledge.unknown_backend",
    QT_TRANSLATE_NOOP("CoreMessages", "There is no backend named {name}."),
)
BUSY = MessageSpec(
    "knowledge.busy",
    QT_TRANSLATE_NOOP("CoreMessages", "{base} is being indexed; wait for it or cancel it first."),
)

# name -> (base URL, model, api key) of a configured backend; the backends registry provides it.
BackendLookup = Callable[[str], "tuple[str, str, str | None] | None"]


class KnowledgeError(UserError):
    pass


@dataclass(frozen=True)
class BaseStatus:
    """What the Knowledge page shows for one base."""

    base: KnowledgeBaseRecord
    counts: BaseCounts
    sources: tuple[SourceRecord, ...]
    state: str  # the index state's status; "interrupted" when a run died with its process
    running: bool  # a job of this process is indexing it now


class KnowledgeLibrary:
    def __init__(
        self,
        store: Any,
        data_root: Path,
        *,
        backend_lookup: BackendLookup | None = None,
        embedder_factory: Callable[[str], Embedder] | None = None,
        embedder_threads: int | None = None,
    ) -> None:
        self.store = store
        self.repo = KnowledgeRepository(store.db)
        self.search_repo = KnowledgeSearchRepository(store.db)
        self.folder = Path(data_root) / "knowledge"
        self._backend_lookup = backend_lookup
        self._factory = embedder_factory
        self._threads = embedder_threads
        self._lock = threading.RLock()
        self._embedders: dict[str, Embedder] = {}
        self._vectors: dict[tuple[int, int], VectorIndex] = {}
        self._jobs: dict[int, tuple[IndexJob, threading.Thread | None]] = {}

    # ----------------------------------------------------------------- embedders

    def embedder(self, spec: str) -> Embedder:
        """The embedder for a stored spec (started once, shared by indexing and search)."""
        with self._lock:
            found = self._embedders.get(spec)
            if found is None:
                found = self._make_embedder(spec)
                self._embedders[spec] = found
            return found

    def _make_embedder(self, spec: str) -> Embedder:
        if self._factory is not None:
            return self._factory(spec)
        parsed = parse_embedder_spec(spec)
        if parsed.kind == "model":
            from desktop.core.knowledge.local_embedder import LocalEmbedder

            return LocalEmbedder(parsed.target, n_threads=self._threads)
        from desktop.core.knowledge.http_embedder import HttpEmbedder

        target = parsed.target
        if target.startswith(("http://", "https://")):
            url, _, model = target.partition("#")
            return HttpEmbedder(url, model=model, spec=parsed.text)
        found = self._backend_lookup(target) if self._backend_lookup else None
        if found is None:
            raise EmbedderError(UNKNOWN_BACKEND(name=target))
        url, model, key = found
        return HttpEmbedder(url, model=model, api_key=key, spec=parsed.text)

    def vectors(self, base: KnowledgeBaseRecord) -> VectorIndex | None:
        if not base.embedder or not base.embedder_dimension:
            return None
        key = (base.id, base.embedder_dimension)
        with self._lock:
            index = self._vectors.get(key)
            if index is None:
                index = VectorIndex(self.folder / f"base-{base.id}", base.embedder_dimension)
                self._vectors[key] = index
            return index

    # ----------------------------------------------------------------- bases

    def create(
        self,
        name: str,
        *,
        embedder: str | None = None,
        chunk_tokens: int = 256,
        chunk_overlap: int = 32,
        description: str = "",
    ) -> KnowledgeBaseRecord:
        """A new base; with `embedder`, the model is loaded once now to learn its dimension
        (EmbedderError if it cannot be used: nothing is created then)."""
        info = self._embedder_info(embedder) if embedder else None
        base = self.repo.create_base(
            name, description=description, chunk_tokens=chunk_tokens, chunk_overlap=chunk_overlap
        )
        if info is not None:
            base = self._store_embedder(base, info)
        return base

    def _embedder_info(self, spec: str) -> EmbedderInfo:
        parsed = parse_embedder_spec(spec)
        return self.embedder(parsed.text).info

    def _store_embedder(
        self, base: KnowledgeBaseRecord, info: EmbedderInfo | None
    ) -> KnowledgeBaseRecord:
        if info is None:
            return self.repo.set_embedder(
                base.id, embedder=None, name=None, dimension=None, identity=None
            )
        prefixes = default_prefixes(info.name)
        return self.repo.set_embedder(
            base.id,
            embedder=info.spec,
            name=info.name,
            dimension=info.dimension,
            identity=info.identity,
            query_prefix=prefixes.query,
            document_prefix=prefixes.document,
        )

    def set_embedder(self, name: str, spec: str | None) -> KnowledgeBaseRecord:
        """Switches the base's embedder (None: lexical only). Vectors made by another model
        are deleted now; the next index run makes new ones."""
        base = self.base(name)
        self._refuse_if_running(base)
        info = self._embedder_info(spec) if spec else None
        if info is None or info.identity != base.embedder_identity:
            old = self.vectors(base)
            if old is not None:
                old.clear()
        return self._store_embedder(base, info)

    def base(self, name: str) -> KnowledgeBaseRecord:
        return self.repo.base_by_name(name)

    def bases(self) -> list[KnowledgeBaseRecord]:
        return self.repo.list_bases()

    def add(self, name: str, paths: Sequence[str | Path]) -> list[SourceRecord]:
        """Adds folders or files (absolute paths kept); index with `index`/`start_index`."""
        base = self.base(name)
        resolved = []
        for p in paths:
            path = Path(p).expanduser().absolute()
            if not path.exists() and not path.is_symlink():
                raise KnowledgeError(PATH_MISSING(path=str(path)))
            resolved.append(path)
        return [self.repo.add_source(base.id, str(p)) for p in resolved]

    def remove_source(self, name: str, path: str | Path) -> None:
        base = self.base(name)
        self._refuse_if_running(base)
        target = str(Path(path).expanduser().absolute())
        for source in self.repo.sources(base.id):
            if source.path == target:
                gone = self.repo.remove_source(source.id)
                index = self.vectors(base)
                if index is not None:
                    index.remove(gone)
                return
        raise KnowledgeError(PATH_MISSING(path=target))

    def remove(self, name: str) -> None:
        """Deletes the base: its rows (documents, chunks, chat links) and its vector files."""
        base = self.base(name)
        self.cancel(name, wait=True)
        self.repo.delete_base(base.id)
        with self._lock:
            for key in [k for k in self._vectors if k[0] == base.id]:
                del self._vectors[key]
        delete_folder(self.folder / f"base-{base.id}")

    def status(self, name: str) -> BaseStatus:
        base = self.base(name)
        running = self.job(name) is not None
        state = base.index_state.status
        if state in ("running", "paused") and not running:
            state = "interrupted"
        return BaseStatus(
            base, self.repo.counts(base.id), tuple(self.repo.sources(base.id)), state, running
        )

    def documents(self, name: str, status: str | None = None) -> list[DocumentRecord]:
        return self.repo.documents(self.base(name).id, status=status)

    def document_chunks(self, document_id: int) -> list[ChunkRecord]:
        return self.repo.document_chunks(document_id)

    # ----------------------------------------------------------------- indexing

    def _new_job(self, name: str, on_progress: Callable[[IndexProgress], None] | None) -> IndexJob:
        base = self.base(name)
        self._refuse_if_running(base)
        embedder = self.embedder(base.embedder) if base.embedder else None
        vectors = None
        if embedder is not None:
            info = embedder.info
            if info.identity != base.embedder_identity:  # the same spec, another model file
                old = self.vectors(base)
                if old is not None:
                    old.clear()
                base = self._store_embedder(base, info)
            vectors = self.vectors(base)
        return IndexJob(
            self.repo, base, vectors=vectors, embedder=embedder, on_progress=on_progress
        )

    def index(
        self, name: str, on_progress: Callable[[IndexProgress], None] | None = None
    ) -> IndexProgress:
        """Indexes on this thread until done (or cancelled from another)."""
        job = self._new_job(name, on_progress)
        with self._lock:
            self._jobs[job.base.id] = (job, None)
        try:
            return job.run()
        finally:
            with self._lock:
                self._jobs.pop(job.base.id, None)

    def start_index(
        self, name: str, on_progress: Callable[[IndexProgress], None] | None = None
    ) -> IndexJob:
        """Indexes on a new thread; the returned job pauses, resumes and cancels it."""
        job = self._new_job(name, on_progress)

        def run() -> None:
            try:
                job.run()
            except Exception:  # recorded in the base's index state by the job
                logging.getLogger(__name__).exception("indexing stopped on an error")
            finally:
                with self._lock:
                    if self._jobs.get(job.base.id, (None,))[0] is job:
                        del self._jobs[job.base.id]

        thread = threading.Thread(target=run, name=f"tessera-index-{job.base.id}", daemon=True)
        with self._lock:
            self._jobs[job.base.id] = (job, thread)
        thread.start()
        return job

    def job(self, name: str) -> IndexJob | None:
        base = self.base(name)
        with self._lock:
            entry = self._jobs.get(base.id)
        return entry[0] if entry else None

    def cancel(self, name: str, *, wait: bool = False) -> None:
        base = self.base(name)
        with self._lock:
            entry = self._jobs.get(base.id)
        if entry is None:
            return
        job, thread = entry
        job.cancel()
        if wait:
            job.finished.wait(60)

    def _refuse_if_running(self, base: KnowledgeBaseRecord) -> None:
        with self._lock:
            if base.id in self._jobs:
                raise KnowledgeError(BUSY(base=base.name))

    # ----------------------------------------------------------------- search

    def search(
        self,
        names: Sequence[str],
        query: str,
        settings: RetrievalSettings | None = None,
        *,
        reranker: Callable[[str, list[str]], list[float]] | None = None,
    ) -> RetrievalResult:
        bases = [self.base(n) for n in names]
        return self.search_bases(bases, query, settings, reranker=reranker)

    def search_bases(
        self,
        bases: Sequence[KnowledgeBaseRecord],
        query: str,
        settings: RetrievalSettings | None = None,
        *,
        reranker: Callable[[str, list[str]], list[float]] | None = None,
    ) -> RetrievalResult:
        return retrieve(
            query,
            [self._base_search(b) for b in bases],
            lexical=lambda ids, q, n, common: self.search_repo.bm25(
                ids, q, limit=n, rank_common=common
            ),
            load_chunks=self.repo.chunks,
            settings=settings or RetrievalSettings(),
            rerank=reranker,
        )

    def _base_search(self, base: KnowledgeBaseRecord) -> BaseSearch:
        vectors = self.vectors(base)
        if vectors is None or not base.embedder:
            return BaseSearch(base, None)
        if not len(vectors):
            return BaseSearch(base, None, NO_VECTORS())
        spec = base.embedder

        def vector_search(query: str, k: int) -> list[tuple[int, float]]:
            q = self.embedder(spec).embed([base.query_prefix + query])[0]
            return vectors.search(q, k)

        return BaseSearch(base, vector_search)

    # ----------------------------------------------------------------- chat

    def template(self, language: str = "en") -> InjectionTemplate:
        return InjectionTemplate.from_dict(self.store.settings.get(TEMPLATE_SETTING), language)

    def save_template(self, template: InjectionTemplate) -> None:
        template.check()
        self.store.settings.set(TEMPLATE_SETTING, template.to_dict())

    def context_for(
        self,
        bases: Sequence[KnowledgeBaseRecord],
        question: str,
        *,
        settings: RetrievalSettings | None = None,
        count_tokens: Callable[[str], int] | None = None,
        max_tokens: int | None = None,
        language: str = "en",
    ) -> tuple[RetrievalResult, InjectedContext]:
        """Retrieval and injection for one chat turn (save it with `save_injection`)."""
        result = self.search_bases(bases, question, settings)
        injected = inject(
            question,
            result,
            self.template(language),
            count_tokens=count_tokens,
            max_tokens=max_tokens,
        )
        return result, injected

    def save_injection(self, message_id: int, injected: InjectedContext) -> None:
        """Keeps what a reply's prompt contained, for its citations and the prompt view."""
        self.repo.save_injection(
            message_id,
            query=injected.question,
            template=injected.template.body,
            injected_text=injected.text,
            injected_tokens=injected.tokens,
            citations=injected.citation_dicts(),
        )

    # ----------------------------------------------------------------- lifecycle

    def close(self) -> None:
        """Cancels running jobs and stops the embedder processes."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job, thread in jobs:
            job.cancel()
            if thread is not None:
                thread.join(30)
        with self._lock:
            embedders, self._embedders = list(self._embedders.values()), {}
        for embedder in embedders:
            embedder.close()

    def __enter__(self) -> KnowledgeLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
