"""The row-model base every table model builds on: rows, titles, inserts, removals."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, Qt

from desktop.ui.widgets.row_model import Index, ObjectRole, RowTableModel


@dataclass(frozen=True)
class Fruit:
    name: str
    grams: int


class FruitModel(RowTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("LibraryModels", "File"),
        QT_TRANSLATE_NOOP("LibraryModels", "Size"),
    )
    TITLE_CONTEXT = "LibraryModels"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not self.is_cell(index):
            return None
        fruit = self.item(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return (fruit.name, str(fruit.grams))[index.column()]
        if role == ObjectRole:
            return fruit
        return None


def test_rows_change_with_the_notifications_views_need(qtmodeltester) -> None:
    model = FruitModel()
    qtmodeltester.check(model)  # keeps checking every change below
    model.set_rows([Fruit("apple", 150), Fruit("梨", 180)])
    model.append_rows([Fruit("plum", 40), Fruit("fig", 50)])
    model.append_rows([])
    model.replace_row(0, Fruit("apple", 160))
    model.remove_rows([3, 1, 1, 99])
    assert [f.name for f in model.items()] == ["apple", "plum"]
    assert model.index(0, 1).data() == "160"
    assert model.index(1, 0).data(ObjectRole) == Fruit("plum", 40)
    assert model.index(5, 0).data() is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "File"
    assert model.headerData(2, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    model.set_rows([])
    assert model.rowCount() == 0


def test_column_titles_are_translated(qapp) -> None:
    from desktop.app import install_translator

    translators = install_translator(qapp, QLocale("zh_CN"))
    try:
        model = FruitModel()
        assert model.headerData(0, Qt.Orientation.Horizontal) == qapp.translate(
            "LibraryModels", "File"
        )
        assert model.headerData(0, Qt.Orientation.Horizontal) != "File"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
