"""The search log's table: rows read a page at a time by the worker, never in ``data()``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap

from journal.errors import JournalError
from journal.searchlog import SearchLogFilter, SearchLogRow, count_searches, list_searches
from journal.session import Journal
from ui import theme
from ui.kit import labels
from ui.operations import NotOpen, Operations

PAGE_SIZE = 100
ModelIndex = QModelIndex | QPersistentModelIndex

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


@dataclass(frozen=True)
class Page:
    rows: list[SearchLogRow]
    total: int | None


def fetch_page(
    journal: Journal, flt: SearchLogFilter, offset: int, limit: int, with_count: bool
) -> Page:
    """Runs on the worker."""
    rows = list_searches(journal.repo, flt, limit=limit, offset=offset)
    total = count_searches(journal.repo, flt) if with_count else None
    return Page(rows, total)


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


class SearchLogModel(QAbstractTableModel):
    total_changed = Signal(int)
    reloaded = Signal()
    load_failed = Signal(object)  # JournalError

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._filter = SearchLogFilter()
        self._rows: list[SearchLogRow] = []
        self._total = 0
        self._fetching = False
        self._loading = False
        self._active = False
        self._icon: QIcon | None = None
        self._headers = {
            Column.DATE: self.tr("When"),
            Column.QUERY: self.tr("What you searched for"),
            Column.WHERE: self.tr("Where"),
            Column.CASE: self.tr("Case"),
            Column.AGREED: self.tr("Agreed by"),
            Column.ATTENTION: self.tr("Check"),
        }

    # -- state -----------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def search_filter(self) -> SearchLogFilter:
        return self._filter

    def row_data(self, row: int) -> SearchLogRow:
        return self._rows[row]

    def row_of(self, entry_id: str) -> int:
        for n, row in enumerate(self._rows):
            if row.id == entry_id:
                return n
        return -1

    def set_filter(self, flt: SearchLogFilter) -> None:
        self._filter = flt
        self._reload(PAGE_SIZE)

    def refresh(self) -> None:
        self._reload(max(PAGE_SIZE, len(self._rows)))

    def clear(self) -> None:
        self._ops.forget(self)
        self.beginResetModel()
        self._rows = []
        self._total = 0
        self._active = self._fetching = self._loading = False
        self._filter = SearchLogFilter()
        self.endResetModel()

    # -- loading ---------------------------------------------------------------------

    def _reload(self, limit: int) -> None:
        self._ops.forget(self)
        self._active = True
        self._loading = True
        self._fetching = False
        flt = self._filter
        self._ops.submit(
            lambda j: fetch_page(j, flt, 0, limit, with_count=True),
            self._reloaded,
            self._failed,
            owner=self,
        )

    def _reloaded(self, page: Page) -> None:
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total = max(page.total or 0, len(self._rows))
        self._loading = False
        self.endResetModel()
        self.total_changed.emit(self._total)
        self.reloaded.emit()

    def _failed(self, error: JournalError) -> None:
        self._loading = self._fetching = False
        if not isinstance(error, NotOpen):
            self.load_failed.emit(error)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or not self._active or self._loading or self._fetching:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        flt = self._filter
        offset = len(self._rows)
        self._ops.submit(
            lambda j: fetch_page(j, flt, offset, PAGE_SIZE, with_count=False),
            self._fetched,
            self._failed,
            owner=self,
        )

    def _fetched(self, page: Page) -> None:
        self._fetching = False
        known = {r.id for r in self._rows}
        rows = [r for r in page.rows if r.id not in known]
        if not rows:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # -- the model -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers.get(Column(section), "")
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
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
