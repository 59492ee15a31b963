"""Item models for the library panel: installed models, and GGUFs found elsewhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.core.models.library import ExternalModel, InstalledModel
from desktop.core.units import format_params
from desktop.ui.i18n import message_text, translated
from desktop.ui.units import size_text
from desktop.ui.widgets.row_model import Index, ObjectRole, RowTableModel


class LibraryModel(RowTableModel):
    """Installed models; rows with a missing file or unreadable header are shown in red."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("LibraryModels", "File"),
        QT_TRANSLATE_NOOP("LibraryModels", "Architecture"),
        QT_TRANSLATE_NOOP("LibraryModels", "Parameters"),
        QT_TRANSLATE_NOOP("LibraryModels", "Quantization"),
        QT_TRANSLATE_NOOP("LibraryModels", "Context"),
        QT_TRANSLATE_NOOP("LibraryModels", "Size"),
        QT_TRANSLATE_NOOP("LibraryModels", "Last used"),
        QT_TRANSLATE_NOOP("LibraryModels", "Source"),
        QT_TRANSLATE_NOOP("LibraryModels", "Chat template"),
    )
    TITLE_CONTEXT = "LibraryModels"
    TEMPLATE_COLUMN = 8

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not self.is_cell(index):
            return None
        m: InstalledModel = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                Path(m.path).name,  # the file name tells quantizations of one model apart
                m.architecture or "?",
                format_params(m.n_params),
                m.quantization or "?",
                str(m.context_length or "?"),
                size_text(m.size_bytes),
                m.last_used_at.astimezone().strftime("%Y-%m-%d %H:%M")
                if m.last_used_at
                else QCoreApplication.translate("LibraryModels", "never"),
                QCoreApplication.translate("LibraryModels", "in library")
                if m.source == "library"
                else QCoreApplication.translate("LibraryModels", "referenced"),
                message_text(m.template_summary) if m.template_summary is not None else "?",
            )
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TEMPLATE_COLUMN:
                return template_details(m)
            return f"{m.path}\n{m.problem}" if m.problem else m.path
        if role == Qt.ItemDataRole.ForegroundRole and (m.missing or m.problem):
            return QBrush(QColor(200, 40, 40))
        if role == ObjectRole:
            return m
        return None


def template_details(m: InstalledModel) -> str:
    """Which chat template the chat uses for `m` and why, whether it is a base model, and
    where to choose another one."""
    if m.template is None:
        return QCoreApplication.translate(
            "LibraryModels", "Chat template: unknown (the file's header could not be read)."
        )
    lines = [message_text(m.template.reason)]
    if m.base_notice is not None:
        lines.append(message_text(m.base_notice))
    lines.append(
        QCoreApplication.translate(
            "LibraryModels",
            "To use another template: Chat page, Model box, Chat template (saved for this model).",
        )
    )
    return "\n".join(lines)


class ExternalModelsModel(RowTableModel):
    """GGUFs found in the Hugging Face cache, LM Studio, or a scanned folder."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("LibraryModels", "Found in"),
        QT_TRANSLATE_NOOP("LibraryModels", "File"),
        QT_TRANSLATE_NOOP("LibraryModels", "Size"),
        QT_TRANSLATE_NOOP("LibraryModels", "In library"),
    )
    TITLE_CONTEXT = "LibraryModels"
    SOURCES = {
        "hf_cache": QT_TRANSLATE_NOOP("LibraryModels", "Hugging Face cache"),
        "lmstudio": QT_TRANSLATE_NOOP("LibraryModels", "LM Studio"),
        "folder": QT_TRANSLATE_NOOP("LibraryModels", "Scanned folder"),
    }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not self.is_cell(index):
            return None
        e: ExternalModel = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                translated("LibraryModels", str(self.SOURCES[e.source])),
                e.label,
                size_text(e.size_bytes),
                QCoreApplication.translate("LibraryModels", "yes")
                if e.known
                else QCoreApplication.translate("LibraryModels", "no"),
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.path
        if role == ObjectRole:
            return e
        return None
