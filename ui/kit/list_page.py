"""The frame of a page that lists entries: a browse view over the section's editor.

The browse view holds what a section puts on top (a title, filters, notices, a
summary), then a splitter: on the left the table of entries or, when there are none,
an empty state that says what will appear and how to start; on the right the detail
of the selected entry. The editor takes the whole page while it is open.

Also here, for any table of entries: ``entry_table`` (the one way such a table is set
up: whole rows, one at a time, read-only, reached by Tab and left by Tab) and
``ColumnFit`` (on a narrow table, columns the detail repeats make way for the main one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal import queries
from journal.session import Journal
from ui import theme
from ui.kit.entry_editor import EntryEditor
from ui.kit.replies import unless_locked
from ui.kit.roles import Role
from ui.kit.tables import read_only_rows
from ui.operations import Operations

T = TypeVar("T")


def entry_table(
    parent: QWidget, name: str, accessible_name: str, model: QAbstractItemModel
) -> QTableView:
    """A table of entries: whole rows, one at a time, never edited in place; Tab leaves it
    (the arrow keys move inside); rows one line high with room around the text."""
    table = read_only_rows(QTableView(parent))
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    rows = table.verticalHeader()
    rows.setDefaultSectionSize(parent.fontMetrics().height() + theme.SPACING * 2)
    table.horizontalHeader().setHighlightSections(False)
    return table


class ColumnFit(QObject):
    """Fixed starting widths for a table's columns, one column that stretches, and on a
    narrow table the columns in ``drop_order`` left out in turn until the stretching
    one has ``main_min`` pixels (they are the ones the detail pane repeats)."""

    def __init__(
        self,
        table: QTableView,
        widths: dict[int, int],
        main: int,
        main_min: int,
        drop_order: Sequence[int],
    ) -> None:
        super().__init__(table)
        self.table = table
        self.widths = widths
        self.main_min = main_min
        self.drop_order = tuple(drop_order)
        header = table.horizontalHeader()
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(main, QHeaderView.ResizeMode.Stretch)
        # The viewport's own resize: by then it has its new width (the table's resize
        # comes first, while the viewport still has the old one).
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)

    def fit(self) -> None:
        available = self.table.viewport().width()
        hidden: set[int] = set()
        for column in self.drop_order:
            used = sum(w for c, w in self.widths.items() if c not in hidden)
            if available - used >= self.main_min:
                break
            hidden.add(column)
        for column in self.widths:
            self.table.setColumnHidden(column, column in hidden)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)


class EmptyState(QWidget):
    """What a list shows when it has nothing: a title, a few words and one button, centred.

    ``text_width`` (pixels) keeps a longer text to a readable measure, with ``spacing``
    between the parts; without them the text takes the width and Qt's usual spacing."""

    def __init__(
        self,
        name: str,
        parent: QWidget,
        *,
        spacing: int | None = None,
        text_width: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.column = QVBoxLayout(self)
        if spacing is not None:
            self.column.setSpacing(spacing)
        self.column.addStretch(1)
        self.title = QLabel(self)
        self.title.setObjectName("emptyTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(self)
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.setObjectName("emptyAction")
        self.column.addWidget(self.title)
        if text_width is None:
            self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.column.addWidget(self.text)
        else:
            self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.text.setMaximumWidth(text_width)
            self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            text_row = QHBoxLayout()
            text_row.addStretch(1)
            text_row.addWidget(self.text, 4)
            text_row.addStretch(1)
            self.column.addLayout(text_row)
        self.add_button(self.button)

    def add_button(self, button: QPushButton) -> None:
        """Another button under the first (added before the page is shown)."""
        self.column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)

    def finish(self) -> None:
        """After the last button: the block sits a little above the middle."""
        self.column.addStretch(2)

    def set_words(self, title: str, text: str, button: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.button.setText(button)

    def clear(self) -> None:
        self.title.clear()
        self.text.clear()


class ListPage(QWidget):
    """A page of entries: ``browse`` (a section's own rows on top, then ``lists`` with the
    table and the empty state, beside ``detail``) and the editor, in ``stack``.

    A section builds in order: ``_build_frame``, its own top rows into the layout that
    returns, ``_build_table``, its other lists and the detail, ``_build_split``, and
    ``_add_editor``.

    With the main window it keeps the contract every page keeps: ``reload`` after unlock
    (the section's ``_load``, then its unfinished drafts, read by ``_read_drafts`` and
    offered by ``_offer_draft``), ``prepare_lock`` (the editor keeps its work as a draft)
    and ``clear`` on lock (the section's ``_clear`` empties the rest)."""

    detail_share = 0.34  # of the splitter's width, when the page first shows
    detail_least = 340  # pixels

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._active = False
        self._drafts: list[Any] = []
        self._sized = False

    def _build_frame(self, name: str) -> QVBoxLayout:
        s = theme.SPACING
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)
        self.browse = QWidget(self)
        self.browse.setObjectName(name)
        layout = QVBoxLayout(self.browse)
        layout.setContentsMargins(s * 2, s * 2, s * 2, s)
        layout.setSpacing(s)
        return layout

    def _build_table(
        self, name: str, accessible_name: str, model: QAbstractItemModel
    ) -> QTableView:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.browse)
        self.splitter.setChildrenCollapsible(False)
        self.lists = QStackedWidget(self.splitter)
        self.table = entry_table(self.lists, name, accessible_name, model)
        return self.table

    def _build_split(self, layout: QVBoxLayout, detail: QWidget, detail_min: int) -> None:
        detail.setMinimumWidth(detail_min)
        self.splitter.addWidget(self.lists)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        self.stack.addWidget(self.browse)

    def _add_editor(self, editor: EntryEditor[Any]) -> None:
        self._editor = editor
        self.stack.addWidget(editor)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = max(self.splitter.width(), 600)
            detail = max(self.detail_least, int(total * self.detail_share))
            self.splitter.setSizes([total - detail, detail])

    # -- the selected row ------------------------------------------------------------------

    def _current_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(Role.ID) if index.isValid() else None

    def _select_row(self, row: int, column: int) -> bool:
        """Make a row of the (source) model current, and scroll to it; False if no row."""
        if row < 0:
            return False
        model = self.table.model()
        if isinstance(model, QSortFilterProxyModel):
            index = model.mapFromSource(model.sourceModel().index(row, column))
        else:
            index = model.index(row, column)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    # -- the contract with the main window ----------------------------------------------------

    def reload(self) -> None:
        """After unlock: load what the page shows; offer unfinished drafts."""
        self._active = True
        self._ops.forget(self)
        self._load()
        self._ops.submit(
            self._read_drafts, self._drafts_found, unless_locked(self._ops), owner=self
        )

    def _drafts_found(self, drafts: list[Any]) -> None:
        self._drafts = drafts
        self._offer_draft()

    def prepare_lock(self) -> None:
        """Keep the open editor's work as a draft (queued before the journal closes)."""
        self._editor.prepare_lock()

    def clear(self) -> None:
        """On lock: nothing on the page keeps journal text, and late replies are dropped."""
        self._active = False
        self._ops.forget(self)
        self._drafts = []
        self._clear()

    def _edit_saved(
        self,
        entry_id: str,
        kind: type[T],
        busy_message: str,
        open_entry: Callable[[T], None],
    ) -> None:
        """Load a saved entry of ``kind`` and ``open_entry`` it in the editor, unless the
        editor holds other unsaved work: then it comes back into view saying so."""

        def loaded(entry: object) -> None:
            if not isinstance(entry, kind):
                return
            if self._editor.is_open and self._editor.touched:
                self.stack.setCurrentWidget(self._editor)
                self._editor.message.setText(busy_message)
                return
            open_entry(entry)

        self._ops.submit(
            lambda j: queries.entry(j, entry_id), loaded, unless_locked(self._ops), owner=self
        )

    def _load(self) -> None:
        raise NotImplementedError

    def _read_drafts(self, journal: Journal) -> list[Any]:
        """Runs on the worker."""
        raise NotImplementedError

    def _offer_draft(self) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        raise NotImplementedError
