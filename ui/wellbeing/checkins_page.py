"""The check-ins page: past check-ins, newest first, loaded a page at a time.

The model holds rows fetched by the worker and never queries in ``data()``; more rows
come when the table scrolls near the end (``canFetchMore``/``fetchMore``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal import queries, wellbeing
from journal.errors import JournalError
from journal.models import CheckIn
from journal.repository import EntryQuery
from journal.session import Journal
from ui import theme
from ui.kit import labels
from ui.kit.choices import choice_box
from ui.kit.empty_state import EmptyState
from ui.kit.forms import title
from ui.kit.layouts import flush_row
from ui.kit.list_page import entry_table
from ui.kit.named_widgets import push_button
from ui.kit.paged_model import ModelIndex as AnyIndex
from ui.kit.paged_model import RowsTableModel
from ui.operations import Change, NotOpen, Operations
from ui.wellbeing.scales import scale

PAGE_SIZE = 100
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class CheckinRow:
    id: str
    occurred_at: datetime
    mood: int
    stress: int
    sleep: int
    confidence: int
    raise_in_supervision: bool
    shareable: bool
    note: str

    @classmethod
    def from_entry(cls, entry: CheckIn) -> CheckinRow:
        return cls(
            entry.id,
            entry.occurred_at,
            entry.mood,
            entry.stress,
            entry.sleep,
            entry.confidence,
            entry.raise_in_supervision,
            entry.shareable,
            entry.description,
        )


@dataclass(frozen=True)
class CheckinPage:
    rows: list[CheckinRow]
    total: int


def load_checkins(journal: Journal, offset: int, limit: int = PAGE_SIZE) -> CheckinPage:
    """One page of check-ins, newest first, with the four answers (run on the worker)."""
    total = queries.count(journal, EntryQuery(kind="checkin", limit=None))
    summaries = queries.entries(journal, EntryQuery(kind="checkin", limit=limit, offset=offset))
    rows = []
    for summary in summaries:
        entry = queries.entry(journal, summary.id)
        if isinstance(entry, CheckIn):
            rows.append(CheckinRow.from_entry(entry))
    return CheckinPage(rows, total)


class Column(IntEnum):
    DATE = 0
    MOOD = 1
    STRESS = 2
    SLEEP = 3
    CONFIDENCE = 4
    SUPERVISION = 5
    SHARED = 6
    NOTE = 7


_MEASURES = {
    Column.MOOD: "mood",
    Column.STRESS: "stress",
    Column.SLEEP: "sleep",
    Column.CONFIDENCE: "confidence",
}


class CheckinsModel(RowsTableModel[CheckinRow]):
    """Rows fetched by the worker; ``data()`` only reads them."""

    loaded = Signal()
    load_failed = Signal(object)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self._ops = ops
        self.total = 0
        self._fetching = False
        headers = {
            Column.DATE: self.tr("Date"),
            Column.MOOD: self.tr("Mood"),
            Column.STRESS: self.tr("Stress"),
            Column.SLEEP: self.tr("Sleep"),
            Column.CONFIDENCE: self.tr("Confidence"),
            Column.SUPERVISION: self.tr("Supervision"),
            Column.SHARED: self.tr("Shared"),
            Column.NOTE: self.tr("Note"),
        }
        self._headers = [headers[column] for column in Column]

    @property
    def rows(self) -> list[CheckinRow]:
        """The check-ins loaded so far, newest first."""
        return self._rows

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self._fetching = True
        wanted = max(PAGE_SIZE, len(self.rows))
        self._ops.submit(
            lambda j: load_checkins(j, 0, wanted),
            self._reloaded,
            self._failed,
            owner=self,
            key="page",  # a newer load (or page) replaces what is on its way
        )

    def _reloaded(self, page: CheckinPage) -> None:
        self._fetching = False
        self.beginResetModel()
        self._rows = list(page.rows)
        self.total = page.total
        self.endResetModel()
        self.loaded.emit()

    def _failed(self, error: JournalError) -> None:
        self._fetching = False
        if not isinstance(error, NotOpen):
            self.load_failed.emit(error)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self.rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        offset = len(self.rows)
        self._ops.submit(
            lambda j: load_checkins(j, offset),
            lambda page: self._more(offset, page),
            self._failed,
            owner=self,
            key="page",
        )

    def _more(self, offset: int, page: CheckinPage) -> None:
        if offset != len(self.rows):
            return
        self._fetching = False
        self.total = page.total
        known = {row.id for row in self.rows}
        new = [row for row in page.rows if row.id not in known]
        if new:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()
        elif len(self.rows) < self.total:
            self.total = len(self.rows)  # nothing more came back: stop asking

    def clear(self) -> None:
        self._ops.forget(self)
        self._fetching = False
        self.beginResetModel()
        self._rows = []
        self.total = 0
        self.endResetModel()

    # -- the model -----------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_for(index)
        if row is None:
            return None
        column = Column(index.column())
        if role == ID_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column, long=role != Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole and column in _MEASURES:
            spec = scale(_MEASURES[column])
            return f"{spec.title}: {spec.describe(getattr(row, spec.key))}"
        return None

    def _text(self, row: CheckinRow, column: Column, *, long: bool) -> str:
        if column == Column.DATE:
            return labels.date_time(row.occurred_at)
        if column in _MEASURES:
            spec = scale(_MEASURES[column])
            value = int(getattr(row, spec.key))
            return spec.describe(value) if long else spec.short(value)
        if column == Column.SUPERVISION:
            return self.tr("To raise") if row.raise_in_supervision else ""
        if column == Column.SHARED:
            return self.tr("Shared") if row.shareable else self.tr("Private")
        return " ".join(row.note.split())

    def row_of(self, entry_id: str) -> int:
        for n, row in enumerate(self.rows):
            if row.id == entry_id:
                return n
        return -1


class CheckinsPage(QWidget):
    """Past check-ins with a "New check-in" button and the reminder setting."""

    new_requested = Signal()
    edit_requested = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkins_page")
        self.setAccessibleName(self.tr("Check-ins"))
        self._ops = ops
        self._active = False
        self._select_id: str | None = None
        self.model = CheckinsModel(ops, self)
        self._build()
        self.model.loaded.connect(self._loaded)
        self.model.rowsInserted.connect(self._update_summary)
        self.model.load_failed.connect(ops.failed.emit)
        ops.changed.connect(self._journal_changed)

    def _build(self) -> None:
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 2 * s)
        layout.setSpacing(2 * s)
        layout.addLayout(self._build_top())
        intro = QLabel(
            self.tr(
                "A quick note of how you are: mood, stress, sleep and confidence. Check-ins "
                "stay private unless you choose to share one. Press Enter on a row to change it."
            ),
            self,
        )
        intro.setObjectName("checkins_intro")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_table(self.stack))
        self.empty = EmptyState(
            "checkins_empty",
            60 * s,
            self.stack,
            title=self.tr("No check-ins yet"),
            text=self.tr(
                "A check-in takes under a minute. Each one appears here, newest first, and "
                "the Wellbeing page draws them over time so you can see how you've been."
            ),
        )
        self.empty.add_button(self.tr("Check in now"), "checkins_empty_action", self.new_requested)
        self.stack.addWidget(self.empty)
        self.loading = QLabel(self.tr("Loading…"), self.stack)
        self.loading.setObjectName("checkins_loading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self.stack.setCurrentWidget(self.loading)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._build_bottom())

    def _build_top(self) -> QHBoxLayout:
        top = flush_row(spacing=2 * theme.SPACING)
        self.new_button = push_button(
            self.tr("New check-in"), self, "new_checkin", self.new_requested, icon="check"
        )
        self.new_button.setAccessibleName(self.tr("New check-in"))
        top.addWidget(title(self.tr("Check-ins"), self, scale=1.4, name="checkins_title"))
        top.addStretch(1)
        top.addWidget(self.new_button)
        return top

    def _build_table(self, parent: QWidget) -> QTableView:
        """Past check-ins, a row each, the note taking what room is left."""
        s = theme.SPACING
        self.table = entry_table(parent, "checkins_table", self.tr("Past check-ins"), self.model)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        pad = 3 * s
        widths = {
            Column.DATE: metrics.horizontalAdvance("28 Sep 2026 22:55") + pad,
            Column.MOOD: metrics.horizontalAdvance("5 Very good") + pad,
            Column.STRESS: metrics.horizontalAdvance("10/10") + pad + s,
            Column.SLEEP: metrics.horizontalAdvance("1 Very poor") + pad,
            Column.CONFIDENCE: metrics.horizontalAdvance("5 Very high") + pad + 2 * s,
            Column.SUPERVISION: metrics.horizontalAdvance(self.tr("Supervision")) + pad,
            Column.SHARED: metrics.horizontalAdvance(self.tr("Private")) + pad + s,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        return self.table

    def _build_bottom(self) -> QHBoxLayout:
        """The reminder setting, and how many check-ins there are."""
        s = theme.SPACING
        bottom = flush_row()
        every = [
            (self.tr("Off"), "off"),
            (self.tr("Daily"), "daily"),
            (self.tr("Weekly"), "weekly"),
        ]
        reminder_label, self.reminder = choice_box(
            self.tr("&Reminder:"), self, "checkin_reminder", self.tr("Check-in reminder"), every
        )
        reminder_hint = QLabel(
            self.tr("A gentle note when you open the journal, if you haven't checked in."), self
        )
        reminder_hint.setObjectName("checkin_reminder_hint")
        reminder_hint.setWordWrap(True)
        reminder_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary = QLabel(self)
        self.summary.setObjectName("checkins_summary")
        bottom.addWidget(reminder_label)
        bottom.addWidget(self.reminder)
        bottom.addSpacing(s)
        bottom.addWidget(reminder_hint, 1)
        bottom.addWidget(self.summary)
        self.reminder.activated.connect(self._reminder_chosen)
        return bottom

    # -- the contract with the main window ------------------------------------------------

    def reload(self) -> None:
        self._active = True
        self.model.reload()
        self._ops.submit(
            lambda j: wellbeing.checkin_reminder(j.repo),
            self._reminder_loaded,
            lambda _error: None,
            owner=self,
        )

    def prepare_lock(self) -> None:
        """Nothing to save: the form keeps its own draft."""

    def clear(self) -> None:
        self._active = False
        self._select_id = None
        self.model.clear()
        self.summary.clear()
        self.reminder.setCurrentIndex(0)
        self.stack.setCurrentWidget(self.loading)

    # -- behaviour -----------------------------------------------------------------------

    def _journal_changed(self, change: Change) -> None:
        if not self._active:
            return
        if "checkin" in change.kinds or any(
            self.model.row_of(entry_id) >= 0 for entry_id in change.ids
        ):
            if change.selected:
                self._select_id = change.selected
            self.model.reload()

    def _loaded(self) -> None:
        self.stack.setCurrentWidget(self.table if self.model.rows else self.empty)
        self._update_summary()
        if self._select_id:
            row = self.model.row_of(self._select_id)
            self._select_id = None
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def _update_summary(self) -> None:
        total = self.model.total
        if not total:
            self.summary.clear()
        elif total == 1:
            self.summary.setText(self.tr("1 check-in"))
        else:
            self.summary.setText(self.tr("{n} check-ins").format(n=total))

    def _activated(self, index: QModelIndex) -> None:
        entry_id = index.data(ID_ROLE)
        if entry_id:
            self.edit_requested.emit(str(entry_id))

    def _reminder_loaded(self, frequency: str) -> None:
        if not self._active:
            return
        index = self.reminder.findData(frequency)
        self.reminder.setCurrentIndex(max(0, index))

    def _reminder_chosen(self, index: int) -> None:
        frequency = str(self.reminder.itemData(index))
        self._ops.submit(
            lambda j: wellbeing.set_checkin_reminder(j.repo, frequency),
            None,
            None,
            change=Change(settings=True, extra={"checkin_reminder": frequency}),
        )

    def focus_reminder(self) -> None:
        self.reminder.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        value = index.data(ID_ROLE) if index.isValid() else None
        return str(value) if value else None
