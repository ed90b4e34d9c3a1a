"""The app's tables of rows: one row chosen at a time, read here, edited elsewhere.

``list_table`` makes the view the same way on every screen (whole rows, one at a time,
alternating shades, no row numbers, Tab moving on to the next field rather than from
cell to cell); ``HeadedTableModel`` gives a model its column count and header words
from one mapping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QTableView, QWidget

from ui.kit.tables import read_only_rows

T = TypeVar("T")


def row_of(rows: Sequence[T], index: QModelIndex | QPersistentModelIndex) -> T | None:
    """The item behind ``index``: None for an invalid index or a row no longer there."""
    if not index.isValid() or not 0 <= index.row() < len(rows):
        return None
    return rows[index.row()]


def list_table(
    parent: QWidget, name: str, accessible: str, model: QAbstractItemModel
) -> QTableView:
    table = read_only_rows(QTableView(parent))
    table.setShowGrid(True)  # these lists keep the grid between their cells
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    return table


class HeadedTableModel(QAbstractTableModel):
    """A table model whose columns are the keys of ``_headers`` (0, 1, 2 …, or a list in
    column order), each with the word shown over it (and, with ``header_roles``, as its
    tooltip too)."""

    _headers: Mapping[int, str] | Sequence[str]
    header_roles: tuple[Qt.ItemDataRole, ...] = (Qt.ItemDataRole.DisplayRole,)

    def columnCount(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in self.header_roles:
            if isinstance(self._headers, Mapping):
                word = self._headers.get(section)
            else:
                word = self._headers[section] if 0 <= section < len(self._headers) else None
            if word is not None:
                return word
        return super().headerData(section, orientation, role)
