"""Supervision mode's page: only what the core's supervision view returned.

It is shown on a screen the supervisor can see. Everything here comes from
``journal.supervision.supervision_view`` (shared entries, not left out, no private
notes); nothing else is loaded while it shows, and ``clear()`` drops all of it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.supervision import SupervisionView, spoken_date
from ui import theme
from ui.kit import labels
from ui.kit.delegates import SeverityDelegate
from ui.kit.forms import heading, quiet, text_label
from ui.kit.layouts import flush_column
from ui.kit.named_widgets import push_button
from ui.kit.roles import Role
from ui.kit.scrolling import bounded_column, scroll_body
from ui.supervision.actions import ActionLine, ActionsList
from ui.supervision.chart import trend_chart, trend_sentence
from ui.supervision.widgets import FittedTable


def _table(parent: QWidget, name: str, headers: list[str]) -> FittedTable:
    table = FittedTable(len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    return table


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


class SessionView(QWidget):
    """``record_requested`` asks for the supervision record's form."""

    record_requested = Signal()
    action_toggled = Signal(str, int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisionSession")
        self.view: SupervisionView | None = None
        self._chart: QWidget | None = None
        s = theme.SPACING
        _outer, self.scroll_area, body = scroll_body(self, "sessionBody")
        column, layout = bounded_column(
            body, 140 * s, (s * 3, s * 2, s * 3, s * 3), room_beside=False
        )
        self.column = column
        self._build_top(column, layout)
        self._build_incidents(column, layout)
        self._build_trend(column, layout)
        self._build_checkins(column, layout)
        self._build_searches(column, layout)
        self.actions_note = self._section(column, layout, self.tr("Actions agreed last time"),
                                          "actionsNote")  # fmt: skip
        self.agreed_actions = ActionsList(column)
        self.agreed_actions.done_toggled.connect(self.action_toggled)
        layout.addWidget(self.agreed_actions)
        layout.addStretch(1)

    def _section(self, column: QWidget, layout: QVBoxLayout, title: str, note_name: str) -> QLabel:
        """A part of the page: a gap, its heading and a quiet note under it (returned)."""
        layout.addSpacing(theme.SPACING)
        layout.addWidget(heading(title, column, scale=1.1))
        note = quiet(text_label(column, note_name, selectable=False))
        layout.addWidget(note)
        return note

    def _table_section(
        self,
        column: QWidget,
        layout: QVBoxLayout,
        heading_and_note: tuple[str, str],
        name_and_spoken: tuple[str, str],
        headers: list[str],
    ) -> tuple[QLabel, FittedTable]:
        """A part of the page that lists entries: its note, and its table under it."""
        note = self._section(column, layout, *heading_and_note)
        name, spoken = name_and_spoken
        table = _table(column, name, headers)
        table.setAccessibleName(spoken)
        layout.addWidget(table)
        return note, table

    def _build_top(self, column: QWidget, layout: QVBoxLayout) -> None:
        """The period's title and sentence, the button that records the session, a summary."""
        s = theme.SPACING
        top = QHBoxLayout()
        titles = flush_column(spacing=s // 2)
        self.title = heading(
            self.tr("Since your last supervision"), column, scale=1.3, name="sessionTitle"
        )
        self.period = quiet(text_label(column, "sessionPeriod", selectable=False))
        titles.addWidget(self.title)
        titles.addWidget(self.period)
        top.addLayout(titles, 1)
        record = self.tr("Record this supervision")
        self.record_button = push_button(
            record, column, "recordSupervision", self.record_requested, icon="add"
        )
        top.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.summary = text_label(column, "sessionSummary", selectable=False)
        layout.addWidget(self.summary)

    def _build_incidents(self, column: QWidget, layout: QVBoxLayout) -> None:
        """Incidents, open threats first."""
        s = theme.SPACING
        self.incidents_note, self.incidents = self._table_section(
            column,
            layout,
            (self.tr("Incidents"), "incidentsNote"),
            ("sessionIncidents", self.tr("Incidents since your last supervision")),
            [self.tr("When"), self.tr("Title"), self.tr("Category"), self.tr("Severity"),
             self.tr("Status"), self.tr("Impact")],
        )  # fmt: skip
        self.incidents.setItemDelegateForColumn(3, SeverityDelegate(self.incidents))
        metrics = self.fontMetrics()
        header = self.incidents.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column_index, sample in (
            (0, "28 Sep 2026"),
            (2, "Threat to me or my family"),
            (3, "Critical"),
            (4, "Monitoring"),
            (5, "10 out of 10"),
        ):
            header.resizeSection(column_index, metrics.horizontalAdvance(sample) + 4 * s)

    def _build_trend(self, column: QWidget, layout: QVBoxLayout) -> None:
        """The wellbeing trend: the chart goes in ``chart_box`` when there is one."""
        layout.addSpacing(theme.SPACING)
        layout.addWidget(heading(self.tr("How you've been"), column, scale=1.1))
        self.chart_box = QVBoxLayout()
        layout.addLayout(self.chart_box)
        self.trend_text = quiet(text_label(column, "trendSentence", selectable=False))
        layout.addWidget(self.trend_text)

    def _build_checkins(self, column: QWidget, layout: QVBoxLayout) -> None:
        s = theme.SPACING
        self.checkins_note, self.checkins = self._table_section(
            column,
            layout,
            (self.tr("Check-ins to raise"), "checkinsNote"),
            ("sessionCheckins", self.tr("Check-ins to raise in supervision")),
            [self.tr("When"), self.tr("Mood"), self.tr("Stress"), self.tr("Confidence"),
             self.tr("Sleep"), self.tr("Note")],
        )  # fmt: skip
        metrics = self.fontMetrics()
        header = self.checkins.horizontalHeader()
        header.resizeSection(0, metrics.horizontalAdvance("28 Sep 2026") + 4 * s)
        for column_index in (1, 2, 3, 4):
            header.resizeSection(column_index, metrics.horizontalAdvance("Confidence") + 4 * s)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def _build_searches(self, column: QWidget, layout: QVBoxLayout) -> None:
        s = theme.SPACING
        self.searches_note, self.searches = self._table_section(
            column,
            layout,
            (self.tr("Search log"), "searchesNote"),
            ("sessionSearches", self.tr("Search log since your last supervision")),
            [self.tr("When"), self.tr("What was searched"), self.tr("Where"), self.tr("Case"),
             self.tr("Reason"), self.tr("Agreed by"), self.tr("Outcome")],
        )  # fmt: skip
        header = self.searches.horizontalHeader()
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("28 Sep 2026") + 4 * s)
        for column_index in (1, 4, 6):
            header.setSectionResizeMode(column_index, QHeaderView.ResizeMode.Stretch)

    # -- showing -------------------------------------------------------------------------

    def show_view(self, view: SupervisionView) -> None:
        self.clear()
        self.view = view
        since = view.since.astimezone().date()
        if view.last_record_at is not None and view.last_record_at == view.since:
            self.title.setText(self.tr("Since your last supervision"))
        elif view.last_record_at is None:
            self.title.setText(self.tr("The last six weeks"))
        else:
            self.title.setText(self.tr("Since {0}").format(spoken_date(since)))
        self.period.setText(
            self.tr("From {0} to today. Only entries you chose to share are here; private "
                    "notes never are.").format(spoken_date(since))
        )  # fmt: skip
        self._show_summary(view)
        self._show_incidents(view)
        self._show_trend(view)
        self._show_checkins(view)
        self._show_searches(view)
        self.agreed_actions.set_actions([ActionLine.from_item(a) for a in view.actions])
        self.agreed_actions.setVisible(bool(view.actions))
        self.actions_note.setText(
            "" if view.actions else self.tr("No actions were agreed last time.")
        )
        self.actions_note.setVisible(not view.actions)

    def _show_summary(self, view: SupervisionView) -> None:
        if view.is_empty:
            self.summary.setText(
                self.tr("Nothing shared has been recorded in this period, and no actions "
                        "are open.")
            )  # fmt: skip
            return
        parts = []
        n = view.incident_count
        parts.append(self.tr("1 incident") if n == 1 else self.tr("{0} incidents").format(n))
        if view.open_threats:
            t = view.open_threats
            parts.append(
                self.tr("1 open threat") if t == 1 else self.tr("{0} open threats").format(t)
            )
        c = len(view.checkins)
        parts.append(
            self.tr("1 check-in to raise")
            if c == 1
            else self.tr("{0} check-ins to raise").format(c)
        )
        q = view.search_count
        parts.append(self.tr("1 look-up") if q == 1 else self.tr("{0} look-ups").format(q))
        overdue = sum(1 for a in view.actions if a.state == "overdue")
        if overdue:
            parts.append(
                self.tr("1 action overdue")
                if overdue == 1
                else self.tr("{0} actions overdue").format(overdue)
            )
        self.summary.setText(" · ".join(parts))

    def _show_incidents(self, view: SupervisionView) -> None:
        table = self.incidents
        table.setRowCount(len(view.incidents))
        bold = QFont(table.font())
        bold.setBold(True)
        for r, incident in enumerate(view.incidents):
            title = _item(incident.title)
            if incident.open_threat:
                title.setFont(bold)
                title.setToolTip(self.tr("Open threat: {0}").format(incident.title))
            severity = _item(labels.severity(incident.severity))
            severity.setData(Role.KEY, incident.severity)
            cells = [
                _item(labels.date_only(incident.occurred_at)),
                title,
                _item(labels.category(incident.category)),
                severity,
                _item(labels.status(incident.status)),
                _item(
                    self.tr("Not rated")
                    if incident.impact_score is None
                    else self.tr("{0} out of 10").format(incident.impact_score)
                ),
            ]
            for c, item in enumerate(cells):
                table.setItem(r, c, item)
        table.fit()
        table.setVisible(bool(view.incidents))
        if not view.incidents:
            self.incidents_note.setText(self.tr("No shared incidents in this period."))
        elif view.incident_count > len(view.incidents):
            self.incidents_note.setText(
                self.tr("Open threats first, then the most serious. The first {0} of {1} "
                        "are shown.").format(len(view.incidents), view.incident_count)
            )  # fmt: skip
        else:
            self.incidents_note.setText(self.tr("Open threats first, then the most serious."))

    def _show_trend(self, view: SupervisionView) -> None:
        if view.trend:
            self._chart = trend_chart(view.trend, self.palette(), self.column)
            self.chart_box.addWidget(self._chart)
            self._chart.show()
        self.trend_text.setText(trend_sentence(view.trend, view.shared_checkin_count))

    def _show_checkins(self, view: SupervisionView) -> None:
        table = self.checkins
        table.setRowCount(len(view.checkins))
        for r, c in enumerate(view.checkins):
            texts = [
                labels.date_only(c.occurred_at),
                self.tr("{0} of 5").format(c.mood),
                self.tr("{0} of 10").format(c.stress),
                self.tr("{0} of 5").format(c.confidence),
                self.tr("{0} of 5").format(c.sleep),
                c.note.strip(),
            ]
            for col, text in enumerate(texts):
                table.setItem(r, col, _item(text))
        table.fit()
        table.setVisible(bool(view.checkins))
        self.checkins_note.setText(
            "" if view.checkins else self.tr("No shared check-ins were marked to raise.")
        )
        self.checkins_note.setVisible(not view.checkins)

    def _show_searches(self, view: SupervisionView) -> None:
        table = self.searches
        table.setRowCount(len(view.searches))
        for r, q in enumerate(view.searches):
            texts = [
                labels.date_only(q.occurred_at),
                q.query,
                q.where,
                q.case_ref or self.tr("None"),
                q.reason.strip(),
                q.agreed_by or self.tr("Not noted"),
                q.outcome.strip(),
            ]
            for col, text in enumerate(texts):
                table.setItem(r, col, _item(text))
        table.fit()
        table.setVisible(bool(view.searches))
        if not view.searches:
            self.searches_note.setText(self.tr("No shared look-ups in this period."))
        elif view.search_count > len(view.searches):
            self.searches_note.setText(
                self.tr("The newest {0} of {1} are shown.").format(
                    len(view.searches), view.search_count
                )
            )
        else:
            self.searches_note.setText("")
        self.searches_note.setVisible(bool(self.searches_note.text()))

    def clear(self) -> None:
        """Drop everything shown: tables, chart, texts."""
        self.view = None
        for table in (self.incidents, self.checkins, self.searches):
            table.clearContents()
            table.setRowCount(0)
        if self._chart is not None:
            self._chart.hide()
            self.chart_box.removeWidget(self._chart)
            self._chart.deleteLater()
            self._chart = None
        self.agreed_actions.set_actions([])
        for label in (
            self.period, self.summary, self.incidents_note, self.trend_text, self.checkins_note,
            self.searches_note, self.actions_note,
        ):  # fmt: skip
            label.clear()
