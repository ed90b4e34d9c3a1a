"""Before supervision: the period, what will be shown, and what to leave out this time.

Only the practitioner sees this view. It lists everything supervision mode would show,
each entry with a "Leave out" tick; says how many entries stay out because they are not
shared; and ends with the big button that turns supervision mode on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.supervision import spoken_date
from ui import theme
from ui.kit import labels
from ui.kit.choices import choice_box
from ui.kit.date_fields import date_field
from ui.kit.forms import core_text, heading, quiet, text_label
from ui.kit.layouts import flush_column, flush_row
from ui.kit.named_widgets import push_button
from ui.kit.scrolling import bounded_column, scroll_body
from ui.supervision.actions import ActionLine, ActionsList
from ui.supervision.data import PrepareData
from ui.supervision.widgets import RowDelegate, fit_tree, row_height

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LEAVE_OUT = 3  # the column with the tick


def checkin_line(mood: int, stress: int, confidence: int) -> str:
    return QCoreApplication.translate(
        "Supervision", "mood {0} of 5 · stress {1} of 10 · confidence {2} of 5"
    ).format(mood, stress, confidence)


class PrepareView(QWidget):
    """``exclusions_changed(set)`` when a tick changes; ``period_changed(date | None)``."""

    exclusions_changed = Signal(object)
    period_changed = Signal(object)
    start_requested = Signal()
    link_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisionPrepare")
        self._filling = False
        self._prompt_action: Callable[[], None] | None = None
        s = theme.SPACING
        _outer, _scroll, body = scroll_body(self, "prepareBody")
        column, layout = bounded_column(body, 120 * s, (0, s, 0, s * 2))
        layout.addLayout(self._build_top(column))
        layout.addLayout(self._build_period(column))
        self._build_entries(column, layout)
        self._build_agreed_actions(column, layout)
        self._build_kept_back(column, layout)
        layout.addStretch(1)

    def _build_top(self, column: QWidget) -> QHBoxLayout:
        """What this view is for, beside the button that starts supervision mode."""
        s = theme.SPACING
        top = flush_row(spacing=s * 3)
        intro = QLabel(
            self.tr(
                "Before your supervision, look over what your supervisor will see. Anything "
                "you tick to leave out stays out for this session. Private notes never show."
            ),
            column,
        )
        intro.setWordWrap(True)
        top.addWidget(intro, 1)
        start_box = flush_column(spacing=s // 2)
        start = self.tr("Start supervision mode")
        self.start_button = push_button(
            start, column, "startSupervision", self.start_requested, icon="supervision"
        )
        self.start_button.setMinimumHeight(6 * s)
        font = QFont(self.start_button.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.start_button.setFont(font)
        self.start_button.setDefault(True)
        self.start_button.setToolTip(
            self.tr("A coloured banner shows while supervision mode is on, and only this page "
                    "can be seen. Leave it from the banner.")
        )  # fmt: skip
        start_box.addWidget(self.start_button)
        start_note = quiet(QLabel(self.tr("Leave it from the banner at the top."), column))
        start_note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        start_box.addWidget(start_note)
        top.addLayout(start_box)
        return top

    def _build_period(self, column: QWidget) -> QHBoxLayout:
        """Since the last supervision, or since a date the person chooses."""
        period_row = flush_row()
        periods = [
            (self.tr("Since your last supervision"), "last"),
            (self.tr("Since a date you choose"), "date"),
        ]
        caption, self.period = choice_box(
            self.tr("Period"), column, "periodChoice", self.tr("Period"), periods
        )
        self.since = date_field(column, "periodSince")
        self.since.setAccessibleName(self.tr("From"))
        self.since.setMaximumDate(QDate.currentDate())
        self.since.setEnabled(False)
        self.period_text = quiet(QLabel(column))
        self.period_text.setObjectName("periodText")
        self.period_text.setWordWrap(True)
        period_row.addWidget(caption)
        period_row.addWidget(self.period)
        period_row.addWidget(self.since)
        period_row.addWidget(self.period_text, 1)
        self.period.currentIndexChanged.connect(self._period_choice)
        self.since.dateChanged.connect(self._since_changed)
        return period_row

    def _build_entries(self, column: QWidget, layout: QVBoxLayout) -> None:
        """Every entry supervision mode would show, each with its "Leave out" tick."""
        s = theme.SPACING
        layout.addSpacing(s)
        layout.addWidget(heading(self.tr("What your supervisor will see"), column, scale=1.1))
        self.counts = text_label(column, "prepareCounts", selectable=False)
        layout.addWidget(self.counts)
        self.tree = QTreeWidget(column)
        self.tree.setObjectName("prepareEntries")
        self.tree.setAccessibleName(self.tr("Entries for supervision"))
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Entry"), self.tr("When"), self.tr("Details"), self.tr("Leave out")]
        )
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemDelegate(RowDelegate(row_height(self.tree), self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        header.resizeSection(1, metrics.horizontalAdvance("28 Sep 2026") + 3 * s)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(LEAVE_OUT, metrics.horizontalAdvance("Leave out") + 5 * s)
        self.tree.itemChanged.connect(self._tick_changed)
        layout.addWidget(self.tree)
        self.trend_text = quiet(text_label(column, "prepareTrend", selectable=False))
        layout.addWidget(self.trend_text)

    def _build_agreed_actions(self, column: QWidget, layout: QVBoxLayout) -> None:
        s = theme.SPACING
        layout.addSpacing(s)
        layout.addWidget(heading(self.tr("Actions agreed last time"), column, scale=1.1))
        self.actions_empty = quiet(QLabel(self.tr("No agreed actions to look at."), column))
        layout.addWidget(self.actions_empty)
        self.agreed_actions = ActionsList(column)
        layout.addWidget(self.agreed_actions)

    def _build_kept_back(self, column: QWidget, layout: QVBoxLayout) -> None:
        """How many entries stay out because they are not shared, and a prompt about it."""
        s = theme.SPACING
        layout.addSpacing(s)
        self.kept_back = text_label(column, "notSharedCounts", selectable=False)
        layout.addWidget(self.kept_back)
        self.prompt_box = QFrame(column)
        self.prompt_box.setObjectName("notSharedPrompt")
        self.prompt_box.setFrameShape(QFrame.Shape.StyledPanel)
        prompt_layout = QHBoxLayout(self.prompt_box)
        prompt_layout.setContentsMargins(s * 2, s, s, s)
        self.prompt_text = QLabel(self.prompt_box)
        self.prompt_text.setObjectName("notSharedPromptText")
        self.prompt_text.setWordWrap(True)
        self.prompt_button = QPushButton(self.prompt_box)
        self.prompt_button.setObjectName("notSharedPromptAction")
        self.prompt_button.clicked.connect(lambda: self.link_requested.emit("checkins"))
        prompt_layout.addWidget(self.prompt_text, 1)
        prompt_layout.addWidget(self.prompt_button, 0, Qt.AlignmentFlag.AlignTop)
        self.prompt_box.hide()
        layout.addWidget(self.prompt_box)

    # -- showing -------------------------------------------------------------------------

    def show_data(self, data: PrepareData) -> None:
        view = data.view
        self._filling = True
        try:
            since_chosen = data.preparation.since
            self.period.setCurrentIndex(1 if since_chosen else 0)
            self.since.setEnabled(since_chosen is not None)
            shown_since = since_chosen or view.since.astimezone().date()
            self.since.setDate(QDate(shown_since.year, shown_since.month, shown_since.day))
            if since_chosen is None and data.last is not None:
                self.period_text.setText(
                    self.tr("From your supervision on {0}.").format(
                        spoken_date(data.last.occurred_at.astimezone().date())
                    )
                )
            elif since_chosen is None:
                self.period_text.setText(
                    self.tr("There's no supervision record yet, so this covers the last "
                            "six weeks.")
                )  # fmt: skip
            else:
                self.period_text.setText(self.tr("From {0}.").format(spoken_date(since_chosen)))
            self._fill_tree(data)
        finally:
            self._filling = False
        self.agreed_actions.set_actions([ActionLine.from_item(a) for a in view.actions])
        self.agreed_actions.setVisible(bool(view.actions))
        self.actions_empty.setVisible(not view.actions)
        if view.trend:
            self.trend_text.setText(
                self.tr(
                    "The wellbeing trend from the {0} check-ins you shared will show too."
                ).format(view.shared_checkin_count)
                if view.shared_checkin_count != 1
                else self.tr("The wellbeing trend from the check-in you shared will show too.")
            )
        else:
            self.trend_text.setText(
                self.tr("No check-ins are shared in this period, so no wellbeing trend "
                        "will show.")
            )  # fmt: skip
        self._show_kept_back(data)

    def _fill_tree(self, data: PrepareData) -> None:
        view = data.view
        excluded = data.preparation.exclude
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)

        def group(title: str, count: int) -> QTreeWidgetItem:
            item = QTreeWidgetItem(self.tree, [f"{title} ({count})"])
            item.setFont(0, bold)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setFirstColumnSpanned(True)
            # The heading spans the row; a screen reader still visits each column's cell,
            # so each says the heading rather than "blank".
            for column in range(1, self.tree.columnCount()):
                item.setData(column, Qt.ItemDataRole.AccessibleTextRole, item.text(0))
            return item

        def entry(parent: QTreeWidgetItem, entry_id: str, texts: list[str]) -> None:
            item = QTreeWidgetItem(parent, texts)
            item.setData(0, ID_ROLE, entry_id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(
                LEAVE_OUT,
                Qt.CheckState.Checked if entry_id in excluded else Qt.CheckState.Unchecked,
            )
            item.setData(
                LEAVE_OUT, Qt.ItemDataRole.AccessibleTextRole, self.tr("Leave out this time")
            )

        if view.incidents:
            incidents = group(self.tr("Incidents"), view.incident_count)
            for i in view.incidents:
                details = f"{labels.category(i.category)} · {labels.severity(i.severity)}"
                entry(incidents, i.id, [i.title, labels.date_only(i.occurred_at), details])
        if view.checkins:
            checkins = group(self.tr("Check-ins to raise"), len(view.checkins))
            for c in view.checkins:
                entry(
                    checkins,
                    c.id,
                    [
                        self.tr("Check-in"),
                        labels.date_only(c.occurred_at),
                        checkin_line(c.mood, c.stress, c.confidence),
                    ],
                )
        if view.searches:
            searches = group(self.tr("Search log"), view.search_count)
            for q in view.searches:
                details = q.case_ref or self.tr("No case reference")
                what = q.query or self.tr("Look-up")
                entry(searches, q.id, [what, labels.date_only(q.occurred_at), details])
        self.tree.expandAll()
        rows = self.tree.topLevelItemCount() + sum(
            (item.childCount() if item is not None else 0)
            for item in (self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount()))
        )
        fit_tree(self.tree, rows)
        if not (view.incidents or view.checkins or view.searches):
            self.counts.setText(
                self.tr("Nothing shared has been recorded in this period. In supervision "
                        "mode the page will say so, and show any agreed actions.")
            )  # fmt: skip
            self.tree.hide()
        else:
            self.counts.setText(
                self.tr("Everything listed will show. Tick “Leave out” for anything you'd "
                        "rather not bring to this session.")
            )  # fmt: skip
            self.tree.show()

    def _show_kept_back(self, data: PrepareData) -> None:
        counts = data.not_shared.by_kind
        parts = []
        if counts.get("incident"):
            n = counts["incident"]
            parts.append(self.tr("1 incident") if n == 1 else self.tr("{0} incidents").format(n))
        if counts.get("checkin"):
            n = counts["checkin"]
            parts.append(self.tr("1 check-in") if n == 1 else self.tr("{0} check-ins").format(n))
        if counts.get("search"):
            n = counts["search"]
            parts.append(self.tr("1 look-up") if n == 1 else self.tr("{0} look-ups").format(n))
        if parts:
            self.kept_back.setText(
                self.tr("Kept to yourself, so they won't show: {0}.").format(", ".join(parts))
            )
            self.kept_back.show()
        else:
            self.kept_back.clear()
            self.kept_back.hide()
        prompt = data.prompt
        if prompt is not None:
            self.prompt_text.setText(core_text(prompt.message))
            self.prompt_button.setText(core_text(prompt.action_label))
            self.prompt_box.show()
        else:
            self.prompt_text.clear()
            self.prompt_button.setText("")
            self.prompt_box.hide()

    # -- choices -------------------------------------------------------------------------

    def _entry_items(self) -> Iterator[QTreeWidgetItem]:
        """Every entry's row, group by group (the groups' own rows left out)."""
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is None:
                continue
            for n in range(group.childCount()):
                item = group.child(n)
                if item is not None:
                    yield item

    def excluded(self) -> set[str]:
        return {
            str(item.data(0, ID_ROLE))
            for item in self._entry_items()
            if item.checkState(LEAVE_OUT) == Qt.CheckState.Checked
        }

    def item_for(self, entry_id: str) -> QTreeWidgetItem | None:
        return next(
            (item for item in self._entry_items() if item.data(0, ID_ROLE) == entry_id), None
        )

    def _tick_changed(self, _item: QTreeWidgetItem, column: int) -> None:
        if not self._filling and column == LEAVE_OUT:
            self.exclusions_changed.emit(self.excluded())

    def _period_choice(self, index: int) -> None:
        if self._filling:
            return
        self.since.setEnabled(index == 1)
        self.period_changed.emit(self._chosen_since())

    def _since_changed(self, _date: QDate) -> None:
        if not self._filling and self.period.currentIndex() == 1:
            self.period_changed.emit(self._chosen_since())

    def _chosen_since(self) -> date | None:
        if self.period.currentIndex() != 1:
            return None
        q = self.since.date()
        return date(q.year(), q.month(), q.day())

    def clear(self) -> None:
        """Drop every entry's words (on lock, and when supervision mode starts)."""
        self._filling = True
        try:
            self.tree.clear()
            self.period.setCurrentIndex(0)
            self.since.setEnabled(False)
        finally:
            self._filling = False
        self.agreed_actions.set_actions([])
        for label in (
            self.counts,
            self.period_text,
            self.trend_text,
            self.kept_back,
            self.prompt_text,
        ):
            label.clear()
        self.prompt_button.setText("")
        self.prompt_box.hide()
