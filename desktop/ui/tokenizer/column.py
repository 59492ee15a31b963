"""One tokenizer's column in the tokenizer panel: picker, counts, coloured tokens, ids table."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.core.tokenizers import TokenizerChoice
from desktop.ui.i18n import message_text
from desktop.ui.tokenizer.token_table import TokenTableModel
from desktop.ui.tokenizer.token_view import TokenTextView
from desktop.ui.tokenizer.worker import ColumnResult

OTHER_GGUF = "__other_gguf__"


class TokenizerColumn(QWidget):
    """One tokenizer's view of the text: picker, counts, coloured tokens, ids table."""

    spec_changed = Signal()
    spec_highlighted = Signal(str)  # the user is pointing at an entry: a hint to load it early
    remove_requested = Signal()
    other_gguf_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = QComboBox()
        self.picker.setMinimumContentsLength(14)
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setToolTip(self.tr("Remove this tokenizer from the comparison"))
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.counts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = TokenTextView()
        self.table_model = TokenTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.copy_ids_button = QPushButton(self.tr("Copy ids"))
        ids_page = QWidget()
        ids_layout = QVBoxLayout(ids_page)
        ids_layout.setContentsMargins(0, 0, 0, 0)
        ids_layout.addWidget(self.table)
        ids_layout.addWidget(self.copy_ids_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.view, self.tr("Tokens"))
        self.tabs.addTab(ids_page, self.tr("Ids"))

        header = QHBoxLayout()
        header.addWidget(self.picker, 1)
        header.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.detail_label)

        self.result: ColumnResult | None = None
        self._spec = ""
        self.picker.activated.connect(self.on_picker_activated)
        self.picker.highlighted.connect(self.on_picker_highlighted)
        self.remove_button.clicked.connect(self.remove_requested)
        self.copy_ids_button.clicked.connect(self.on_copy_ids_button_clicked)
        self.view.group_hovered.connect(self.on_view_group_hovered)
        self.view.group_clicked.connect(self.on_view_group_clicked)
        self.table.clicked.connect(self.on_table_clicked)

    # ------------------------------------------------------------------ picker

    @property
    def spec(self) -> str:
        return self._spec

    def set_choices(self, choices: Sequence[TokenizerChoice], current: str) -> None:
        self.picker.blockSignals(True)
        self.picker.clear()
        for choice in choices:
            label = choice.label
            if choice.loaded_model and choice.kind == "backend":
                label = self.tr("{name} (the chat's server)").format(name=choice.label)
            elif choice.loaded_model:
                label = self.tr("{name} (loaded model)").format(name=choice.label)
            elif choice.kind == "backend":
                label = self.tr("{name} (server)").format(name=choice.label)
            elif choice.kind == "tiktoken" and not choice.offline:
                label = self.tr("{name} (needs download)").format(name=choice.label)
            elif choice.kind == "tiktoken":
                label = self.tr("{name} (tiktoken)").format(name=choice.label)
            self.picker.addItem(label, choice.spec)
            self.picker.setItemData(
                self.picker.count() - 1, choice.spec, Qt.ItemDataRole.ToolTipRole
            )
        if current and self.picker.findData(current) < 0:
            self.picker.addItem(current.split(":", 1)[-1].rsplit("/", 1)[-1], current)
        self.picker.addItem(self.tr("Other GGUF file…"), OTHER_GGUF)
        self.picker.setCurrentIndex(max(self.picker.findData(current), 0))
        data = self.picker.currentData()
        self._spec = "" if data == OTHER_GGUF else data
        self.picker.blockSignals(False)

    @Slot(int)
    def on_picker_highlighted(self, index: int) -> None:
        data = self.picker.itemData(index)
        if data and data != OTHER_GGUF and data != self._spec:
            self.spec_highlighted.emit(data)

    @Slot(int)
    def on_picker_activated(self, index: int) -> None:
        data = self.picker.itemData(index)
        if data == OTHER_GGUF:
            self.picker.setCurrentIndex(max(self.picker.findData(self._spec), 0))
            self.other_gguf_requested.emit()
            return
        if data != self._spec:
            self._spec = data
            self.spec_changed.emit()

    # ------------------------------------------------------------------ results

    def show_loading(self, spec: str) -> None:
        self.counts_label.setText(self.tr("Loading {name}…").format(name=spec.split(":", 1)[-1]))

    def apply(self, result: ColumnResult) -> None:
        self.result = result
        if result.error:
            self.counts_label.setText(f'<span style="color:#d33">{_html(result.error)}</span>')
            self.view.set_display(None)
            self.table_model.set_tokenization(None)
            return
        assert result.display is not None
        tokenization = result.display.tokenization
        counts = tokenization.counts
        text = self.tr(
            "{tokens} tokens · {chars} characters · {bytes} bytes · {cpt:.2f} characters/token"
        ).format(
            tokens=counts.tokens,
            chars=counts.characters,
            bytes=counts.bytes,
            cpt=counts.chars_per_token,
        )
        prompt = result.prompt
        if prompt is not None:
            if prompt.context_length:
                text += "<br>" + self.tr(
                    "Prompt: {n} of {ctx} context tokens ({share:.1%})"
                ).format(n=prompt.n_tokens, ctx=prompt.context_length, share=prompt.context_share)
            if prompt.template is not None:
                text += "<br>" + html.escape(message_text(prompt.template.reason))
            elif prompt.used_fallback:
                text += "<br>" + self.tr("No chat template in this tokenizer: rendered as ChatML.")
        if result.note:
            text = f'<span style="color:#b06000">{_html(result.note)}</span><br>' + text
        self.counts_label.setText(text)
        self.view.set_display(result.display)
        self.table_model.set_tokenization(tokenization)

    # ------------------------------------------------------------------ details

    def describe_group(self, group: int) -> str:
        display = self.view.display
        if display is None or not 0 <= group < len(display):
            return ""
        lines = []
        for index in display.tokens_of(group):
            span = display.tokenization.span(index)
            lines.append(
                self.tr(
                    "#{index} · id {id} · {kind} · piece {piece} · bytes {hex} · {start}–{end}"
                ).format(
                    index=index,
                    id=span.id,
                    kind=span.kind,
                    piece=repr(span.piece),
                    hex=span.hex or "—",
                    start=span.start,
                    end=span.end,
                )
            )
            if len(lines) >= 12:
                lines.append(self.tr("…"))
                break
        return "\n".join(lines)

    @Slot(int)
    def on_view_group_hovered(self, group: int) -> None:
        if group < 0:
            return
        text = self.describe_group(group)
        QToolTip.showText(QCursor.pos(), text, self.view)
        if self.view.selected_group < 0:
            self.detail_label.setText(text)

    @Slot(int)
    def on_view_group_clicked(self, group: int) -> None:
        display = self.view.display
        self.detail_label.setText(self.describe_group(group))
        if display is not None:
            first = display.tokens_of(group).start
            self.table.selectRow(first)

    @Slot()
    def on_table_clicked(self, index) -> None:
        display = self.view.display
        if display is None or not index.isValid():
            return
        group = display.group_of_token(index.row())
        self.view.select_group(group)
        self.detail_label.setText(self.describe_group(group))

    @Slot()
    def on_copy_ids_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.table_model.ids_text())


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
