"""The search log's table: rows read a page at a time by the worker (``ui/kit/paged_model``)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap

from journal.searchlog import SearchLogFilter, SearchLogRow, count_searches, list_searches
from journal.session import Journal
from ui import theme
from ui.kit import labels
from ui.kit.paged_model import ModelIndex, PagedTableModel
from ui.operations import Operations

PAGE_SIZE = 100

# Short words for what a row is missing (the full prompt is in the detail pane).
SHORT_PROMPTS = {
    "no_case_ref": "No case reference",
    "thin_reason": "Short reason",
    "not_agreed": "Who agreed it isn't noted",
}


def short_prompt(code: str) -> str:
    return QCoreApplication.translate("SearchLog", SHORT_PROMPTS.get(code, code))


class Column(IntEnum):
    DATE = 0
    QUERY = 1
    WHERE = 2
    CASE = 3
    AGREED = 4
    ATTENTION = 5


ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def attention_icon(dark: bool) -> QIcon:
    """A small amber dot, always beside words (never colour alone)."""
    pixmap = QPixmap(24, 24)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.severity_colour("medium", dark)))
    painter.drawEllipse(6, 6, 12, 12)
    painter.end()
    return QIcon(pixmap)


class SearchLogModel(PagedTableModel[SearchLogFilter, SearchLogRow]):
    page_size = PAGE_SIZE

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(ops, SearchLogFilter(), [], parent)
        self._icon: QIcon | None = None
        self._headers = [  # in the order of Column
            self.tr("When"),
            self.tr("What you searched for"),
            self.tr("Where"),
            self.tr("Case"),
            self.tr("Agreed by"),
            self.tr("Check"),
        ]

    def fetch_rows(
        self, journal: Journal, query: SearchLogFilter, offset: int, limit: int
    ) -> list[SearchLogRow]:
        return list_searches(journal.repo, query, limit=limit, offset=offset)

    def count_rows(self, journal: Journal, query: SearchLogFilter) -> int:
        return count_searches(journal.repo, query)

    @staticmethod
    def row_id(row: SearchLogRow) -> str:
        return row.id

    @property
    def search_filter(self) -> SearchLogFilter:
        return self.query

    def row_data(self, row: int) -> SearchLogRow:
        return self.row_at(row)

    def set_filter(self, flt: SearchLogFilter) -> None:
        self.set_query(flt)

    def clear(self) -> None:
        """On lock: no rows, and no filter words kept either."""
        super().clear()
        self._query = SearchLogFilter()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        column = Column(index.column())
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.ATTENTION:
            if row.needs_attention:
                return "; ".join(short_prompt(c) for c in row.prompt_codes)
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == Column.ATTENTION:
            if row.needs_attention:
                if self._icon is None:
                    self._icon = attention_icon(theme.is_dark(QGuiApplication.palette()))
                return self._icon
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.ATTENTION:
            if row.needs_attention:
                return self.tr("Worth a look: {0}").format(
                    "; ".join(short_prompt(c) for c in row.prompt_codes)
                )
            return self.tr("Complete")
        return None

    def _display(self, row: SearchLogRow, column: Column) -> str:
        if column == Column.DATE:
            return labels.date_time(row.occurred_at)
        if column == Column.QUERY:
            return " ".join((row.query or row.title).split())
        if column == Column.WHERE:
            return row.where
        if column == Column.CASE:
            return row.case_ref or self.tr("None")
        if column == Column.AGREED:
            return row.agreed_by or self.tr("Not noted")
        if column == Column.ATTENTION:
            return self.tr("Worth a look") if row.needs_attention else ""
        return ""
