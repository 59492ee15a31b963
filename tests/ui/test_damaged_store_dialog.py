"""The damaged-database question: Enter (the default button) never starts an empty database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop.app import damaged_store_box
from desktop.core.store import StoreCorruptError


def test_without_a_backup_the_default_is_close_not_starting_empty(qtbot, tmp_path: Path) -> None:
    error = StoreCorruptError(tmp_path / "tessera.db", "disk I/O error", [])
    box, restore, fresh = damaged_store_box(error)
    qtbot.addWidget(box)
    assert restore is None
    assert box.defaultButton() is not fresh
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Close)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.Close)


def test_with_a_backup_the_default_is_restoring_it(qtbot, tmp_path: Path) -> None:
    backup = tmp_path / "tessera.backup-20260101T000000Z.db"
    error = StoreCorruptError(tmp_path / "tessera.db", "malformed", [backup])
    box, restore, fresh = damaged_store_box(error)
    qtbot.addWidget(box)
    assert restore is not None and box.defaultButton() is restore
    assert fresh is not None and box.defaultButton() is not fresh
