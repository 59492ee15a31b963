"""Item models of the experiments panel: versions, cases, configs and checks being edited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)

from desktop.core.experiments.checks import CHECK_KINDS, Check, CheckError
from desktop.core.experiments.errors import AT, AT_CHECK
from desktop.core.experiments.runner import Case, PromptVersion, RunConfig
from desktop.ui.widgets.row_model import Index, RowTableModel

_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable


def check_titles() -> dict[str, str]:
    """Each check kind as the user reads it (literal strings, so translation tools find them)."""
    return {
        "contains": QCoreApplication.translate("Checks", "contains"),
        "not_contains": QCoreApplication.translate("Checks", "does not contain"),
        "regex": QCoreApplication.translate("Checks", "matches regex"),
        "valid_json": QCoreApplication.translate("Checks", "is valid JSON"),
        "max_tokens": QCoreApplication.translate("Checks", "at most N tokens"),
        "equals": QCoreApplication.translate("Checks", "equals"),
        "matches_format": QCoreApplication.translate("Checks", "fits the output format"),
    }


class VersionListModel(QAbstractListModel):
    """The prompt versions under test, in grid column order."""

    VersionRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._versions: list[PromptVersion] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._versions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._versions):
            return None
        v = self._versions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return v.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return (v.system + "\n\n" if v.system else "") + v.body
        if role == self.VersionRole:
            return v
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _EDITABLE if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Renames a version; labels stay unique and non-empty (grid columns go by label)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        label = str(value or "").strip()
        others = {v.label for i, v in enumerate(self._versions) if i != index.row()}
        if not label or label in others:
            return False
        import dataclasses

        self._versions[index.row()] = dataclasses.replace(self._versions[index.row()], label=label)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def versions(self) -> list[PromptVersion]:
        return list(self._versions)

    def set_versions(self, versions: Sequence[PromptVersion]) -> None:
        self.beginResetModel()
        self._versions = list(versions)
        self.endResetModel()

    def add(self, version: PromptVersion) -> None:
        labels = {v.label for v in self._versions}
        label, n = version.label, 2
        while label in labels:  # results are matched by label across runs: keep them unique
            label, n = f"{version.label} ({n})", n + 1
        if label != version.label:
            import dataclasses

            version = dataclasses.replace(version, label=label)
        self.beginInsertRows(QModelIndex(), len(self._versions), len(self._versions))
        self._versions.append(version)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._versions):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._versions[row]
            self.endRemoveRows()


class _CellRowsModel(RowTableModel):
    """Rows are dicts of column name -> text; every cell is editable. Columns may change."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, str]] = []
        self._columns: list[str] = []

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def row_title(self, section: int) -> str:
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _EDITABLE if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.is_cell(index):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()].get(self._columns[index.column()], "")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not self.is_cell(index) or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()][self._columns[index.column()]] = "" if value is None else str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True


class CasesTableModel(_CellRowsModel):
    """Test cases: a label column, then one column per variable. Empty cell = no value."""

    LABEL = "_label"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._columns = [self.LABEL]

    def column_title(self, section: int) -> str:
        name = self._columns[section]
        return self.tr("Case") if name == self.LABEL else name

    @property
    def variables(self) -> list[str]:
        return self._columns[1:]

    def ensure_variables(self, names: Sequence[str]) -> None:
        """Adds a column for every variable the versions use (existing columns stay)."""
        new = [n for n in names if n not in self._columns]
        if new:
            first = len(self._columns)
            self.beginInsertColumns(QModelIndex(), first, first + len(new) - 1)
            self._columns.extend(new)
            self.endInsertColumns()

    def set_cases(self, cases: Sequence[Case], columns: Sequence[str] = ()) -> None:
        self.beginResetModel()
        names = list(columns)
        for case in cases:
            names.extend(k for k in case.values if k not in names)
        self._columns = [self.LABEL, *names]
        self._rows = [{self.LABEL: c.label, **dict(c.values)} for c in cases]
        self.endResetModel()

    def cases(self) -> list[Case]:
        out = []
        for i, row in enumerate(self._rows, start=1):
            values = {k: v for k, v in row.items() if k != self.LABEL and v != ""}
            out.append(Case(row.get(self.LABEL) or f"case {i}", values))
        return out

    def add_case(self) -> int:
        labels = {r.get(self.LABEL) for r in self._rows}
        n = len(self._rows) + 1
        while f"case {n}" in labels:
            n += 1
        self.append_rows([{self.LABEL: f"case {n}"}])
        return len(self._rows) - 1


class ConfigsTableModel(_CellRowsModel):
    """Run configs: a label, a model file and the sampling params that override the template's."""

    COLUMNS = (
        "label",
        "model_path",
        "temperature",
        "top_p",
        "top_k",
        "max_tokens",
        "seed",
        "backend",  # "" = this computer; else a saved backend's name (model_path: its model id)
    )
    inputRejected = Signal(str)  # a sentence saying why an edit was not taken
    _NUMERIC = {"temperature": float, "top_p": float, "top_k": int, "max_tokens": int, "seed": int}

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._columns = list(self.COLUMNS)
        self._extra: list[tuple[dict[str, Any], dict[str, Any]]] = []  # other params, load opts

    def column_title(self, section: int) -> str:
        titles = (
            self.tr("Label"),
            self.tr("Model file"),
            self.tr("Temperature"),
            self.tr("Top P"),
            self.tr("Top K"),
            self.tr("Max tokens"),
            self.tr("Seed"),
            self.tr("Server"),
        )
        return titles[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if (
            role == Qt.ItemDataRole.DisplayRole
            and self.is_cell(index)
            and self._columns[index.column()] == "backend"
            and not value
        ):
            return self.tr("this computer")
        return value

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self._columns[index.column()]
        text = "" if value is None else str(value).strip()
        if column in self._NUMERIC and text:
            try:
                self._NUMERIC[column](text)
            except ValueError:
                kind = (
                    self.tr("a whole number")
                    if self._NUMERIC[column] is int
                    else self.tr("a number")
                )
                title = self.headerData(index.column(), Qt.Orientation.Horizontal)
                self.inputRejected.emit(
                    self.tr("%1 must be %2 (or empty for the template's default); got %3.")
                    .replace("%1", str(title))
                    .replace("%2", kind)
                    .replace("%3", repr(text))
                )
                return False  # the view keeps the old value; nothing is lost
        return super().setData(index, text, role)

    def add_config(self, model_path: str, label: str = "", backend: str = "") -> int:
        """Appends a config (on `backend`, a saved server's name; "" = this computer); its
        label is made unique (results are matched by label)."""
        base = label or f"config {len(self._rows) + 1}"
        taken = {r.get("label") for r in self._rows}
        unique, n = base, 2
        while unique in taken:
            unique, n = f"{base} ({n})", n + 1
        self._extra.append(({}, {}))
        row = {"label": unique, "model_path": model_path, "seed": "1"}
        if backend:
            row["backend"] = backend
        self.append_rows([row])
        return len(self._rows) - 1

    def remove_rows(self, rows: Iterable[int]) -> None:
        rows = list(rows)
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._extra):
                del self._extra[row]
        super().remove_rows(rows)

    def set_configs(self, configs: Sequence[RunConfig]) -> None:
        self.beginResetModel()
        self._rows, self._extra = [], []
        for c in configs:
            row = {"label": c.label, "model_path": c.model_path}
            if c.backend:
                row["backend"] = c.backend
            for key in self._NUMERIC:
                if key in c.params:
                    row[key] = str(c.params[key])
            self._rows.append(row)
            self._extra.append(
                ({k: v for k, v in c.params.items() if k not in self._NUMERIC}, dict(c.load))
            )
        self.endResetModel()

    def configs(self) -> list[RunConfig]:
        out = []
        for i, row in enumerate(self._rows):
            extra_params, load = self._extra[i] if i < len(self._extra) else ({}, {})
            params = dict(extra_params)
            for key, kind in self._NUMERIC.items():
                if row.get(key, "") != "":
                    params[key] = kind(row[key])
            out.append(
                RunConfig(
                    row.get("label") or f"config {i + 1}",
                    row.get("model_path", ""),
                    params,
                    load,
                    backend=row.get("backend", "").strip(),
                )
            )
        return out


class ChecksTableModel(_CellRowsModel):
    """Checks: kind, value, ignore case (a check box)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._columns = ["kind", "value", "ignore_case"]

    def column_title(self, section: int) -> str:
        titles = (self.tr("Check"), self.tr("Value"), self.tr("Ignore case"))
        return titles[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == 2:
            return (
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
        return _EDITABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if index.column() == 2:
            if role == Qt.ItemDataRole.CheckStateRole:
                return (
                    Qt.CheckState.Checked
                    if row.get("ignore_case") == "1"
                    else Qt.CheckState.Unchecked
                )
            return None
        if index.column() == 0 and role == Qt.ItemDataRole.DisplayRole:
            kind = row.get("kind", "")
            return check_titles().get(kind, kind)
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        if index.column() == 2 and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            self._rows[index.row()]["ignore_case"] = "1" if checked else ""
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            return True
        if index.column() == 0 and role == Qt.ItemDataRole.EditRole and value not in CHECK_KINDS:
            return False
        return super().setData(index, value, role)

    def add_check(self, kind: str = "contains", value: str = "") -> int:
        self.append_rows([{"kind": kind, "value": value, "ignore_case": ""}])
        return len(self._rows) - 1

    def set_checks(self, checks: Sequence[Check]) -> None:
        self.beginResetModel()
        self._rows = [
            {"kind": c.kind, "value": c.value, "ignore_case": "1" if c.ignore_case else ""}
            for c in checks
        ]
        self.endResetModel()

    def checks(self) -> list[Check]:
        """Raises CheckError naming the row of the first invalid check."""
        out = []
        for i, row in enumerate(self._rows, start=1):
            try:
                out.append(
                    Check(row.get("kind", ""), row.get("value", ""), row.get("ignore_case") == "1")
                )
            except CheckError as exc:
                raise CheckError(AT(where=AT_CHECK(index=i), problem=exc.user_message)) from None
        return out
