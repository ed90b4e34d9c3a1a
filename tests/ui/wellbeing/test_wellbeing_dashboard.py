"""The wellbeing dashboard: the right numbers in the charts, empty states, the period."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers.qt import go_to
from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QLineSeries, QStackedBarSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from wellbeing_helpers import WAIT_MS, OpenWindow, idle, local, section_of, this_monday

from journal import proqol
from journal.models import CheckIn, Incident
from journal.session import Journal
from ui.main_window import MainWindow
from ui.wellbeing import dashboard as dashboard_module
from ui.wellbeing.charts import msecs
from ui.wellbeing.dashboard import (
    ChartCard,
    DashboardData,
    DashboardPage,
    monthly,
    period_since,
)

ROOT = Path(__file__).resolve().parents[3]


def dashboard(qtbot: QtBot, window: MainWindow) -> DashboardPage:
    return go_to(
        qtbot,
        window,
        "wellbeing",
        DashboardPage,
        lambda p: p.data is not None and not p.loading_now,
    )


def bar_values(card: ChartCard) -> dict[str, list[float]]:
    [series] = card.chart().series()
    assert isinstance(series, QStackedBarSeries)
    out = {}
    for bar_set in series.barSets():
        assert isinstance(bar_set, QBarSet)
        out[bar_set.objectName()] = [bar_set.at(i) for i in range(bar_set.count())]
    return out


def lines(card: ChartCard) -> dict[str, list[tuple[float, float]]]:
    out = {}
    for series in card.chart().series():
        assert isinstance(series, QLineSeries)
        out[series.objectName()] = [(p.x(), round(p.y(), 3)) for p in series.points()]
    return out


def week(n_ago: int) -> date:
    return this_monday() - timedelta(weeks=n_ago)


def hand_made() -> list[Incident | CheckIn]:
    """Two complete weeks before this one, and one incident long ago."""

    def incident(weeks_ago: int, severity: str, score: int, tags: list[str]) -> Incident:
        return Incident(
            occurred_at=local(week(weeks_ago) + timedelta(days=1)),
            title="Post about the assessment",
            severity=severity,
            impact_score=score,
            impact_tags=tags,
        )

    def checkin(weeks_ago: int, day: int, mood: int, stress: int, confidence: int) -> CheckIn:
        return CheckIn(
            occurred_at=local(week(weeks_ago) + timedelta(days=day)),
            mood=mood,
            stress=stress,
            confidence=confidence,
        )

    return [
        incident(1, "low", 2, ["anxious"]),
        incident(1, "high", 8, ["anxious", "lost sleep"]),
        incident(2, "critical", 6, ["anxious"]),
        incident(2, "medium", 2, []),
        incident(20, "low", 1, ["upset"]),
        checkin(1, 2, 2, 8, 3),
        checkin(1, 3, 4, 6, 5),
        checkin(2, 4, 5, 1, 2),
    ]


def with_proqol(journal: Journal) -> None:
    proqol.record_scores(
        journal.repo,
        taken_on=week(1) - timedelta(days=3),
        compassion_satisfaction=40,
        burnout=20,
        secondary_traumatic_stress=15,
    )


def test_the_charts_hold_the_numbers_of_a_hand_made_journal(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(hand_made(), with_proqol)
    page = dashboard(qtbot, window)
    assert page.stack.currentWidget() is page.grid_holder
    assert page.summary.text() == "Last 12 weeks: 4 incidents (2 high impact), 3 check-ins."

    bars = bar_values(page.incidents_card)
    zeros = [0.0] * 12
    assert bars == {
        "severity_low": [*zeros[:10], 1.0, 0.0],
        "severity_medium": [*zeros[:9], 1.0, 0.0, 0.0],
        "severity_high": [*zeros[:10], 1.0, 0.0],
        "severity_critical": [*zeros[:9], 1.0, 0.0, 0.0],
    }
    [bar_series] = page.incidents_card.chart().series()
    assert [s.label() for s in bar_series.barSets()] == ["Low", "Medium", "High", "Critical"]
    assert "4 incidents; 2 of them were high impact" in page.incidents_card.caption.text()
    titles = [axis.titleText() for axis in page.incidents_card.chart().axes()]
    assert titles == ["Week starting", "Incidents"]

    assert lines(page.impact_card) == {
        "impact_series": [(msecs(week(2)), 4.0), (msecs(week(1)), 5.0)]
    }
    assert "Over the whole period it was 4.5." in page.impact_card.caption.text()

    assert lines(page.checkins_card) == {
        "mood_series": [(msecs(week(2)), 5.0), (msecs(week(1)), 3.0)],
        "confidence_series": [(msecs(week(2)), 2.0), (msecs(week(1)), 4.0)],
        "stress_series": [(msecs(week(2)), 1.0), (msecs(week(1)), 7.0)],
    }
    assert "Weekly averages of your 3 check-ins" in page.checkins_card.caption.text()
    assert "Stress" in page.checkins_card.legend.text()

    [tag_series] = page.tags_card.chart().series()
    [tag_set] = tag_series.barSets()
    axis = next(a for a in page.tags_card.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories() == ["lost sleep", "anxious"]  # bottom to top
    assert [tag_set.at(i) for i in range(tag_set.count())] == [1.0, 3.0]

    assert lines(page.proqol_card) == {
        "proqol_compassion_satisfaction_series": [(msecs(week(1) - timedelta(days=3)), 40.0)],
        "proqol_burnout_series": [(msecs(week(1) - timedelta(days=3)), 20.0)],
        "proqol_secondary_traumatic_stress_series": [(msecs(week(1) - timedelta(days=3)), 15.0)],
    }
    for card in page.cards:
        assert not card.is_empty
        assert card.caption.text()  # a sentence under every chart
        assert all(axis.titleText() for axis in card.chart().axes())


def test_the_period_selector_reloads_on_the_worker(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window(hand_made())
    page = dashboard(qtbot, window)
    assert page.data is not None and page.data.period == "12w"
    page.period.setFocus()
    qtbot.keyClick(page.period, Qt.Key.Key_End)  # All time
    assert page.loading_now and page.loading.isVisible()  # the window never waits
    qtbot.waitUntil(lambda: not page.loading_now, timeout=WAIT_MS)
    assert not page.loading.isVisible()
    assert page.data.period == "all"
    assert page.summary.text() == "All time: 5 incidents (2 high impact), 3 check-ins."
    bars = bar_values(page.incidents_card)
    assert len(bars["severity_low"]) >= 21  # from the incident 20 weeks ago to now
    assert bars["severity_low"][0] == 1.0
    qtbot.keyClick(page.period, Qt.Key.Key_Up)  # Last 12 months
    qtbot.waitUntil(lambda: not page.loading_now, timeout=WAIT_MS)
    assert page.data.period == "12m"
    assert len(bar_values(page.incidents_card)["severity_low"]) == 52


def test_a_period_chosen_while_another_loads_replaces_it(
    qtbot: QtBot, open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load for "All time" is held on the worker until "Last 12 months" was chosen
    too: only the newer reply is drawn; the older one is dropped, not drawn over it."""
    window = open_window(hand_made())
    page = dashboard(qtbot, window)
    gate = threading.Event()
    real_load = dashboard_module.load_dashboard

    def held_load(journal: Journal, key: str, since: date | None) -> object:
        if key == "all":
            assert gate.wait(WAIT_MS / 1000)
        return real_load(journal, key, since)

    monkeypatch.setattr(dashboard_module, "load_dashboard", held_load)
    drawn: list[str] = []
    real_draw = page._draw

    def draw(data: DashboardData) -> None:
        drawn.append(data.period)
        real_draw(data)

    monkeypatch.setattr(page, "_draw", draw)
    page.period.setFocus()
    qtbot.keyClick(page.period, Qt.Key.Key_End)  # All time: held
    qtbot.keyClick(page.period, Qt.Key.Key_Up)  # Last 12 months
    gate.set()
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=WAIT_MS)
    assert drawn == ["12m"]
    assert page.data is not None and page.data.period == "12m"
    assert not page.loading_now


def test_an_empty_journal_explains_what_will_appear(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    page = dashboard(qtbot, window)
    assert page.stack.currentWidget() is page.empty
    assert page.empty_title.text() == "Your charts will appear here"
    assert "incidents each week by severity" in page.empty_text.text()
    assert page.empty_incident.isVisible() and not page.empty_all_time.isVisible()
    qtbot.mouseClick(page.empty_checkin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section_of(window).checkin_dialog is not None, timeout=WAIT_MS)


def test_entries_only_from_long_ago_offer_a_longer_period(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    old = Incident(occurred_at=local(week(30)), title="Old post", severity="low", impact_score=3)
    window = open_window([old])
    page = dashboard(qtbot, window)
    assert page.stack.currentWidget() is page.empty
    assert page.empty_title.text() == "Nothing recorded in this period"
    assert page.empty_all_time.isVisible()
    qtbot.mouseClick(page.empty_all_time, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.grid_holder, timeout=WAIT_MS)
    assert page.period.currentData() == "all"
    assert not page.incidents_card.is_empty
    # Parts with nothing to draw say what will appear there.
    assert page.checkins_card.is_empty
    assert "lines for mood, stress and confidence" in page.checkins_card.empty.text()
    assert page.tags_card.is_empty and "impact tags" in page.tags_card.empty.text()
    assert page.proqol_card.is_empty and "ProQOL" in page.proqol_card.empty.text()
    assert page.checkins_card.chart().series() == []


def test_a_new_checkin_redraws_the_dashboard(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window(hand_made())
    page = dashboard(qtbot, window)
    section = section_of(window)
    section.open_checkin()
    qtbot.waitUntil(lambda: section.checkin_dialog is not None, timeout=WAIT_MS)
    dialog = section.checkin_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.data is not None and page.data.board.counts.checkins == 4)
    idle(qtbot, window.ops)
    assert "4 check-ins" in page.summary.text()


def test_helpers_for_periods_and_months() -> None:
    wednesday = date(2026, 3, 18)
    since = period_since(12, wednesday)
    assert since is not None and since.date() == date(2025, 12, 29)  # a Monday, 12 weeks
    assert since.weekday() == 0 and since.hour == 0 and since.tzinfo is not None
    assert period_since(None, wednesday) is None
    from journal.wellbeing import CheckinPoint

    points = [
        CheckinPoint(date(2026, 3, 2), 1, 2.0, 6.0, 3.0, 3.0),
        CheckinPoint(date(2026, 3, 9), 3, 4.0, 2.0, 5.0, 1.0),
        CheckinPoint(date(2026, 4, 6), 2, 1.0, 10.0, 1.0, 5.0),
    ]
    merged = monthly(points)
    assert [p.start for p in merged] == [date(2026, 3, 1), date(2026, 4, 1)]
    assert merged[0].checkins == 4
    assert merged[0].mood == pytest.approx((2 + 3 * 4) / 4)
    assert merged[0].stress == pytest.approx((6 + 3 * 2) / 4)


def test_qt_charts_loads_only_when_the_dashboard_is_shown() -> None:
    """Opening the window must stay quick: Qt Charts is imported by the dashboard alone."""
    code = (
        "import sys, tempfile\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from journal.paths import JournalPaths\n"
        "from ui.main_window import MainWindow\n"
        "from ui.operations import Operations\n"
        "from ui.wellbeing.section import WellbeingSection, install\n"
        "ops = Operations(JournalPaths(tempfile.mkdtemp()))\n"
        "window = MainWindow(ops)\n"
        "if window.findChild(WellbeingSection) is None:\n"
        "    install(window)\n"
        "window.page('checkins')\n"
        "assert 'PySide6.QtCharts' not in sys.modules, 'charts loaded early'\n"
        "window.page('wellbeing')\n"
        "assert 'PySide6.QtCharts' in sys.modules\n"
        "ops.shutdown()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_render_screens_draws_every_screen_with_its_charts(tmp_path: Path, qapp: object) -> None:
    root = str(Path(__file__).resolve().parents[3])
    if root not in sys.path:
        sys.path.insert(0, root)  # docs/ is in the source tree, not in the installed app
    from docs.screens.wellbeing import render_screens

    written = render_screens(tmp_path)
    names = {path.name for path in written}
    assert {
        "wellbeing-dashboard.png",
        "wellbeing-dashboard-empty.png",
        "wellbeing-checkin-form.png",
        "wellbeing-checkins.png",
        "wellbeing-proqol.png",
        "wellbeing-prompt.png",
    } <= names
    image = QImage(str(tmp_path / "wellbeing-dashboard-charts.png"))
    assert not image.isNull() and image.width() > 600
    # The charts are drawn: the first severity colour appears in the picture.
    from ui import theme

    low = theme.severity_colour("low", dark=False).rgb()
    found = any(
        image.pixel(x, y) == low
        for x in range(0, image.width(), 3)
        for y in range(0, image.height() // 3, 3)
    )
    assert found
