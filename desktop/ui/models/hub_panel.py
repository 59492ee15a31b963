"""The Hub panel: search GGUF repos, see a repo's files with fit estimates, run downloads.

`HubPanel(hub_service, download_manager, parent=None, *, hardware=None, token_store=None)`:
Hub calls run on background threads (BackgroundTasks) and download progress is polled from
the manager's thread-safe snapshots by a QTimer, so nothing here blocks the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.hub import DownloadManager, HubService, RepoListing, TokenStore
from desktop.core.models.fit import (
    FitCandidate,
    ModelShape,
    estimate_fit,
    guess_shape,
    recommend,
    shape_from_meta,
)
from desktop.core.models.hardware import Hardware, detect_hardware
from desktop.ui.i18n import error_text
from desktop.ui.models.download_queue import DownloadQueueWidget
from desktop.ui.models.hub_models import (
    FileRow,
    RepoFilesModel,
    SearchResultDelegate,
    SearchResultsModel,
)
from desktop.ui.models.hub_token import HubTokenRow
from desktop.ui.units import size_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

PAGE_SIZE = 30


def build_file_rows(
    listing: RepoListing, n_ctx: int, hardware: Hardware | None, shape: ModelShape | None = None
) -> list[FileRow]:
    """Fit per file and the recommended one (no fit until the hardware is known). `shape`,
    from the real header, makes the estimates exact; without it they are guessed from size."""
    fits = {}
    if hardware is not None:
        for model in listing.models:
            if model.size is not None and not model.projector:
                if shape is None:
                    shape_for = guess_shape(listing.n_params, model.size, model.quantization)
                else:
                    shape_for = shape
                fits[model.name] = estimate_fit(model.size, shape_for, n_ctx, hardware)
    best = recommend(
        [
            FitCandidate(m.name, m.quantization, fits[m.name])
            for m in listing.models
            if m.name in fits and m.complete
        ]
    )
    return [FileRow(m, fits.get(m.name), m.name == best) for m in listing.models]


class HubPanel(QWidget):
    download_finished = Signal(object)  # DownloadSnapshot of a job that just got installed
    error_shown = Signal(str)

    def __init__(
        self,
        hub_service: HubService,
        download_manager: DownloadManager,
        parent: QWidget | None = None,
        *,
        hardware: Hardware | None = None,
        token_store: TokenStore | None = None,
        poll_ms: int = 250,
        hardware_probe: Callable[[], Hardware] = detect_hardware,
    ) -> None:
        super().__init__(parent)
        self.service = hub_service
        self.downloads = download_manager
        self.hardware = hardware
        self.token_store = token_store
        self.tasks = BackgroundTasks(self)
        self._search_generation = 0
        self._page = 0
        self._listing: RepoListing | None = None
        self._repo_id: str | None = None
        self._shape: ModelShape | None = None
        self._preselect_file: str | None = None
        self._shown_once = False
        self._listing_generation = 0
        self._poll_ms = poll_ms

        self.results_model = SearchResultsModel(self)
        self.files_model = RepoFilesModel(self)
        self._build()
        self._connect()

        if self.hardware is None:
            self.tasks.run(hardware_probe, self.on_hardware_detected, self.on_hardware_failed)
        else:
            self._show_hardware()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search GGUF models on Hugging Face…"))
        self.search_edit.setClearButtonEnabled(True)
        self.sort_combo = QComboBox()
        for key, label in (
            ("downloads", self.tr("Most downloads")),
            ("likes", self.tr("Most likes")),
            ("trending", self.tr("Trending")),
            ("updated", self.tr("Recently updated")),
        ):
            self.sort_combo.addItem(label, key)
        self.search_button = QPushButton(self.tr("Search"))
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.sort_combo)
        top.addWidget(self.search_button)

        self.results_view = QListView()
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(SearchResultDelegate(self.results_view))
        self.results_view.setUniformItemSizes(True)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.more_button = QPushButton(self.tr("Load more"))
        self.more_button.setEnabled(False)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.results_view, 1)
        lv.addWidget(self.more_button)
        lv.addWidget(self.status_label)

        self.repo_title = QLabel(self.tr("Pick a search result to see its files."))
        self.repo_title.setWordWrap(True)
        self.repo_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hardware_label = QLabel(self.tr("Detecting this machine's memory…"))
        self.hardware_label.setWordWrap(True)
        self.context_spin = QSpinBox()
        self.context_spin.setRange(512, 1_048_576)
        self.context_spin.setSingleStep(1024)
        self.context_spin.setValue(4096)
        self.context_spin.setPrefix(self.tr("context: "))
        self.context_spin.setSuffix(self.tr(" tokens"))
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setEnabled(False)
        self.files_view = QTableView()
        self.files_view.setModel(self.files_model)
        self.files_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files_view.verticalHeader().hide()
        self.files_view.setWordWrap(False)
        header = self.files_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.card_view = QTextBrowser()
        self.card_view.setOpenExternalLinks(True)
        row = QHBoxLayout()
        row.addWidget(self.context_spin)
        row.addStretch(1)
        row.addWidget(self.download_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.repo_title)
        rv.addWidget(self.hardware_label)
        rv.addLayout(row)
        split_right = QSplitter(Qt.Orientation.Vertical)
        split_right.addWidget(self.files_view)
        split_right.addWidget(self.card_view)
        rv.addWidget(split_right, 1)

        self.queue = DownloadQueueWidget(self.downloads, poll_ms=self._poll_ms)

        middle = QSplitter(Qt.Orientation.Horizontal)
        middle.addWidget(left)
        middle.addWidget(right)
        middle.setStretchFactor(1, 2)
        middle.setSizes([420, 880])
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(middle)
        outer.addWidget(self.queue)
        outer.setStretchFactor(0, 3)
        outer.setSizes([620, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.token_row = HubTokenRow(self.service, self.downloads, self.token_store)
        self.token_row.token_changed.connect(self.on_token_changed)
        self.token_row.error_shown.connect(self.on_token_error)
        layout.addWidget(self.token_row)
        layout.addWidget(outer, 1)

    @Slot()
    def on_token_changed(self) -> None:
        if self._listing is None and self._repo_id:
            self.open_repo(self._repo_id)  # e.g. a private repo that was not found without it

    @Slot(str)
    def on_token_error(self, message: str) -> None:
        self.status_label.setText(message)
        self.error_shown.emit(message)

    def _connect(self) -> None:
        self.search_edit.returnPressed.connect(self.on_search_requested)
        self.search_button.clicked.connect(self.on_search_requested)
        self.sort_combo.currentIndexChanged.connect(self.on_sort_changed)
        self.more_button.clicked.connect(self.on_more_clicked)
        self.results_view.selectionModel().currentChanged.connect(self.on_result_current_changed)
        self.files_view.selectionModel().currentChanged.connect(self.on_file_current_changed)
        self.context_spin.valueChanged.connect(self.on_context_changed)
        self.download_button.clicked.connect(self.on_download_clicked)
        self.files_view.doubleClicked.connect(self.on_download_clicked)
        self.queue.download_finished.connect(self.download_finished)

    # ------------------------------------------------------------------ search

    @Slot()
    def on_search_requested(self) -> None:
        self._search_generation += 1
        self._page = 0
        self.results_model.clear()
        self.more_button.setEnabled(False)
        self._fetch_page()

    @Slot(int)
    def on_sort_changed(self, _index: int) -> None:
        if self.results_model.rowCount() or self.search_edit.text():
            self.on_search_requested()

    @Slot()
    def on_more_clicked(self) -> None:
        self._page += 1
        self.more_button.setEnabled(False)
        self._fetch_page()

    def _fetch_page(self) -> None:
        generation, page = self._search_generation, self._page
        query, sort = self.search_edit.text(), self.sort_combo.currentData()
        self.status_label.setText(self.tr("Searching…"))
        self.tasks.run(
            lambda: self.service.search(query, sort, page, PAGE_SIZE),
            lambda result: self.on_search_done(generation, result),
            lambda error: self.on_search_failed(generation, error),
        )

    def on_search_done(self, generation: int, page) -> None:
        if generation != self._search_generation:
            return  # a newer search replaced this one
        self.results_model.append_page(page.results)
        self.more_button.setEnabled(page.has_more)
        count = self.results_model.rowCount()
        if count == 0:
            self.status_label.setText(self.tr("No GGUF models match this search."))
        else:
            self.status_label.setText(self.tr("%n model(s)", "", count))

    def on_search_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._search_generation:
            return
        self._show_error(self.status_label, error)
        if self._page > 0:
            self._page -= 1
            self.more_button.setEnabled(True)

    # ------------------------------------------------------------------ repo view

    @Slot(QModelIndex, QModelIndex)
    def on_result_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        self.open_repo(self.results_model.result(current.row()).repo_id)

    def preselect(self, repo_id: str, filename: str) -> None:
        """Opens `repo_id` with `filename` selected (e.g. the welcome screen's suggestion)."""
        self._preselect_file = filename
        self.search_edit.setText(repo_id)
        self.open_repo(repo_id)

    def open_repo(self, repo_id: str) -> None:
        self._listing_generation += 1
        generation = self._listing_generation
        self._repo_id = repo_id
        self._listing = None
        self._shape = None
        self.files_model.set_rows([])
        self.card_view.clear()
        self.download_button.setEnabled(False)
        self.repo_title.setText(self.tr("Loading %1…").replace("%1", repo_id))
        self.tasks.run(
            lambda: self.service.list_files(repo_id),
            lambda listing: self.on_listing_done(generation, listing),
            lambda error: self.on_listing_failed(generation, error),
        )

    def on_listing_done(self, generation: int, listing: RepoListing) -> None:
        if generation != self._listing_generation:
            return
        self._listing = listing
        title = listing.repo_id
        if listing.gated:
            title += "  " + self.tr("(gated: accept the license on the model page and set a token)")
        if not listing.models:
            title += "\n" + self.tr("This repository has no .gguf files.")
        self.repo_title.setText(title)
        self._refresh_fit()
        self.tasks.run(
            lambda: self.service.model_meta(listing),
            lambda meta: self.on_meta_done(generation, meta),
            lambda error: log.info("no header for %s: %s", listing.repo_id, error),
        )  # the size-based estimate stays
        self.tasks.run(
            lambda: self.service.model_card(listing.repo_id, listing.revision),
            lambda text: self.on_card_done(generation, text),
            lambda error: log.info("no model card for %s: %s", listing.repo_id, error),
        )  # a missing card is not worth an error

    def on_listing_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._listing_generation:
            self._show_error(self.repo_title, error)

    def on_meta_done(self, generation: int, meta) -> None:
        if generation == self._listing_generation and meta is not None:
            self._shape = shape_from_meta(meta)
            self._refresh_fit()

    def on_card_done(self, generation: int, markdown: str) -> None:
        if generation == self._listing_generation:
            self.card_view.setMarkdown(markdown or self.tr("*This model has no model card.*"))

    @Slot(int)
    def on_context_changed(self, _value: int) -> None:
        self._refresh_fit()

    def _refresh_fit(self) -> None:
        if self._listing is None:
            return
        current = self._selected_file()
        rows = build_file_rows(self._listing, self.context_spin.value(), self.hardware, self._shape)
        self.files_model.set_rows(rows)
        wanted = self._preselect_file or (current.name if current is not None else None)
        pick = self.files_model.recommended_row()
        for i, row in enumerate(rows):
            if wanted is not None and any(f.path == wanted for f in row.model.files):
                pick = i
                self._preselect_file = None
        if pick is not None:
            self.files_view.setCurrentIndex(self.files_model.index(pick, 0))
        self._update_download_button()

    def on_hardware_detected(self, hardware: Hardware) -> None:
        self.hardware = hardware
        self._show_hardware()
        self._refresh_fit()

    def on_hardware_failed(self, error: BaseException) -> None:
        log.warning("hardware detection failed", exc_info=error)
        self.hardware_label.setText(
            self.tr("This machine could not be measured (%1): fit estimates are missing.").replace(
                "%1", error_text(error)
            )
        )

    def _show_hardware(self) -> None:
        hw = self.hardware
        if hw is None:
            return
        if hw.vram_free:
            text = self.tr("This machine: %1 RAM free, %2 GPU memory free")
            text = text.replace("%2", size_text(hw.vram_free))
        elif hw.gpus and not hw.gpu_offload_supported:
            text = self.tr(
                "This machine: %1 RAM free (GPU found, but this llama.cpp build is CPU-only)"
            )
        else:
            text = self.tr("This machine: %1 RAM free, no usable GPU detected")
        self.hardware_label.setText(text.replace("%1", size_text(hw.ram_available)))

    @Slot(QModelIndex, QModelIndex)
    def on_file_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_download_button()

    def _selected_file(self):
        index = self.files_view.currentIndex()
        if self._listing is None or not index.isValid():
            return None
        return self.files_model.item(index.row()).model

    def _update_download_button(self) -> None:
        model = self._selected_file()
        self.download_button.setEnabled(model is not None and model.complete)

    @Slot()
    def on_download_clicked(self) -> None:
        model = self._selected_file()
        if model is None or self._listing is None:
            return
        self.queue.enqueue(self._listing.repo_id, self._listing.revision, model)

    # ------------------------------------------------------------------ misc

    def _show_error(self, label: QLabel, error: BaseException) -> None:
        message = error_text(error)
        label.setText(message)
        self.error_shown.emit(message)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self._search_generation == 0 and self._repo_id is None:
                self.on_search_requested()  # popular GGUF models instead of an empty list

    def shutdown(self) -> None:
        """Stops polling and waits for background Hub calls. Downloads keep their partials;
        the owner of the DownloadManager shuts it down."""
        self.queue.shutdown()
        self.tasks.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
