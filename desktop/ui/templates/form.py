"""The "use template" form: one field per variable, a live preview and its token count."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.templates.builtin import VariableField
from desktop.core.templates.library import TemplateContent
from desktop.core.templates.variables import RenderedPrompt, check_values, render_prompt
from desktop.ui.i18n import message_text

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 150
CountTokens = Callable[[str], "int | None"]  # None: no model loaded


class VariableForm(QWidget):
    """Emits `changed(bool ready)` after each edit; `prompt()` is the rendered result."""

    changed = Signal(bool)

    def __init__(
        self, count_tokens: CountTokens | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._count_tokens = count_tokens
        self._content: TemplateContent | None = None
        self._editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._prompt: RenderedPrompt | None = None

        self._fields_host = QWidget()
        self._form = QFormLayout(self._fields_host)
        # Labels above fields: long values (and Chinese labels) get the full width.
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._fields_host)

        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setObjectName("templatePreview")
        self.count_label = QLabel()
        self.missing_label = QLabel()
        self.missing_label.setObjectName("missingVariables")
        self.missing_label.setWordWrap(True)

        preview_box = QWidget()
        pv = QVBoxLayout(preview_box)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addWidget(QLabel(self.tr("Preview")))
        pv.addWidget(self.preview, 1)
        pv.addWidget(self.count_label)
        pv.addWidget(self.missing_label)

        scroll.setMinimumWidth(260)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(preview_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.on_timeout)

    def set_count_tokens(self, count_tokens: CountTokens | None) -> None:
        self._count_tokens = count_tokens
        self.refresh()

    def set_content(self, content: TemplateContent | None) -> None:
        """Rebuilds the fields; values typed for a variable of the same name are kept."""
        kept = self.values()
        while self._form.rowCount():
            self._form.removeRow(0)
        self._editors.clear()
        self._content = content
        for f in content.fields if content else ():
            editor = self._editor_for(f)
            if f.name in kept:
                self._set_text(editor, kept[f.name])
            self._editors[f.name] = editor
            self._form.addRow(f.label if f.label == f.name else f"{f.label} ({f.name})", editor)
        if content is not None and not content.fields:
            self._form.addRow(QLabel(self.tr("This template has no variables.")))
        self.refresh()

    def _editor_for(self, f: VariableField) -> QLineEdit | QPlainTextEdit:
        hint = f.default if f.default is not None else f.hint
        if f.multiline:
            editor: QLineEdit | QPlainTextEdit = QPlainTextEdit()
            editor.setPlaceholderText(hint or "")
            editor.setFixedHeight(90)
            editor.textChanged.connect(self.on_field_changed)
        else:
            editor = QLineEdit()
            editor.setPlaceholderText(hint or "")
            editor.textChanged.connect(self.on_field_changed)
        editor.setObjectName(f"var_{f.name}")
        editor.setToolTip(
            self.tr("Required")
            if f.default is None
            else self.tr("Empty uses the default: %1").replace("%1", f.default)
        )
        return editor

    @staticmethod
    def _set_text(editor: QLineEdit | QPlainTextEdit, text: str) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(text)
        else:
            editor.setPlainText(text)

    def editor(self, name: str) -> QLineEdit | QPlainTextEdit | None:
        return self._editors.get(name)

    def set_value(self, name: str, text: str) -> None:
        editor = self._editors.get(name)
        if editor is not None:
            self._set_text(editor, text)

    def values(self) -> dict[str, str]:
        """Non-empty fields only: an empty field means "use the default" (or missing)."""
        out = {}
        for name, editor in self._editors.items():
            text = editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()
            if text != "":
                out[name] = text
        return out

    def prompt(self) -> RenderedPrompt | None:
        """The rendered prompt, or None while a variable is missing or the template is broken."""
        return self._prompt

    def on_field_changed(self) -> None:
        self._timer.start()

    def on_timeout(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        c = self._content
        if c is None:
            self.preview.setPlainText("")
            self.count_label.setText("")
            self.missing_label.setText("")
            self._prompt = None
            self.changed.emit(False)
            return
        values = self.values()
        report = check_values(c.system, c.body, values)
        preview = render_prompt(c.kind, c.system, c.body, values, strict=False)
        self.preview.setPlainText(preview.text)
        if report.problems:
            p = report.problems[0]
            self.missing_label.setText(
                self.tr("Fix the template first: %1 %2")
                .replace("%1", message_text(p.message))
                .replace("%2", p.text)
            )
        elif report.missing:
            self.missing_label.setText(
                self.tr("Missing: %1").replace("%1", ", ".join(report.missing))
            )
        else:
            self.missing_label.setText("")
        self._prompt = preview if report.ok else None
        self._show_count(preview.text)
        self.changed.emit(report.ok)

    def _show_count(self, text: str) -> None:
        n = None
        if self._count_tokens is not None:
            try:
                n = self._count_tokens(text)
            except Exception as exc:  # the injected counter may fail any way: show characters
                log.warning("token count failed", exc_info=exc)
                n = None
        if n is None:
            self.count_label.setText(
                self.tr("%1 characters (load a model to count tokens)").replace(
                    "%1", str(len(text))
                )
            )
        else:
            self.count_label.setText(self.tr("%1 tokens").replace("%1", str(n)))
