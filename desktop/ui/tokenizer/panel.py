"""The live tokenizer panel: a text (or a conversation) cut by one or more tokenizers side by side."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.tokenizers import TokenizerRegistry
from desktop.ui.tokenizer.column import TokenizerColumn
from desktop.ui.tokenizer.prompt_messages import MessageContentDelegate, PromptMessagesModel
from desktop.ui.tokenizer.token_input import TokenInputEdit
from desktop.ui.tokenizer.worker import ColumnResult, TokenizeRequest, TokenizeThread

SAMPLE_TEXT = "Tokens are what models read. 模型读的是词元。 🙂"


class TokenizerPanel(QWidget):
    """`TokenizerPanel(registry, parent=None)`. Call `shutdown()` before the app quits
    (closing the panel does it too)."""

    view_updated = Signal(int)  # the request id now fully shown (tests, benchmarks)
    _request = Signal(object)

    def __init__(
        self,
        registry: TokenizerRegistry,
        parent: QWidget | None = None,
        *,
        specs: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.registry = registry
        self._thread = TokenizeThread(registry, self)
        self._request.connect(self._thread.worker.on_request)
        self._thread.worker.column_ready.connect(self.on_worker_column_ready)
        self._thread.worker.loading.connect(self.on_worker_loading)
        self._thread.worker.request_done.connect(self.on_worker_request_done)
        self._next_id = 0
        self._in_flight = 0  # request id being worked on, 0 when idle
        self._dirty = False
        self._context_length: int | None = None
        self._file_notice = ""
        self.last_shown_request = 0

        # left: text or conversation
        self.editor = TokenInputEdit()
        self.editor.setPlaceholderText(self.tr("Type or paste text to see its tokens"))
        self.open_file_button = QPushButton(self.tr("Open text file…"))
        self.input_notice = QLabel()
        self.input_notice.setWordWrap(True)
        text_page = QWidget()
        text_layout = QVBoxLayout(text_page)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.editor, 1)
        text_layout.addWidget(self.input_notice)
        text_layout.addWidget(self.open_file_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.messages_model = PromptMessagesModel(self)
        self.messages_model.set_messages(
            [
                {"role": "system", "content": self.tr("You are a helpful assistant.")},
                {"role": "user", "content": self.tr("Hello! 你好！")},
            ]
        )
        self.messages_view = QTableView()
        self.messages_view.setModel(self.messages_model)
        self.messages_view.verticalHeader().setVisible(False)
        self.messages_view.horizontalHeader().setStretchLastSection(True)
        self.messages_view.setWordWrap(True)
        self.messages_view.setItemDelegateForColumn(1, MessageContentDelegate(self.messages_view))
        self.messages_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.add_message_button = QPushButton(self.tr("Add message"))
        self.remove_message_button = QPushButton(self.tr("Remove message"))
        self.generation_prompt_box = QCheckBox(self.tr("Add the assistant's turn opener"))
        self.generation_prompt_box.setToolTip(
            self.tr("What the model receives when asked to reply (add_generation_prompt)")
        )
        self.generation_prompt_box.setChecked(True)
        prompt_page = QWidget()
        prompt_layout = QVBoxLayout(prompt_page)
        prompt_layout.setContentsMargins(0, 0, 0, 0)
        prompt_layout.addWidget(self.messages_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_message_button)
        buttons.addWidget(self.remove_message_button)
        buttons.addStretch(1)
        prompt_layout.addLayout(buttons)
        prompt_layout.addWidget(self.generation_prompt_box)

        self.mode_tabs = QTabWidget()
        self.mode_tabs.addTab(text_page, self.tr("Text"))
        self.mode_tabs.addTab(prompt_page, self.tr("Prompt"))
        self.mode_tabs.setTabToolTip(
            1, self.tr("The conversation through the model's chat template: what the model reads")
        )

        # options
        self.whitespace_box = QCheckBox(self.tr("Show whitespace"))
        self.whitespace_box.setToolTip(self.tr("Spaces as ·, tabs as →, line breaks as ↵"))
        self.special_box = QCheckBox(self.tr("Parse special tokens"))
        self.special_box.setToolTip(
            self.tr("Text like <|im_start|> becomes the control token the model knows")
        )
        self.special_box.setChecked(True)
        self.bos_box = QCheckBox(self.tr("Add BOS/EOS like the model"))
        self.add_column_button = QPushButton(self.tr("Compare with…"))
        self.add_column_button.setToolTip(self.tr("Add another tokenizer side by side"))
        options = QHBoxLayout()
        for widget in (self.whitespace_box, self.special_box, self.bos_box):
            options.addWidget(widget)
        options.addStretch(1)
        options.addWidget(self.add_column_button)

        # right: tokenizer columns
        self.columns: list[TokenizerColumn] = []
        self.columns_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.compare_label = QLabel()
        self.compare_label.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.columns_splitter, 1)
        right_layout.addWidget(self.compare_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.mode_tabs)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([350, 700])
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(splitter, 1)

        self.editor.textChanged.connect(self.on_editor_text_changed)
        self.editor.text_loaded.connect(self.on_editor_text_changed)
        self.editor.loading_progress.connect(self.on_editor_loading_progress)
        self.open_file_button.clicked.connect(self.on_open_file_button_clicked)
        self.messages_model.dataChanged.connect(self.on_messages_changed)
        self.messages_model.rowsInserted.connect(self.on_messages_changed)
        self.messages_model.rowsRemoved.connect(self.on_messages_changed)
        self.messages_model.modelReset.connect(self.on_messages_changed)
        self.add_message_button.clicked.connect(self.on_add_message_button_clicked)
        self.remove_message_button.clicked.connect(self.on_remove_message_button_clicked)
        self.generation_prompt_box.toggled.connect(self.on_option_toggled)
        self.mode_tabs.currentChanged.connect(self.on_option_toggled)
        self.whitespace_box.toggled.connect(self.on_option_toggled)
        self.special_box.toggled.connect(self.on_option_toggled)
        self.bos_box.toggled.connect(self.on_option_toggled)
        self.add_column_button.clicked.connect(self.on_add_column_button_clicked)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

        initial = list(specs or [])
        # a first column Tessera picked (not the user) follows the loaded model
        self._follows_loaded_model = not initial
        if not initial:
            loaded = registry.chat_spec  # the chat's server, or the loaded model
            initial = [loaded] if loaded else [self._default_tiktoken()]
        for spec in initial:
            self._add_column(spec)
        self.editor.setPlainText(SAMPLE_TEXT)

    # ------------------------------------------------------------------ public API

    def set_text(self, text: str) -> None:
        """Replace the input text (a large one goes in by chunks; tokenized once loaded)."""
        self.mode_tabs.setCurrentIndex(0)
        self._file_notice = ""
        self.editor.set_text(text)

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_tokenizers(self, specs: Iterable[str]) -> None:
        """Replace the columns: one per spec (`model:PATH`, `tiktoken:NAME`)."""
        for column in list(self.columns):
            self._remove_column(column, update=False)
        for spec in specs:
            self._add_column(spec, update=False)
        self.request_update()

    def add_tokenizer(self, spec: str) -> None:
        self._add_column(spec)

    def tokenizer_specs(self) -> list[str]:
        return [c.spec for c in self.columns]

    def set_mode(self, mode: str) -> None:
        """ "text" or "prompt"."""
        self.mode_tabs.setCurrentIndex(1 if mode == "prompt" else 0)

    def set_conversation(self, messages: Iterable) -> None:
        """The conversation prompt mode shows (ChatMessage objects or role/content dicts)."""
        self.messages_model.set_messages(messages)

    def set_context_length(self, n_ctx: int | None) -> None:
        """The loaded model's context size, for prompt mode's share (else the trained one)."""
        self._context_length = n_ctx
        self.request_update()

    def set_loaded_model(self, path: str | Path | None, n_ctx: int | None = None) -> None:
        """The engine loaded (or unloaded: None) a model: offer it first, count prompts against
        its context, and show it where the panel was showing the previous one."""
        previous = self.registry.loaded_model_spec
        spec = self.registry.set_loaded_model(path)
        self._context_length = n_ctx
        choices = self.registry.choices()
        for index, column in enumerate(self.columns):
            follow = column.spec == previous or (index == 0 and self._follows_loaded_model)
            column.set_choices(choices, spec if spec and follow else column.spec)
        self.request_update()

    def set_show_whitespace(self, show: bool) -> None:
        self.whitespace_box.setChecked(show)

    def refresh_choices(self) -> None:
        """Re-read the registry's tokenizers (a model was loaded or added)."""
        choices = self.registry.choices()
        for column in self.columns:
            column.set_choices(choices, column.spec)

    def follow_chat(self) -> None:
        """Show the chat's tokenizer (its server's, or the loaded model's) where a column
        Tessera picked was showing the previous one."""
        spec = self.registry.chat_spec
        choices = self.registry.choices()
        for index, column in enumerate(self.columns):
            follow = index == 0 and self._follows_loaded_model
            column.set_choices(choices, spec if spec and follow else column.spec)
        self.request_update()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.columns and self._follows_loaded_model:
            spec = self.registry.chat_spec
            if spec and self.columns[0].spec != spec:
                self.follow_chat()
        super().showEvent(event)

    @Slot()
    def shutdown(self) -> None:
        self._thread.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

    # ------------------------------------------------------------------ columns

    def _default_tiktoken(self) -> str:
        choices = [c for c in self.registry.choices() if c.kind == "tiktoken"]
        offline = [c for c in choices if c.offline]
        return (offline or choices)[0].spec if choices else "tiktoken:o200k_base"

    def _add_column(self, spec: str, update: bool = True) -> TokenizerColumn:
        column = TokenizerColumn()
        column.set_choices(self.registry.choices(), spec)
        column.spec_changed.connect(self.on_column_spec_changed)
        column.spec_highlighted.connect(self.on_column_spec_highlighted)
        column.remove_requested.connect(self.on_column_remove_requested)
        column.other_gguf_requested.connect(self.on_column_other_gguf_requested)
        self.columns.append(column)
        self.columns_splitter.addWidget(column)
        self._update_remove_buttons()
        if update:
            self.request_update()
        return column

    def _remove_column(self, column: TokenizerColumn, update: bool = True) -> None:
        self.columns.remove(column)
        column.hide()
        column.setParent(None)
        column.deleteLater()
        self._update_remove_buttons()
        if update:
            self.request_update()

    def _update_remove_buttons(self) -> None:
        for column in self.columns:
            column.remove_button.setEnabled(len(self.columns) > 1)

    @Slot()
    def on_column_spec_highlighted(self, spec: str) -> None:
        # A model's vocabulary takes a few hundred ms to load: start while the user is still
        # choosing, so it is ready (or nearly) by the click. Loads once; tiktoken is cheap.
        if spec.startswith("model:") and self.registry.loaded(spec) is None:
            self.registry.preload(spec)

    @Slot()
    def on_column_spec_changed(self) -> None:
        if self.columns and self.sender() is self.columns[0]:
            self._follows_loaded_model = False
        self.request_update()

    @Slot()
    def on_column_remove_requested(self) -> None:
        column = self.sender()
        if isinstance(column, TokenizerColumn) and len(self.columns) > 1:
            self._remove_column(column)

    @Slot()
    def on_column_other_gguf_requested(self) -> None:
        column = self.sender()
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a GGUF model"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path and isinstance(column, TokenizerColumn):
            spec = self.registry.add_model(path)
            self.refresh_choices()
            column.set_choices(self.registry.choices(), spec)
            self.request_update()

    @Slot()
    def on_add_column_button_clicked(self) -> None:
        used = set(self.tokenizer_specs())
        choices = [c.spec for c in self.registry.choices() if c.spec not in used]
        self._add_column(choices[0] if choices else self._default_tiktoken())

    # ------------------------------------------------------------------ input

    @Slot()
    def on_editor_text_changed(self) -> None:
        self.input_notice.setText(self._file_notice)
        self.request_update()

    @Slot(int)
    def on_editor_loading_progress(self, percent: int) -> None:
        self.input_notice.setText(self.tr("Loading the text… {percent}%").format(percent=percent))

    @Slot()
    def on_messages_changed(self) -> None:
        if self.mode_tabs.currentIndex() == 1:
            self.request_update()

    @Slot()
    def on_option_toggled(self) -> None:
        self.request_update()

    @Slot()
    def on_add_message_button_clicked(self) -> None:
        row = self.messages_model.add_message("user", "")
        self.messages_view.edit(self.messages_model.index(row, 1))

    @Slot()
    def on_remove_message_button_clicked(self) -> None:
        index = self.messages_view.currentIndex()
        if index.isValid():
            self.messages_model.remove_message(index.row())

    @Slot()
    def on_open_file_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a text file"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Shows a file's text; invalid UTF-8 is replaced (and said), never a crash."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.input_notice.setText(
                self.tr("Cannot read {name}: {reason}").format(name=path.name, reason=exc.strerror)
            )
            return
        try:
            text = data.decode("utf-8")
            notice = ""
        except UnicodeDecodeError:
            text = data.decode("utf-8", "replace")
            notice = self.tr(
                "{name} is not valid UTF-8: undecodable bytes are shown as U+FFFD."
            ).format(name=path.name)
        self.set_text(text)
        self._file_notice = notice  # kept until another text replaces this one
        self.input_notice.setText(notice)

    # ------------------------------------------------------------------ tokenizing

    def request_update(self) -> None:
        """Tokenize the current input; coalesces while the worker is busy."""
        if self._in_flight:
            self._dirty = True
            self._thread.worker.newest_request = self._next_id + 1
            return
        self._send()

    def _send(self) -> None:
        self._next_id += 1
        self._dirty = False
        self._in_flight = self._next_id
        prompt_mode = self.mode_tabs.currentIndex() == 1
        request = TokenizeRequest(
            request_id=self._next_id,
            specs=tuple(self.tokenizer_specs()),
            text="" if prompt_mode else self.editor.toPlainText(),
            messages=self.messages_model.messages() if prompt_mode else None,
            add_generation_prompt=self.generation_prompt_box.isChecked(),
            parse_special=self.special_box.isChecked(),
            add_special=self.bos_box.isChecked(),
            show_whitespace=self.whitespace_box.isChecked(),
            context_length=self._context_length,
        )
        self._thread.worker.newest_request = self._next_id
        self._request.emit(request)

    @Slot(int, str)
    def on_worker_loading(self, column: int, spec: str) -> None:
        if column < len(self.columns) and self.columns[column].spec == spec:
            self.columns[column].show_loading(spec)

    @Slot(object)
    def on_worker_column_ready(self, result: ColumnResult) -> None:
        if self._dirty or result.request_id != self._in_flight:
            return  # a newer request will replace it
        if result.column < len(self.columns) and self.columns[result.column].spec == result.spec:
            self.columns[result.column].apply(result)

    @Slot(int)
    def on_worker_request_done(self, request_id: int) -> None:
        if request_id != self._in_flight:
            return
        self._in_flight = 0
        if self._dirty:
            self._send()
            return
        self.last_shown_request = request_id
        self._update_comparison()
        self.view_updated.emit(request_id)

    def _update_comparison(self) -> None:
        shown = [
            c.result.display
            for c in self.columns
            if c.result is not None and c.result.display is not None
        ]
        if len(shown) < 2:
            self.compare_label.clear()
            return
        base_tokenization = shown[0].tokenization
        base = base_tokenization.counts
        parts = [
            self.tr("{name}: {tokens} tokens").format(
                name=base_tokenization.tokenizer.name, tokens=base.tokens
            )
        ]
        for display in shown[1:]:
            tokenization = display.tokenization
            counts = tokenization.counts
            ratio = counts.ratio_to(base)
            parts.append(
                self.tr("{name}: {tokens} tokens, {ratio} of {base}").format(
                    name=tokenization.tokenizer.name,
                    tokens=counts.tokens,
                    ratio=f"{ratio:.2f}×" if ratio is not None else "–",
                    base=base_tokenization.tokenizer.name,
                )
            )
        self.compare_label.setText(" · ".join(parts))
