"""The "By author" view: one row per author handle, a course of conduct at a glance."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal.repository import AuthorSummary
from journal.timeutil import to_storage
from ui import theme
from ui.incidents import labels
from ui.incidents.delegates import SeverityDelegate
from ui.incidents.jobs import unless_locked
from ui.incidents.model import SEVERITY_RANK, Role
from ui.operations import Operations

ModelIndex = QModelIndex | QPersistentModelIndex


class AuthorColumn(IntEnum):
    HANDLE = 0
    COUNT = 1
    FIRST = 2
    LAST = 3
    WORST = 4


class AuthorsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuthorSummary] = []
        self._headers = {
            AuthorColumn.HANDLE: self.tr("Author"),
            AuthorColumn.COUNT: self.tr("Incidents"),
            AuthorColumn.FIRST: self.tr("First"),
            AuthorColumn.LAST: self.tr("Most recent"),
            AuthorColumn.WORST: self.tr("Most severe"),
        }

    def set_rows(self, rows: list[AuthorSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AuthorColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(AuthorColumn)
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return self._headers[AuthorColumn(section)]
        return super().headerData(section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        column = AuthorColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                AuthorColumn.HANDLE: a.handle,
                AuthorColumn.COUNT: str(a.count),
                AuthorColumn.FIRST: labels.date_only(a.first),
                AuthorColumn.LAST: labels.date_only(a.last),
                AuthorColumn.WORST: labels.severity(a.worst_severity),
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AuthorColumn.COUNT:
            return int(Qt.AlignmentFlag.AlignCenter)  # clear of the date beside it
        if role == Role.ID:
            return a.handle
        if role == Role.KEY and column == AuthorColumn.WORST:
            return a.worst_severity
        if role == Role.SORT:
            return {
                AuthorColumn.HANDLE: a.handle.casefold(),
                AuthorColumn.COUNT: a.count,
                AuthorColumn.FIRST: to_storage(a.first),
                AuthorColumn.LAST: to_storage(a.last),
                AuthorColumn.WORST: SEVERITY_RANK.get(a.worst_severity, 0),
            }[column]
        return None


class AuthorsView(QWidget):
    """Activating a row (Enter or double-click) asks the page to show that author's incidents."""

    author_activated = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorsView")
        self._ops = ops
        self._generation = 0
        self.model = AuthorsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Role.SORT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACING)
        intro = QLabel(
            self.tr(
                "Each row is one author and every incident you have recorded from them. "
                "Several incidents from one person over time can show a course of conduct. "
                "Press Enter or double-click a row to see that author's incidents."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("authorsIntro")
        self.table = QTableView(self)
        self.table.setObjectName("authorsTable")
        self.table.setAccessibleName(self.tr("Incidents by author"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AuthorColumn.COUNT, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(AuthorColumn.WORST, SeverityDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AuthorColumn.HANDLE, QHeaderView.ResizeMode.Stretch)
        for column in (AuthorColumn.COUNT, AuthorColumn.FIRST, AuthorColumn.LAST):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AuthorColumn.WORST, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._activated)
        self.empty = QLabel(
            self.tr(
                "No authors yet. When you record who posted or sent something, "
                "their handle appears here with how often they have done so."
            ),
            self,
        )
        self.empty.setObjectName("authorsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        self.empty.hide()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self._ops.submit(
            lambda j: j.repo.authors(),
            lambda rows: self._loaded(generation, rows),
            unless_locked(self._ops),
        )

    def _loaded(self, generation: int, rows: list[AuthorSummary]) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def clear(self) -> None:
        self._generation += 1
        self.model.set_rows([])

    def _activated(self, index: QModelIndex) -> None:
        handle = index.data(Role.ID)
        if handle:
            self.author_activated.emit(handle)
