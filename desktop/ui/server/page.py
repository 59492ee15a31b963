"""The Server page: serve the model the app has loaded as an OpenAI-compatible API, and watch
every request as the model saw it.

Start/stop, address, port, key, CORS and saving (ServerForm); copyable examples
(ExamplesBox); the live request list (RequestListModel) and one request in detail
(RequestDetail). The server shares the chat's engine through EngineTurns: while the chat
replies, requests wait, and the page says so. Everything the server reports arrives as queued
signals (ServerRunner) and is applied at most every UPDATE_MS, however fast tokens stream.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.engine.protocol import Token
from desktop.core.engine.turns import API_OWNER, APP_OWNER, BUSY_WITH_APP, BUSY_WITH_APP_HINT
from desktop.core.server.config import NEEDS_KEY, SAVE_SETTING, is_loopback
from desktop.core.server.request_log import RequestRecord
from desktop.core.store.errors import StoreError
from desktop.ui.i18n import error_text, message_text
from desktop.ui.server.examples_box import ExamplesBox
from desktop.ui.server.request_detail import RequestDetail, TokenizerFor
from desktop.ui.server.request_model import RequestListModel
from desktop.ui.server.runner import ServerRunner, ServerSettings
from desktop.ui.server.settings_form import ServerForm
from desktop.ui.widgets.error_banner import ErrorBanner

log = logging.getLogger(__name__)

UPDATE_MS = 50
HOST_SETTING = "server.host"
PORT_SETTING = "server.port"
ORIGINS_SETTING = "server.cors_origins"
PROBABILITIES_SETTING = "server.record_probabilities"


class ServerPage(QWidget):
    open_conversation = Signal(int)  # a saved API conversation, to open in the chat
    notice = Signal(str)

    def __init__(
        self,
        backend_factory: Callable[[], Any],
        *,
        turns: Any = None,
        store: Any = None,
        settings: Any = None,
        key_store: Any = None,
        tokenizer_for: TokenizerFor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("serverPage")
        self._settings = settings
        self._key_store = key_store
        self._model_path: str | None = None
        self._holder: str | None = turns.holder if turns is not None else None
        self.runner = ServerRunner(backend_factory, turns, store, self)

        self.title = QLabel(self.tr("API server"))
        self.title.setObjectName("serverTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("serverStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startServer")
        self.model_label = QLabel()
        self.model_label.setObjectName("servedModel")
        self.model_label.setWordWrap(True)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("engineBusy")
        self.busy_label.setWordWrap(True)
        self.banner = ErrorBanner(self)
        self.form = ServerForm()
        self.examples = ExamplesBox()
        self.model = RequestListModel(self)
        self.table = QTableView()
        self.table.setObjectName("requestList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # What was asked stays readable; a narrow list shortens the client's address instead.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.detail = RequestDetail(tokenizer_for)
        self._layout()

        self._pending_records: dict[int, RequestRecord] = {}
        self._pending_tokens: dict[int, list[Token]] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(UPDATE_MS)
        self._flush_timer.timeout.connect(self.on_flush_timer_timeout)

        self.start_button.clicked.connect(self.on_start_button_clicked)
        self.runner.state_changed.connect(self.on_runner_state_changed)
        self.runner.start_failed.connect(self.on_runner_start_failed)
        self.runner.record_updated.connect(self.on_record_updated)
        self.runner.tokens_arrived.connect(self.on_tokens_arrived)
        self.runner.engine_holder_changed.connect(self.on_engine_holder_changed)
        self.form.saving_changed.connect(self.on_saving_changed)
        self.form.key.textChanged.connect(self._update_examples)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.detail.open_conversation.connect(self.open_conversation)
        self.form.set_settings(self._saved_settings())
        self.set_model(None)
        self.on_runner_state_changed("stopped")

    def _layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.status, 1)
        head.addWidget(self.start_button)
        settings_box = QGroupBox(self.tr("Settings"))
        QVBoxLayout(settings_box).addWidget(self.form)
        examples_box = QGroupBox(self.tr("Call it"))
        QVBoxLayout(examples_box).addWidget(self.examples)
        top = QHBoxLayout()
        top.addWidget(settings_box, 1)
        top.addWidget(examples_box, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.model_label)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    # ------------------------------------------------------------------ settings

    def _setting(self, key: str, default: Any) -> Any:
        if self._settings is None:
            return default
        try:
            value = self._settings.get(key, default)
        except StoreError as exc:  # a setting is never worth a broken page
            log.warning("setting %s could not be read: %s", key, exc)
            return default
        return default if value is None else value

    def _saved_settings(self) -> ServerSettings:
        key = self._key_store.get() if self._key_store is not None else None
        origins = self._setting(ORIGINS_SETTING, [])
        return ServerSettings(
            host=str(self._setting(HOST_SETTING, "127.0.0.1")),
            port=int(self._setting(PORT_SETTING, 8080)),
            api_key=key,
            cors_origins=tuple(str(o) for o in origins) if isinstance(origins, list) else (),
            save_conversations=self._setting(SAVE_SETTING, True) is not False,
            log_probabilities=self._setting(PROBABILITIES_SETTING, True) is not False,
        )

    def _remember(self, settings: ServerSettings) -> None:
        if self._settings is not None:
            for key, value in (
                (HOST_SETTING, settings.host),
                (PORT_SETTING, settings.port),
                (ORIGINS_SETTING, list(settings.cors_origins)),
                (SAVE_SETTING, settings.save_conversations),
                (PROBABILITIES_SETTING, settings.log_probabilities),
            ):
                try:
                    self._settings.set(key, value)
                except StoreError as exc:  # applied for this session anyway
                    log.warning("setting %s not saved: %s", key, exc)
        if self._key_store is None:
            return
        try:
            if settings.api_key and settings.api_key != self._key_store.get():
                self._key_store.set(settings.api_key)
            elif not settings.api_key:
                self._key_store.clear()
        except Exception as exc:  # keyring backends fail in their own ways
            log.warning("the API key could not be kept in the keyring", exc_info=True)
            self.notice.emit(
                self.tr("The key could not be kept in the system keyring (%1): it works until "
                        "Tessera closes.").replace("%1", error_text(exc))
            )  # fmt: skip

    # ------------------------------------------------------------------ start and stop

    @property
    def running(self) -> bool:
        return self.runner.state == "running"

    @Slot()
    def on_start_button_clicked(self) -> None:
        if self.runner.state == "running":
            self.runner.stop()
            return
        if self.runner.state != "stopped":
            return
        settings = self.form.settings()
        if not is_loopback(settings.host) and not settings.api_key:
            self.banner.show_message(
                message_text(NEEDS_KEY(host=settings.host)),
                self.tr("Enter an API key (New key makes one), or serve on 127.0.0.1."),
            )
            self.form.key.setFocus()
            return
        self.banner.hide()
        self._remember(settings)
        self.runner.start(settings)

    @Slot(str)
    def on_runner_state_changed(self, state: str) -> None:
        texts = {
            "stopped": self.tr("Stopped"),
            "starting": self.tr("Starting…"),
            "stopping": self.tr("Stopping…"),
            "running": self.tr("Listening at %1").replace("%1", self.runner.url),
        }
        self.status.setText(texts.get(state, state))
        self.start_button.setText(self.tr("Stop") if state == "running" else self.tr("Start"))
        self.start_button.setEnabled(state in ("running", "stopped"))
        self.form.set_running(state != "stopped")
        self._update_examples()
        self._update_busy()

    @Slot(str, str)
    def on_runner_start_failed(self, message: str, hint: str) -> None:
        self.banner.show_message(message, hint)

    @Slot(bool)
    def on_saving_changed(self, enabled: bool) -> None:
        self.runner.set_saving(enabled)
        if self._settings is not None:
            try:
                self._settings.set(SAVE_SETTING, enabled)
            except StoreError as exc:
                log.warning("setting %s not saved: %s", SAVE_SETTING, exc)

    # ------------------------------------------------------------------ the model

    def set_model(self, path: str | None) -> None:
        """The model the app has loaded (None: none): what the server answers with."""
        self._model_path = path
        if path is None:
            self.model_label.setText(
                self.tr("No model is loaded: load one in the chat (requests get 503 until then).")
            )
        else:
            name = path.replace("\\", "/").rsplit("/", 1)[-1]
            self.model_label.setText(self.tr("Serves %1, the chat's model.").replace("%1", name))
        self._update_examples()

    @Slot(object)
    def on_engine_loaded(self, info: object) -> None:
        self.set_model(getattr(info, "path", None))

    @Slot()
    def on_engine_unloaded(self) -> None:
        self.set_model(None)

    @Slot()
    def _update_examples(self) -> None:
        from desktop.core.server.catalog import local_id

        model = local_id(self._model_path) if self._model_path else ""
        url = self.runner.url if self.running else None
        self.examples.set_server(url, model, bool(self.form.key.text().strip()))

    @Slot(object)
    def on_engine_holder_changed(self, holder: object) -> None:
        self._holder = holder if isinstance(holder, str) else None
        self._update_busy()

    def _update_busy(self) -> None:
        text = ""
        if self.running and self._holder == APP_OWNER:
            text = f"{message_text(BUSY_WITH_APP())} {message_text(BUSY_WITH_APP_HINT())}"
        elif self.running and self._holder == API_OWNER:
            text = self.tr(
                "Answering a request: the chat and experiment runs wait until it is done."
            )
        self.busy_label.setText(text)
        self.busy_label.setVisible(bool(text))

    # ------------------------------------------------------------------ requests

    @Slot(object)
    def on_record_updated(self, record: object) -> None:
        if isinstance(record, RequestRecord):
            self._pending_records[record.id] = record
            self._schedule()

    @Slot(int, object)
    def on_tokens_arrived(self, request_id: int, tokens: object) -> None:
        if isinstance(tokens, tuple):
            self._pending_tokens.setdefault(request_id, []).extend(tokens)
        self._schedule()

    def _schedule(self) -> None:
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    @Slot()
    def on_flush_timer_timeout(self) -> None:
        records, self._pending_records = self._pending_records, {}
        tokens, self._pending_tokens = self._pending_tokens, {}
        self.model.update_records(records.values())
        if records:  # a finished request's longer texts ("chat, streamed") fit, not elided
            self.table.horizontalHeader().resizeSections()  # in each section's own mode
        for request_id, batch in tokens.items():
            self.model.add_tokens(request_id, batch)
        selection = self.table.selectionModel()
        if not selection.hasSelection() and self.model.rowCount():
            self.table.selectRow(0)  # follow the traffic until the user picks a request
            return
        shown = self.detail.record
        if shown is not None and (shown.id in records or shown.id in tokens):
            self._show_selected()

    def _show_selected(self) -> None:
        row = self.table.selectionModel().currentIndex().row()
        if 0 <= row < self.model.rowCount():
            record = self.model.item(row)
            self.detail.show_record(record, self.model.tokens(record))
        else:
            self.detail.show_record(None)

    @Slot(QModelIndex, QModelIndex)
    def on_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_selected()

    @Slot(QModelIndex)
    def on_table_double_clicked(self, index: QModelIndex) -> None:
        record = self.model.item(index.row())
        if record.conversation_id is not None:
            self.open_conversation.emit(record.conversation_id)

    def select_request(self, request_id: int) -> None:
        row = self.model.row_of(request_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def shutdown(self) -> None:
        """Closing the window: stop serving, then nothing more arrives."""
        self._flush_timer.stop()
        self.runner.shutdown()
        self.detail.shutdown()
