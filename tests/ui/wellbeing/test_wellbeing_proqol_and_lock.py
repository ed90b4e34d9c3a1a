"""ProQOL scores: recorded, listed, deleted and drawn; and locking leaves nothing behind."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from wellbeing_helpers import MARKER, WAIT_MS, OpenWindow, all_text, idle, run, section_of

from journal import proqol
from journal.models import CheckIn, Incident
from journal.session import Journal
from journal.timeutil import now
from ui.main_window import MainWindow
from ui.wellbeing.checkins_page import CheckinsPage
from ui.wellbeing.dashboard import DashboardPage
from ui.wellbeing.proqol_dialog import EMPTY, ProqolDialog


def open_proqol(qtbot: QtBot, window: MainWindow) -> ProqolDialog:
    section = section_of(window)
    assert window.open_link("app:proqol")  # from the guidance, or the dashboard's button
    dialog = section.proqol_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    idle(qtbot, window.ops)
    return dialog


def test_record_list_delete_and_undo_proqol_scores(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    dialog = open_proqol(qtbot, window)
    assert not dialog.table.isVisible() and dialog.empty.isVisible()
    credit = dialog.findChild(type(dialog.empty), "proqol_credit")
    assert "Center for Victims of Torture" in credit.text()
    opened: list[QUrl] = []
    dialog.open_url = lambda url: opened.append(url) or True  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.site_button, Qt.MouseButton.LeftButton)
    assert [u.toString() for u in opened] == [proqol.PROQOL_URL]

    # Nothing typed: each subscale says what it needs, beside it.
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    error = dialog.field_errors["burnout"]
    assert error.isVisible() and error.text().startswith("Burnout is needed")

    dialog.taken_on.setDate(QDate.currentDate().addDays(-2))
    for name, value in (
        ("compassion_satisfaction", "42"),
        ("burnout", "23"),
        ("secondary_traumatic_stress", "19"),
    ):
        box = dialog.boxes[name]
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, value)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "After the big case")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    assert not error.isVisible()
    assert [dialog.table.item(0, c).text() for c in (1, 2, 3)] == ["42", "23", "19"]
    assert all(box.value() == EMPTY for box in dialog.boxes.values())  # ready for the next
    [stored] = run(qtbot, window.ops, lambda j: proqol.scores(j.repo))
    assert (stored.compassion_satisfaction, stored.burnout) == (42, 23)
    assert stored.taken_on == date.today() - timedelta(days=2)
    assert stored.note == "After the big case"

    # The dashboard draws it.
    window.show_page("wellbeing")
    page = window.page("wellbeing")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.data is not None and page.data.has_proqol, timeout=WAIT_MS)
    series = {s.objectName(): s.points() for s in page.proqol_card.chart().series()}
    assert [p.y() for p in series["proqol_burnout_series"]] == [23.0]

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=WAIT_MS)
    assert run(qtbot, window.ops, lambda j: proqol.scores(j.repo)) == []
    assert dialog.undo_button.isVisible()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    [back] = run(qtbot, window.ops, lambda j: proqol.scores(j.repo))
    assert (back.secondary_traumatic_stress, back.note) == (19, "After the big case")
    qtbot.waitUntil(lambda: page.data is not None and page.data.has_proqol, timeout=WAIT_MS)


def marked_journal(journal: Journal) -> None:
    repo = journal.repo
    moment = now()
    repo.add(
        Incident(
            occurred_at=moment - timedelta(days=2),
            title=f"Post {MARKER}",
            severity="high",
            impact_score=8,
            impact_tags=[MARKER.lower()],
        )
    )
    for days in (1, 3, 6):
        repo.add(
            CheckIn(
                occurred_at=moment - timedelta(days=days),
                description=f"Note {MARKER}",
                stress=8,
            )
        )
    proqol.record_scores(
        repo,
        compassion_satisfaction=30,
        burnout=30,
        secondary_traumatic_stress=30,
        note=f"ProQOL {MARKER}",
    )


def test_locking_leaves_no_journal_text_in_any_widget(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(prepare=marked_journal)
    section = section_of(window)
    qtbot.waitUntil(section.prompt_notice.isVisible, timeout=WAIT_MS)  # high stress
    window.show_page("wellbeing")
    dashboard = window.page("wellbeing")
    assert isinstance(dashboard, DashboardPage)
    qtbot.waitUntil(lambda: dashboard.data is not None, timeout=WAIT_MS)
    axes = dashboard.tags_card.chart().axes()
    assert any(MARKER.lower() in " ".join(getattr(a, "categories", list)()) for a in axes)
    window.show_page("checkins")
    checkins = window.page("checkins")
    assert isinstance(checkins, CheckinsPage)
    qtbot.waitUntil(lambda: len(checkins.model.rows) == 3, timeout=WAIT_MS)
    assert MARKER in all_text(window)
    proqol_dialog = open_proqol(qtbot, window)
    qtbot.waitUntil(lambda: proqol_dialog.table.rowCount() == 1, timeout=WAIT_MS)
    proqol_dialog.reject()
    checkins.table.selectRow(0)
    checkins.edit_requested.emit(checkins.model.rows[0].id)
    qtbot.waitUntil(lambda: section.checkin_dialog is not None, timeout=WAIT_MS)
    assert MARKER in section.checkin_dialog.note.toPlainText()  # type: ignore[union-attr]

    window.lock()
    idle(qtbot, window.ops)
    for widget in QApplication.topLevelWidgets():
        assert MARKER not in all_text(widget), widget.objectName()
        assert MARKER.lower() not in all_text(widget).lower()
    assert section.checkin_dialog is None and section.proqol_dialog is None
    assert checkins.model.rowCount() == 0
    assert dashboard.data is None
    for card in dashboard.cards:
        assert card.chart().series() == [] and card.chart().axes() == []
    assert not section.prompt_notice.isVisible()
    assert section.prompt_notice.text.text() == ""
