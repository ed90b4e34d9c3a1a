"""The search log page: every online look-up, filters, the selected one in detail, the form.

Searching about a family only with a reason is what this page is for: the empty state
says so, the form asks for the reason, and rows that would be weak if read back later
carry a small marker and their prompt in the detail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal import queries, usecases
from journal.models import SearchLogEntry
from journal.searchlog import SearchLogFilter, SearchLogRow, case_refs
from journal.session import Journal
from journal.timeutil import now
from ui import theme
from ui.kit import labels
from ui.kit.detail_pane import DetailFrame, detail_title, fact_rows, placeholder_label
from ui.kit.forms import heading, quiet
from ui.kit.layouts import flush
from ui.kit.list_page import ColumnFit, EmptyState, ListPage
from ui.kit.notice_bar import NoticeBar
from ui.kit.replies import unless_locked
from ui.kit.search_field import search_field
from ui.kit.timers import single_shot
from ui.operations import Change, Operations
from ui.searchlog.form import DRAFT_PREFIX, PromptPanel, SearchLogForm
from ui.searchlog.model import ID_ROLE, ROW_ROLE, Column, SearchLogModel

FILTER_DELAY_MS = 250
ANY_CASE = "\x00any"
NO_CASE = "\x00none"
PERIODS = (
    ("any", "Any time", None),
    ("30", "Last 30 days", 30),
    ("90", "Last 3 months", 91),
    ("365", "Last 12 months", 365),
)


class FilterBar(QWidget):
    """Period, case, who agreed and words. ``changed`` fires as they change."""

    def __init__(self, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchLogFilters")
        s = theme.SPACING
        layout = flush(QHBoxLayout(self), s)
        self.period = QComboBox(self)
        self.period.setObjectName("filter_period")
        self.period.setAccessibleName(self.tr("Period"))
        for key, text, _days in PERIODS:
            self.period.addItem(self.tr(text), key)
        self.case = QComboBox(self)
        self.case.setObjectName("filter_case")
        self.case.setAccessibleName(self.tr("Case"))
        self.case.setMinimumWidth(20 * s)
        self.agreed = QLineEdit(self)
        self.agreed.setObjectName("filter_agreed")
        self.agreed.setAccessibleName(self.tr("Who agreed"))
        self.agreed.setPlaceholderText(self.tr("Agreed by…"))
        self.agreed.setClearButtonEnabled(True)
        self.text = search_field(
            self, "filter_text", self.tr("Words…"), self.tr("Words in the look-up")
        )
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.setObjectName("filter_clear")
        self.clear_button.setFlat(True)
        self.clear_button.clicked.connect(self.clear)
        for label, widget, stretch in (
            (self.tr("Period"), self.period, 0),
            (self.tr("Case"), self.case, 0),
            (None, self.agreed, 1),
            (None, self.text, 2),
        ):
            if label:
                caption = QLabel(label, self)
                caption.setBuddy(widget)
                layout.addWidget(caption)
            layout.addWidget(widget, stretch)
        layout.addWidget(self.clear_button)
        self.set_cases([])
        self._on_change = on_change
        self.period.currentIndexChanged.connect(lambda _i: on_change())
        self.case.currentIndexChanged.connect(lambda _i: on_change())
        self.agreed.textChanged.connect(lambda _t: on_change())
        self.text.textChanged.connect(lambda _t: on_change())

    def set_cases(self, refs: list[str]) -> None:
        current = self.case.currentData()
        self.case.blockSignals(True)
        self.case.clear()
        self.case.addItem(self.tr("Any case"), ANY_CASE)
        self.case.addItem(self.tr("Not linked to a case"), NO_CASE)
        for ref in refs:
            self.case.addItem(ref, ref)
        index = self.case.findData(current) if current is not None else 0
        self.case.setCurrentIndex(max(0, index))
        self.case.blockSignals(False)

    def search_filter(self) -> SearchLogFilter:
        days = next((d for k, _t, d in PERIODS if k == self.period.currentData()), None)
        since = now() - timedelta(days=days) if days else None
        case = self.case.currentData()
        case_ref = None if case in (None, ANY_CASE) else "" if case == NO_CASE else str(case)
        agreed = self.agreed.text().strip() or None
        return SearchLogFilter(
            since=since, case_ref=case_ref, agreed_by=agreed, text=self.text.text().strip()
        )

    @property
    def active(self) -> bool:
        return bool(
            self.period.currentIndex()
            or self.case.currentIndex()
            or self.agreed.text().strip()
            or self.text.text().strip()
        )

    def clear(self) -> None:
        for widget in (self.period, self.case, self.agreed, self.text):
            widget.blockSignals(True)
        self.period.setCurrentIndex(0)
        self.case.setCurrentIndex(0)
        self.agreed.clear()
        self.text.clear()
        for widget in (self.period, self.case, self.agreed, self.text):
            widget.blockSignals(False)
        self._on_change()

    def reset(self) -> None:
        """On lock: no case references or typed words left."""
        self.blockSignals(True)
        for widget in (self.period, self.case, self.agreed, self.text):
            widget.blockSignals(True)
        self.period.setCurrentIndex(0)
        self.agreed.clear()
        self.text.clear()
        for widget in (self.period, self.case, self.agreed, self.text):
            widget.blockSignals(False)
        self.set_cases([])
        self.blockSignals(False)


class SearchDetail(QWidget):
    """One look-up, read from its list row (never its private notes)."""

    def __init__(self, edit: Callable[[str, str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchLogDetail")
        self._edit = edit
        self.row: SearchLogRow | None = None
        frame = DetailFrame(
            self,
            quiet(placeholder_label(self.tr("Choose a look-up in the list to see it here."), self)),
            "searchDetailBody",
        )
        self.stack, self.placeholder = frame.stack, frame.placeholder
        body, layout = frame.body, frame.layout
        self.title = detail_title(body, "detailTitle", 1.2)
        layout.addWidget(self.title)
        facts, self.fact = fact_rows(
            body,
            (
                ("when", self.tr("When")),
                ("case", self.tr("Case reference")),
                ("where", self.tr("Where")),
                ("reason", self.tr("Reason")),
                ("agreed", self.tr("Who agreed it")),
                ("outcome", self.tr("Outcome")),
                ("sharing", self.tr("Sharing")),
            ),
        )
        layout.addLayout(facts)
        self.prompts = PromptPanel(self.tr("Worth a look"), body)
        layout.addWidget(self.prompts)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Edit"), body)
        self.edit_button.setObjectName("editSearch")
        self.edit_button.clicked.connect(lambda: self._go(""))
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        note = quiet(
            QLabel(
                self.tr("Look-ups are kept with every earlier version, so the log can be "
                        "trusted if it is ever read back."),
                body,
            )
        )  # fmt: skip
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        self.clear()

    def _go(self, action: str) -> None:
        if self.row is not None:
            self._edit(self.row.id, action)

    def show_row(self, row: SearchLogRow) -> None:
        self.row = row
        self.title.setText(" ".join((row.query or row.title).split()) or self.tr("Look-up"))
        self.fact["when"].setText(labels.date_time(row.occurred_at))
        self.fact["case"].setText(row.case_ref or self.tr("Not linked to a case"))
        self.fact["where"].setText(row.where or self.tr("Not noted"))
        self.fact["reason"].setText(row.reason)
        self.fact["agreed"].setText(row.agreed_by or self.tr("Not noted"))
        self.fact["outcome"].setText(row.outcome or self.tr("Not noted"))
        self.fact["sharing"].setText(
            self.tr("Can go into reports and supervision")
            if row.shareable
            else self.tr("Kept to yourself")
        )
        self.prompts.set_prompts(row.prompts(), self._go)
        self.stack.setCurrentIndex(1)

    def clear(self) -> None:
        self.row = None
        self.title.clear()
        for label in self.fact.values():
            label.clear()
        self.prompts.clear()
        self.stack.setCurrentWidget(self.placeholder)

    def prompt_texts(self) -> list[str]:
        return self.prompts.texts()


class SearchLogPage(ListPage):
    """The page behind "Search log". ``open_guidance`` opens the guidance on look-ups."""

    detail_share = 0.32
    detail_least = 36 * theme.SPACING

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        open_guidance: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(ops, parent)
        self.setObjectName("searchLogPage")
        self._open_guidance = open_guidance
        self._select_id: str | None = None
        self._case_refs: list[str] = []
        self._left_behind: dict[str, Any] | None = None  # a form left unsaved, until lock
        self._drafts: list[tuple[str, dict[str, Any]]]
        self.model = SearchLogModel(ops, self)
        self._build()
        self._filter_timer = single_shot(self, FILTER_DELAY_MS, self._apply_filter)
        self.model.reloaded.connect(self._reloaded)
        self.model.total_changed.connect(lambda _n: self._sync())
        self.model.load_failed.connect(self._ops.failed.emit)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._row_activated)
        self.form.saved.connect(self._form_saved)
        self.form.closed.connect(self._form_closed)
        self.form.left_unsaved.connect(self._form_left)
        self._ops.changed.connect(self._journal_changed)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        s = theme.SPACING
        layout = self._build_frame("searchLogBrowse")
        layout.addLayout(self._build_title_row())
        self.filters = FilterBar(self._filters_changed, self.browse)
        layout.addWidget(self.filters)
        self.notice = NoticeBar("searchLogNotice", self.browse)
        layout.addWidget(self.notice)
        self.summary = QLabel(self.browse)
        self.summary.setObjectName("searchLogSummary")
        layout.addWidget(self.summary)
        self._build_table_view()
        self._build_empty()
        self.detail = SearchDetail(self.edit_search, self.splitter)
        self._build_split(layout, self.detail, 36 * s)
        self.form = SearchLogForm(self._ops, self, open_guidance=self._open_guidance)
        self._add_editor(self.form)

    def _build_title_row(self) -> QHBoxLayout:
        """The page's title and what it is for, and the button to record a look-up."""
        s = theme.SPACING
        top = QHBoxLayout()
        top.setSpacing(s)
        titles = QVBoxLayout()
        titles.setSpacing(s // 2)
        titles.addWidget(heading(self.tr("Search log"), self.browse, scale=1.3, name="pageTitle"))
        subtitle = quiet(
            QLabel(
                self.tr("Each online look-up about a family or person, with why and who "
                        "agreed it."),
                self.browse,
            )
        )  # fmt: skip
        subtitle.setWordWrap(True)
        titles.addWidget(subtitle)
        top.addLayout(titles, 1)
        self.new_button = QPushButton(theme.icon("add"), self.tr("Record a look-up"), self.browse)
        self.new_button.setObjectName("newSearch")
        self.new_button.clicked.connect(self.new_search)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _build_table_view(self) -> None:
        s = theme.SPACING
        self._build_table("searchLogTable", self.tr("Look-ups"), self.model)
        metrics = self.fontMetrics()
        widths: dict[int, int] = {
            Column.DATE: metrics.horizontalAdvance("28 Sep 2026 22:55") + s * 2,
            Column.WHERE: metrics.horizontalAdvance("Instagram profile") + s * 3,
            Column.CASE: metrics.horizontalAdvance("Not linked") + s * 3,
            Column.AGREED: metrics.horizontalAdvance("Alex Morgan") + s * 2,
            Column.ATTENTION: metrics.horizontalAdvance("Worth a look") + s * 5,
        }
        # On a narrow table the columns the detail repeats go, so the search reads.
        self.columns = ColumnFit(
            self.table,
            widths,
            Column.QUERY,
            metrics.horizontalAdvance("Father's public profile") + s * 2,
            (Column.WHERE, Column.AGREED),
        )
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lists.addWidget(self.table)

    def _build_empty(self) -> None:
        s = theme.SPACING
        self.empty = EmptyState("searchLogEmpty", self.lists, spacing=s * 2, text_width=70 * s)
        self.empty.button.clicked.connect(self._empty_action)
        self.empty_title, self.empty_text = self.empty.title, self.empty.text
        self.empty_button = self.empty.button
        self.empty_guidance = QPushButton(theme.icon("guidance"),
                                          self.tr("Read about looking people up online"),
                                          self.empty)  # fmt: skip
        self.empty_guidance.setObjectName("emptyGuidance")
        self.empty_guidance.setVisible(self._open_guidance is not None)
        if self._open_guidance is not None:
            self.empty_guidance.clicked.connect(self._open_guidance)
        self.empty.add_button(self.empty_guidance)
        self.empty.finish()
        self.lists.addWidget(self.empty)

    # -- the contract with the main window -----------------------------------------------

    def _load(self) -> None:
        self._apply_filter()
        self._load_case_refs()

    def _read_drafts(self, journal: Journal) -> list[tuple[str, dict[str, Any]]]:
        return [(draft_id, data) for draft_id, _at, data in queries.drafts(journal, DRAFT_PREFIX)]

    def _clear(self) -> None:
        """On lock: rows, detail, form, filters and notices all emptied."""
        self._filter_timer.stop()
        self._select_id = None
        self._case_refs = []
        self._left_behind = None
        self.form.clear()
        self.stack.setCurrentWidget(self.browse)
        self.model.clear()
        self.detail.clear()
        self.filters.reset()
        self.notice.dismiss()
        self.summary.clear()
        self.empty_title.clear()
        self.empty_text.clear()
        self.lists.setCurrentWidget(self.table)

    # -- list ----------------------------------------------------------------------------

    def _load_case_refs(self) -> None:
        def loaded(refs: list[str]) -> None:
            self._case_refs = refs
            self.filters.set_cases(refs)

        self._ops.submit(lambda j: case_refs(j.repo), loaded, unless_locked(self._ops), owner=self)

    def _filters_changed(self) -> None:
        if self._active:
            self._filter_timer.start()

    def _apply_filter(self) -> None:
        if not self._active:
            return
        self._filter_timer.stop()
        self.summary.setText(self.tr("Loading…"))
        self.model.set_filter(self.filters.search_filter())

    def _journal_changed(self, change: Change) -> None:
        if not self._active or "search" not in change.kinds:
            return
        if change.selected:
            self._select_id = change.selected
        else:
            self._select_id = self._current_id()
        self.model.refresh()
        self._load_case_refs()

    def select(self, entry_id: str) -> bool:
        row = self.model.row_of(entry_id)
        if not self._select_row(row, Column.QUERY):
            return False
        self.detail.show_row(self.model.row_data(row))
        return True

    def _reloaded(self) -> None:
        wanted, self._select_id = self._select_id, None
        if wanted is None or not self.select(wanted):
            current = self._current_id()
            if current is None or not self.select(current):
                self.detail.clear()
            if wanted is not None and self.filters.active:
                self.notice.show_notice(
                    self.tr("Saved. It isn't in the list because of the filters."),
                    (self.tr("Clear filters"), self.filters.clear),
                )
        self._sync()

    def _sync(self) -> None:
        if not self._active or self.model.loading:
            return
        total = self.model.total
        attention = sum(
            1 for r in range(self.model.rowCount()) if self.model.row_data(r).needs_attention
        )
        text = self.tr("1 look-up") if total == 1 else self.tr("{0} look-ups").format(f"{total:,}")
        if attention:
            text += " · " + (
                self.tr("1 worth a look")
                if attention == 1
                else self.tr("{0} worth a look").format(attention)
            )
        self.summary.setText(text)
        empty = total == 0
        if empty:
            if self.filters.active:
                self.empty_title.setText(self.tr("Nothing matches"))
                self.empty_text.setText(
                    self.tr("No look-up matches these filters. Clear them to see the whole log.")
                )
                self.empty_button.setText(self.tr("Clear filters"))
            else:
                self.empty_title.setText(self.tr("No look-ups recorded yet"))
                self.empty_text.setText(
                    self.tr("Before you look up a family or a person online, be clear why it "
                            "is needed for the case and who agreed it. Note each look-up here: "
                            "what you searched for, where, the reason and the outcome. A log "
                            "like this keeps searching fair, and shows it was, if you're ever "
                            "asked.")
                )  # fmt: skip
                self.empty_button.setText(self.tr("Record a look-up"))
        self.lists.setCurrentWidget(self.empty if empty else self.table)
        self.detail.setVisible(not empty)
        self.summary.setVisible(not empty or self.filters.active)

    def _empty_action(self) -> None:
        if self.filters.active:
            self.filters.clear()
        else:
            self.new_search()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if isinstance(row, SearchLogRow):
            self.detail.show_row(row)

    def _row_activated(self, index: QModelIndex) -> None:
        entry_id = index.data(ID_ROLE)
        if entry_id:
            self.edit_search(entry_id)

    # -- the form ------------------------------------------------------------------------

    def new_search(self) -> None:
        if not self._active:
            return
        if self.form.is_open:
            self.stack.setCurrentWidget(self.form)
            return
        self.notice.dismiss()
        self._left_behind = None
        self.form.start_new(self._case_refs)
        self.stack.setCurrentWidget(self.form)
        self.form.case_ref.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_search(self, entry_id: str, action: str = "") -> None:
        """Open a saved look-up in the form; ``action`` is a prompt's next step."""
        if not self._active:
            return

        def open_entry(entry: SearchLogEntry) -> None:
            self.notice.dismiss()
            self.form.start_edit(entry, self._case_refs)
            self.stack.setCurrentWidget(self.form)
            if action:
                self.form.go_to(action)
            else:
                self.form.case_ref.setFocus(Qt.FocusReason.OtherFocusReason)

        self._edit_saved(
            entry_id,
            SearchLogEntry,
            self.tr("Finish or cancel this look-up before editing another."),
            open_entry,
        )

    def _form_saved(self, entry_id: str) -> None:
        self._select_id = entry_id
        self._left_behind = None

    def _form_closed(self) -> None:
        self.stack.setCurrentWidget(self.browse)
        self.table.setFocus()

    def _form_left(self, left: dict[str, Any]) -> None:
        """Cancel left something typed: it can be gone back to until the journal locks."""
        self._left_behind = left
        self.notice.show_notice(
            self.tr("The look-up wasn't saved."),
            (self.tr("Go back to it"), self._go_back),
        )

    def _go_back(self) -> None:
        left, self._left_behind = self._left_behind, None
        if left is None or not self._active:
            return
        self.form.start_from_draft(self.form.draft_id, left, self._case_refs)
        self.stack.setCurrentWidget(self.form)

    # -- drafts ----------------------------------------------------------------------------

    def _offer_draft(self) -> None:
        if not self._drafts or self.form.is_open:
            return
        draft_id, data = self._drafts[0]
        self.notice.show_notice(
            self.tr("You have a look-up you hadn't finished when the journal locked."),
            (self.tr("Carry on"), lambda: self._resume(draft_id, data)),
            (self.tr("Discard"), lambda: self._discard(draft_id)),
        )

    def _resume(self, draft_id: str, data: dict[str, Any]) -> None:
        self._drafts = [d for d in self._drafts if d[0] != draft_id]
        self.form.start_from_draft(draft_id, data, self._case_refs)
        self.stack.setCurrentWidget(self.form)

    def _discard(self, draft_id: str) -> None:
        self._drafts = [d for d in self._drafts if d[0] != draft_id]

        self._ops.submit(
            lambda j: usecases.discard_draft(j, draft_id), None, unless_locked(self._ops)
        )
        self._offer_draft()
