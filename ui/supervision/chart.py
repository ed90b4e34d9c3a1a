"""The wellbeing trend for supervision: Qt Charts, loaded only when the chart is drawn.

Mood, confidence and sleep (1 to 5) read on the left axis, stress (0 to 10) on the
right one; each line has its name in the legend, and a sentence under the chart says
what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from journal.wellbeing import CheckinPoint
from ui import theme
from ui.kit import labels
from ui.kit.chart_table import ChartTable
from ui.kit.layouts import flush_column

if TYPE_CHECKING:
    from PySide6.QtCharts import QChart

# Each line its own dash as well as its colour; the legend under the chart shows both.
LINE_STYLES = {
    "mood": Qt.PenStyle.SolidLine,
    "confidence": Qt.PenStyle.DashDotLine,
    "sleep": Qt.PenStyle.DotLine,
    "stress": Qt.PenStyle.DashLine,
}
MEASURES = (
    ("mood", "Mood"),
    ("confidence", "Confidence"),
    ("sleep", "Sleep"),
    ("stress", "Stress"),
)


def _t(text: str) -> str:
    return QCoreApplication.translate("SupervisionChart", text)


def series_colour(measure: str, dark: bool) -> QColor:
    if measure == "mood":
        return theme.accent_colour(dark)
    if measure == "stress":
        return theme.severity_colour("high", dark)
    if measure == "confidence":
        return theme.severity_colour("low", dark)
    return QColor("#b9a7e6" if dark else "#5b4a99")


def trend_chart(points: Sequence[CheckinPoint], palette: QPalette, parent: QWidget) -> QWidget:
    """A chart of the weekly (or daily) means, with its numbers as a table under it.

    Imports Qt Charts on first use."""
    box = QWidget(parent)
    box.setObjectName("trendChartBox")
    layout = flush_column(box)
    layout.addWidget(_chart_view(points, palette, parent))
    numbers = ChartTable("trend", _t("Wellbeing trend"), box)
    names = dict(MEASURES)
    numbers.set_rows(
        [_t("Week starting"), *(_t(names[m]) for m, _name in MEASURES)],
        [[labels.day(p.start), *(f"{p.value(m):.1f}" for m, _name in MEASURES)] for p in points],
    )
    layout.addWidget(numbers)
    return box


def _chart_view(points: Sequence[CheckinPoint], palette: QPalette, parent: QWidget) -> QWidget:
    """The chart itself: a picture (its numbers are in the table), in the page's colours."""
    from PySide6.QtCharts import QChart, QChartView, QLegend

    text = palette.color(QPalette.ColorRole.WindowText)
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setPlotAreaBackgroundVisible(False)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setLabelColor(text)
    # A short piece of each line in the legend, dashes and all, not a square of colour.
    chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(0, 0, 0, 0))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    _add_lines(chart, points, palette)

    view = QChartView(chart, parent)
    view.setObjectName("trendChart")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setFixedHeight(36 * theme.SPACING)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    view.setAccessibleName(_t("Wellbeing trend"))
    view.setAccessibleDescription(trend_sentence(points, sum(p.checkins for p in points)))
    view.setFrameShape(QChartView.Shape.NoFrame)
    view.setBackgroundBrush(palette.color(QPalette.ColorRole.Window))
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture; its numbers are in the table
    return view


def _add_lines(chart: QChart, points: Sequence[CheckinPoint], palette: QPalette) -> None:
    """The weeks along the bottom, answers on the left, stress on the right; a line each."""
    from PySide6.QtCharts import QBarCategoryAxis, QLineSeries, QValueAxis

    dark = theme.is_dark(palette)
    text = palette.color(QPalette.ColorRole.WindowText)
    grid = palette.color(QPalette.ColorRole.Mid)
    categories = [labels.day(p.start).rsplit(" ", 1)[0] for p in points]
    x_axis = QBarCategoryAxis()
    x_axis.append(categories)
    x_axis.setTitleText(_t("Week starting"))
    left = QValueAxis()
    left.setRange(1, 5)
    left.setTickCount(5)
    left.setLabelFormat("%d")
    left.setTitleText(_t("Answer (1 to 5)"))
    right = QValueAxis()
    right.setRange(0, 10)
    right.setTickCount(6)
    right.setLabelFormat("%d")
    right.setTitleText(_t("Stress (0 to 10)"))
    for axis in (x_axis, left, right):
        axis.setLabelsColor(text)
        axis.setTitleBrush(text)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)
    right.setGridLineVisible(False)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)

    for measure, name in MEASURES:
        series = QLineSeries()
        series.setName(_t(name))
        pen = QPen(series_colour(measure, dark))
        pen.setWidth(3 if measure in ("mood", "stress") else 2)
        pen.setStyle(LINE_STYLES[measure])  # told apart by more than colour
        series.setPen(pen)
        series.setPointsVisible(True)
        for n, point in enumerate(points):
            series.append(n, point.value(measure))
        chart.addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(right if measure == "stress" else left)


def trend_sentence(points: Sequence[CheckinPoint], shared: int) -> str:
    """What the chart shows, in a sentence (and what it would need when empty)."""
    if not points:
        return _t(
            "There are no shared check-ins in this period, so there is no trend to show. "
            "Check-ins stay private unless you choose to share them."
        )
    if shared == 1:
        return _t(
            "Each answer from the one check-in you shared. Higher is better for mood, "
            "confidence and sleep; lower is better for stress."
        )
    return _t(
        "The average of each answer by week, from the {0} check-ins you shared. Mood, "
        "confidence and sleep read on the left (higher is better); stress on the right "
        "(lower is better)."
    ).format(shared)
