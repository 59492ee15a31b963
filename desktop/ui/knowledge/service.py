"""KnowledgeService: the window's one KnowledgeLibrary, made on first use, with its indexing
runs reported on the GUI thread.

The Knowledge page and the chat share it. The library is made the first time something needs
it (importing it costs ~160 ms, kept off the way to the first window); `repository()` answers
the quick questions (which bases exist, what a reply cited) without it. Everything that can
take long (loading an embedder, indexing, searching, deleting a base's files) runs on
`tasks`, never on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.ui.widgets.tasks import BackgroundTasks, OnDone, OnError

log = logging.getLogger(__name__)


class KnowledgeService(QObject):
    bases_changed = Signal()  # a base was created, removed, or its sources changed
    index_progress = Signal(str, object)  # base name, IndexProgress (every report: views throttle)
    index_finished = Signal(str, object)  # base name, the run's last IndexProgress
    index_failed = Signal(str, object)  # base name, the exception that stopped it starting

    def __init__(
        self,
        make_library: Callable[[], Any],
        make_repository: Callable[[], Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_library = make_library
        self._make_repository = make_repository
        self._library: Any = None
        self._repository: Any = None
        self._lock = threading.Lock()
        self.tasks = BackgroundTasks(self, name="tessera-knowledge")
        self.tasks.progress.connect(self.on_tasks_progress)
        self._indexing: set[str] = set()  # bases with a run started from here, not yet over
        self._requested: dict[str, str] = {}  # "pause" / "cancel" asked while a run starts
        self._closed = False

    # ------------------------------------------------------------------ the library

    def library(self) -> Any:
        """The KnowledgeLibrary (made now if it was not yet). Any thread."""
        with self._lock:
            if self._library is None:
                self._library = self._make_library()
            return self._library

    def repository(self) -> Any:
        """The knowledge repository: quick reads without making the library."""
        with self._lock:
            if self._library is not None:
                return self._library.repo
            if self._repository is None and self._make_repository is not None:
                self._repository = self._make_repository()
            repository = self._repository
        return repository if repository is not None else self.library().repo

    def bases(self) -> list[Any]:
        return list(self.repository().list_bases())

    def run(
        self, fn: Callable[[], Any], on_done: OnDone | None = None, on_error: OnError | None = None
    ) -> object:
        """`fn` off the GUI thread; the callbacks come back on it."""
        return self.tasks.run(fn, on_done, on_error)

    # ------------------------------------------------------------------ indexing

    def is_indexing(self, name: str) -> bool:
        return name in self._indexing

    def start_index(self, name: str) -> bool:
        """Rescans and indexes `name` (resuming where an interrupted run stopped). False when
        a run of it is already going. Starting loads the embedder, so it happens off the GUI
        thread too; `index_progress`, then `index_finished` or `index_failed`, follow."""
        if self._closed or name in self._indexing:
            return False
        self._indexing.add(name)
        library = self.library()
        token = ("index", name)
        report = self.tasks.progress_callback(token)

        def work() -> Any:
            job = library.start_index(name, on_progress=report)
            with self._lock:
                asked = self._requested.pop(name, None)
            if asked == "cancel":
                job.cancel()
            elif asked == "pause":
                job.pause()
            job.finished.wait()
            return job.progress

        self.tasks.run(
            work,
            on_done=lambda progress: self._index_over(name, progress, None),
            on_error=lambda exc: self._index_over(name, None, exc),
            token=token,
        )
        return True

    def _index_over(self, name: str, progress: Any, error: BaseException | None) -> None:
        self._indexing.discard(name)
        with self._lock:
            self._requested.pop(name, None)
        if error is not None:
            log.info("indexing %s did not start: %s", name, error)
            self.index_failed.emit(name, error)
        else:
            self.index_finished.emit(name, progress)

    def _job(self, name: str) -> Any:
        if self._library is None:
            return None
        try:
            return self._library.job(name)
        except Exception:  # noqa: BLE001 - a base removed meanwhile has no job to control
            return None

    def pause(self, name: str) -> None:
        self._control(name, "pause")

    def resume(self, name: str) -> None:
        self._control(name, "resume")

    def cancel(self, name: str) -> None:
        self._control(name, "cancel")

    def _control(self, name: str, what: str) -> None:
        job = self._job(name)
        if job is None:
            if name in self._indexing and what != "resume":
                with self._lock:
                    self._requested[name] = what  # still starting: applied once it runs
            elif what == "resume":
                with self._lock:
                    self._requested.pop(name, None)
            return
        getattr(job, what)()

    def is_paused(self, name: str) -> bool:
        job = self._job(name)
        return bool(job is not None and job.paused)

    @Slot(object, object)
    def on_tasks_progress(self, token: object, value: object) -> None:
        if isinstance(token, tuple) and len(token) == 2 and token[0] == "index":
            self.index_progress.emit(str(token[1]), value)

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Cancels indexing runs, stops the embedder processes and the worker threads."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            library = self._library
        if library is not None:
            try:
                library.close()
            except Exception:  # closing goes on: the window is going away
                log.exception("the knowledge library did not close cleanly")
        self.tasks.shutdown()
