"""A chart's numbers as a table, behind a "Show as a table" button under the chart.

A screen reader can't read a picture: the sentence under a chart says what it shows, and
this table gives every number in it, row by row, reachable with Tab and the arrow keys.
The table starts hidden every time it is made or cleared; nothing about it is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import theme

MAX_ROWS_SHOWN = 8  # beyond this the table scrolls rather than pushing the page down


class ChartTable(QWidget):
    """The toggle and the table for one chart, named after the chart's title."""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_numbers")
        self._title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACING)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.toggle = QPushButton(self.tr("Show as a table"), self)
        self.toggle.setObjectName(f"{name}_table_toggle")
        # The visible words first, then which chart: several charts share a page.
        self.toggle.setAccessibleName(self.tr("Show as a table: {0}").format(title))
        self.toggle.clicked.connect(lambda: self.set_shown(not self.shown))
        row.addWidget(self.toggle)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName(f"{name}_table")
        self.table.setAccessibleName(self.tr("{0} as a table").format(title))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.hide()
        layout.addWidget(self.table)

    @property
    def title(self) -> str:
        return self._title

    @property
    def shown(self) -> bool:
        """The person asked to see the table (it shows once its card does)."""
        return not self.table.isHidden()

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """The numbers the chart draws: one row a week (or tag, or date)."""
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(list(headers))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self._fit_height()
        self.show()

    def clear(self) -> None:
        """Forget the numbers and start hidden again (on lock, or when the chart is empty)."""
        self.set_shown(False)
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.hide()

    def set_shown(self, shown: bool) -> None:
        self.toggle.setText(self.tr("Hide the table") if shown else self.tr("Show as a table"))
        self.toggle.setAccessibleName(
            (self.tr("Hide the table: {0}") if shown else self.tr("Show as a table: {0}")).format(
                self._title
            )
        )
        self.table.setVisible(shown)
        if shown:
            self._fit_height()

    def _fit_height(self) -> None:
        rows = min(self.table.rowCount(), MAX_ROWS_SHOWN)
        height = self.table.horizontalHeader().sizeHint().height()
        height += sum(self.table.rowHeight(r) for r in range(rows))
        self.table.setFixedHeight(height + 2 * self.table.frameWidth() + 2)
