"""The Knowledge page: bases on the left; the chosen base's sources, indexing, documents,
search, chunk boundaries and the chat's injection template on the right.

Everything that reads more than a row or may wait (loading an embedder, indexing, searching,
deleting a base's files) runs on the service's worker threads; the page only shows results.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.i18n import error_parts, message_text
from desktop.ui.knowledge.base_dialog import NewBase, NewBaseDialog
from desktop.ui.knowledge.chunks_panel import ChunksPanel
from desktop.ui.knowledge.documents_panel import DocumentsPanel
from desktop.ui.knowledge.item_models import BaseListModel, BaseRow, SourceListModel
from desktop.ui.knowledge.progress_panel import IndexProgressPanel
from desktop.ui.knowledge.search_panel import SearchPanel
from desktop.ui.knowledge.service import KnowledgeService
from desktop.ui.knowledge.template_editor import TemplateEditor
from desktop.ui.widgets.error_banner import ErrorBanner
from desktop.ui.widgets.row_model import ObjectRole

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BaseDetails:
    base: Any
    counts: Any
    sources: list[Any]
    documents: list[Any]


class KnowledgePage(QWidget):
    bases_shown = Signal()  # the list of bases was (re)read
    details_shown = Signal(str)  # the chosen base's sources and documents are on screen
    busy_finished = Signal()  # a create / remove / add finished (or failed)

    def __init__(
        self,
        service: KnowledgeService,
        models_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgePage")
        self.service = service
        self.models_dir = models_dir
        self.current: str | None = None
        self._details: BaseDetails | None = None
        self._latest: dict[str, Any] = {}  # base name -> its latest IndexProgress
        self._select_next: str | None = None
        self._pending_citation: dict | None = None
        self.last_dialog: NewBaseDialog | None = None

        # left: the bases
        self.base_model = BaseListModel(self)
        self.base_table = QTableView(self)
        self.base_table.setObjectName("knowledgeBases")
        self.base_table.setModel(self.base_model)
        self.base_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.base_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.base_table.verticalHeader().hide()
        header = self.base_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QPushButton(self.tr("New…"), self)
        self.new_button.setObjectName("newBase")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setEnabled(False)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        title = QLabel(self.tr("<b>Knowledge bases</b>"), left)
        left_layout.addWidget(title)
        left_layout.addWidget(self.base_table, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.remove_button)
        left_layout.addLayout(left_buttons)

        # right: the chosen base
        self.header = QLabel(self)
        self.header.setObjectName("baseHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.banner = ErrorBanner(self)
        self.resume_banner = ErrorBanner(self)
        self.resume_banner.setObjectName("resumeBanner")
        self.source_model = SourceListModel(self)
        self.source_table = QTableView(self)
        self.source_table.setObjectName("baseSources")
        self.source_table.setModel(self.source_model)
        self.source_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.source_table.verticalHeader().hide()
        self.source_table.horizontalHeader().setStretchLastSection(True)
        self.source_table.setMaximumHeight(84)
        self.add_folder_button = QPushButton(self.tr("Add folder…"), self)
        self.add_files_button = QPushButton(self.tr("Add files…"), self)
        self.remove_source_button = QPushButton(self.tr("Remove source"), self)
        self.remove_source_button.setEnabled(False)
        self.index_button = QPushButton(self.tr("Rescan and index"), self)
        self.index_button.setObjectName("indexNow")
        self.index_button.setToolTip(
            self.tr("Reads new and changed files, drops deleted ones; unchanged files cost nothing")
        )
        source_buttons = QHBoxLayout()
        for button in (self.add_folder_button, self.add_files_button, self.remove_source_button):
            source_buttons.addWidget(button)
        source_buttons.addStretch(1)
        source_buttons.addWidget(self.index_button)
        self.progress = IndexProgressPanel(self)

        self.documents = DocumentsPanel(self)
        self.search = SearchPanel(service, self)
        self.chunks = ChunksPanel(service, self)
        self.template_editor = TemplateEditor(service, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("knowledgeTabs")
        self.tabs.addTab(self.documents, self.tr("Documents"))
        self.tabs.addTab(self.search, self.tr("Search"))
        self.tabs.addTab(self.chunks, self.tr("Chunks"))
        self.tabs.addTab(self.template_editor, self.tr("Chat template"))

        right = QWidget(self)
        self.right = right
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.resume_banner)
        right_layout.addWidget(self.source_table)
        right_layout.addLayout(source_buttons)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.tabs, 1)
        self.empty = QLabel(
            self.tr(
                "A knowledge base is a set of folders and files (text, Markdown, code, HTML, PDF, "
                "Word). Chats answer from the bases you attach to them, and cite the passages "
                "they used. Create one with “New…”."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right_layout.addWidget(self.empty)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([260, 900])
        split.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.new_button.clicked.connect(self.on_new_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.add_folder_button.clicked.connect(self.on_add_folder_button_clicked)
        self.add_files_button.clicked.connect(self.on_add_files_button_clicked)
        self.remove_source_button.clicked.connect(self.on_remove_source_button_clicked)
        self.index_button.clicked.connect(self.index_now)
        self.progress.pause_requested.connect(lambda: self._control("pause"))
        self.progress.resume_requested.connect(lambda: self._control("resume"))
        self.progress.cancel_requested.connect(lambda: self._control("cancel"))
        self.base_table.selectionModel().selectionChanged.connect(
            self.on_base_table_selection_changed
        )
        self.source_table.selectionModel().selectionChanged.connect(
            lambda *_a: self.remove_source_button.setEnabled(self._selected_source() is not None)
        )
        self.documents.document_activated.connect(self.show_document)
        self.search.chunk_requested.connect(self.on_search_chunk_requested)
        service.index_progress.connect(self.on_service_index_progress)
        service.index_finished.connect(self.on_service_index_finished)
        service.index_failed.connect(self.on_service_index_failed)
        service.bases_changed.connect(self.refresh)
        self._show_base_widgets(False)
        self.refresh()

    # ------------------------------------------------------------------ reading

    @Slot()
    def refresh(self, select: str | None = None) -> None:
        """Re-reads the bases (off the GUI thread) and keeps or makes a selection."""
        if select is not None:
            self._select_next = select
        repo_of = self.service.repository

        def work() -> list[BaseRow]:
            repo = repo_of()
            rows = []
            for base in repo.list_bases():
                counts = repo.counts(base.id)
                rows.append(
                    BaseRow(
                        base,
                        counts.documents.get("indexed", 0),
                        counts.documents.get("skipped", 0),
                        counts.chunks,
                        base.index_state.status,
                    )
                )
            return rows

        self.service.run(work, on_done=self._show_bases, on_error=self._show_error)

    def _state(self, row: BaseRow) -> BaseRow:
        state = row.state
        if self.service.is_indexing(row.name):
            state = "paused" if self.service.is_paused(row.name) else "running"
        elif state in ("running", "paused"):
            state = "interrupted"  # its run died with an earlier process
        return BaseRow(row.base, row.documents, row.skipped, row.chunks, state)

    def _show_bases(self, rows: list[BaseRow]) -> None:
        rows = [self._state(r) for r in rows]
        wanted = self._select_next or self.current
        self._select_next = None
        self.base_model.set_rows(rows)
        row = self.base_model.row_of(wanted) if wanted else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.base_table.selectRow(row)
            self._base_chosen(self.base_model.item(row).name)
        else:
            self._base_chosen(None)
        self.bases_shown.emit()

    def select_base(self, name: str) -> None:
        row = self.base_model.row_of(name)
        if row >= 0:
            self.base_table.selectRow(row)
        else:
            self.refresh(select=name)

    def current_row(self) -> BaseRow | None:
        row = self.base_model.row_of(self.current) if self.current else -1
        return self.base_model.item(row) if row >= 0 else None

    @Slot(QItemSelection, QItemSelection)
    def on_base_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        rows = self.base_table.selectionModel().selectedRows()
        if rows:
            self._base_chosen(rows[0].data(ObjectRole).name)

    def _base_chosen(self, name: str | None) -> None:
        changed = name != self.current
        self.current = name
        self.remove_button.setEnabled(name is not None)
        self._show_base_widgets(name is not None)
        self.search.set_base(name)
        if name is None:
            self.progress.clear()
            self.resume_banner.hide()
            return
        if changed:
            self.banner.hide()
            self.chunks.clear()
            latest = self._latest.get(name)
            if self.service.is_indexing(name) and latest is not None:
                self.progress.report(latest)
            elif self.service.is_indexing(name):
                self.progress.starting()
            else:
                self.progress.clear()
        self._offer_resume(self.current_row())
        self.load_details()

    def _show_base_widgets(self, shown: bool) -> None:
        for widget in (self.header, self.source_table, self.tabs):
            widget.setVisible(shown)
        for button in (
            self.add_folder_button,
            self.add_files_button,
            self.remove_source_button,
            self.index_button,
        ):
            button.setVisible(shown)
        self.empty.setVisible(not shown)

    def load_details(self) -> None:
        name = self.current
        if name is None:
            return
        repo_of = self.service.repository

        def work() -> BaseDetails:
            repo = repo_of()
            base = repo.base_by_name(name)
            return BaseDetails(
                base, repo.counts(base.id), repo.sources(base.id), repo.documents(base.id)
            )

        self.service.run(work, on_done=self._show_details, on_error=self._show_error)

    def _show_details(self, details: BaseDetails) -> None:
        if details.base.name != self.current:
            return
        self._details = details
        base, counts = details.base, details.counts
        if base.embedder_name:
            search = (
                self.tr("Search: words and meaning, with %1 (%2 dimensions)")
                .replace("%1", html.escape(base.embedder_name))
                .replace("%2", str(base.embedder_dimension))
            )
        else:
            search = self.tr("Search: words only (no embedding model)")
        lines = [
            f"<b style='font-size:large'>{html.escape(base.name)}</b>",
            search,
            self.tr("Chunks of up to %1 tokens, %2 tokens of overlap")
            .replace("%1", str(base.chunk_tokens))
            .replace("%2", str(base.chunk_overlap)),
            self.tr("%1 documents indexed · %2 skipped · %3 chunks · %4 tokens")
            .replace("%1", str(counts.documents.get("indexed", 0)))
            .replace("%2", str(counts.documents.get("skipped", 0)))
            .replace("%3", f"{counts.chunks:,}")
            .replace("%4", f"{counts.tokens:,}"),
        ]
        error = base.index_state.error
        if error is not None and not self.service.is_indexing(base.name):
            lines.append(f"<span style='color:#b06000'>{html.escape(message_text(error))}</span>")
        self.header.setText("<br>".join(lines))
        self.source_model.set_rows(details.sources)
        self.remove_source_button.setEnabled(False)
        self.documents.set_documents(details.documents)
        citation, self._pending_citation = self._pending_citation, None
        if citation is not None:
            self._open_citation(citation)
        self.details_shown.emit(base.name)

    def _show_error(self, exc: BaseException) -> None:
        message, hint = error_parts(exc)
        self.banner.show_message(message, hint)
        self.busy_finished.emit()

    # ------------------------------------------------------------------ bases

    @Slot()
    def on_new_button_clicked(self) -> None:
        dialog = NewBaseDialog(self.models_dir, self)
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: self.create_base(dialog.values()))
        dialog.open()

    def create_base(self, values: NewBase) -> None:
        """Creates the base off the GUI thread (an embedder is loaded once to learn its size)."""
        library = self.service.library()
        self.banner.hide()
        self.header.setText(self.tr("Creating %1…").replace("%1", html.escape(values.name)))
        self.new_button.setEnabled(False)

        def work() -> Any:
            return library.create(
                values.name,
                embedder=values.embedder,
                chunk_tokens=values.chunk_tokens,
                chunk_overlap=values.chunk_overlap,
            )

        def done(base: Any) -> None:
            self.new_button.setEnabled(True)
            self.service.bases_changed.emit()
            self.refresh(select=base.name)
            self.busy_finished.emit()

        def failed(exc: BaseException) -> None:
            self.new_button.setEnabled(True)
            message, hint = error_parts(exc)
            self.banner.show_message(
                self.tr("%1 was not created: %2").replace("%1", values.name).replace("%2", message),
                hint,
            )
            self.banner.show()
            self.load_details()
            self.busy_finished.emit()

        self.service.run(work, on_done=done, on_error=failed)

    @Slot()
    def on_remove_button_clicked(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove knowledge base"),
            self.tr(
                "Remove %1 and its index? Your files are not touched; chats that used it keep "
                "their citations."
            ).replace("%1", self.current),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_base(self.current)

    def remove_base(self, name: str) -> None:
        library = self.service.library()
        self.service.run(
            lambda: library.remove(name),
            on_done=lambda _r: self._changed(),
            on_error=self._show_error,
        )

    def _changed(self) -> None:
        self.service.bases_changed.emit()
        self.busy_finished.emit()

    # ------------------------------------------------------------------ sources

    @Slot()
    def on_add_folder_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"))
        if folder:
            self.add_sources([folder])

    @Slot()
    def on_add_files_button_clicked(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files"),
            "",
            self.tr(
                "Documents (*.txt *.md *.markdown *.rst *.html *.htm *.pdf *.docx *.py *.js *.ts "
                "*.c *.cpp *.h *.java *.go *.rs *.json *.yaml *.yml *.toml *.csv);;All files (*)"
            ),
        )
        if files:
            self.add_sources(files)

    def add_sources(self, paths: list[str], *, index: bool = True) -> None:
        """Adds folders or files to the chosen base, then indexes it."""
        name = self.current
        if name is None:
            return
        library = self.service.library()

        def done(_sources: Any) -> None:
            self.service.bases_changed.emit()
            if index:
                self.index_now()
            self.busy_finished.emit()

        self.service.run(lambda: library.add(name, paths), on_done=done, on_error=self._show_error)

    def _selected_source(self) -> Any:
        rows = self.source_table.selectionModel().selectedRows()
        return rows[0].data(ObjectRole) if rows else None

    @Slot()
    def on_remove_source_button_clicked(self) -> None:
        source = self._selected_source()
        if source is not None:
            self.remove_source(source.path)

    def remove_source(self, path: str) -> None:
        name = self.current
        if name is None:
            return
        library = self.service.library()
        self.service.run(
            lambda: library.remove_source(name, path),
            on_done=lambda _r: self._changed(),
            on_error=self._show_error,
        )

    # ------------------------------------------------------------------ indexing

    @Slot()
    def index_now(self) -> None:
        name = self.current
        if name is None:
            return
        self.resume_banner.hide()
        self.banner.hide()
        if self.service.start_index(name):
            self._latest.pop(name, None)
            self.progress.starting()
            self._update_state(name)

    def _control(self, what: str) -> None:
        if self.current is not None:
            getattr(self.service, what)(self.current)

    def _offer_resume(self, row: BaseRow | None) -> None:
        if row is None or row.state != "interrupted":
            self.resume_banner.hide()
            return
        state = row.base.index_state
        self.resume_banner.show_message(
            self.tr("Indexing %1 stopped before it finished (%2 of %3 files).")
            .replace("%1", row.name)
            .replace("%2", str(state.done))
            .replace("%3", str(state.total)),
            self.tr("Resuming reads only what is not indexed yet."),
            [(self.tr("Resume indexing"), self.index_now), (self.tr("Not now"), lambda: None)],
        )

    def _update_state(self, name: str) -> None:
        row = self.base_model.row_of(name)
        if row >= 0:
            self.base_model.replace_row(row, self._state(self.base_model.item(row)))

    @Slot(str, object)
    def on_service_index_progress(self, name: str, progress: Any) -> None:
        previous = self._latest.get(name)
        self._latest[name] = progress
        if name == self.current:
            self.progress.report(progress)
        if previous is None or previous.status != progress.status:
            self._update_state(name)
            if progress.status in ("paused", "cancelled") and name == self.current:
                self.load_details()

    @Slot(str, object)
    def on_service_index_finished(self, name: str, progress: Any) -> None:
        self._latest[name] = progress
        if name == self.current:
            self.progress.report(progress)
        self.refresh()

    @Slot(str, object)
    def on_service_index_failed(self, name: str, error: BaseException) -> None:
        self._latest.pop(name, None)
        if name == self.current:
            self.progress.clear()
            message, hint = error_parts(error)
            self.banner.show_message(
                self.tr("Indexing %1 could not start: %2")
                .replace("%1", name)
                .replace("%2", message),
                hint,
            )
        self._update_state(name)

    # ------------------------------------------------------------------ chunks

    @Slot(object)
    def show_document(self, document: Any, chunk_id: int | None = None) -> None:
        self.tabs.setCurrentWidget(self.chunks)
        self.chunks.show_document(document, chunk_id)

    @Slot(object)
    def on_search_chunk_requested(self, hit: Any) -> None:
        doc = self.documents.document_by_path(hit.chunk.path)
        if doc is not None:
            self.show_document(doc, hit.chunk.id)

    def show_citation(self, citation: dict) -> None:
        """A chat reply's citation: its base, document and chunk, shown on the Chunks tab."""
        name = citation.get("base")
        if not name:
            return
        self._pending_citation = citation
        if name == self.current and self._details is not None:
            self._pending_citation = None
            self._open_citation(citation)
        else:
            self.select_base(name)

    def _open_citation(self, citation: dict) -> None:
        doc = self.documents.document_by_path(str(citation.get("path", "")))
        if doc is None or doc.status != "indexed":
            self.banner.show_message(
                self.tr("%1 is no longer indexed in %2; the chat keeps the text it cited.")
                .replace("%1", Path(str(citation.get("path", ""))).name)
                .replace("%2", str(citation.get("base", ""))),
            )
            return
        self.tabs.setCurrentWidget(self.chunks)
        self.chunks.show_document(doc, citation.get("chunk_id"), line=citation.get("line_start"))

    def shutdown(self) -> None:
        """The window closes: the service (closed by the window) stops the runs."""
        self.progress.clear()
