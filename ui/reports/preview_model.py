"""The preview's rows: every entry that may be shared, each with a tick.

Rows hold only what the list shows (date, kind, title, severity), loaded by the worker
once per period; ticking never touches the journal.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.kit import labels
from ui.kit.list_table import HeadedTableModel, row_of
from ui.kit.roles import Role
from ui.reports.jobs import PreviewRow
from ui.reports.texts import kind_text, time_text

ModelIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Role.ID


class Column(IntEnum):
    DATE = 0
    KIND = 1
    TITLE = 2
    SEVERITY = 3


def _t(text: str) -> str:
    return QCoreApplication.translate("PreviewModel", text)


class PreviewModel(HeadedTableModel):
    ticks_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []
        self.ticked: set[str] = set()
        self._headers = {
            Column.DATE: _t("Date"),
            Column.KIND: _t("Kind"),
            Column.TITLE: _t("Title"),
            Column.SEVERITY: _t("Severity"),
        }

    # -- contents -------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[PreviewRow], ticked: Iterable[str]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        present = {r.id for r in self.rows}
        self.ticked = {i for i in ticked if i in present}
        self.endResetModel()
        self.ticks_changed.emit()

    def clear(self) -> None:
        self.set_rows([], [])

    def ticked_ids(self) -> tuple[str, ...]:
        """The ticked entries in the list's order (oldest first)."""
        return tuple(r.id for r in self.rows if r.id in self.ticked)

    def ticked_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.id in self.ticked]

    def set_all(self, ticked: bool) -> None:
        self.ticked = {r.id for r in self.rows} if ticked else set()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, Column.DATE),
                self.index(len(self.rows) - 1, Column.DATE),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.ticks_changed.emit()

    def set_ticked(self, entry_id: str, ticked: bool) -> None:
        for n, row in enumerate(self.rows):
            if row.id == entry_id:
                self.setData(
                    self.index(n, Column.DATE),
                    Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked,
                    Qt.ItemDataRole.CheckStateRole,
                )
                return

    def row_of(self, entry_id: str) -> int:
        for n, row in enumerate(self.rows):
            if row.id == entry_id:
                return n
        return -1

    # -- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.DATE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = row_of(self.rows, index)
        if row is None:
            return None
        column = Column(index.column())
        if role == Role.ID:
            return row.id
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.DATE:
            return Qt.CheckState.Checked if row.id in self.ticked else Qt.CheckState.Unchecked
        if role == Role.KEY and column == Column.SEVERITY:
            return row.severity if row.kind == "incident" else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(row, column, False)
        return None

    def _text(self, row: PreviewRow, column: Column, tooltip: bool) -> str:
        if column == Column.DATE:
            return time_text(row.occurred_at)
        if column == Column.KIND:
            if tooltip and row.kind == "incident" and row.category:
                return f"{kind_text(row.kind)} · {labels.category(row.category)}"
            return kind_text(row.kind)
        if column == Column.TITLE:
            title = row.title or kind_text(row.kind)
            if tooltip and row.attachment_count:
                files = (
                    _t("1 file of evidence")
                    if row.attachment_count == 1
                    else _t("{n} files of evidence").format(n=row.attachment_count)
                )
                return f"{title} ({files})"
            return title
        if row.kind != "incident" or not row.severity:
            return ""
        return labels.severity(row.severity)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != Column.DATE
        ):
            return False
        row = self.rows[index.row()]
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self.ticked.add(row.id)
        else:
            self.ticked.discard(row.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True
