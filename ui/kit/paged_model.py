"""A table of entries whose rows come a page at a time from the worker, never from ``data()``.

The model keeps the rows it has been given and nothing else: a query (whatever the
section filters by) is answered by the core, so the list is right however many entries
there are. The first page shows at once; the count of all matches (slower over a big
journal) follows as its own job, and more pages come as the view scrolls
(``canFetchMore``/``fetchMore``) or all at once for sorting (``fetch_all``).

Every reply carries a generation number: a reply to an old query (the filters
changed, the journal was locked) is dropped when it arrives. While a reload is on its
way a newer one waits for it and is sent when it returns, so typing fast never queues
one slow search per keystroke.

A section subclasses it with what its rows are: ``fetch_rows`` and ``count_rows`` (run
on the worker), ``row_id``, the column headers, and ``data()``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from journal.errors import JournalError
from journal.session import Journal
from ui.operations import NotOpen, Operations

Q = TypeVar("Q")  # what the core is asked: the section's query or filter
R = TypeVar("R")  # one row as the worker read it

ModelIndex = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel, Generic[R]):
    """A table over a list of rows it was given, with a header for each column."""

    def __init__(self, headers: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._rows: list[R] = []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        ):
            return self._headers[section]
        return super().headerData(section, orientation, role)

    def row_for(self, index: ModelIndex) -> R | None:
        """The row behind ``index``, or None for an index that shows nothing."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]


class PagedTableModel(RowsTableModel[R], Generic[Q, R]):
    total_changed = Signal(int)  # how many entries match the query
    reloaded = Signal()  # fresh rows after set_query/refresh
    load_failed = Signal(object)  # JournalError

    page_size: ClassVar[int] = 200
    fetch_all_limit: ClassVar[int] = 20_000  # fetch_all loads at most this many

    def __init__(
        self, ops: Operations, query: Q, headers: list[str], parent: QObject | None = None
    ) -> None:
        super().__init__(headers, parent)
        self._ops = ops
        self._query = query
        self._index: dict[str, int] = {}
        self._total = 0
        self._generation = 0
        self._fetching = False
        self._reloading = False
        self._active = False
        self._fetch_everything = False
        self._reload_in_flight = False
        self._counting = False
        self._wanted_limit = self.page_size

    # -- what a section says about its rows (fetch_rows and count_rows run on the worker) --

    def fetch_rows(self, journal: Journal, query: Q, offset: int, limit: int) -> list[R]:
        raise NotImplementedError

    def count_rows(self, journal: Journal, query: Q) -> int:
        raise NotImplementedError

    @staticmethod
    def row_id(row: R) -> str:
        raise NotImplementedError

    # -- what is shown ------------------------------------------------------------

    @property
    def query(self) -> Q:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def loading(self) -> bool:
        return self._reloading or self._fetching or self._counting

    @property
    def partly_loaded(self) -> bool:
        return len(self._rows) < self._total

    def set_query(self, query: Q) -> None:
        """Show the rows matching ``query``, from the first page."""
        self._query = query
        self._fetch_everything = False
        self._reload(self.page_size)

    def refresh(self) -> None:
        """Reload after a change, keeping as many rows as were loaded."""
        self._reload(max(self.page_size, len(self._rows)))

    def fetch_all(self) -> None:
        """Load every matching row, a few pages at a time (sorting by a column needs them
        all), as long as there are no more than ``fetch_all_limit``; beyond that a sort
        covers the rows loaded so far, and ``partly_loaded`` says so."""
        self._fetch_everything = True
        self._continue_fetching_all()

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

    def row_at(self, row: int) -> R:
        return self._rows[row]

    # -- loading ------------------------------------------------------------------

    def _continue_fetching_all(self) -> None:
        if (
            self._fetch_everything
            and self._total <= self.fetch_all_limit
            and self.canFetchMore(QModelIndex())
        ):
            self.fetchMore(QModelIndex())

    def _reload(self, limit: int) -> None:
        self._generation += 1
        self._active = True
        self._reloading = True
        self._fetching = False
        self._wanted_limit = limit
        if not self._reload_in_flight:
            self._submit_reload()
        # Otherwise the reply on its way is now stale; when it comes back, this query is
        # sent instead.

    def _submit_reload(self) -> None:
        generation = self._generation
        query = self._query
        limit = self._wanted_limit
        self._reload_in_flight = True
        self._counting = True
        self._ops.submit(
            lambda j: self.fetch_rows(j, query, 0, limit),
            lambda rows: self._reloaded(generation, rows),
            lambda error: self._reload_failed(generation, error),
            owner=self,
        )
        self._ops.submit(
            lambda j: self.count_rows(j, query),
            lambda total: self._counted(generation, total),
            lambda error: self._fetch_failed(generation, error),
            owner=self,
        )

    def _stale_reload(self, generation: int) -> bool:
        """True when a reload reply is for an old query; the newest one goes out now."""
        self._reload_in_flight = False
        if generation == self._generation:
            return False
        if self._active and self._reloading:
            self._submit_reload()
        return True

    def _reloaded(self, generation: int, rows: list[R]) -> None:
        if self._stale_reload(generation):
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {self.row_id(row): n for n, row in enumerate(self._rows)}
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
        if self._stale_reload(generation):
            return
        self._reloading = False
        self._report(error)

    def _fetch_failed(self, generation: int, error: JournalError) -> None:
        if generation != self._generation:
            return
        self._fetching = self._counting = False
        self._report(error)

    def _report(self, error: JournalError) -> None:
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
        size = self.page_size * 5 if self._fetch_everything else self.page_size
        self._ops.submit(
            lambda j: self.fetch_rows(j, query, offset, size),
            lambda rows: self._fetched(generation, rows, size),
            lambda error: self._fetch_failed(generation, error),
            owner=self,
        )

    def _fetched(self, generation: int, page: list[R], size: int) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        rows = [r for r in page if self.row_id(r) not in self._index]
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            for n, row in enumerate(rows, first):
                self._index[self.row_id(row)] = n
            self._rows.extend(rows)
            self.endInsertRows()
        if len(page) < size and self._total != len(self._rows):
            self._total = len(self._rows)  # some were deleted since the count
            self.total_changed.emit(self._total)
        self._continue_fetching_all()
