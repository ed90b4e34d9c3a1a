"""The filter bar above the incidents table. Filters become part of the core's query."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from journal.legal import LEGAL_COURT, LEGAL_FILTERS, LEGAL_POLICE
from journal.models import CATEGORIES, PLATFORMS, SEVERITIES, STATUSES
from journal.repository import EntryQuery
from journal.timeutil import now
from ui import theme
from ui.incidents.tags_input import FlowLayout
from ui.kit import labels
from ui.kit.layouts import flush
from ui.kit.widgets import DateEdit

PERIODS = ("all", "7d", "30d", "12m", "custom")
_PERIOD_DAYS = {"7d": 7, "30d": 30, "12m": 365}
PERSON_PREFIX = "person:"


@dataclass(frozen=True)
class Filters:
    """What the person chose. ``None`` means "any"."""

    period: str = "all"
    start: date | None = None  # the custom range, inclusive, in local dates
    end: date | None = None
    category: str | None = None
    severity: str | None = None
    tag: str | None = None
    status: str | None = None
    platform: str | None = None
    author: str | None = None
    legal: str | None = None  # police or court_order (journal/legal.py)

    @property
    def active(self) -> bool:
        return self != Filters()

    def apply(self, query: EntryQuery, moment: datetime | None = None) -> EntryQuery:
        """``query`` narrowed by these filters (relative periods end at ``moment``)."""
        moment = moment or now()
        since: datetime | None = None
        until: datetime | None = None
        if self.period in _PERIOD_DAYS:
            since = moment - timedelta(days=_PERIOD_DAYS[self.period])
        elif self.period == "custom":
            if self.start is not None:
                since = datetime.combine(self.start, time.min).astimezone()
            if self.end is not None:
                until = datetime.combine(self.end, time(23, 59, 59)).astimezone()

        # The by-person view filters by a person as "person:LABEL" (every account of theirs).
        person = (self.author or "").removeprefix(PERSON_PREFIX) if self.is_person else None

        def one(value: str | None) -> frozenset[str]:
            return frozenset({value}) if value else frozenset()

        return replace(
            query,
            since=since,
            until=until,
            categories=one(self.category),
            severities=one(self.severity),
            statuses=one(self.status),
            platforms=one(self.platform),
            tag=self.tag,
            author_handle=None if person else self.author,
            person=person,
            legal=self.legal,
        )

    @property
    def is_person(self) -> bool:
        return bool(self.author and self.author.startswith(PERSON_PREFIX))


class FilterBar(QWidget):
    changed = Signal(object)  # Filters

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentFilters")
        self._quiet = True  # no signals while the combo boxes are filled
        # The filters wrap onto a second line in a narrow window instead of widening it.
        layout = FlowLayout(self, spacing=theme.SPACING)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

        self.period = self._combo("filterPeriod", self.tr("Period"))
        for key, text in (
            ("all", self.tr("All time")),
            ("7d", self.tr("Last 7 days")),
            ("30d", self.tr("Last 30 days")),
            ("12m", self.tr("Last 12 months")),
            ("custom", self.tr("Custom range…")),
        ):
            self.period.addItem(text, key)
        self.start = self._date("filterFrom", self.tr("From"))
        self.end = self._date("filterTo", self.tr("To"))
        self.range_dash = QLabel("–", self)
        self.category = self._choices(
            "filterCategory", self.tr("Category"), self.tr("All categories"),
            [(k, labels.category(k)) for k in CATEGORIES],
        )  # fmt: skip
        self.severity = self._choices(
            "filterSeverity", self.tr("Severity"), self.tr("All severities"),
            [(k, labels.severity(k)) for k in SEVERITIES],
        )  # fmt: skip
        self.tag = self._choices("filterTag", self.tr("Impact"), self.tr("All impacts"), [])
        self.status = self._choices(
            "filterStatus", self.tr("Status"), self.tr("All statuses"),
            [(k, labels.status(k)) for k in STATUSES],
        )  # fmt: skip
        # The police and legal trail shares the status list: a filter bar with room to spare
        # for one more list would not fit a laptop screen.
        self.status.insertSeparator(self.status.count())
        self.status.addItem(self.tr("Reported to the police"), LEGAL_POLICE)
        self.status.addItem(self.tr("With a court order"), LEGAL_COURT)
        self.platform = self._choices(
            "filterPlatform", self.tr("Platform"), self.tr("All platforms"),
            [(k, labels.platform(k)) for k in PLATFORMS],
        )  # fmt: skip
        self.author = QToolButton(self)
        self.author.setObjectName("filterAuthor")
        self.author.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.author.setToolTip(self.tr("Showing one author's incidents. Click to show everyone's."))
        self.author.clicked.connect(lambda: self.set_author(None))
        self.author.hide()
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setAccessibleName(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear)

        for widget in (
            self._labelled(self.period), self.start, self.range_dash, self.end,
            *(self._labelled(c) for c in (
                self.category, self.severity, self.tag, self.status, self.platform
            )),
            self.author, self.clear_button,
        ):  # fmt: skip
            layout.addWidget(widget)
        self._author: str | None = None
        self._show_range(False)
        self._sync_clear()
        self._quiet = False

    # -- building -------------------------------------------------------------------

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        combo.currentIndexChanged.connect(self._emit)
        return combo

    def _labelled(self, combo: QComboBox) -> QWidget:
        """The combo with its visible name: a screen reader reads "Period", then the value."""
        cell = QWidget(self)
        row = flush(QHBoxLayout(cell), theme.SPACING // 2)
        label = QLabel(combo.accessibleName(), cell)
        label.setBuddy(combo)
        combo.setParent(cell)
        row.addWidget(label)
        row.addWidget(combo)
        return cell

    def _choices(
        self, name: str, accessible: str, any_text: str, items: list[tuple[str, str]]
    ) -> QComboBox:
        combo = self._combo(name, accessible)
        combo.addItem(any_text, None)
        for key, text in items:
            combo.addItem(text, key)
        return combo

    def _date(self, name: str, accessible: str) -> DateEdit:
        edit = DateEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setToolTip(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setDate(QDate.currentDate())
        edit.dateChanged.connect(self._emit)
        return edit

    # -- state ------------------------------------------------------------------------

    def filters(self) -> Filters:
        period = self.period.currentData() or "all"
        status = self.status.currentData()
        return Filters(
            period=period,
            start=self.start.date().toPython() if period == "custom" else None,  # type: ignore[arg-type]
            end=self.end.date().toPython() if period == "custom" else None,  # type: ignore[arg-type]
            category=self.category.currentData(),
            severity=self.severity.currentData(),
            tag=self.tag.currentData(),
            status=None if status in LEGAL_FILTERS else status,
            platform=self.platform.currentData(),
            author=self._author,
            legal=status if status in LEGAL_FILTERS else None,
        )

    def set_tags(self, names: list[str]) -> None:
        """The impact tags to offer (the journal's own list); keeps the current choice."""
        current = self.tag.currentData()
        self._quiet = True
        try:
            self.tag.clear()
            self.tag.addItem(self.tr("All impacts"), None)
            for name in names:
                self.tag.addItem(name, name)
            found = self.tag.findData(current) if current else 0
            self.tag.setCurrentIndex(max(found, 0))
        finally:
            self._quiet = False
        if current and self.tag.currentData() != current:
            self._emit()

    def set_author(self, handle: str | None) -> None:
        self._author = handle or None
        if self._author and self._author.startswith(PERSON_PREFIX):
            name = self._author.removeprefix(PERSON_PREFIX)
            self.author.setText(self.tr("Person: {0}  ✕").format(name))
            self.author.setAccessibleName(self.tr("Stop showing only {0}").format(name))
        elif self._author:
            self.author.setText(self.tr("Author: {0}  ✕").format(self._author))
            self.author.setAccessibleName(self.tr("Stop showing only {0}").format(self._author))
        else:
            self.author.setText("")
        self.author.setVisible(self._author is not None)
        self._emit()

    def clear(self) -> None:
        """Back to everything (emits once)."""
        self._reset()
        self._emit()

    def reset_choices(self) -> None:
        """On lock: forget the chosen author and the journal's own tags (both are content)."""
        self._reset()
        self._quiet = True
        try:
            self.tag.clear()
            self.tag.addItem(self.tr("All impacts"), None)
        finally:
            self._quiet = False
        self._show_range(False)
        self._sync_clear()

    def _reset(self) -> None:
        self._quiet = True
        try:
            for combo in (
                self.period, self.category, self.severity, self.tag, self.status, self.platform,
            ):  # fmt: skip
                combo.setCurrentIndex(0)
            self._author = None
            self.author.hide()
            self.author.setText("")
            self.author.setAccessibleName("")
        finally:
            self._quiet = False

    def _show_range(self, visible: bool) -> None:
        for widget in (self.start, self.range_dash, self.end):
            widget.setVisible(visible)

    def _sync_clear(self) -> None:
        self.clear_button.setEnabled(self.filters().active)

    def _emit(self) -> None:
        if self._quiet:
            return
        custom = self.period.currentData() == "custom"
        if custom and self.start.isHidden() and self.start.date() == self.end.date():
            self._quiet = True
            self.start.setDate(QDate.currentDate().addDays(-30))
            self._quiet = False
        self._show_range(custom)
        self._sync_clear()
        self.changed.emit(self.filters())
