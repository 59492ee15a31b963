"""Item models and delegates for the hub panel: search results, a repo's files, downloads."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionProgressBar

from desktop.core.hub.jobs import DownloadSnapshot
from desktop.core.hub.search import RemoteModel, SearchResult
from desktop.core.models.fit import FitEstimate
from desktop.ui.i18n import message_text, translated
from desktop.ui.models.download_text import progress_text, speed_text
from desktop.ui.units import size_text
from desktop.ui.widgets.row_model import Index, ObjectRole, RowTableModel


def human_count(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:.1f}M"
    if n >= 1_000:
        return f"{n / 1e3:.1f}k"
    return str(n)


def fit_text(fit: FitEstimate | None) -> str:
    if fit is None:
        return QCoreApplication.translate("HubModels", "unknown")
    if fit.verdict == "gpu":
        text = QCoreApplication.translate("HubModels", "fits on the GPU")
    elif fit.verdict == "partial":
        text = QCoreApplication.translate("HubModels", "partial offload: %1 of %2 layers").replace(
            "%1", str(fit.gpu_layers)
        )
        text = text.replace("%2", str(fit.n_layers))
    elif fit.verdict == "cpu":
        text = QCoreApplication.translate("HubModels", "CPU only")
    else:
        text = QCoreApplication.translate("HubModels", "too large")
    return text + (
        QCoreApplication.translate("HubModels", " (estimate)") if fit.approximate else ""
    )


# --------------------------------------------------------------------------- search results


class SearchResultsModel(QAbstractListModel):
    """Search results; `append_page` adds a page below the ones already shown."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[SearchResult] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return r.repo_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return card_details(r)
        if role == ObjectRole:
            return r
        return None

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def append_page(self, results) -> None:
        if not results:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(results) - 1)
        self._rows.extend(results)
        self.endInsertRows()

    def result(self, row: int) -> SearchResult:
        return self._rows[row]


def card_details(r: SearchResult) -> str:
    parts = [
        r.author,
        QCoreApplication.translate("HubModels", "%1 downloads").replace(
            "%1", human_count(r.downloads)
        ),
        QCoreApplication.translate("HubModels", "%1 likes").replace("%1", human_count(r.likes)),
    ]
    if r.last_modified is not None:
        parts.append(
            QCoreApplication.translate("HubModels", "updated %1").replace(
                "%1", r.last_modified.date().isoformat()
            )
        )
    if r.license:
        parts.append(r.license)
    if r.gated:
        parts.append(QCoreApplication.translate("HubModels", "gated"))
    if r.base_model:
        parts.append(
            QCoreApplication.translate("HubModels", "base: %1").replace("%1", r.base_model)
        )
    return "  ·  ".join(parts)


class SearchResultDelegate(QStyledItemDelegate):
    """A two-line card: the repo id in bold, then author, counts, date, license, gate, base."""

    PADDING = 6

    def sizeHint(self, option, index) -> QSize:
        fm = option.fontMetrics
        return QSize(200, fm.height() * 2 + self.PADDING * 3)

    def paint(self, painter, option, index) -> None:
        result = index.data(ObjectRole)
        if result is None:
            return super().paint(painter, option, index)
        painter.save()
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(group))
        rect = option.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        line = option.fontMetrics.height()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        title = result.repo_id + (
            "  " + QCoreApplication.translate("HubModels", "(gated)") if result.gated else ""
        )
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line), 0, title)
        painter.setFont(option.font)
        if not selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        details = option.fontMetrics.elidedText(
            card_details(result), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRect(rect.left(), rect.top() + line + self.PADDING, rect.width(), line), 0, details
        )
        painter.restore()


# --------------------------------------------------------------------------- repo files


@dataclass(frozen=True)
class FileRow:
    model: RemoteModel
    fit: FitEstimate | None
    recommended: bool


class RepoFilesModel(RowTableModel):
    """Every GGUF model of a repo: name, quantization, size, fit; the recommended row stands out."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("HubModels", "File"),
        QT_TRANSLATE_NOOP("HubModels", "Quantization"),
        QT_TRANSLATE_NOOP("HubModels", "Size"),
        QT_TRANSLATE_NOOP("HubModels", "Fit on this machine"),
    )
    TITLE_CONTEXT = "HubModels"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not self.is_cell(index):
            return None
        row: FileRow = self._rows[index.row()]
        m, col = row.model, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                name = m.name
                if m.is_split:
                    name += QCoreApplication.translate("HubModels", " (%1 parts)").replace(
                        "%1", str(len(m.files))
                    )
                return ("★ " if row.recommended else "") + name
            if col == 1:
                return m.quantization or QCoreApplication.translate("HubModels", "unknown")
            if col == 2:
                return size_text(m.size)
            if col == 3:
                if m.projector:
                    return QCoreApplication.translate(
                        "HubModels", "vision projector (not a chat model)"
                    )
                if not m.complete:
                    return QCoreApplication.translate(
                        "HubModels", "incomplete: parts missing on the Hub"
                    )
                return fit_text(row.fit)
        if role == Qt.ItemDataRole.FontRole and row.recommended:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row.recommended:
            return QBrush(QColor(80, 160, 80, 60))
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = "\n".join(f.path for f in m.files)
            if row.recommended:
                tip = (
                    QCoreApplication.translate("HubModels", "Recommended for this machine")
                    + "\n"
                    + tip
                )
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ObjectRole:
            return row
        return None

    def recommended_row(self) -> int | None:
        for i, r in enumerate(self._rows):
            if r.recommended:
                return i
        return None


# --------------------------------------------------------------------------- downloads


STATE_LABELS = {
    "queued": QT_TRANSLATE_NOOP("HubModels", "Queued"),
    "running": QT_TRANSLATE_NOOP("HubModels", "Downloading"),
    "paused": QT_TRANSLATE_NOOP("HubModels", "Paused"),
    "verifying": QT_TRANSLATE_NOOP("HubModels", "Verifying"),
    "done": QT_TRANSLATE_NOOP("HubModels", "Installed"),
    "failed": QT_TRANSLATE_NOOP("HubModels", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("HubModels", "Cancelled"),
}


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


class DownloadsModel(RowTableModel):
    """The download queue; `update` applies fresh snapshots with minimal row changes."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("HubModels", "Model"),
        QT_TRANSLATE_NOOP("HubModels", "Status"),
        QT_TRANSLATE_NOOP("HubModels", "Progress"),
        QT_TRANSLATE_NOOP("HubModels", "Speed"),
        QT_TRANSLATE_NOOP("HubModels", "ETA"),
    )
    TITLE_CONTEXT = "HubModels"
    PROGRESS_COLUMN = 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not self.is_cell(index):
            return None
        s: DownloadSnapshot = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{s.repo_id} / {s.name}"
            if col == 1:
                label = translated("HubModels", str(STATE_LABELS[s.state]))
                if s.state == "running" and s.error:
                    label = QCoreApplication.translate("HubModels", "Retrying")
                return label
            if col == 2:
                return progress_text(s.downloaded, s.total)
            if col == 3:
                return speed_text(s.speed) if s.state == "running" else ""
            if col == 4:
                return eta_text(s.eta) if s.state == "running" else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return (message_text(s.error) if s.error else "\n".join(s.installed)) or None
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and s.state == "failed":
            return QBrush(QColor(200, 40, 40))
        if role == ObjectRole:
            return s
        return None

    def update(self, snapshots: list[DownloadSnapshot]) -> None:
        by_id = {s.job_id: s for s in snapshots}
        # Rows that disappeared (forgotten jobs) go first.
        self.remove_rows(r for r, old in enumerate(self._rows) if old.job_id not in by_id)
        for row, old in enumerate(self._rows):
            new = by_id.pop(old.job_id)
            if new != old:
                self.replace_row(row, new)
        self.append_rows([s for s in snapshots if s.job_id in by_id])

    def row_of(self, job_id: str) -> int | None:
        for i, s in enumerate(self._rows):
            if s.job_id == job_id:
                return i
        return None


class DownloadProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as a progress bar with the byte counts on it."""

    def paint(self, painter, option, index) -> None:
        snap = index.data(ObjectRole)
        if index.column() != DownloadsModel.PROGRESS_COLUMN or snap is None:
            return super().paint(painter, option, index)
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 2, -2, -2)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = int((snap.fraction or 0.0) * 1000)
        bar.text = index.data(Qt.ItemDataRole.DisplayRole)
        bar.textVisible = True
        bar.state = option.state
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)
