"""The inspector's Knowledge section: which knowledge bases this chat answers from."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)


class KnowledgeBox(QGroupBox):
    toggled = Signal(str, bool)  # base name, attached
    manage_requested = Signal()
    first_shown = Signal()  # fill it once the window is up, not on the way there

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Knowledge"), parent)
        self.setObjectName("knowledgeBox")
        self.list = QListWidget(self)
        self.list.setObjectName("knowledgeBases")
        self.list.setMaximumHeight(96)
        self.list.setToolTip(
            self.tr("Each message you send is answered from the checked knowledge bases")
        )
        self.empty = QLabel(self.tr("No knowledge bases yet."), self)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.top_k = QSpinBox(self)
        self.top_k.setObjectName("knowledgeTopK")
        self.top_k.setRange(1, 20)
        self.top_k.setValue(5)
        self.top_k.setToolTip(self.tr("How many chunks go into each message"))
        self.manage_button = QPushButton(self.tr("Manage…"), self)
        form = QFormLayout(self)
        form.addRow(self.list)
        form.addRow(self.empty)
        form.addRow(self.tr("Passages per message"), self.top_k)
        form.addRow(self.manage_button)
        self.list.itemChanged.connect(self.on_list_item_changed)
        self.manage_button.clicked.connect(self.manage_requested)
        self._filling = False
        self._shown_once = False
        self.list.hide()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.first_shown.emit()

    def set_bases(self, names: list[str], attached: list[str]) -> None:
        self._filling = True
        self.list.clear()
        for name in names:
            item = QListWidgetItem(name, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if name in attached else Qt.CheckState.Unchecked
            )
        self._filling = False
        self.list.setVisible(bool(names))
        self.empty.setVisible(not names)

    def checked(self) -> list[str]:
        return [
            self.list.item(i).text()
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, name: str, checked: bool) -> None:
        """Checks a base as a user's click does (tests, the Knowledge page)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    @Slot(QListWidgetItem)
    def on_list_item_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self.toggled.emit(item.text(), item.checkState() == Qt.CheckState.Checked)
