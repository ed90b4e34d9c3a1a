"""A table model over rows already fetched: ``data()`` only reads them, never the journal.

The list pages (check-ins, search log, incidents, authors) each keep plain rows that the
worker loaded; the parts every such model has — how many rows and columns, the column
titles — are written here once. A subclass fills ``headers`` and answers ``data``.
"""

from __future__ import annotations

from typing import Any, Generic, TypeAlias, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

R = TypeVar("R")
AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[R]):
    """``rows`` in order, one per table row; ``headers`` the column titles, left to right."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[R] = []
        self.headers: list[str] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers[section] if 0 <= section < len(self.headers) else None

    def row_at(self, index: AnyIndex) -> R | None:
        """The row an index points at, or None for an index outside the rows."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]
