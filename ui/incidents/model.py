"""The incidents table: rows come a page at a time from the worker (``ui/kit/paged_model``).

Filters and search text become an ``EntryQuery`` that the core answers, so they are
right however many entries there are; the proxy on top only sorts what is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from journal import queries, search
from journal.repository import EntryQuery, EntrySummary
from journal.session import Journal
from journal.timeutil import to_storage
from ui.kit import labels
from ui.kit.paged_model import ModelIndex, PagedTableModel
from ui.kit.roles import Role
from ui.operations import Operations

PAGE_SIZE = 200
FETCH_ALL_LIMIT = 20_000  # sorting by a column other than the date loads at most this many
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
STATUS_RANK = {"open": 0, "monitoring": 1, "closed": 2}
_WORD = re.compile(r"\w+", re.UNICODE)


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


class IncidentTableModel(PagedTableModel[EntryQuery, Row]):
    page_size = PAGE_SIZE
    fetch_all_limit = FETCH_ALL_LIMIT

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(ops, EntryQuery(kind="incident", limit=None), [], parent)
        self._headers = [  # in the order of Column
            self.tr("Date"),
            self.tr("Title"),
            self.tr("Platform"),
            self.tr("Category"),
            self.tr("Severity"),
            self.tr("Impact"),
            self.tr("Status"),
        ]

    def fetch_rows(self, journal: Journal, query: EntryQuery, offset: int, limit: int) -> list[Row]:
        return fetch_page(journal, query, offset, limit, with_count=False).rows

    def count_rows(self, journal: Journal, query: EntryQuery) -> int:
        return queries.count(journal, replace(query, offset=0, limit=None))

    @staticmethod
    def row_id(row: Row) -> str:
        return row.summary.id

    def set_query(self, query: EntryQuery) -> None:
        """Show the incidents matching ``query`` (its kind, limit and offset are ignored)."""
        super().set_query(replace(query, kind="incident", limit=None, offset=0))

    def summary(self, row: int) -> EntrySummary:
        return self.row_at(row).summary

    # -- the Qt model -------------------------------------------------------------

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
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
