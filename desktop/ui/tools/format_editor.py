"""The output format picker of a chat (and of an experiment config): free text, any JSON
object, a JSON Schema (pasted, from a file, or saved with a prompt template) or a GBNF grammar.

The text is checked as the user types (after a short pause): a schema that does not parse or
cannot become a grammar, or a grammar llama.cpp would refuse, is said under the box, and
`output_format()` raises it so nothing is sent with a broken format. "Show grammar…" opens
the GBNF the sampler will run, with the schema keywords it cannot enforce.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.messages import UserError
from desktop.core.store.errors import StoreError
from desktop.core.tools.output_format import (
    TEXT,
    OutputFormat,
    format_from_dict,
    format_to_dict,
    has_format,
)
from desktop.ui.i18n import error_text, message_text
from desktop.ui.tools.grammar_dialog import GrammarDialog

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 300
# (title, format dict) of prompt templates whose default params carry an output format.
TemplateFormats = Callable[[], Sequence[tuple[str, Mapping[str, Any]]]]

KINDS = ("text", "json", "json_schema", "grammar")


class OutputFormatEditor(QGroupBox):
    """`output_format()` -> the checked OutputFormat; `format_dict()`/`set_format_dict()` are
    the plain data saved per chat. `changed` fires on every edit the user makes."""

    changed = Signal()

    def __init__(
        self,
        template_formats: TemplateFormats | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Output format"), parent)
        self.setObjectName("outputFormat")
        self._template_formats = template_formats
        self._name = ""  # the schema's name (its file or template), shown with replies
        self._checked: OutputFormat = TEXT
        self._error: UserError | None = None
        self._dirty = False
        self._loading = False
        self.last_dialog: GrammarDialog | None = None

        self.kind = QComboBox(self)
        self.kind.setObjectName("formatKind")
        self.kind.addItem(self.tr("Free text"), "text")
        self.kind.addItem(self.tr("JSON (any object)"), "json")
        self.kind.addItem(self.tr("JSON Schema"), "json_schema")
        self.kind.addItem(self.tr("GBNF grammar"), "grammar")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("formatText")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setFixedHeight(110)
        self.file_button = QPushButton(self.tr("From file…"), self)
        self.template_button = QPushButton(self.tr("From template…"), self)
        self.template_button.setToolTip(
            self.tr("A JSON Schema saved in a prompt template's default params (json_schema)")
        )
        self.template_button.setVisible(template_formats is not None)
        self.show_button = QPushButton(self.tr("Show grammar…"), self)
        self.show_button.setObjectName("showGrammar")
        self.status = QLabel(self)
        self.status.setObjectName("formatStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QHBoxLayout()
        buttons.addWidget(self.file_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self.kind.currentIndexChanged.connect(self.on_kind_current_index_changed)
        self.text.textChanged.connect(self.on_text_text_changed)
        self.file_button.clicked.connect(self.on_file_button_clicked)
        self.template_button.clicked.connect(self.on_template_button_clicked)
        self.show_button.clicked.connect(self.on_show_button_clicked)
        self._update_widgets()

    # ------------------------------------------------------------------ values

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def output_format(self) -> OutputFormat:
        """The checked format; raises the UserError that says what is wrong with it."""
        if self._dirty:
            self.check_now()
        if self._error is not None:
            raise self._error
        return self._checked

    def error(self) -> str:
        """Why the format cannot be used, in the user's language ("" when it can)."""
        try:
            self.output_format()
        except UserError as exc:
            return error_text(exc)
        return ""

    def format_dict(self) -> dict[str, Any]:
        """What is saved for the chat: the kind and the text as typed (even when invalid)."""
        kind = self.current_kind()
        if kind == "text":
            return {}
        out: dict[str, Any] = {"format": kind}
        body = self.text.toPlainText()
        if kind == "json_schema":
            out["json_schema"] = body
            if self._name:
                out["schema_name"] = self._name
        elif kind == "grammar":
            out["grammar"] = body
        return out

    def set_format_dict(self, data: Mapping[str, Any]) -> None:
        """Shows a saved format (never emits `changed`)."""
        self._loading = True
        try:
            kind = "text"
            if has_format(data):
                kind = str(
                    data.get("format") or ("json_schema" if "json_schema" in data else "grammar")
                )
            index = self.kind.findData(kind)
            self.kind.setCurrentIndex(max(0, index))
            body = data.get("json_schema") if kind == "json_schema" else data.get("grammar")
            if isinstance(body, (dict, list)):
                body = json.dumps(body, ensure_ascii=False, indent=2)
            self.text.setPlainText(body if isinstance(body, str) else "")
            self._name = str(data.get("schema_name") or "")
        finally:
            self._loading = False
        self.check_now()

    def set_format(self, fmt: OutputFormat) -> None:
        self.set_format_dict(format_to_dict(fmt))

    # ------------------------------------------------------------------ checking

    @Slot()
    def check_now(self) -> None:
        self._timer.stop()
        self._dirty = False
        self._error = None
        self._checked = TEXT
        try:
            self._checked = format_from_dict(self.format_dict())
        except UserError as exc:
            self._error = exc
        self._show_status()

    def _show_status(self) -> None:
        kind = self.current_kind()
        self.show_button.setEnabled(kind != "text" and self._error is None)
        if self._error is not None:
            self.status.setStyleSheet("color:#d93025")
            self.status.setText(error_text(self._error))
        elif kind == "text":
            self.status.setStyleSheet("")
            self.status.setText("")
        elif self._checked.not_enforced:
            self.status.setStyleSheet("color:#b06000")
            keywords = "; ".join(message_text(m) for m in self._checked.not_enforced)
            self.status.setText(keywords)
        else:
            self.status.setStyleSheet("")
            self.status.setText(self.tr("Enforced while the model writes; checked when it ends."))

    def _update_widgets(self) -> None:
        kind = self.current_kind()
        self.text.setVisible(kind in ("json_schema", "grammar"))
        self.file_button.setVisible(kind in ("json_schema", "grammar"))
        self.template_button.setVisible(
            kind == "json_schema" and self._template_formats is not None
        )
        self.text.setPlaceholderText(
            self.tr('{"type": "object", "properties": {"name": {"type": "string"}}}')
            if kind == "json_schema"
            else self.tr('root ::= "yes" | "no"')
        )

    # ------------------------------------------------------------------ slots

    @Slot(int)
    def on_kind_current_index_changed(self, _index: int) -> None:
        self._update_widgets()
        if self._loading:
            return
        self.check_now()
        self.changed.emit()

    @Slot()
    def on_text_text_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._timer.start()
        self.changed.emit()

    @Slot()
    def on_file_button_clicked(self) -> None:
        grammar = self.current_kind() == "grammar"
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a GBNF grammar") if grammar else self.tr("Open a JSON Schema"),
            "",
            self.tr("GBNF grammars (*.gbnf *.txt);;All files (*)")
            if grammar
            else self.tr("JSON Schemas (*.json);;All files (*)"),
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Puts a schema or grammar file's text in the box (said in the status when unreadable)."""
        try:
            body = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            log.info("format file %s not read: %s", path, exc)
            self.status.setStyleSheet("color:#d93025")
            self.status.setText(
                self.tr("Cannot read %1: %2")
                .replace("%1", str(path))
                .replace("%2", getattr(exc, "strerror", None) or str(exc))
            )
            return False
        self._name = path.stem if self.current_kind() == "json_schema" else ""
        self.text.setPlainText(body)
        self.check_now()
        return True

    @Slot()
    def on_template_button_clicked(self) -> None:
        if self._template_formats is None:
            return
        menu = QMenu(self)
        menu.setObjectName("templateFormats")
        try:
            choices = list(self._template_formats())
        except StoreError as exc:  # said, nothing changes
            log.warning("template formats could not be listed: %s", exc)
            choices = []
            self.status.setText(error_text(exc))
        for title, data in choices:
            action = menu.addAction(title)
            action.setData(dict(data))
        if not choices:
            none = menu.addAction(
                self.tr("No template has a JSON Schema in its default params yet")
            )
            none.setEnabled(False)
        menu.triggered.connect(self.on_template_menu_triggered)
        self.last_menu = menu
        menu.popup(self.template_button.mapToGlobal(self.template_button.rect().bottomLeft()))

    def use_template_format(self, title: str, data: Mapping[str, Any]) -> None:
        fields = {k: v for k, v in data.items()}
        fields.setdefault("schema_name", title)
        self.set_format_dict(fields)
        self.changed.emit()

    @Slot(object)
    def on_template_menu_triggered(self, action: Any) -> None:
        data = action.data()
        if isinstance(data, dict):
            self.use_template_format(action.text(), data)

    @Slot()
    def on_show_button_clicked(self) -> None:
        try:
            fmt = self.output_format()
        except UserError:
            return
        dialog = GrammarDialog(fmt, self)
        self.last_dialog = dialog
        dialog.open()
