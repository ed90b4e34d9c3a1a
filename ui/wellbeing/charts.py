"""The dashboard's charts (Qt Charts), drawn in the app's palette with labelled axes.

Imported only by the dashboard page, which the main window builds the first time the
Wellbeing page shows, so Qt Charts never loads at start-up.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QMargins, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from journal.models import SEVERITIES
from journal.wellbeing import CheckinPoint, TagCount, WeekImpact, WeekSeverity
from ui import theme
from ui.kit import labels

MAX_WEEK_LABELS = 6
# Each line its own dash, so none is told apart by colour alone (the legend shows them).
CHECKIN_STYLES = {
    "mood": Qt.PenStyle.SolidLine,
    "confidence": Qt.PenStyle.DashDotLine,
    "stress": Qt.PenStyle.DashLine,
}
# Each severity its own fill pattern as well as its colour, named in the chart's legend:
# the light theme's four colours are close in lightness, so colour alone won't do.
SEVERITY_PATTERNS = {
    "low": Qt.BrushStyle.Dense6Pattern,
    "medium": Qt.BrushStyle.BDiagPattern,
    "high": Qt.BrushStyle.DiagCrossPattern,
    "critical": Qt.BrushStyle.SolidPattern,
}
MANY_POINTS = 26  # beyond this many points a line is drawn without markers

# Line colours beside the accent: distinct in hue and lightness, readable on both themes.
_LINE_LIGHT = {"mood": theme.ACCENT_LIGHT, "confidence": "#2e7d6b", "stress": "#9a4d00"}
_LINE_DARK = {"mood": theme.ACCENT_DARK, "confidence": "#7fd1bd", "stress": "#ffb870"}
_PROQOL_LIGHT = {
    "compassion_satisfaction": "#2e7d6b",
    "burnout": "#9a4d00",
    "secondary_traumatic_stress": "#6a4c93",
}
_PROQOL_DARK = {
    "compassion_satisfaction": "#7fd1bd",
    "burnout": "#ffb870",
    "secondary_traumatic_stress": "#c7a8f0",
}


def _t(text: str) -> str:
    return QCoreApplication.translate("WellbeingCharts", text)


def line_colour(key: str, dark: bool) -> QColor:
    table = {**(_LINE_DARK if dark else _LINE_LIGHT), **(_PROQOL_DARK if dark else _PROQOL_LIGHT)}
    return QColor(table[key])


def nice_top(value: float) -> tuple[int, int]:
    """A round upper bound for a count axis and its step: (top, step), at most 5 steps."""
    value = max(1.0, value)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value / step <= 5:
            return int(math.ceil(value / step) * step), step
    magnitude = 10 ** int(math.log10(value))
    step = magnitude
    return int(math.ceil(value / step) * step), step


def week_label_positions(weeks: Sequence[date]) -> list[tuple[int, str]]:
    """Which weeks get a label ("3 Mar") under the bars: every n-th, at most six."""
    step = max(1, math.ceil(len(weeks) / MAX_WEEK_LABELS))
    return [
        (n, QLocale().toString(QDate(week.year, week.month, week.day), "d MMM"))
        for n, week in enumerate(weeks)
        if n % step == 0
    ]


@dataclass(frozen=True)
class LegendItem:
    """A line's name, colour and dash style, for the legend drawn under a chart."""

    name: str
    colour: QColor
    style: Qt.PenStyle
    sample: str = ""  # what stands for it, when not a line: a block in its pattern


def msecs(day: date) -> float:
    """Local midnight of a day, for a date-time axis."""
    moment = QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))
    return float(moment.toMSecsSinceEpoch())


class ChartView(QChartView):
    """A chart view with one long-lived chart, restyled to the palette on every redraw."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture, not a control
        self.chart_ = QChart()
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_.setMargins(QMargins(4, 4, 4, 4))
        self.chart_.setBackgroundRoundness(0)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(self.chart_)

    def reset(self) -> QChart:
        """Remove every series and axis (and the data they held); return the chart."""
        chart = self.chart_
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        chart.legend().setVisible(False)
        self._style()
        return chart

    @property
    def dark(self) -> bool:
        return theme.is_dark(self.palette())

    def _style(self) -> None:
        palette = self.palette()
        chart = self.chart_
        chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        chart.legend().setLabelColor(palette.color(QPalette.ColorRole.Text))
        chart.legend().setFont(self.font())
        self.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))

    def style_axis(self, axis: QAbstractAxis, title: str) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        axis.setTitleText(title)
        axis.setTitleBrush(text)
        axis.setLabelsBrush(text)
        axis.setLabelsColor(text)
        font = QFont(self.font())
        axis.setLabelsFont(font)
        title_font = QFont(font)
        title_font.setPointSizeF(font.pointSizeF() * 0.95)
        axis.setTitleFont(title_font)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)
        axis.setShadesVisible(False)
        axis.setMinorGridLineVisible(False)


def _count_axis(view: ChartView, maximum: float, title: str) -> QValueAxis:
    top, step = nice_top(maximum)
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setTickCount(top // step + 1)
    axis.setLabelFormat("%d")
    view.style_axis(axis, title)
    return axis


def _date_axis(view: ChartView, first: date, last: date) -> QDateTimeAxis:
    axis = QDateTimeAxis()
    long = (last - first).days > 300
    axis.setFormat("MMM yyyy" if long else "d MMM")
    low, high = first - timedelta(days=3), last + timedelta(days=3)
    axis.setRange(
        QDateTime.fromMSecsSinceEpoch(int(msecs(low))),
        QDateTime.fromMSecsSinceEpoch(int(msecs(high))),
    )
    axis.setTickCount(4 if long else 5)
    view.style_axis(axis, _t("Date"))
    return axis


def _value_axis(view: ChartView, span: tuple[int, int], ticks: int, title: str) -> QValueAxis:
    """An axis of whole numbers from ``span[0]`` to ``span[1]``, styled like the rest."""
    axis = QValueAxis()
    axis.setRange(*span)
    axis.setTickCount(ticks)
    axis.setLabelFormat("%d")
    view.style_axis(axis, title)
    return axis


def _line(
    name: str, title: str, colour: QColor, style: Qt.PenStyle = Qt.PenStyle.SolidLine
) -> QLineSeries:
    """A line two pixels wide; ``style`` tells it apart from the others by more than colour."""
    series = QLineSeries()
    series.setObjectName(name)
    series.setName(title)
    pen = QPen(colour)
    pen.setWidthF(2.0)
    pen.setStyle(style)
    series.setPen(pen)
    return series


def _attach(
    chart: QChart,
    series: Sequence[QAbstractSeries],
    *axes: tuple[QAbstractAxis, Qt.AlignmentFlag],
) -> None:
    """Put each axis on its side of the chart, and draw every series against all of them."""
    for axis, side in axes:
        chart.addAxis(axis, side)
    for one in series:
        for axis, _side in axes:
            one.attachAxis(axis)


def draw_incidents_by_week(view: ChartView, weeks: Sequence[WeekSeverity]) -> QStackedBarSeries:
    """Stacked bars: one bar a week, one colour and word per severity."""
    chart = view.reset()
    series = QStackedBarSeries()
    series.setObjectName("incidents_series")
    dark = view.dark
    for severity in SEVERITIES:
        bar_set = QBarSet(labels.severity(severity))
        bar_set.setObjectName(f"severity_{severity}")
        colour = theme.severity_colour(severity, dark)
        bar_set.setBrush(QBrush(colour, SEVERITY_PATTERNS[severity]))
        border = QPen(colour)
        border.setWidthF(1.5)
        bar_set.setPen(border)
        bar_set.append([float(week.count(severity)) for week in weeks])
        series.append(bar_set)
    series.setBarWidth(0.8)
    chart.addSeries(series)
    # A value axis with labels on chosen weeks: a category axis would squeeze every
    # week's label into the width of its bar and cut it short.
    x = QCategoryAxis()
    x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    x.setRange(-0.5, len(weeks) - 0.5)
    x.setStartValue(-0.5)
    for position, text in week_label_positions([week.week_start for week in weeks]):
        x.append(text, position)
    view.style_axis(x, _t("Week starting"))
    x.setGridLineVisible(False)
    y = _count_axis(view, max((week.total for week in weeks), default=0), _t("Incidents"))
    _attach(chart, [series], (x, Qt.AlignmentFlag.AlignBottom), (y, Qt.AlignmentFlag.AlignLeft))
    return series


# Blocks like each severity's fill, for the legend under the chart (Qt's own legend cuts
# the names short on a narrow card).
_SEVERITY_SAMPLES = {"low": "\u2591", "medium": "\u25a8", "high": "\u25a9", "critical": "\u2588"}


def severity_legend(dark: bool) -> list[LegendItem]:
    return [
        LegendItem(
            labels.severity(severity),
            theme.severity_colour(severity, dark),
            Qt.PenStyle.SolidLine,
            _SEVERITY_SAMPLES[severity] * 2,
        )
        for severity in SEVERITIES
    ]


def draw_impact_by_week(view: ChartView, weeks: Sequence[WeekImpact]) -> QLineSeries:
    """The mean impact score (0–10) of each week that had incidents with a score."""
    chart = view.reset()
    series = _line("impact_series", _t("Mean impact score"), theme.accent_colour(view.dark))
    series.setPointsVisible(len(weeks) <= MANY_POINTS)
    series.setMarkerSize(7)
    for week in weeks:
        if week.mean_impact is not None:
            series.append(msecs(week.week_start), round(week.mean_impact, 2))
    chart.addSeries(series)
    starts = [week.week_start for week in weeks]
    x = _date_axis(view, min(starts), max(starts))
    y = _value_axis(view, (0, 10), 6, _t("Impact (0–10)"))
    _attach(chart, [series], (x, Qt.AlignmentFlag.AlignBottom), (y, Qt.AlignmentFlag.AlignLeft))
    return series


def draw_checkins(
    view: ChartView, points: Sequence[CheckinPoint], first: date, last: date
) -> tuple[dict[str, QLineSeries], list[LegendItem]]:
    """Mean mood and confidence (1–5, left axis) and stress (0–10, right axis, dashed)."""
    chart = view.reset()
    dark = view.dark
    names = {"mood": _t("Mood"), "confidence": _t("Confidence"), "stress": _t("Stress")}
    made: dict[str, QLineSeries] = {}
    legend: list[LegendItem] = []
    for key in ("mood", "confidence", "stress"):
        style = CHECKIN_STYLES[key]
        series = _line(f"{key}_series", names[key], line_colour(key, dark), style)
        series.setPointsVisible(len(points) <= MANY_POINTS)
        series.setMarkerSize(6)
        for point in points:
            series.append(msecs(point.start), round(point.value(key), 2))
        chart.addSeries(series)
        made[key] = series
        legend.append(LegendItem(names[key], line_colour(key, dark), style))
    x = _date_axis(view, first, last)
    left = _value_axis(view, (1, 5), 5, _t("Mood, confidence"))
    right = _value_axis(view, (0, 10), 6, _t("Stress"))
    right.setGridLineVisible(False)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
    for key, series in made.items():
        series.attachAxis(x)
        series.attachAxis(right if key == "stress" else left)
    return made, legend


def draw_top_tags(view: ChartView, tags: Sequence[TagCount]) -> QHorizontalBarSeries:
    """Horizontal bars, the most frequent impact tag at the top."""
    chart = view.reset()
    series = QHorizontalBarSeries()
    series.setObjectName("tags_series")
    bar_set = QBarSet(_t("Incidents"))
    bar_set.setObjectName("tag_counts")
    colour = theme.accent_colour(view.dark)
    bar_set.setColor(colour)
    bar_set.setBorderColor(colour)
    ordered = list(reversed(tags))  # the category axis runs bottom to top
    bar_set.append([float(tag.count) for tag in ordered])
    series.append(bar_set)
    series.setBarWidth(0.7)
    chart.addSeries(series)
    y = QBarCategoryAxis()
    y.append([tag.tag for tag in ordered])
    view.style_axis(y, _t("Impact tag"))
    y.setGridLineVisible(False)
    x = _count_axis(view, max((tag.count for tag in tags), default=0), _t("Incidents"))
    _attach(chart, [series], (y, Qt.AlignmentFlag.AlignLeft), (x, Qt.AlignmentFlag.AlignBottom))
    return series


def draw_proqol(
    view: ChartView,
    series_by_name: dict[str, list[tuple[date, int]]],
    names: dict[str, str],
    period: tuple[date, date] | None = None,
) -> tuple[dict[str, QLineSeries], list[LegendItem]]:
    """The three ProQOL subscale totals (10–50) over time, across ``period`` if given."""
    chart = view.reset()
    dark = view.dark
    made: dict[str, QLineSeries] = {}
    legend: list[LegendItem] = []
    days: list[date] = []
    styles = {
        "compassion_satisfaction": Qt.PenStyle.SolidLine,
        "burnout": Qt.PenStyle.DashLine,
        "secondary_traumatic_stress": Qt.PenStyle.DotLine,
    }
    for key, points in series_by_name.items():
        style = styles.get(key, Qt.PenStyle.SolidLine)
        series = _line(f"proqol_{key}_series", names[key], line_colour(key, dark), style)
        series.setPointsVisible(True)
        series.setMarkerSize(7)
        for day, score in points:
            series.append(msecs(day), float(score))
            days.append(day)
        chart.addSeries(series)
        made[key] = series
        legend.append(LegendItem(names[key], line_colour(key, dark), style))
    if period is not None:
        days.extend(period)
    x = _date_axis(view, min(days), max(days))
    y = _value_axis(view, (10, 50), 5, _t("Score"))
    _attach(
        chart,
        list(made.values()),
        (x, Qt.AlignmentFlag.AlignBottom),
        (y, Qt.AlignmentFlag.AlignLeft),
    )
    return made, legend


def proqol_table(
    series_by_name: dict[str, list[tuple[date, int]]], names: dict[str, str]
) -> tuple[list[str], list[list[str]]]:
    """The ProQOL chart's numbers: one row a date, one column a subscale."""
    keys = list(series_by_name)
    by_day: dict[date, dict[str, int]] = {}
    for key, points in series_by_name.items():
        for day, score in points:
            by_day.setdefault(day, {})[key] = score
    rows = [
        [labels.day(day), *(str(by_day[day].get(key, "")) for key in keys)]
        for day in sorted(by_day)
    ]
    return [_t("Date"), *(names[key] for key in keys)], rows


def legend_html(items: Sequence[LegendItem]) -> str:
    """A legend that wraps: a short line in each series' colour and dash, then its name."""
    samples = {
        Qt.PenStyle.SolidLine: "\u2501\u2501",  # ━━
        Qt.PenStyle.DashLine: "\u254d\u254d",  # ╍╍
        Qt.PenStyle.DotLine: "\u2505\u2505",  # ┅┅
        Qt.PenStyle.DashDotLine: "\u2501\u00b7\u2501",  # ━·━
    }
    parts = []
    for item in items:
        sample = item.sample or samples.get(item.style, samples[Qt.PenStyle.SolidLine])
        name = html.escape(item.name).replace(" ", "&nbsp;")  # wrap between items only
        parts.append(f'<span style="color:{item.colour.name()}">{sample}</span>&nbsp;{name}')
    return "&nbsp;&nbsp;&nbsp; ".join(parts)
