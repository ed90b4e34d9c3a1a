"""Every chart can be read without seeing it: a name, its sentence as the description, and
its numbers as a table reached from the keyboard; and no chart tells things apart by
colour alone (severities have patterns, lines have their own dashes, a legend names them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest
from PySide6.QtCharts import QLineSeries, QStackedBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot
from test_wellbeing_dashboard import dashboard, hand_made, with_proqol
from wellbeing_helpers import WAIT_MS, OpenWindow, idle, this_monday, unlock

from journal.wellbeing import CheckinPoint
from ui import theme
from ui.kit import labels
from ui.kit.chart_table import ChartTable
from ui.supervision.chart import trend_chart
from ui.wellbeing.dashboard import ChartCard


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_each_chart_has_a_name_a_description_and_its_numbers_as_a_table(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(hand_made(), with_proqol)
    page = dashboard(qtbot, window)
    cards: Sequence[ChartCard] = (
        page.incidents_card, page.impact_card, page.checkins_card, page.tags_card,
        page.proqol_card,
    )  # fmt: skip
    for card in cards:
        assert not card.is_empty, card.objectName()
        title = card.title.text()
        assert card.view.accessibleName() == title
        assert card.view.accessibleDescription() == card.caption.text() != ""
        numbers: ChartTable = card.numbers
        assert numbers.isVisible() and not numbers.table.isVisible()  # hidden until asked
        assert numbers.table.accessibleName() == f"{title} as a table"
        assert numbers.toggle.accessibleName().startswith(numbers.toggle.text())
        assert numbers.table.rowCount() > 0

    # The numbers are the chart's: week by week, severity by severity.
    incidents = page.incidents_card.numbers.table
    assert headers(incidents) == ["Week starting", "Low", "Medium", "High", "Critical", "All"]
    rows = table_rows(incidents)
    assert len(rows) == 12
    week_1 = labels.day(this_monday() - timedelta(weeks=1))
    assert [week_1, "1", "0", "1", "0", "2"] in rows
    assert table_rows(page.tags_card.numbers.table)[:2] == [["anxious", "3"], ["lost sleep", "1"]]
    assert [r[2] for r in table_rows(page.impact_card.numbers.table)] == ["4.0", "5.0"]
    checkins = table_rows(page.checkins_card.numbers.table)
    assert [r[2:] for r in checkins] == [["5.0", "2.0", "1.0"], ["3.0", "4.0", "7.0"]]
    assert table_rows(page.proqol_card.numbers.table)[0][1:] == ["40", "20", "15"]

    # From the keyboard: Tab reaches the toggle, Space shows the table, Tab enters it.
    numbers = page.incidents_card.numbers
    numbers.toggle.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(numbers.toggle, Qt.Key.Key_Space)
    assert numbers.table.isVisible()
    assert numbers.toggle.text() == "Hide the table"
    qtbot.keyClick(numbers.toggle, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is numbers.table
    qtbot.keyClick(numbers.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not numbers.table  # no trap

    # Locking forgets the numbers; after unlock the table starts hidden again.
    window.lock()
    idle(qtbot, window.ops)
    assert numbers.table.rowCount() == 0 and not numbers.table.isVisible()
    unlock(qtbot, window)
    page = dashboard(qtbot, window)
    qtbot.waitUntil(lambda: page.incidents_card.numbers.table.rowCount() == 12, timeout=WAIT_MS)
    assert not page.incidents_card.numbers.shown
    assert not page.incidents_card.numbers.table.isVisible()


@pytest.mark.parametrize("dark", [False, True])
def test_severities_and_lines_differ_by_more_than_colour(
    qtbot: QtBot, open_window: OpenWindow, dark: bool
) -> None:
    window = open_window(hand_made(), with_proqol)
    window.setPalette(theme.dark_palette() if dark else theme.light_palette())
    page = dashboard(qtbot, window)
    qtbot.waitUntil(lambda: page.incidents_card.view.dark == dark, timeout=WAIT_MS)
    [bars] = page.incidents_card.chart().series()
    assert isinstance(bars, QStackedBarSeries)
    patterns = [bar_set.brush().style() for bar_set in bars.barSets()]
    assert len(set(patterns)) == 4, patterns
    legend = page.incidents_card.legend
    assert legend.isVisible()
    for word in ("Low", "Medium", "High", "Critical"):
        assert word in legend.text()

    styles = {}
    for series in page.checkins_card.chart().series():
        assert isinstance(series, QLineSeries)
        styles[series.name()] = series.pen().style()
    assert len(set(styles.values())) == len(styles) == 3, styles
    assert page.checkins_card.legend.isVisible()
    for name in styles:
        assert name in page.checkins_card.legend.text()


def test_the_supervision_trend_has_its_numbers_and_distinct_lines(qtbot: QtBot) -> None:
    from PySide6.QtCharts import QChartView
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    monday = this_monday()
    points = [
        CheckinPoint(start=monday, checkins=2, mood=3.0, stress=6.5, confidence=4.0, sleep=2.0)
    ]
    box = trend_chart(points, parent.palette(), parent)
    view = box.findChild(QChartView, "trendChart")
    assert view is not None
    assert view.accessibleName() == "Wellbeing trend"
    assert "2 check-ins" in view.accessibleDescription()
    styles = [s.pen().style() for s in view.chart().series()]
    assert len(set(styles)) == len(styles) == 4
    numbers = box.findChild(ChartTable)
    assert numbers is not None
    assert numbers.table.accessibleName() == "Wellbeing trend as a table"
    assert headers(numbers.table) == ["Week starting", "Mood", "Confidence", "Sleep", "Stress"]
    assert table_rows(numbers.table) == [[labels.day(monday), "3.0", "4.0", "2.0", "6.5"]]
