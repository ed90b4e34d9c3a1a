"""The incidents screen: filters, the table (or the by-author view), the detail pane, the editor.

Everything the page shows comes from the worker through ``Operations``; ``clear()``
drops all of it when the journal locks, and ``reload()`` fetches it again after unlock.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabBar,
    QWidget,
)

from journal import queries, usecases
from journal.models import Incident
from journal.repository import EntryQuery
from journal.session import Journal
from journal.usecases import Changes
from ui import theme
from ui.incidents.authors import AuthorsView
from ui.incidents.detail import DetailPane
from ui.incidents.editor import IncidentEditor
from ui.incidents.filters import FilterBar, Filters
from ui.incidents.import_dialog import DropToImport, ImportDialog
from ui.incidents.model import (
    FETCH_ALL_LIMIT,
    Column,
    IncidentSortProxy,
    IncidentTableModel,
    Role,
)
from ui.kit import labels
from ui.kit.delegates import ChipsDelegate, SeverityDelegate, TitleDelegate
from ui.kit.drafts import DRAFT_PREFIX, SavedDraft, load_drafts
from ui.kit.list_page import ColumnFit, EmptyState, ListPage
from ui.kit.notice_bar import NoticeBar
from ui.kit.replies import unless_locked
from ui.kit.timers import single_shot
from ui.kit.widgets import close_if_open
from ui.operations import Change, Operations

SEARCH_DELAY_MS = 250
DETAIL_DELAY_MS = 80
UNDO_MS = 12_000


class IncidentsPage(ListPage):
    count_changed = Signal(int)  # incidents matching now (for the nav badge)
    saved = Signal(str, str, str)  # entry id, category, severity, after each save
    report_requested = Signal(str)  # entry id: "Report this to your manager now"

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.setObjectName("incidentsPage")
        self._search_text = ""
        self._keep_id: str | None = None  # select this row again after the next reload
        self._select_id: str | None = None  # a new entry: select it after the next reload
        self._drafts: list[SavedDraft]
        self.import_dialog: ImportDialog | None = None

        self.model = IncidentTableModel(ops, self)
        self.proxy = IncidentSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._connect()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = self._build_frame("incidentsBrowse")
        self.filters = FilterBar(self.browse)
        layout.addWidget(self.filters)
        self.draft_bar = NoticeBar("draftOffer", self.browse)
        self.notice = NoticeBar("notice", self.browse)
        layout.addWidget(self.draft_bar)
        layout.addWidget(self.notice)
        layout.addLayout(self._build_tabs_row())
        self._build_table_view()

        self.empty = EmptyState("incidentsEmpty", self.lists)
        self.empty.button.clicked.connect(self._empty_action)
        self.empty.finish()
        self.empty_title, self.empty_text = self.empty.title, self.empty.text
        self.empty_button = self.empty.button
        self.lists.addWidget(self.empty)

        self.authors = AuthorsView(self._ops, self.lists)
        self.lists.addWidget(self.authors)
        self.detail = DetailPane(self._ops, self.splitter)
        self._build_split(layout, self.detail, 300)

        self.editor = IncidentEditor(self._ops, self)
        self._add_editor(self.editor)

    def _build_tabs_row(self) -> QHBoxLayout:
        """All incidents or by person; how many; importing screenshots."""
        tabs_row = QHBoxLayout()
        self.tabs = QTabBar(self.browse)
        self.tabs.setObjectName("incidentViews")
        self.tabs.addTab(self.tr("All incidents"))
        self.tabs.addTab(self.tr("By person"))
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        self.tabs.setAccessibleName(self.tr("How to list incidents"))
        self.summary = QLabel(self.browse)
        self.summary.setObjectName("incidentsSummary")
        tabs_row.addWidget(self.tabs)
        tabs_row.addStretch(1)
        tabs_row.addWidget(self.summary)
        self.import_button = QPushButton(self.tr("&Import screenshots…"), self.browse)
        self.import_button.setObjectName("importScreenshots")
        self.import_button.setAccessibleName(self.tr("Import screenshots"))
        self.import_button.setToolTip(
            self.tr("Bring in many screenshots at once; you can also drop them on the list.")
        )
        tabs_row.addWidget(self.import_button)
        return tabs_row

    def _build_table_view(self) -> None:
        self._build_table("incidentsTable", self.tr("Incidents"), self.proxy)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setItemDelegateForColumn(Column.TITLE, TitleDelegate(self.table))
        self.table.setItemDelegateForColumn(Column.SEVERITY, SeverityDelegate(self.table))
        self.table.setItemDelegateForColumn(Column.TAGS, ChipsDelegate(self.table))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._size_columns()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
        self.lists.addWidget(self.table)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = QFontMetrics(self.table.font())
        pad = theme.SPACING * 3

        def width(*samples: str) -> int:
            return max(metrics.horizontalAdvance(t) for t in samples) + pad

        widths: dict[int, int] = {
            Column.DATE: width("28 Sep 2026 22:55"),
            Column.PLATFORM: width(labels.platform("sms"), labels.platform("instagram")),
            Column.CATEGORY: width("Impersonation or doxxing"),
            Column.SEVERITY: width(labels.severity("critical")) + theme.SPACING * 2,
            Column.TAGS: width("worried for family"),
            Column.STATUS: width(labels.status("monitoring")),
        }
        # Room for a usual title in full; below that, the columns the detail pane repeats go,
        # least useful first.
        self.columns = ColumnFit(
            self.table,
            widths,
            Column.TITLE,
            metrics.horizontalAdvance("Message saying they know where I live") + pad,
            (Column.STATUS, Column.PLATFORM, Column.TAGS, Column.CATEGORY),
        )
        header.setMinimumSectionSize(metrics.horizontalAdvance("Title") + pad)

    def _connect(self) -> None:
        self._search_timer = single_shot(self, SEARCH_DELAY_MS, self._apply_query)
        self._detail_timer = single_shot(self, DETAIL_DELAY_MS, self._show_current)

        self.filters.changed.connect(self._filters_changed)
        self.model.total_changed.connect(self._total_changed)
        self.model.reloaded.connect(self._reloaded)
        self.model.rowsInserted.connect(self._sync_summary)
        self.model.load_failed.connect(self._ops.failed.emit)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._row_activated)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.authors.author_activated.connect(self._show_author)
        self.import_button.clicked.connect(lambda: self.import_screenshots())
        DropToImport(self.table.viewport(), self.import_screenshots)
        DropToImport(self.empty, self.import_screenshots)
        self.detail.edit_requested.connect(self.edit_incident)
        self.detail.delete_requested.connect(self.delete_incident)
        self.detail.report_requested.connect(self.report_requested)
        self.editor.saved.connect(self._editor_saved)
        self.editor.report_requested.connect(self.report_requested)
        self.editor.closed.connect(self._editor_closed)
        self._ops.changed.connect(self._journal_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete_current)

    # -- the contract with the main window ------------------------------------------------------

    def _load(self) -> None:
        """After unlock: the first page and the filter choices."""
        self._apply_query()
        self._load_tags()

    def _read_drafts(self, journal: Journal) -> list[SavedDraft]:
        return load_drafts(queries.drafts(journal, DRAFT_PREFIX))

    def _clear(self) -> None:
        """On lock: drop rows, close editor, viewer and detail; no widget keeps journal text."""
        self._search_timer.stop()
        self._detail_timer.stop()
        self._search_text = ""
        self._keep_id = self._select_id = None
        self.editor.clear()
        close_if_open(self.import_dialog)
        self.import_dialog = None
        self.stack.setCurrentWidget(self.browse)
        self.model.clear()
        self.detail.clear()
        self.authors.clear()
        self.filters.reset_choices()
        self.draft_bar.dismiss()
        self.notice.dismiss()
        self.summary.clear()
        self.empty_title.clear()
        self.empty_text.clear()
        self.tabs.setCurrentIndex(0)
        self.lists.setCurrentWidget(self.table)

    def new_incident(self) -> None:
        """Ctrl+N: open the editor with the focus in the title."""
        if not self._active:
            return
        if not self.editor.is_open:
            self.editor.start_new()
        self.stack.setCurrentWidget(self.editor)
        self.editor.title.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_search_text(self, text: str) -> None:
        """From the toolbar's search box; the query waits until typing pauses."""
        if text == self._search_text:
            return
        self._search_text = text
        if self._active:
            self._search_timer.start()

    def focus_table(self) -> None:
        if self.stack.currentWidget() is not self.browse:
            return
        if self.lists.currentWidget() is self.authors:
            self.authors.table.setFocus()
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, Column.TITLE))

    # -- querying --------------------------------------------------------------------------------

    def _query(self) -> EntryQuery:
        order = self.model.query.order if self.model.query.order != "relevance" else "newest"
        base = EntryQuery(kind="incident", text=self._search_text.strip(), order=order)
        return self.filters.filters().apply(base)

    def _apply_query(self) -> None:
        if not self._active:
            return
        self._keep_id = self._keep_id or self._current_id()
        self.model.set_query(self._query())
        self.summary.setText(self.tr("Searching…") if self._search_text else self.tr("Loading…"))
        if self.table.horizontalHeader().sortIndicatorSection() != Column.DATE:
            self.model.fetch_all()

    def _filters_changed(self, _filters: Filters) -> None:
        self._search_timer.stop()
        self._apply_query()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if column == Column.DATE:
            wanted = "newest" if order == Qt.SortOrder.DescendingOrder else "oldest"
            if self._active and self.model.query.order != wanted:
                self._keep_id = self._current_id()
                self.model.set_query(replace(self.model.query, order=wanted))
        elif self._active:
            # Sorting by another column is only right over every row: load the rest.
            self.model.fetch_all()
        self._sync_summary()

    def _load_tags(self) -> None:
        self._ops.submit(
            queries.tag_names, self.filters.set_tags, unless_locked(self._ops), owner=self
        )

    def _journal_changed(self, change: Change) -> None:
        if not self._active or "incident" not in change.kinds:
            return
        if change.selected:
            self._select_id = change.selected
        self._keep_id = self._current_id()
        self.model.refresh()
        if self.detail.entry_id and self.detail.entry_id in change.ids:
            self.detail.refresh()
        if self.lists.currentWidget() is self.authors:
            self.authors.reload()
        self._load_tags()

    # -- the list ------------------------------------------------------------------------------

    def _select(self, entry_id: str) -> bool:
        return self._select_row(self.model.row_of(entry_id), Column.TITLE)

    def _reloaded(self) -> None:
        wanted, keep = self._select_id, self._keep_id
        self._select_id = self._keep_id = None
        if wanted is not None:
            if not self._select(wanted):
                self.detail.show_entry(wanted)
                if self.filters.filters().active or self._search_text:
                    self.notice.show_notice(
                        self.tr("Saved. It isn't in the list because of the search or filters."),
                        (self.tr("Clear filters"), self.filters.clear),
                        timeout_ms=UNDO_MS,
                        kind="hidden",
                    )
        elif keep is not None and not self._select(keep):
            self.table.selectionModel().clearCurrentIndex()
            self.table.clearSelection()
            self.detail.clear()
        self._sync_empty()

    def _total_changed(self, total: int) -> None:
        self.count_changed.emit(total)
        self._sync_summary()
        self._sync_empty()

    def _sync_summary(self) -> None:
        if not self._active or self.model.loading:
            return
        total = self.model.total
        text = (
            self.tr("1 incident") if total == 1 else self.tr("{0} incidents").format(f"{total:,}")
        )
        sorted_by_date = self.table.horizontalHeader().sortIndicatorSection() == Column.DATE
        if not sorted_by_date and total > FETCH_ALL_LIMIT and self.model.partly_loaded:
            text += " · " + self.tr("sorted among the {0} loaded; filters narrow it down").format(
                f"{self.model.rowCount():,}"
            )
        self.summary.setText(text)

    def _sync_empty(self) -> None:
        if self.lists.currentWidget() is self.authors or not self._active:
            return
        if self.model.loading:
            return
        empty = self.model.total == 0
        if empty:
            filtered = self.filters.filters().active or bool(self._search_text.strip())
            if filtered:
                self.empty_title.setText(self.tr("Nothing matches"))
                self.empty_text.setText(
                    self.tr("No incident matches your search or filters. Try other words, "
                            "or clear the filters to see everything.")
                )  # fmt: skip
                self.empty_button.setText(self.tr("Clear filters"))
                self.empty_button.setVisible(self.filters.filters().active)
            else:
                self.empty_title.setText(self.tr("No incidents yet"))
                self.empty_text.setText(
                    self.tr("When something happens online because of your work, record it "
                            "here: what happened, how it affected you and what you did. Press "
                            "Ctrl+N or choose New incident to start. It takes about a minute.")
                )  # fmt: skip
                self.empty_button.setText(self.tr("New incident"))
                self.empty_button.show()
        self.lists.setCurrentWidget(self.empty if empty else self.table)
        self.detail.setVisible(not empty or self.detail.entry is not None)

    def _empty_action(self) -> None:
        if self.filters.filters().active:
            self.filters.clear()
        else:
            self.new_incident()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._detail_timer.start()

    def _show_current(self) -> None:
        entry_id = self._current_id()
        if entry_id:
            self.detail.show_entry(entry_id)

    def _row_activated(self, index: QModelIndex) -> None:
        entry_id = index.data(Role.ID)
        if entry_id:
            self.edit_incident(entry_id)

    # -- by author -------------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.filters.hide()  # the by-author view covers every incident
            self.detail.hide()  # an incident beside the authors would seem to belong to one
            self.lists.setCurrentWidget(self.authors)
            if self._active:
                self.authors.reload()
        else:
            self.filters.show()
            self.lists.setCurrentWidget(self.table)
            self.detail.show()
            self._sync_empty()

    def _show_author(self, handle: str) -> None:
        self.tabs.setCurrentIndex(0)
        self.filters.set_author(handle)
        self.table.setFocus()

    def import_screenshots(self, paths: list[Path] | None = None) -> None:
        """The review dialog (ui/incidents/import_dialog.py) for files chosen or dropped."""
        close_if_open(self.import_dialog)
        self.import_dialog = ImportDialog(self._ops, paths, self)
        self.import_dialog.open()

    def show_by_author(self) -> None:
        self.tabs.setCurrentIndex(1)

    # -- editing and deleting --------------------------------------------------------------------

    def edit_incident(self, entry_id: str) -> None:
        def open_entry(entry: Incident) -> None:
            self.editor.start_edit(entry)
            self.stack.setCurrentWidget(self.editor)
            self.editor.title.setFocus()

        self._edit_saved(
            entry_id,
            Incident,
            self.tr("Finish or cancel this incident before editing another."),
            open_entry,
        )

    def _delete_current(self) -> None:
        entry_id = self._current_id()
        if entry_id:
            self.delete_incident(entry_id)

    def delete_incident(self, entry_id: str) -> None:
        """Soft delete, with Undo on the notice bar for a little while."""

        def deleted(_: Changes) -> None:
            if self.detail.entry_id == entry_id:
                self.detail.clear()
            self.notice.show_notice(
                self.tr("The incident was deleted."),
                (self.tr("Undo"), lambda: self._undelete(entry_id)),
                timeout_ms=UNDO_MS,
                kind="deleted",
            )

        self._ops.submit(
            lambda j: usecases.move_to_bin(j, entry_id),
            deleted,
            unless_locked(self._ops),
            owner=self,
        )

    def _undelete(self, entry_id: str) -> None:
        self._ops.submit(
            lambda j: usecases.restore_from_bin(j, entry_id), None, unless_locked(self._ops)
        )

    def _editor_saved(self, entry: Incident) -> None:
        self._select_id = entry.id
        self.saved.emit(entry.id, entry.category, entry.severity)
        if entry.category == "threat":
            entry_id = entry.id
            self.notice.show_notice(
                self.tr("A threat deserves the same swift response as one made in person. "
                        "You can tell your manager straight away."),
                (self.tr("Report this to your manager now"),
                 lambda: self.report_requested.emit(entry_id)),
                (self.tr("Not now"), lambda: None),
                kind="threat",
            )  # fmt: skip

    def _editor_closed(self) -> None:
        self.stack.setCurrentWidget(self.browse)
        self.table.setFocus()
        self._offer_draft()

    # -- drafts ----------------------------------------------------------------------------------

    def _offer_draft(self) -> None:
        drafts = [d for d in self._drafts if d.id != self.editor.draft_id]
        self._drafts = drafts
        if not drafts or self.editor.is_open:
            if not drafts:
                self.draft_bar.dismiss()
            return
        first = drafts[0]
        when = labels.date_time(first.saved_at)
        title = first.draft.title
        text = (
            self.tr("You have an unfinished incident, “{title}”, kept at {when}.").format(
                title=title, when=when
            )
            if title
            else self.tr("You have an unfinished incident, kept at {0}.").format(when)
        )
        if len(drafts) > 1:
            text += " " + self.tr("({0} unfinished in all.)").format(len(drafts))
        self.draft_bar.show_notice(
            text,
            (self.tr("Carry on"), lambda: self._resume_draft(first)),
            (self.tr("Discard"), lambda: self._discard_draft(first)),
            kind="draft",
        )

    def _resume_draft(self, saved: SavedDraft) -> None:
        self._drafts = [d for d in self._drafts if d.id != saved.id]
        self.editor.start_from_draft(saved.id, saved.draft)
        self.stack.setCurrentWidget(self.editor)
        self.editor.title.setFocus()

    def _discard_draft(self, saved: SavedDraft) -> None:
        self._drafts = [d for d in self._drafts if d.id != saved.id]

        self._ops.submit(
            lambda j: usecases.discard_draft(j, saved.id), None, unless_locked(self._ops)
        )
        self._offer_draft()

    def drafts_offered(self) -> list[str]:
        """Ids of the drafts waiting to be offered (for the shell and for tests)."""
        return [d.id for d in self._drafts]
