"""The inspector's Tools group: which tools this chat may call, the tool choice, the step limit.

The list shows the built-ins and every MCP server's tools (listed off the GUI thread: servers
start on first use), each with a check box; a server that failed is named under the list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.core.tools.agent import DEFAULT_MAX_STEPS
from desktop.core.tools.tool_settings import MAX_STEPS_LIMIT
from desktop.core.tools.toolbox import BUILTIN, Catalog, CatalogEntry
from desktop.ui.i18n import error_text, message_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


class ToolCatalogModel(QAbstractListModel):
    """The tools on offer, each checkable; checked names may include tools not listed (yet):
    a server that is down keeps its tools enabled for when it is back."""

    NameRole = Qt.ItemDataRole.UserRole + 1
    checked_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[CatalogEntry] = []
        self._checked: list[str] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        name = entry.definition.name
        if role == Qt.ItemDataRole.DisplayRole:
            source = self.tr("built-in") if entry.source == BUILTIN else entry.source
            return f"{name}  ({source})"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if name in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.definition.description or name
        if role == self.NameRole:
            return name
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        name = self._entries[index.row()].definition.name
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        if on and name not in self._checked:
            self._checked.append(name)
        elif not on and name in self._checked:
            self._checked.remove(name)
        else:
            return True
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True

    def set_entries(self, entries: Sequence[CatalogEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[CatalogEntry]:
        return list(self._entries)

    def set_checked(self, names: Iterable[str]) -> None:
        self._checked = list(dict.fromkeys(names))
        if self._entries:
            top, bottom = self.index(0), self.index(len(self._entries) - 1)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.CheckStateRole])

    def checked(self) -> tuple[str, ...]:
        return tuple(self._checked)

    def row_of(self, name: str) -> int:
        for row, entry in enumerate(self._entries):
            if entry.definition.name == name:
                return row
        return -1

    def definitions(self, names: Iterable[str]) -> list[Any]:
        by_name = {e.definition.name: e.definition for e in self._entries}
        return [by_name[n] for n in names if n in by_name]


class ToolsGroup(QGroupBox):
    """`load()` lists the tools (in the background); `changed` fires on every user edit."""

    changed = Signal()
    settings_requested = Signal()
    catalog_loaded = Signal(object)  # Catalog

    def __init__(self, catalog: Callable[[], Catalog], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Tools"), parent)
        self.setObjectName("toolsGroup")
        self._catalog = catalog
        self._tasks = BackgroundTasks(self, name="tessera-tool-catalog")
        self._loading = False
        self.model = ToolCatalogModel(self)
        self.view = QListView(self)
        self.view.setObjectName("toolList")
        self.view.setModel(self.model)
        self.view.setFixedHeight(120)
        self.status = QLabel(self)
        self.status.setObjectName("toolStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.choice = QComboBox(self)
        self.choice.setObjectName("toolChoice")
        self.steps = QSpinBox(self)
        self.steps.setObjectName("maxSteps")
        self.steps.setRange(1, MAX_STEPS_LIMIT)
        self.steps.setValue(DEFAULT_MAX_STEPS)
        self.steps.setToolTip(self.tr("Model replies per message before the agent stops"))
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setToolTip(self.tr("List the MCP servers' tools again"))
        self.settings_button = QPushButton(self.tr("Set up…"), self)
        self.settings_button.setToolTip(self.tr("MCP servers, folders the file tool may read"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.settings_button)
        form = QFormLayout(self)
        form.addRow(self.view)
        form.addRow(self.status)
        form.addRow(self.tr("Tool choice"), self.choice)
        form.addRow(self.tr("Step limit"), self.steps)
        form.addRow(buttons)
        self._fill_choices("auto")
        self.model.checked_changed.connect(self.on_model_checked_changed)
        self.choice.activated.connect(self.on_choice_activated)
        self.steps.valueChanged.connect(self.on_steps_value_changed)
        self.refresh_button.clicked.connect(self.load)
        self.settings_button.clicked.connect(self.settings_requested)

    # ------------------------------------------------------------------ catalog

    @Slot()
    def load(self) -> None:
        """List the tools again, off the GUI thread (MCP servers may start)."""
        if self._loading:
            return
        self._loading = True
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Listing tools…"))
        self._tasks.run(self._catalog, on_done=self._on_loaded, on_error=self._on_failed)

    def _on_loaded(self, catalog: Catalog) -> None:
        self._loading = False
        self.refresh_button.setEnabled(True)
        self.model.set_entries(catalog.entries)
        lines = [
            self.tr("%1: %2").replace("%1", server).replace("%2", message_text(problem))
            for server, problem in catalog.problems
        ]
        self.status.setText("\n".join(lines))
        self.status.setStyleSheet("color:#d93025" if lines else "")
        self._fill_choices(self.current_choice())
        self.catalog_loaded.emit(catalog)

    def _on_failed(self, error: BaseException) -> None:
        self._loading = False
        self.refresh_button.setEnabled(True)
        log.warning("tools could not be listed", exc_info=error)
        self.status.setText(error_text(error))
        self.status.setStyleSheet("color:#d93025")

    def shutdown(self) -> None:
        self._tasks.shutdown(timeout=2)

    # ------------------------------------------------------------------ values

    def enabled(self) -> tuple[str, ...]:
        return self.model.checked()

    def current_choice(self) -> str:
        data = self.choice.currentData()
        return str(data) if data else "auto"

    def _fill_choices(self, current: str) -> None:
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem(self.tr("Auto (the model decides)"), "auto")
        self.choice.addItem(self.tr("Required (call a tool first)"), "required")
        self.choice.addItem(self.tr("None (tools shown, not called)"), "none")
        for name in self.enabled():
            self.choice.addItem(self.tr("Always call %1 first").replace("%1", name), name)
        index = self.choice.findData(current)
        self.choice.setCurrentIndex(max(0, index))
        self.choice.blockSignals(False)

    def set_values(self, names: Sequence[str], choice: str, max_steps: int) -> None:
        """Shows a chat's saved choices (never emits `changed`)."""
        self.blockSignals(True)
        try:
            self.model.set_checked(names)
            self._fill_choices(choice)
            self.steps.setValue(max_steps)
        finally:
            self.blockSignals(False)

    def set_checked(self, name: str, on: bool) -> bool:
        """Check or uncheck a listed tool, as clicking its box does."""
        row = self.model.row_of(name)
        if row < 0:
            return False
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return self.model.setData(self.model.index(row), state, Qt.ItemDataRole.CheckStateRole)

    # ------------------------------------------------------------------ slots

    @Slot()
    def on_model_checked_changed(self) -> None:
        self._fill_choices(self.current_choice())
        self.changed.emit()

    @Slot(int)
    def on_choice_activated(self, _index: int) -> None:
        self.changed.emit()

    @Slot(int)
    def on_steps_value_changed(self, _value: int) -> None:
        self.changed.emit()
