"""The templates panel: the library, an editor that saves versions, history with diff, and use."""

from __future__ import annotations

import json

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.store.errors import StoreError
from desktop.core.templates.library import TemplateEntry, TemplateLibrary
from desktop.ui.i18n import error_text, message_text
from desktop.ui.templates.form import CountTokens, VariableForm
from desktop.ui.templates.history import TemplateHistoryView
from desktop.ui.templates.item_models import TemplateListModel
from desktop.ui.templates.placeholder_highlighter import PlaceholderHighlighter

DELETE_CONFIRM_MS = 3000


class TemplatesPanel(QWidget):
    """Depends on a `TemplateLibrary` and, optionally, `count_tokens(text) -> int | None`.

    Signals for the main window: `sendToChat(system, user)` (current conversation),
    `sendToNewChat(system, user)`, `useAsSystemPrompt(text)`; `templatesChanged()` after a save,
    duplicate or delete (experiments list templates too).
    """

    sendToChat = Signal(str, str)
    sendToNewChat = Signal(str, str)
    useAsSystemPrompt = Signal(str)
    templatesChanged = Signal()

    def __init__(
        self,
        library: TemplateLibrary,
        count_tokens: CountTokens | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._entry: TemplateEntry | None = None
        self._new = False  # the editor holds a template not saved yet

        # ---- left: the library
        self.list_model = TemplateListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.list_model)
        self.proxy.setFilterRole(TemplateListModel.FilterRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter templates"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.on_filter_changed)
        self.list_view = QListView()
        self.list_view.setModel(self.proxy)
        self.list_view.selectionModel().currentChanged.connect(self.on_current_changed)
        self.new_button = QPushButton(self.tr("New"))
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.new_button.clicked.connect(self.on_new_clicked)
        self.duplicate_button.clicked.connect(self.on_duplicate_clicked)
        self.delete_button.clicked.connect(self.on_delete_clicked)
        self._delete_armed = False
        self._disarm_timer = QTimer(self)
        self._disarm_timer.setSingleShot(True)
        self._disarm_timer.setInterval(DELETE_CONFIRM_MS)
        self._disarm_timer.timeout.connect(self.on_disarm_timeout)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.filter_edit)
        lv.addWidget(self.list_view, 1)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(b)
        lv.addLayout(buttons)

        # ---- right: use / edit / history
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_use_tab(count_tokens), self.tr("Use"))
        self.tabs.addTab(self._build_edit_tab(), self.tr("Edit"))
        self.history = TemplateHistoryView()
        self.history.restoreRequested.connect(self.on_restore_requested)
        self.tabs.addTab(self.history, self.tr("History"))
        self.status_label = QLabel()
        self.status_label.setObjectName("templatesStatus")
        self.status_label.setWordWrap(True)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.tabs, 1)
        rv.addWidget(self.status_label)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.reload()

    # ------------------------------------------------------------------ building

    def _build_use_tab(self, count_tokens: CountTokens | None) -> QWidget:
        self.form = VariableForm(count_tokens)
        self.form.changed.connect(self.on_form_changed)
        self.send_button = QPushButton(self.tr("Send to chat"))
        self.send_new_button = QPushButton(self.tr("Send to new chat"))
        self.system_button = QPushButton(self.tr("Use as system prompt"))
        self.send_button.clicked.connect(self.on_send_clicked)
        self.send_new_button.clicked.connect(self.on_send_new_clicked)
        self.system_button.clicked.connect(self.on_system_clicked)
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.addWidget(self.form, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.system_button, self.send_new_button, self.send_button):
            row.addWidget(b)
        v.addLayout(row)
        return tab

    def _build_edit_tab(self) -> QWidget:
        self.name_edit = QLineEdit()
        self.description_edit = QLineEdit()
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(self.tr("comma, separated"))
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Chat (system + user message)"), "chat")
        self.kind_combo.addItem(self.tr("Completion (raw text)"), "completion")
        self.system_edit = QPlainTextEdit()
        self.system_edit.setObjectName("templateSystem")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("templateBody")
        self.system_highlighter = PlaceholderHighlighter(self.system_edit.document())
        self.body_highlighter = PlaceholderHighlighter(self.body_edit.document())
        self.params_edit = QLineEdit()
        self.params_edit.setPlaceholderText('{"temperature": 0.7, "max_tokens": 512}')
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("What changed in this version (optional)"))
        self.problems_label = QLabel()
        self.problems_label.setObjectName("templateProblems")
        self.problems_label.setWordWrap(True)
        help_label = QLabel(
            self.tr(
                "Variables: {{name}} or {{name=default}}. Write \\{{ for literal braces. "
                "Every save keeps the previous version in History."
            )
        )
        help_label.setWordWrap(True)
        self.readonly_label = QLabel(
            self.tr("Built-in templates are read-only: duplicate one to edit it.")
        )
        self.save_button = QPushButton(self.tr("Save version"))
        self.save_button.clicked.connect(self.on_save_clicked)
        self.system_edit.textChanged.connect(self.on_editor_changed)
        self.body_edit.textChanged.connect(self.on_editor_changed)

        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        form.addRow(self.tr("Tags"), self.tags_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("System"), self.system_edit)
        form.addRow(self.tr("Body"), self.body_edit)
        form.addRow(self.tr("Default params"), self.params_edit)
        form.addRow(self.tr("Note"), self.note_edit)
        form.addRow(help_label)
        form.addRow(self.problems_label)
        form.addRow(self.readonly_label)
        form.addRow(self.save_button)
        return tab

    # ------------------------------------------------------------------ state

    def reload(self, select_key: str | None = None) -> None:
        """Re-reads the library and shows `select_key` (default: the current template) afresh;
        unsaved edits in the editor are discarded."""
        key = select_key or (self._entry.key if self._entry else None)
        self._entry = None
        try:
            self.list_model.set_entries(self.library.entries())
        except StoreError as exc:
            self._status(error_text(exc))
            return
        row = self.list_model.row_of(key) if key else -1
        self.select_row(max(row, 0) if self.list_model.rowCount() else -1)

    def select_row(self, source_row: int) -> None:
        if source_row < 0:
            self._show_entry(None)
            return
        index = self.proxy.mapFromSource(self.list_model.index(source_row, 0))
        if index.isValid():
            self.list_view.setCurrentIndex(index)
        entry = self.list_model.entry(source_row)
        if self._entry is None or entry is None or self._entry.key != entry.key:
            self._show_entry(entry)

    def select_template(self, name: str) -> bool:
        entry = self.library.find(name)
        if entry is None:
            return False
        self.filter_edit.clear()
        self.select_row(self.list_model.row_of(entry.key))
        return True

    def current_entry(self) -> TemplateEntry | None:
        return self._entry

    def _status(self, text: str) -> None:
        self.status_label.setText(text)

    def _show_entry(self, entry: TemplateEntry | None) -> None:
        self._entry, self._new = entry, False
        self._disarm()
        content = None
        if entry is not None:
            try:
                content = self.library.content(entry)
            except StoreError as exc:
                self._status(error_text(exc))
        self.form.set_content(content)
        self._fill_editor(entry, content)
        self.history.set_versions(
            self.library.versions(entry) if entry is not None else [],
            builtin=bool(entry and entry.builtin),
        )
        builtin = bool(entry and entry.builtin)
        self.delete_button.setEnabled(entry is not None and not builtin)
        self.duplicate_button.setEnabled(entry is not None)

    def _fill_editor(self, entry, content) -> None:
        builtin = bool(entry and entry.builtin)
        self.name_edit.setText(entry.name if entry else "")
        self.description_edit.setText(entry.description if entry else "")
        self.tags_edit.setText(", ".join(entry.tags) if entry else "")
        self.kind_combo.setCurrentIndex(
            max(0, self.kind_combo.findData(content.kind if content else "chat"))
        )
        self.system_edit.setPlainText(content.system if content else "")
        self.body_edit.setPlainText(content.body if content else "")
        self.params_edit.setText(
            json.dumps(dict(content.params), ensure_ascii=False)
            if content and content.params
            else ""
        )
        self.note_edit.clear()
        for w in (
            self.name_edit,
            self.description_edit,
            self.tags_edit,
            self.params_edit,
            self.note_edit,
        ):
            w.setReadOnly(builtin)
        self.system_edit.setReadOnly(builtin)
        self.body_edit.setReadOnly(builtin)
        self.kind_combo.setEnabled(not builtin)
        self.save_button.setEnabled(not builtin and entry is not None)
        self.readonly_label.setVisible(builtin)

    # ------------------------------------------------------------------ slots

    def on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    def on_current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        entry = self.list_model.entry(self.proxy.mapToSource(current).row())
        if entry is not None and (self._entry is None or entry.key != self._entry.key or self._new):
            self._show_entry(entry)

    def on_form_changed(self, ready: bool) -> None:
        for b in (self.send_button, self.send_new_button, self.system_button):
            b.setEnabled(ready)

    def on_send_clicked(self) -> None:
        prompt = self.form.prompt()
        if prompt is not None:
            self.sendToChat.emit(prompt.system if prompt.kind == "chat" else "", prompt.user)

    def on_send_new_clicked(self) -> None:
        prompt = self.form.prompt()
        if prompt is not None:
            self.sendToNewChat.emit(prompt.system if prompt.kind == "chat" else "", prompt.user)

    def on_system_clicked(self) -> None:
        prompt = self.form.prompt()
        if prompt is not None:
            self.useAsSystemPrompt.emit(prompt.text)

    def on_editor_changed(self) -> None:
        problems = self.system_highlighter.problems() + self.body_highlighter.problems()
        if problems:
            text = "; ".join(f"{message_text(p.message)}: {p.text}" for p in problems[:3])
            self.problems_label.setText(self.tr("Problems: %1").replace("%1", text))
        else:
            self.problems_label.setText("")

    def on_new_clicked(self) -> None:
        self.list_view.clearSelection()
        self._entry, self._new = None, True
        self._fill_editor(None, None)
        self.save_button.setEnabled(True)
        self.form.set_content(None)
        self.history.set_versions([])
        self.tabs.setCurrentIndex(1)
        self.name_edit.setFocus()
        self._status(self.tr("New template: give it a name and a body, then save."))

    def on_save_clicked(self) -> None:
        raw = self.params_edit.text().strip()
        try:
            params = json.loads(raw) if raw else {}
            if not isinstance(params, dict):
                raise ValueError
        except ValueError:
            self._status(
                self.tr(
                    'Default params must be a JSON object, e.g. {"temperature": 0.7}. Nothing was saved.'
                )
            )
            return
        try:
            entry = self.library.save(
                None if self._new else self._entry,
                name=self.name_edit.text().strip(),
                body=self.body_edit.toPlainText(),
                system=self.system_edit.toPlainText(),
                kind=self.kind_combo.currentData(),
                description=self.description_edit.text().strip(),
                tags=[t.strip() for t in self.tags_edit.text().split(",") if t.strip()],
                params=params,
                note=self.note_edit.text().strip(),
            )
        except StoreError as exc:
            self._status(error_text(exc))  # the editor keeps the text: nothing is lost
            return
        self._status(
            self.tr("Saved %1 as version %2.")
            .replace("%1", entry.name)
            .replace("%2", str(entry.latest_version))
        )
        self._entry, self._new = None, False
        self.reload(entry.key)
        self.templatesChanged.emit()

    def on_duplicate_clicked(self) -> None:
        if self._entry is None:
            return
        try:
            entry = self.library.duplicate(self._entry)
        except StoreError as exc:
            self._status(error_text(exc))
            return
        self._entry = None
        self.reload(entry.key)
        self.tabs.setCurrentIndex(1)
        self._status(self.tr("Duplicated as %1: edit and save it.").replace("%1", entry.name))
        self.templatesChanged.emit()

    def on_delete_clicked(self) -> None:
        if self._entry is None or self._entry.builtin:
            return
        if not self._delete_armed:
            self._delete_armed = True
            self.delete_button.setText(self.tr("Click again to delete"))
            self._disarm_timer.start()
            return
        self._disarm()
        name = self._entry.name
        try:
            self.library.delete(self._entry)
        except StoreError as exc:
            self._status(error_text(exc))
            return
        self._entry = None
        self.reload()
        self._status(self.tr("Deleted %1 and its history.").replace("%1", name))
        self.templatesChanged.emit()

    def on_disarm_timeout(self) -> None:
        self._disarm()

    def _disarm(self) -> None:
        self._delete_armed = False
        self._disarm_timer.stop()
        self.delete_button.setText(self.tr("Delete"))

    def on_restore_requested(self, number: int) -> None:
        if self._entry is None:
            return
        try:
            restored = self.library.restore(self._entry, number)
        except StoreError as exc:
            self._status(error_text(exc))
            return
        key = self._entry.key
        self._entry = None
        self.reload(key)
        self.tabs.setCurrentIndex(2)
        self._status(
            self.tr("Restored v%1 as v%2.")
            .replace("%1", str(number))
            .replace("%2", str(restored.number))
        )
        self.templatesChanged.emit()


def build_templates_panel(
    templates: TemplateLibrary, count_tokens: CountTokens | None = None
) -> TemplatesPanel:
    """The panel on the template library (built-ins plus saved templates).

    `count_tokens(text)` should return None while no model is loaded, e.g.
    `lambda t: session.client.count_tokens(t) if session.is_loaded else None`.
    """
    return TemplatesPanel(templates, count_tokens)
