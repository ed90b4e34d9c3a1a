"""The incidents table: rows come a page at a time from the worker, never from ``data()``.

The model keeps the summaries it has been given and nothing else. Filters and
search text become an ``EntryQuery`` that the core answers, so they are right
however many entries there are; the proxy on top only sorts what is loaded.
Every reply carries a generation number: a reply to an old query (the filters
changed, the journal was locked) is dropped when it arrives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
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

from journal import queries, search
from journal.errors import JournalError
from journal.repository import EntryQuery, EntrySummary
from journal.session import Journal
from journal.timeutil import to_storage
from ui.kit import labels
from ui.kit.roles import Role
from ui.operations import NotOpen, Operations

PAGE_SIZE = 200
FETCH_ALL_LIMIT = 20_000  # sorting by a column other than the date loads at most this many
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
STATUS_RANK = {"open": 0, "monitoring": 1, "closed": 2}
_WORD = re.compile(r"\w+", re.UNICODE)

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    TITLE = 1
    PLATFORM = 2
    CATEGORY = 3
    SEVERITY = 4
    TAGS = 5
    STATUS = 6


@dataclass(frozen=True)
class Row:
    summary: EntrySummary
    marked_title: str = ""
    snippet: str = ""
    snippet_hidden: bool = False


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int | None


def mark_words(text: str, words: list[str]) -> str:
    """``text`` with every word that starts with a search term wrapped in hit markers."""
    if not words:
        return text

    def wrap(match: re.Match[str]) -> str:
        word = match.group(0)
        if any(word.lower().startswith(term) for term in words):
            return f"{search.HIT_START}{word}{search.HIT_END}"
        return word

    return _WORD.sub(wrap, text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _row(journal: Journal, summary: EntrySummary, words: list[str]) -> Row:
    """Runs on the worker. A match in the quoted words is not shown in the list: those
    words stay hidden until the person asks to see them in the detail pane."""
    snippet = summary.snippet
    hidden = summary.matched_in == "quoted"
    if summary.matched_in == "title":
        snippet = ""  # the title is shown, with its matches marked
    return Row(summary, mark_words(summary.title, words), snippet, hidden)


def fetch_page(
    journal: Journal, query: EntryQuery, offset: int, limit: int | None, with_count: bool
) -> Page:
    """One page of rows (and the number of all matches, when asked). Runs on the worker."""
    summaries = queries.entries(journal, replace(query, offset=offset, limit=limit))
    total = queries.count(journal, replace(query, offset=0, limit=None)) if with_count else None
    words = search.terms(query.text) if query.text else []
    return Page([_row(journal, s, words) for s in summaries], total)


class IncidentTableModel(QAbstractTableModel):
    total_changed = Signal(int)  # how many incidents match the query
    reloaded = Signal()  # fresh rows after set_query/refresh
    load_failed = Signal(object)  # JournalError

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._query = EntryQuery(kind="incident", limit=None)
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}
        self._total = 0
        self._generation = 0
        self._fetching = False
        self._reloading = False
        self._active = False
        self._fetch_everything = False
        self._reload_in_flight = False
        self._counting = False
        self._wanted_limit = PAGE_SIZE
        self._headers = {
            Column.DATE: self.tr("Date"),
            Column.TITLE: self.tr("Title"),
            Column.PLATFORM: self.tr("Platform"),
            Column.CATEGORY: self.tr("Category"),
            Column.SEVERITY: self.tr("Severity"),
            Column.TAGS: self.tr("Impact"),
            Column.STATUS: self.tr("Status"),
        }

    # -- what is shown ------------------------------------------------------------

    @property
    def query(self) -> EntryQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> bool:
        return self._reloading or self._fetching or self._counting

    def set_query(self, query: EntryQuery) -> None:
        """Show the incidents matching ``query`` (its kind, limit and offset are ignored)."""
        self._query = replace(query, kind="incident", limit=None, offset=0)
        self._fetch_everything = False
        self._reload(PAGE_SIZE)

    def refresh(self) -> None:
        """Reload after a change, keeping as many rows as were loaded."""
        self._reload(max(PAGE_SIZE, len(self._rows)))

    def fetch_all(self) -> None:
        """Load every matching row, a page at a time (sorting by a column needs them all),
        as long as there are no more than ``FETCH_ALL_LIMIT``; beyond that the proxy sorts
        the rows loaded so far, and ``partly_loaded`` says so."""
        self._fetch_everything = True
        self._continue_fetching_all()

    def _continue_fetching_all(self) -> None:
        if (
            self._fetch_everything
            and self._total <= FETCH_ALL_LIMIT
            and self.canFetchMore(QModelIndex())
        ):
            self.fetchMore(QModelIndex())

    @property
    def partly_loaded(self) -> bool:
        return len(self._rows) < self._total

    def clear(self) -> None:
        """Forget every row; replies still on their way are dropped when they arrive."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._index = {}
        self._total = 0
        self._fetching = self._reloading = self._active = self._counting = False
        self._fetch_everything = False
        self.endResetModel()
        self.total_changed.emit(0)

    def row_of(self, entry_id: str) -> int:
        return self._index.get(entry_id, -1)

    def summary(self, row: int) -> EntrySummary:
        return self._rows[row].summary

    # -- loading ------------------------------------------------------------------

    def _reload(self, limit: int) -> None:
        self._generation += 1
        self._active = True
        self._reloading = True
        self._fetching = False
        self._wanted_limit = limit
        if not self._reload_in_flight:
            self._submit_reload()
        # Otherwise the reply on its way is now stale; when it comes back, this query is
        # sent instead. Typing fast never queues up one slow search per keystroke.

    def _submit_reload(self) -> None:
        generation = self._generation
        query = self._query
        limit = self._wanted_limit
        self._reload_in_flight = True
        self._counting = True
        # The rows first, so the first page shows at once; the count (slower over a big
        # journal) follows as its own job.
        self._ops.submit(
            lambda j: fetch_page(j, query, 0, limit, with_count=False),
            lambda page: self._reloaded(generation, page),
            lambda error: self._reload_failed(generation, error),
        )
        self._ops.submit(
            lambda j: queries.count(j, replace(query, offset=0, limit=None)),
            lambda total: self._counted(generation, total),
            lambda error: self._fetch_failed(generation, error),
        )

    def _reloaded(self, generation: int, page: Page) -> None:
        self._reload_in_flight = False
        if generation != self._generation:
            if self._active and self._reloading:
                self._submit_reload()
            return
        self.beginResetModel()
        self._rows = list(page.rows)
        self._index = {row.summary.id: n for n, row in enumerate(self._rows)}
        self._total = max(self._total if not self._counting else 0, len(self._rows))
        self._reloading = False
        self.endResetModel()
        self.reloaded.emit()

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._counting = False
        self._total = max(total, len(self._rows))
        self.total_changed.emit(self._total)
        self._continue_fetching_all()

    def _reload_failed(self, generation: int, error: JournalError) -> None:
        self._reload_in_flight = False
        if generation != self._generation:
            if self._active and self._reloading:
                self._submit_reload()
            return
        self._reloading = False
        if not isinstance(error, NotOpen):
            self.load_failed.emit(error)

    def _fetch_failed(self, generation: int, error: JournalError) -> None:
        if generation != self._generation:
            return
        self._fetching = self._counting = False
        if not isinstance(error, NotOpen):
            self.load_failed.emit(error)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or not self._active:
            return False
        if self._reloading or self._fetching or self._counting:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        query = self._query
        offset = len(self._rows)
        size = PAGE_SIZE * 5 if self._fetch_everything else PAGE_SIZE
        self._ops.submit(
            lambda j: fetch_page(j, query, offset, size, with_count=False),
            lambda page: self._fetched(generation, page, size),
            lambda error: self._fetch_failed(generation, error),
        )

    def _fetched(self, generation: int, page: Page, size: int) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        rows = [r for r in page.rows if r.summary.id not in self._index]
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            for n, row in enumerate(rows, first):
                self._index[row.summary.id] = n
            self._rows.extend(rows)
            self.endInsertRows()
        if len(page.rows) < size and self._total != len(self._rows):
            self._total = len(self._rows)  # some were deleted since the count
            self.total_changed.emit(self._total)
        self._continue_fetching_all()

    # -- the Qt model -------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(Column)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        ):
            return self._headers[Column(section)]
        return super().headerData(section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        s = row.summary
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column)
        if role == Qt.ItemDataRole.AccessibleTextRole or (
            role == Qt.ItemDataRole.ToolTipRole and column == Column.TITLE
        ):
            # The whole result, where a narrow column cuts the painted one short.
            text = self._display(s, column)
            if not text and column == Column.TAGS:
                # A screen reader says "blank" for an empty cell; say what it means.
                text = self.tr("No impact tags")
            if column == Column.TITLE and row.snippet_hidden:
                text += " — " + self.tr("matches the quoted words (hidden)")
            elif column == Column.TITLE and row.snippet:
                text += " — " + search.strip_markers(row.snippet)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (Column.CATEGORY, Column.TAGS):
                return self._display(s, column) or None
            return None
        if role == Role.ID:
            return s.id
        if role == Role.SORT:
            return self._sort_key(s, column)
        if role == Role.KEY:
            return {
                Column.PLATFORM: s.platform,
                Column.CATEGORY: s.category,
                Column.SEVERITY: s.severity,
                Column.STATUS: s.status,
            }.get(column)
        if role == Role.TAGS:
            return list(s.impact_tags)
        if role == Role.MARKED:
            return row.marked_title if column == Column.TITLE else None
        if role == Role.SNIPPET:
            return row.snippet if column == Column.TITLE else None
        if role == Role.SNIPPET_HIDDEN:
            return row.snippet_hidden if column == Column.TITLE else None
        return None

    @staticmethod
    def _display(s: EntrySummary, column: Column) -> str:
        if column == Column.DATE:
            return labels.date_time(s.occurred_at)
        if column == Column.TITLE:
            return s.title
        if column == Column.PLATFORM:
            return labels.platform(s.platform)
        if column == Column.CATEGORY:
            return labels.category(s.category)
        if column == Column.SEVERITY:
            return labels.severity(s.severity)
        if column == Column.TAGS:
            return ", ".join(s.impact_tags)
        return labels.status(s.status)

    @staticmethod
    def _sort_key(s: EntrySummary, column: Column) -> str | int:
        if column == Column.DATE:
            return f"{to_storage(s.occurred_at)}{s.rowid:012d}"
        if column == Column.SEVERITY:
            return SEVERITY_RANK.get(s.severity, 0)
        if column == Column.STATUS:
            return STATUS_RANK.get(s.status, 0)
        if column == Column.TAGS:
            return len(s.impact_tags)
        return IncidentTableModel._display(s, column).casefold()


class IncidentSortProxy(QSortFilterProxyModel):
    """Sorts the loaded rows by each column's ``Role.SORT`` value. Filtering is the core's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(Role.SORT)
        self.setDynamicSortFilter(True)
