"""The ids view: one row per token (index, id, text, piece, bytes, kind, offsets), computed lazily."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.core.tokenizers.base import Tokenization

Index = QModelIndex | QPersistentModelIndex


class TokenTableModel(QAbstractTableModel):
    """Rows are built when the view asks for them: a 10 MB text has millions of tokens."""

    COLUMNS = ("#", "id", "text", "bytes", "kind", "piece", "offsets")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tokenization: Tokenization | None = None
        self._cache: dict[int, tuple] = {}
        self._headers = (
            self.tr("#"),
            self.tr("id"),
            self.tr("text"),
            self.tr("bytes (hex)"),
            self.tr("kind"),
            self.tr("piece in vocabulary"),
            self.tr("bytes in input"),
        )
        self._kinds = {
            "normal": self.tr("normal"),
            "control": self.tr("control"),
            "byte": self.tr("byte"),
            "user_defined": self.tr("user-defined"),
            "unknown": self.tr("unknown"),
            "unused": self.tr("unused"),
        }
        self._mono = QFont("monospace")
        self._mono.setStyleHint(QFont.StyleHint.TypeWriter)

    def set_tokenization(self, tokenization: Tokenization | None) -> None:
        self.beginResetModel()
        self._tokenization = tokenization
        self._cache.clear()
        self.endResetModel()

    @property
    def tokenization(self) -> Tokenization | None:
        return self._tokenization

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or self._tokenization is None:
            return 0
        return len(self._tokenization)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def _row(self, row: int) -> tuple:
        cached = self._cache.get(row)
        if cached is None:
            assert self._tokenization is not None
            span = self._tokenization.span(row)
            try:
                text = repr(span.raw.decode("utf-8"))[1:-1]
            except UnicodeDecodeError:
                text = f"[{span.hex}]"  # part of a character: its bytes, as the CLI shows them
            cached = (
                str(row),
                str(span.id),
                text,
                span.hex,
                self._kinds.get(span.kind, span.kind),
                span.piece,
                f"{span.start}–{span.end}",
                span.is_special,
            )
            if len(self._cache) > 5000:
                self._cache.clear()
            self._cache[row] = cached
        return cached

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._tokenization is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._tokenization) and 0 <= column < len(self.COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row(row)[column]
        if role == Qt.ItemDataRole.FontRole and column in (1, 3, 5):
            return self._mono
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 1):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and self._row(row)[7]:
            return self.tr("Special token: the model reads it as a control signal, not text.")
        return None

    def ids_text(self) -> str:
        """The ids as one comma-separated line (the Copy ids action)."""
        if self._tokenization is None:
            return ""
        return ", ".join(map(str, self._tokenization.ids))
