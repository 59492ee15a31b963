"""The results grid (cases x configs x versions), its cell delegate, run lists and run comparison."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.core.experiments.compare import RunComparison
from desktop.core.experiments.runner import CellResult, ExperimentSpec

Index = QModelIndex | QPersistentModelIndex
PASS_COLOR = QColor(46, 125, 50, 40)
FAIL_COLOR = QColor(198, 40, 40, 45)
ERROR_COLOR = QColor(198, 40, 40, 90)
STAR_W = 14


def stats_text(r: CellResult) -> str:
    parts = [f"{r.completion_tokens} tok"]
    if r.ttft_seconds is not None:
        parts.append(f"TTFT {r.ttft_seconds * 1000:.0f} ms")
    if r.tokens_per_second:
        parts.append(f"{r.tokens_per_second:.1f} tok/s")
    return " · ".join(parts)


class ResultsGridModel(QAbstractTableModel):
    """Rows: cases (one row per repeat); columns: configs x versions. Rating is editable."""

    ResultRole = Qt.ItemDataRole.UserRole + 1
    RatingRole = Qt.ItemDataRole.UserRole + 2
    PassedRole = Qt.ItemDataRole.UserRole + 3
    StatsRole = Qt.ItemDataRole.UserRole + 4
    ResultIdRole = Qt.ItemDataRole.UserRole + 5

    ratingEdited = Signal(int, object)  # result id, rating (1-5) or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._spec: ExperimentSpec | None = None
        self._cells: dict[tuple[int, int], tuple[int | None, CellResult, int | None]] = {}
        # Per grid column: [passed, checked]; kept incrementally so a live run of thousands of
        # cells does not recount the whole grid for every new result.
        self._counts: dict[int, list[int]] = {}

    # ---- shape

    def _nv(self) -> int:
        return len(self._spec.versions) if self._spec else 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._spec is None:
            return 0
        return len(self._spec.cases) * self._spec.repeats

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._spec is None:
            return 0
        return len(self._spec.configs) * self._nv()

    def position(self, r: CellResult) -> tuple[int, int]:
        assert self._spec is not None
        return (
            r.cell.case * self._spec.repeats + r.cell.repeat,
            r.cell.config * self._nv() + r.cell.version,
        )

    # ---- content

    def set_run(
        self,
        spec: ExperimentSpec | None,
        results: Sequence[tuple[int | None, CellResult, int | None]] = (),
    ) -> None:
        """`results`: (stored result id or None, result, rating)."""
        self.beginResetModel()
        self._spec = spec
        self._cells = {}
        self._counts = {}
        for rid, r, rating in results:
            self._put(self.position(r), (rid, r, rating))
        self.endResetModel()

    def _put(self, pos: tuple[int, int], cell: tuple[int | None, CellResult, int | None]) -> None:
        for verdict, sign in ((self._cells.get(pos), -1), (cell, 1)):
            if verdict is not None and verdict[1].passed is not None:
                counts = self._counts.setdefault(pos[1], [0, 0])
                counts[0] += sign * int(verdict[1].passed)
                counts[1] += sign
        self._cells[pos] = cell

    def add_result(self, result_id: int | None, r: CellResult) -> None:
        if self._spec is None:
            return
        pos = self.position(r)
        self._put(pos, (result_id, r, None))
        index = self.index(*pos)
        self.dataChanged.emit(index, index)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, pos[1], pos[1])

    def results(self) -> list[CellResult]:
        return [c[1] for c in self._cells.values()]

    def ratings(self) -> dict[tuple[int, int, int, int], int]:
        out = {}
        for _rid, r, rating in self._cells.values():
            if rating is not None:
                out[(r.cell.version, r.cell.case, r.cell.config, r.cell.repeat)] = rating
        return out

    def column_pass_rate(self, column: int) -> float | None:
        passed, checked = self._counts.get(column, (0, 0))
        return passed / checked if checked else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        cell = self._cells.get((index.row(), index.column()))
        return base | Qt.ItemFlag.ItemIsEditable if cell and cell[0] is not None else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self._cells.get((index.row(), index.column()))
        if cell is None:
            return self.tr("(not run)") if role == Qt.ItemDataRole.DisplayRole else None
        rid, r, rating = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Error: %1").replace("%1", r.error) if r.error else r.output
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                stats_text(r),
                self.tr("seed %1, finish: %2")
                .replace("%1", str(r.seed))
                .replace("%2", r.finish_reason),
            ]
            lines += [
                ("✓ " if o.passed else "✗ ")
                + o.check.label
                + (f" ({o.detail})" if o.detail else "")
                for o in r.checks
            ]
            lines += ["", (r.model_prompt or r.prompt.text)[:2000], "—", r.output[:4000]]
            return "\n".join(lines)
        if role == self.ResultRole:
            return r
        if role == self.RatingRole:
            return rating
        if role == self.PassedRole:
            return r.passed
        if role == self.StatsRole:
            return stats_text(r)
        if role == self.ResultIdRole:
            return rid
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.error:
                return ERROR_COLOR
            return {True: PASS_COLOR, False: FAIL_COLOR}.get(r.passed)  # type: ignore[arg-type]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != self.RatingRole or not index.isValid():
            return False
        cell = self._cells.get((index.row(), index.column()))
        if cell is None or cell[0] is None:
            return False
        rating = None if value in (None, 0) else int(value)
        if rating is not None and not 1 <= rating <= 5:
            return False
        self._cells[(index.row(), index.column())] = (cell[0], cell[1], rating)
        self.dataChanged.emit(index, index, [self.RatingRole])
        self.ratingEdited.emit(cell[0], rating)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._spec is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            reps = self._spec.repeats
            if not 0 <= section < len(self._spec.cases) * reps:
                return None
            label = self._spec.cases[section // reps].label
            return label if reps == 1 else f"{label} #{section % reps + 1}"
        nv = self._nv()
        if not nv or not 0 <= section < len(self._spec.configs) * nv:
            return None
        head = (
            f"{self._spec.configs[section // nv].label} · {self._spec.versions[section % nv].label}"
        )
        rate = self.column_pass_rate(section)
        if rate is not None:
            head += "\n" + self.tr("pass %1%").replace("%1", f"{rate * 100:.0f}")
        return head


class ResultCellDelegate(QStyledItemDelegate):
    """Paints stats, check verdicts, 1-5 stars and the wrapped output; a click on a star rates."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(280, 110)

    def _stars_rect(self, rect: QRect) -> QRect:
        return QRect(rect.right() - 5 * STAR_W - 4, rect.top() + 2, 5 * STAR_W, STAR_W + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        rect = option.rect
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.highlight())
        elif background is not None:
            painter.fillRect(rect, background)
        result = index.data(ResultsGridModel.ResultRole)
        fm = QFontMetrics(option.font)
        inner = rect.adjusted(4, 2, -4, -2)
        if result is None:
            painter.setPen(option.palette.placeholderText().color())
            painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, str(index.data() or ""))
            painter.restore()
            return
        painter.setPen(option.palette.text().color())
        head = str(index.data(ResultsGridModel.StatsRole) or "")
        if result.checks:
            passed = sum(o.passed for o in result.checks)
            head = ("✓ " if result.passed else "✗ ") + f"{passed}/{len(result.checks)} · " + head
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width() - 5 * STAR_W - 6, fm.height()),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(head, Qt.TextElideMode.ElideRight, inner.width() - 5 * STAR_W - 6),
        )
        rating = index.data(ResultsGridModel.RatingRole) or 0
        stars = self._stars_rect(rect)
        for i in range(5):
            painter.drawText(
                QRect(stars.left() + i * STAR_W, stars.top(), STAR_W, stars.height()),
                Qt.AlignmentFlag.AlignCenter,
                "★" if i < rating else "☆",
            )
        body = QRect(
            inner.left(),
            inner.top() + fm.height() + 2,
            inner.width(),
            inner.height() - fm.height() - 2,
        )
        painter.drawText(
            body,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap),
            str(index.data() or ""),
        )
        painter.restore()

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        return None  # ratings are clicked or typed (1-5), never edited in a text box

    def editorEvent(self, event: QEvent, model, option: QStyleOptionViewItem, index: Index) -> bool:  # noqa: N802
        if (
            isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonRelease
            and index.flags() & Qt.ItemFlag.ItemIsEditable
        ):
            stars = self._stars_rect(option.rect)
            pos = event.position().toPoint()
            if stars.contains(pos):
                n = (pos.x() - stars.left()) // STAR_W + 1
                current = index.data(ResultsGridModel.RatingRole)
                model.setData(index, None if current == n else int(n), ResultsGridModel.RatingRole)
                return True
        return super().editorEvent(event, model, option, index)


class RunListModel(QAbstractListModel):
    """An experiment's runs, newest first."""

    RunRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None, *, with_none: bool = False) -> None:
        super().__init__(parent)
        self._runs: list[Any] = []
        self._with_none = with_none  # a first "(none)" row, for "compare with"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._runs) + int(self._with_none)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if self._with_none and index.row() == 0:
            return self.tr("(no comparison)") if role == Qt.ItemDataRole.DisplayRole else None
        run = self._runs[index.row() - int(self._with_none)]
        if role == Qt.ItemDataRole.DisplayRole:
            when = run.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
            return (
                self.tr("Run %1 · %2 · %3 · %4/%5 cells")
                .replace("%1", str(run.number))
                .replace("%2", run.status)
                .replace("%3", when)
                .replace("%4", str(run.done_cells))
                .replace("%5", str(run.total_cells))
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return run.engine_version + (f"\n{run.error}" if run.error else "")
        if role == self.RunRole:
            return run
        return None

    def set_runs(self, runs: Sequence[Any]) -> None:
        self.beginResetModel()
        self._runs = list(runs)
        self.endResetModel()

    def run(self, row: int) -> Any:
        row -= int(self._with_none)
        return self._runs[row] if 0 <= row < len(self._runs) else None

    def row_of(self, run_id: int) -> int:
        for i, r in enumerate(self._runs):
            if r.id == run_id:
                return i + int(self._with_none)
        return -1


class RunCompareModel(QAbstractTableModel):
    """Two runs side by side, one row per (version, case, config, repeat); changes tinted."""

    HEADERS = ("Version", "Case", "Config", "Repeat", "Output A", "Output B", "A", "B")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._cmp: RunComparison | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._cmp is None else len(self._cmp.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def set_comparison(self, cmp: RunComparison | None) -> None:
        self.beginResetModel()
        self._cmp = cmp
        self.endResetModel()

    def comparison(self) -> RunComparison | None:
        return self._cmp

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        titles = (
            self.tr("Version"),
            self.tr("Case"),
            self.tr("Config"),
            self.tr("Repeat"),
            self.tr("Output A"),
            self.tr("Output B"),
            self.tr("A"),
            self.tr("B"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._cmp is None or not 0 <= index.row() < len(self._cmp.rows):
            return None
        row = self._cmp.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            return FAIL_COLOR if row.changed else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if col < 3:
            return row.key[col]
        if col == 3:
            return str(row.key[3] + 1)
        side = row.a if col in (4, 6) else row.b
        if side is None:
            return self.tr("(missing)")
        if col in (4, 5):
            return (
                side.output
                if role == Qt.ItemDataRole.ToolTipRole
                else " ".join(side.output.split())
            )
        return {True: "✓", False: "✗", None: "–"}[side.passed]
