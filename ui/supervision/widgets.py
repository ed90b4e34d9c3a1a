"""Lists and tables that sit in a scrolling page: every row shown, at a comfortable height."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from ui import theme
from ui.kit.tables import read_only_rows


def row_height(widget: QWidget) -> int:
    """One line of text with a grid unit above and below."""
    return widget.fontMetrics().height() + theme.SPACING


class RowDelegate(QStyledItemDelegate):
    """Rows at least ``row_height`` tall, so ticks and words have room."""

    def __init__(self, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._height = height

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), self._height))


def fit_tree(tree: QTreeWidget, rows: int, *, most: int = 40) -> None:
    """As tall as its rows (up to ``most``; beyond that the tree scrolls)."""
    height = row_height(tree)
    header = tree.header().sizeHint().height() if not tree.isHeaderHidden() else 0
    shown = max(1, min(rows, most))
    tree.setFixedHeight(header + shown * height + 2 * tree.frameWidth() + 2)
    tree.setVerticalScrollBarPolicy(
        Qt.ScrollBarPolicy.ScrollBarAsNeeded
        if rows > most
        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    )


class FittedTable(QTableWidget):
    """A read-only table whose long cells wrap and whose height fits every row."""

    def __init__(self, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(0, columns, parent)
        read_only_rows(self)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)  # only to read
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setMinimumSectionSize(row_height(self) + theme.SPACING // 2)
        self._width = -1

    def fit(self) -> None:
        self.resizeRowsToContents()
        for r in range(self.rowCount()):
            self.setRowHeight(r, self.rowHeight(r) + theme.SPACING // 2)
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        header = self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(header + max(rows, row_height(self)) + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._width:
            self._width = event.size().width()
            self.fit()
