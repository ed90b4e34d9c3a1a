"""The wellbeing dashboard: how things have been over a chosen period.

Incidents per week by severity, the mean impact score per week, mood, stress and
confidence from check-ins, the most frequent impact tags, and ProQOL scores. Every
chart labels its axes and has a sentence under it saying what it shows; a chart with
nothing to draw says what will appear instead.

All figures are computed on the worker (``journal.wellbeing.dashboard``); "All time"
on a large journal can take a second or two, so the page says "Loading…" and stays
usable meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal import patterns, proqol, queries, wellbeing
from journal.errors import JournalError
from journal.models import SEVERITIES
from journal.session import Journal
from journal.wellbeing import CheckinPoint, Dashboard
from ui import theme
from ui.kit import forms, labels
from ui.kit.chart_table import ChartTable
from ui.kit.choices import choice_box
from ui.kit.empty_state import EmptyState
from ui.kit.layouts import flush_row
from ui.kit.named_widgets import check_box, push_button
from ui.kit.scrolling import scroll_body
from ui.operations import Change, NotOpen, Operations
from ui.wellbeing import charts
from ui.wellbeing.proqol_dialog import subscale_label
from ui.wellbeing.widgets import OnePage

RELOAD_DELAY_MS = 400
DEFAULT_PERIOD = "12w"


def _t(text: str) -> str:
    return QCoreApplication.translate("DashboardPage", text)


@dataclass(frozen=True)
class Period:
    key: str
    weeks: int | None  # None: all time
    label: str


def periods() -> list[Period]:
    return [
        Period("12w", 12, _t("Last 12 weeks")),
        Period("6m", 26, _t("Last 6 months")),
        Period("12m", 52, _t("Last 12 months")),
        Period("all", None, _t("All time")),
    ]


def period_since(weeks: int | None, today: date) -> datetime | None:
    """Local midnight of the Monday that starts the period: ``weeks`` whole ISO weeks,
    this one included."""
    if weeks is None:
        return None
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    return datetime.combine(monday, time(0)).astimezone()


MONTHLY_AFTER_WEEKS = 26


def monthly(points: Sequence[CheckinPoint]) -> list[CheckinPoint]:
    """Weekly check-in means merged into calendar months (weighted by check-ins), so a long
    period reads as a trend rather than a scribble. A week counts in the month it starts."""
    sums: dict[date, list[float]] = {}
    for point in points:
        acc = sums.setdefault(point.start.replace(day=1), [0.0] * 5)
        acc[0] += point.checkins
        for n, measure in enumerate(wellbeing.CHECKIN_MEASURES, start=1):
            acc[n] += point.value(measure) * point.checkins
    out = []
    for start, acc in sorted(sums.items()):
        means = {m: acc[n] / acc[0] for n, m in enumerate(wellbeing.CHECKIN_MEASURES, start=1)}
        out.append(CheckinPoint(start=start, checkins=int(acc[0]), **means))
    return out


@dataclass(frozen=True)
class DashboardData:
    period: str
    board: Dashboard
    proqol: dict[str, list[tuple[date, int]]]
    anything: bool  # the journal holds an incident or a check-in, in any period
    prompts_enabled: bool
    perspective_enabled: bool

    @property
    def has_proqol(self) -> bool:
        return any(self.proqol.values())


def load_dashboard(journal: Journal, period: str, since: datetime | None) -> DashboardData:
    """Everything the page shows for one period (run on the worker)."""
    board = wellbeing.dashboard(journal.repo, since)
    counts = queries.counts_by_kind(journal)
    return DashboardData(
        period=period,
        board=board,
        proqol=proqol.series(journal.repo, since.date() if since else None),
        anything=counts.get("incident", 0) + counts.get("checkin", 0) > 0,
        prompts_enabled=patterns.prompts_enabled(journal.repo),
        perspective_enabled=patterns.perspective_enabled(journal.repo),
    )


class ChartCard(QFrame):
    """A titled chart with its sentence underneath, or a sentence saying what will appear."""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(title)
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2 * s, 2 * s, 2 * s, 2 * s)
        layout.setSpacing(s)
        self.title = forms.title(title, self, scale=1.1, name=f"{name}_title")
        layout.addWidget(self.title)
        self.stack = QStackedWidget(self)
        self.view = charts.ChartView(f"{name}_chart", self.stack)
        self.view.setMinimumHeight(30 * s)
        self.view.setAccessibleName(title)
        self.empty = QLabel(self.stack)
        self.empty.setObjectName(f"{name}_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(3 * s)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.stack.setCurrentWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.legend = QLabel(self)
        self.legend.setObjectName(f"{name}_legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.legend.hide()
        layout.addWidget(self.legend)
        self.caption = QLabel(self)
        self.caption.setObjectName(f"{name}_caption")
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.caption)
        self.numbers = ChartTable(name, title, self)
        self.numbers.hide()
        layout.addWidget(self.numbers)
        self.button_row = QHBoxLayout()
        self.button_row.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.button_row)

    def add_button(self, text: str, name: str, clicked: SignalInstance) -> QPushButton:
        """A button under the chart, at its left: something to do about what it shows."""
        button = push_button(text, self, name, clicked)
        button.setAccessibleName(text)
        self.button_row.addWidget(button)
        self.button_row.addStretch(1)
        return button

    def chart(self) -> charts.QChart:
        return self.view.chart_

    def show_chart(
        self,
        caption: str,
        legend: Sequence[charts.LegendItem] = (),
        table: tuple[Sequence[str], Sequence[Sequence[str]]] = ((), ()),
    ) -> None:
        """The chart, its sentence, its legend, and its numbers as a table (headers, rows)."""
        self.empty.clear()
        headers, rows = table
        if headers:
            self.numbers.set_rows(headers, rows)
        else:
            self.numbers.clear()
        self.legend.setText(charts.legend_html(legend) if legend else "")
        self.legend.setVisible(bool(legend))
        self.caption.setText(caption)
        self.caption.show()
        self.stack.setCurrentWidget(self.view)
        self.view.setAccessibleDescription(caption)

    def show_empty(self, text: str) -> None:
        self.view.reset()
        self.legend.clear()
        self.legend.hide()
        self.empty.setText(text)
        self.caption.clear()
        self.caption.hide()
        self.numbers.clear()
        self.stack.setCurrentWidget(self.empty)
        self.view.setAccessibleDescription("")

    @property
    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def clear(self) -> None:
        self.view.reset()
        self.empty.clear()
        self.legend.clear()
        self.legend.hide()
        self.caption.clear()
        self.numbers.clear()
        self.view.setAccessibleDescription("")
        self.stack.setCurrentWidget(self.empty)


class DashboardPage(QWidget):
    """The "wellbeing" page."""

    checkin_requested = Signal()
    incident_requested = Signal()
    proqol_requested = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wellbeing_page")
        self.setAccessibleName(self.tr("Wellbeing"))
        self._ops = ops
        self._active = False
        self._dirty = False
        self.data: DashboardData | None = None
        self.loading_now = False
        self._build()
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        ops.changed.connect(self._journal_changed)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        s = theme.SPACING
        _outer, scroll, body = scroll_body(self, "wellbeing_body")
        scroll.setObjectName("wellbeing_scroll")
        scroll.setAccessibleName(self.tr("Wellbeing charts"))
        layout = QVBoxLayout(body)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 3 * s)
        layout.setSpacing(2 * s)
        layout.addLayout(self._build_top(body))
        self.summary = QLabel(body)
        self.summary.setObjectName("wellbeing_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.stack = OnePage(body)
        self.first_load = QLabel(self.tr("Loading…"), self.stack)
        self.first_load.setObjectName("wellbeing_first_load")
        self.first_load.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.first_load)
        self.empty = self._build_empty(self.stack)
        self.stack.addWidget(self.empty)
        self.grid_holder = self._build_cards(self.stack)
        self.stack.addWidget(self.grid_holder)
        self.stack.setCurrentWidget(self.first_load)
        layout.addWidget(self.stack, 1)
        self.period.currentIndexChanged.connect(lambda _index: self.reload())

    def _build_top(self, body: QWidget) -> QHBoxLayout:
        """The page's title, "Loading…" while it loads, and the period to show."""
        s = theme.SPACING
        top = flush_row()
        top.addWidget(forms.title(self.tr("Wellbeing"), body, scale=1.4, name="wellbeing_title"))
        top.addStretch(1)
        self.loading = QLabel(self.tr("Loading…"), body)
        self.loading.setObjectName("wellbeing_loading")
        self.loading.hide()
        top.addWidget(self.loading)
        top.addSpacing(s)
        period_label, self.period = choice_box(
            self.tr("&Period:"),
            body,
            "wellbeing_period",
            self.tr("Period"),
            [(period.label, period.key) for period in periods()],
        )
        self.period.setCurrentIndex(self.period.findData(DEFAULT_PERIOD))
        top.addWidget(period_label)
        top.addWidget(self.period)
        return top

    def _build_cards(self, parent: QWidget) -> QWidget:
        """The charts, two to a row, and the prompt settings in the last place."""
        holder = QWidget(parent)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2 * theme.SPACING)
        self.incidents_card = ChartCard("incidents", self.tr("Incidents each week"))
        self.impact_card = ChartCard("impact", self.tr("Impact of incidents"))
        self.checkins_card = ChartCard("checkins", self.tr("Mood, stress and confidence"))
        self.tags_card = ChartCard("tags", self.tr("How incidents affected you"))
        self.proqol_card = ChartCard("proqol", self.tr("Professional quality of life"))
        self.checkin_button = self.checkins_card.add_button(
            self.tr("Check in now"), "dashboard_checkin", self.checkin_requested
        )
        self.proqol_button = self.proqol_card.add_button(
            self.tr("Record or review ProQOL scores"), "dashboard_proqol", self.proqol_requested
        )
        self.cards = [
            self.incidents_card,
            self.impact_card,
            self.checkins_card,
            self.tags_card,
            self.proqol_card,
        ]
        for n, card in enumerate(self.cards):
            card.setParent(holder)
            grid.addWidget(card, n // 2, n % 2)
        grid.addWidget(self._build_settings(holder), 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return holder

    def _build_empty(self, parent: QWidget) -> EmptyState:
        """Nothing to draw: what will appear, and a way to start (its words set when shown)."""
        empty = EmptyState("wellbeing_empty", 70 * theme.SPACING, parent)
        self.empty_title, self.empty_text = empty.title, empty.text
        self.empty_checkin = empty.add_button(
            self.tr("Check in now"), "wellbeing_empty_checkin", self.checkin_requested
        )
        self.empty_incident = empty.add_button(
            self.tr("Record an incident"), "wellbeing_empty_incident", self.incident_requested
        )
        self.empty_all_time = empty.add_button(
            self.tr("Show all time"),
            "wellbeing_empty_all_time",
            lambda: self.period.setCurrentIndex(self.period.findData("all")),
        )
        self.empty_proqol = empty.add_button(
            self.tr("Record ProQOL scores"), "wellbeing_empty_proqol", self.proqol_requested
        )
        return empty

    def _build_settings(self, parent: QWidget) -> QWidget:
        s = theme.SPACING
        card = QFrame(parent)
        card.setObjectName("prompt_settings_card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(self.tr("Prompts and notes"))
        layout = QVBoxLayout(card)
        layout.setContentsMargins(2 * s, 2 * s, 2 * s, 2 * s)
        layout.setSpacing(s)
        layout.addWidget(forms.title(self.tr("Prompts and notes"), card, scale=1.1))
        about = QLabel(
            self.tr(
                "The journal can notice patterns, such as several high-impact incidents close "
                "together or a threat not yet with your manager, and offer one next step. "
                "Prompts never leave this computer."
            ),
            card,
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        prompts = self.tr("Offer prompts when the journal notices a pattern")
        self.prompts_box = check_box(prompts, card, "prompts_enabled")
        perspective = self.tr("Show a short note of perspective after I record a hurtful post")
        self.perspective_box = check_box(perspective, card, "perspective_enabled")
        for box in (self.prompts_box, self.perspective_box):
            box.setEnabled(False)  # until the settings are loaded
            layout.addWidget(box)
        layout.addStretch(1)
        self.prompts_box.clicked.connect(self._prompts_toggled)
        self.perspective_box.clicked.connect(self._perspective_toggled)
        return card

    # -- the contract with the main window ------------------------------------------------

    def reload(self) -> None:
        self._active = True
        self._dirty = False
        self._reload_timer.stop()
        key = str(self.period.currentData())
        weeks = next((p.weeks for p in periods() if p.key == key), 12)
        since = period_since(weeks, date.today())
        self.loading_now = True
        self.loading.show()
        self._ops.submit(
            lambda j: load_dashboard(j, key, since),
            self._loaded,
            self._failed,
            owner=self,
            key="load",  # a newer period or reload replaces the load on its way
        )

    def prepare_lock(self) -> None:
        """Nothing typed here to keep."""

    def clear(self) -> None:
        self._active = False
        self._dirty = False
        self._ops.forget(self)
        self._reload_timer.stop()
        self.data = None
        self.loading_now = False
        self.loading.hide()
        self.summary.clear()
        for card in self.cards:
            card.clear()
        self.empty_title.clear()
        self.empty_text.clear()
        self.stack.setCurrentWidget(self.first_load)

    # -- loading -------------------------------------------------------------------------

    def _journal_changed(self, change: Change) -> None:
        if not self._active:
            return
        if not (change.kinds & {"incident", "checkin"} or change.ids or "proqol" in change.extra):
            if "prompts_enabled" in change.extra or "perspective_enabled" in change.extra:
                self._settings_changed(change)
            return
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._active and self._dirty:
            self.reload()

    def _failed(self, error: JournalError) -> None:
        self.loading_now = False
        self.loading.hide()
        if not isinstance(error, NotOpen):
            self._ops.failed.emit(error)

    def _loaded(self, data: DashboardData) -> None:
        if not self._active:
            return
        self.loading_now = False
        self.loading.hide()
        self.data = data
        for box, value in (
            (self.prompts_box, data.prompts_enabled),
            (self.perspective_box, data.perspective_enabled),
        ):
            box.setChecked(value)
            box.setEnabled(True)
        self._draw(data)

    def _draw(self, data: DashboardData) -> None:
        board = data.board
        label = self.period.currentText()
        if board.is_empty and not data.has_proqol:
            self.summary.clear()
            self._show_page_empty(data)
            return
        self.summary.setText(self._summary(label, board))
        self.stack.setCurrentWidget(self.grid_holder)
        self._draw_incidents(board)
        self._draw_impact(board)
        self._draw_checkins(board)
        self._draw_tags(board)
        self._draw_proqol(data)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.data is not None:
            # The charts' colours follow light or dark mode. Redrawn once the charts have
            # had the change too (Qt Charts applies its own theme colours on it).
            QTimer.singleShot(0, self, self._redraw)

    def _redraw(self) -> None:
        if self.data is not None and self._active:
            self._draw(self.data)

    def _show_page_empty(self, data: DashboardData) -> None:
        for card in self.cards:
            card.clear()
        if data.anything:
            self.empty_title.setText(self.tr("Nothing recorded in this period"))
            self.empty_text.setText(
                self.tr(
                    "You have entries from earlier. Choose a longer period to see them, or "
                    "check in now to start this one."
                )
            )
        else:
            self.empty_title.setText(self.tr("Your charts will appear here"))
            self.empty_text.setText(
                self.tr(
                    "Once you record incidents or check-ins, this page shows how things have "
                    "been: incidents each week by severity, how they affected you, and your "
                    "mood, stress and confidence over time. Each chart has a sentence saying "
                    "what it shows."
                )
            )
        self.empty_all_time.setVisible(data.anything and data.period != "all")
        self.empty_incident.setVisible(not data.anything)
        self.empty_proqol.setVisible(not data.anything)
        self.stack.setCurrentWidget(self.empty)

    def _summary(self, label: str, board: Dashboard) -> str:
        counts = board.counts
        incidents = (
            self.tr("1 incident") if counts.incidents == 1 else self.tr("{n} incidents")
        ).format(n=counts.incidents)
        checkins = (
            self.tr("1 check-in") if counts.checkins == 1 else self.tr("{n} check-ins")
        ).format(n=counts.checkins)
        if counts.incidents:
            incidents += " " + self.tr("({n} high impact)").format(n=counts.high_impact)
        return self.tr("{period}: {incidents}, {checkins}.").format(
            period=label, incidents=incidents, checkins=checkins
        )

    # -- the charts ----------------------------------------------------------------------

    def _draw_incidents(self, board: Dashboard) -> None:
        card = self.incidents_card
        counts = board.counts
        if not counts.incidents:
            card.show_empty(
                self.tr(
                    "No incidents in this period. When you record one, it shows here in the "
                    "week it happened, coloured by severity."
                )
            )
            return
        charts.draw_incidents_by_week(card.view, board.incidents_by_week)
        if counts.incidents == 1:
            sentence = self.tr(
                "Each bar is one week, split by severity. In this period you recorded 1 incident."
            )
        else:
            sentence = self.tr(
                "Each bar is one week, split by severity. In this period you recorded "
                "{n} incidents; {high} of them were high impact."
            ).format(n=counts.incidents, high=counts.high_impact)
        severities = [labels.severity(s) for s in SEVERITIES]
        card.show_chart(
            sentence + " " + self.tr("The legend under the chart names each pattern."),
            charts.severity_legend(card.view.dark),
            table=(
                [self.tr("Week starting"), *severities, self.tr("All")],
                [
                    [
                        labels.day(w.week_start),
                        *(str(w.count(s)) for s in SEVERITIES),
                        str(w.total),
                    ]
                    for w in board.incidents_by_week
                ],
            ),
        )

    def _draw_impact(self, board: Dashboard) -> None:
        card = self.impact_card
        weeks = [w for w in board.impact_by_week if w.mean_impact is not None and w.incidents]
        if not weeks:
            card.show_empty(
                self.tr(
                    "When your incidents have an impact score, the average for each week "
                    "shows here, from 0 (no impact) to 10."
                )
            )
            return
        charts.draw_impact_by_week(card.view, board.impact_by_week)
        total = sum(w.incidents for w in weeks)
        mean = sum((w.mean_impact or 0.0) * w.incidents for w in weeks) / total
        card.show_chart(
            self.tr(
                "The average impact score you gave each week's incidents, from 0 (none) to 10. "
                "Over the whole period it was {mean}."
            ).format(mean=f"{mean:.1f}"),
            table=(
                [self.tr("Week starting"), self.tr("Incidents"), self.tr("Average impact")],
                [
                    [labels.day(w.week_start), str(w.incidents), f"{w.mean_impact or 0.0:.1f}"]
                    for w in weeks
                ],
            ),
        )

    def _draw_checkins(self, board: Dashboard) -> None:
        card = self.checkins_card
        points = board.checkins_by_week
        weeks = [w.week_start for w in board.incidents_by_week]
        if not points or not weeks:
            card.show_empty(
                self.tr(
                    "Your check-ins will show here as lines for mood, stress and confidence, "
                    "one point a week. A check-in takes under a minute."
                )
            )
            return
        by_month = len(weeks) > MONTHLY_AFTER_WEEKS
        shown = monthly(points) if by_month else list(points)
        first = min(min(weeks), shown[0].start)
        _series, legend = charts.draw_checkins(card.view, shown, first, max(weeks))
        n = board.counts.checkins
        if n == 1:
            sentence = self.tr("The answers of your 1 check-in in this period.")
        elif by_month:
            sentence = self.tr("Monthly averages of your {n} check-ins in this period.").format(n=n)
        else:
            sentence = self.tr("Weekly averages of your {n} check-ins in this period.").format(n=n)
        card.show_chart(
            sentence
            + " "
            + self.tr(
                "Mood (solid line) and confidence (dotted and dashed) use the left scale "
                "(1 to 5); stress (dashed) uses the right one (0 to 10)."
            ),
            legend,
            table=(
                [
                    self.tr("Month starting") if by_month else self.tr("Week starting"),
                    self.tr("Check-ins"),
                    self.tr("Mood (1–5)"),
                    self.tr("Confidence (1–5)"),
                    self.tr("Stress (0–10)"),
                ],
                [
                    [
                        labels.day(p.start),
                        str(p.checkins),
                        *(f"{p.value(key):.1f}" for key in ("mood", "confidence", "stress")),
                    ]
                    for p in shown
                ],
            ),
        )

    def _draw_tags(self, board: Dashboard) -> None:
        card = self.tags_card
        if not board.top_tags:
            card.show_empty(
                self.tr(
                    "The impact tags you add to incidents, such as how a post left you "
                    "feeling, will show here, the most frequent first."
                )
            )
            return
        charts.draw_top_tags(card.view, board.top_tags)
        card.show_chart(
            self.tr(
                "The impact tags you used most on this period's incidents, the most frequent "
                "at the top. Each bar counts incidents."
            ),
            table=(
                [self.tr("Impact tag"), self.tr("Incidents")],
                [[t.tag, str(t.count)] for t in board.top_tags],
            ),
        )

    def _draw_proqol(self, data: DashboardData) -> None:
        card = self.proqol_card
        if not data.has_proqol:
            self.proqol_button.setText(self.tr("Record ProQOL scores"))
            card.show_empty(
                self.tr(
                    "If you take the ProQOL measure, record your three scores and they will "
                    "show here over time."
                )
            )
            return
        self.proqol_button.setText(self.tr("Record or review ProQOL scores"))
        names = {key: subscale_label(key) for key in data.proqol}
        weeks = [w.week_start for w in data.board.incidents_by_week]
        period = (min(weeks), max(weeks) + timedelta(days=6)) if weeks else None
        _series, legend = charts.draw_proqol(card.view, data.proqol, names, period)
        times = len(next(iter(data.proqol.values()), []))
        first = (
            self.tr("Your ProQOL totals, each from 10 to 50, recorded once in this period.")
            if times == 1
            else self.tr(
                "Your ProQOL totals, each from 10 to 50, recorded {n} times in this period."
            ).format(n=times)
        )
        card.show_chart(
            first
            + " "
            + self.tr(
                "A rise in burnout or secondary traumatic stress can be worth talking over in "
                "supervision."
            ),
            legend,
            table=charts.proqol_table(data.proqol, names),
        )

    # -- prompt settings -----------------------------------------------------------------

    def _prompts_toggled(self, on: bool) -> None:
        self._setting_toggled(
            "prompts_enabled", lambda j: patterns.set_prompts_enabled(j.repo, on), on
        )

    def _perspective_toggled(self, on: bool) -> None:
        self._setting_toggled(
            "perspective_enabled", lambda j: patterns.set_perspective_enabled(j.repo, on), on
        )

    def _setting_toggled(self, key: str, write: Callable[[Journal], object], on: bool) -> None:
        """Write the choice; the section's notices hear of it by ``key``."""
        self._ops.submit(
            write,
            None,
            None,
            change=Change(settings=True, extra={key: on}),
        )

    def _settings_changed(self, change: Change) -> None:
        """Turned off from a notice: keep the boxes in step."""
        if "prompts_enabled" in change.extra:
            self.prompts_box.setChecked(bool(change.extra["prompts_enabled"]))
        if "perspective_enabled" in change.extra:
            self.perspective_box.setChecked(bool(change.extra["perspective_enabled"]))
