"""The digital-footprint self-check: answering, saving, the history, the draft, the reminder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from guidance_helpers import WAIT_MS, all_text, click, idle, run, unlock
from helpers.qt import loaded_page, show
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.footprint import CHECKLIST, add_months, history, record_check
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.support.footprint import DRAFT_KEY, FootprintView
from ui.support.page import SupportPage
from ui.support.reminder import (
    FIRST_SEEN_KEY,
    REMINDERS_KEY,
    FootprintReminder,
    reminder_due,
    today_for,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

MARKER = "Talked to Ezekiel Brambleworth about the gym photos"


@pytest.fixture
def view(qtbot: QtBot, ops: Operations) -> Iterator[FootprintView]:
    with loaded_page(qtbot, ops, FootprintView(ops), (1000, 900)) as widget:
        yield widget


def answer(qtbot: QtBot, view: FootprintView, item_id: str, status: str) -> None:
    button = view.rows[item_id].buttons[status]
    view.scroll_area.ensureWidgetVisible(button)
    click(qtbot, button)


def test_answer_save_and_see_it_in_the_history(
    qtbot: QtBot, ops: Operations, view: FootprintView
) -> None:
    assert "haven't done a check yet" in view.due.text()
    assert view.no_history.isVisible() and view.history.isHidden()
    assert len(view.rows) == len(CHECKLIST)
    answer(qtbot, view, "search-your-name", "done")
    answer(qtbot, view, "privacy-facebook", "to_do")
    answer(qtbot, view, "privacy-tiktok", "not_applicable")
    answer(qtbot, view, "privacy-tiktok", "done")  # changed your mind: one answer per item
    view.note.setFocus()
    qtbot.keyClicks(view.note, MARKER)
    click(qtbot, view.save_button)
    idle(qtbot, ops)
    checks = run(qtbot, ops, lambda j: history(j.repo))
    assert len(checks) == 1
    assert dict(checks[0].results) == {
        "search-your-name": "done",
        "privacy-facebook": "to_do",
        "privacy-tiktok": "done",
    }
    assert checks[0].note == MARKER
    today = run(qtbot, ops, lambda j: today_for(j.repo))
    assert checks[0].checked_on == today
    assert "Saved. Your next check is due on" in view.message.text()
    assert "next one is due on" in view.due.text()
    # The form is ready for next time; the history shows what was still to do.
    assert view.results() == {} and view.note.toPlainText() == ""
    assert view.history.isVisible()
    top = view.history.topLevelItem(0)
    assert top.text(1) == "2 checked, 1 still to do, 0 don't apply"
    children = [top.child(n).text(1) for n in range(top.childCount())]
    assert children == ["Still to do: Facebook", f"Note: {MARKER}"]


def test_nothing_answered_is_not_saved(qtbot: QtBot, ops: Operations, view: FootprintView) -> None:
    click(qtbot, view.save_button)
    assert "Answer at least one item" in view.message.text()
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: history(j.repo)) == []


def test_a_check_due_again_says_so(qtbot: QtBot, ops: Operations, view: FootprintView) -> None:
    today = run(qtbot, ops, lambda j: today_for(j.repo))
    long_ago = add_months(today, -7)
    run(qtbot, ops, lambda j: record_check(j.repo, {"photos": "done"}, checked_on=long_ago))
    view.reload()
    idle(qtbot, ops)
    assert "The next one is due now" in view.due.text()


def test_answers_in_progress_survive_a_lock(
    qtbot: QtBot, ops: Operations, view: FootprintView
) -> None:
    answer(qtbot, view, "location", "to_do")
    view.note.setFocus()
    qtbot.keyClicks(view.note, MARKER)
    view.prepare_lock()
    view.clear()
    assert view.results() == {} and MARKER not in all_text(view)
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: j.repo.get_setting(DRAFT_KEY)) == {
        "results": {"location": "to_do"},
        "note": MARKER,
    }
    view.reload()
    idle(qtbot, ops)
    assert view.results() == {"location": "to_do"}
    assert view.note.toPlainText() == MARKER
    assert view.draft_note.isVisible()
    click(qtbot, view.save_button)
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: j.repo.get_setting(DRAFT_KEY)) is None


def test_the_reminder_setting_is_kept(qtbot: QtBot, ops: Operations, view: FootprintView) -> None:
    assert view.remind.isChecked()  # on unless turned off
    click(qtbot, view.remind)
    assert not view.remind.isChecked()
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: j.repo.get_setting(REMINDERS_KEY)) is False
    view.clear()
    view.reload()
    idle(qtbot, ops)
    assert not view.remind.isChecked()


def test_the_guide_button_asks_for_the_footprint_topic(qtbot: QtBot, view: FootprintView) -> None:
    with qtbot.waitSignal(view.topic_requested) as asked:
        click(qtbot, view.guide_button)
    assert asked.args == ["digital-footprint"]


def test_clear_leaves_no_answer_or_note(qtbot: QtBot, ops: Operations, view: FootprintView) -> None:
    answer(qtbot, view, "photos", "done")
    view.note.setFocus()
    qtbot.keyClicks(view.note, MARKER)
    click(qtbot, view.save_button)
    idle(qtbot, ops)
    view.note.setFocus()
    qtbot.keyClicks(view.note, MARKER)
    assert MARKER in all_text(view)
    view.clear()
    assert MARKER not in all_text(view)
    assert view.history.topLevelItemCount() == 0


# -- when the reminder is due ----------------------------------------------------------------


def test_when_the_reminder_is_due(journal: Journal) -> None:
    repo = journal.repo
    today = date(2026, 9, 1)
    assert reminder_due(repo, today) is None  # a new journal: a week's grace first
    assert repo.get_setting(FIRST_SEEN_KEY) == "2026-09-01"
    assert reminder_due(repo, today + timedelta(days=6)) is None
    assert reminder_due(repo, today + timedelta(days=7)) == "first"
    record_check(repo, {"photos": "done"}, checked_on=today + timedelta(days=7))
    assert reminder_due(repo, add_months(today, 6)) is None
    assert reminder_due(repo, add_months(today + timedelta(days=7), 6)) == "again"
    repo.set_setting(REMINDERS_KEY, False)
    assert reminder_due(repo, add_months(today, 12)) is None


def _window_with(
    qtbot: QtBot, paths: JournalPaths, ops: Operations, *, months_ago: int | None
) -> MainWindow:
    journal = Journal.open(paths, Unlock(passphrase="correct horse battery staple"))
    try:
        if months_ago is not None:
            day = add_months(today_for(journal.repo), -months_ago)
            record_check(journal.repo, {"photos": "done"}, checked_on=day)
    finally:
        journal.close()
    window = show(qtbot, MainWindow(ops), (1280, 800))
    window.start()
    unlock(qtbot, window)
    return window


def reminder_of(window: MainWindow) -> FootprintReminder:
    found = window.findChild(FootprintReminder, "footprintReminder")
    assert found is not None
    return found


def reminder_shown(
    qtbot: QtBot, paths: JournalPaths, ops: Operations, *, months_ago: int
) -> tuple[MainWindow, FootprintReminder]:
    """The window on a journal last checked ``months_ago``, once its reminder shows."""
    window = _window_with(qtbot, paths, ops, months_ago=months_ago)
    reminder = reminder_of(window)
    qtbot.waitUntil(reminder.isVisible, timeout=WAIT_MS)
    return window, reminder


def test_the_reminder_shows_when_a_check_is_due_and_opens_it(
    qtbot: QtBot, paths: JournalPaths, closed_ops: Operations
) -> None:
    window, reminder = reminder_shown(qtbot, paths, closed_ops, months_ago=7)
    assert reminder.kind == "again"
    assert "six months since your last" in reminder.text.text()
    click(qtbot, reminder.start_button)
    assert reminder.isHidden()
    page = window.page("support")
    assert isinstance(page, SupportPage)
    assert window.nav.currentItem().text().startswith("Support")
    assert page.tabs.currentWidget() is page.footprint
    # Saving a check puts the reminder to rest; locking and unlocking doesn't bring it back.
    qtbot.waitUntil(lambda: page.footprint.rows["photos"].isVisible())
    idle(qtbot, window.ops)
    answer(qtbot, page.footprint, "photos", "done")
    click(qtbot, page.footprint.save_button)
    idle(qtbot, window.ops)
    window.lock()
    unlock(qtbot, window)
    idle(qtbot, window.ops)
    assert reminder.isHidden()
    window.close()


def test_no_reminder_soon_after_a_check(
    qtbot: QtBot, paths: JournalPaths, closed_ops: Operations
) -> None:
    window = _window_with(qtbot, paths, closed_ops, months_ago=2)
    idle(qtbot, window.ops)
    qtbot.wait(20)
    assert reminder_of(window).isHidden()
    window.close()


def test_not_now_and_dont_remind_me(
    qtbot: QtBot, paths: JournalPaths, closed_ops: Operations
) -> None:
    window, reminder = reminder_shown(qtbot, paths, closed_ops, months_ago=8)
    click(qtbot, reminder.later_button)
    assert reminder.isHidden()
    window.lock()
    unlock(qtbot, window)
    idle(qtbot, window.ops)
    assert reminder.isHidden()  # two weeks' peace
    run(qtbot, window.ops, lambda j: j.repo.set_setting("footprint.reminder_snoozed_until", None))
    window.lock()
    unlock(qtbot, window)
    qtbot.waitUntil(reminder.isVisible, timeout=20_000)
    click(qtbot, reminder.off_button)
    idle(qtbot, window.ops)
    assert run(qtbot, window.ops, lambda j: j.repo.get_setting(REMINDERS_KEY)) is False
    window.lock()
    assert reminder.isHidden()
    unlock(qtbot, window)
    idle(qtbot, window.ops)
    qtbot.wait(20)
    assert reminder.isHidden()
    window.close()


def test_the_footprint_link_opens_the_check(qtbot: QtBot, window: MainWindow) -> None:
    assert window.open_link("app:footprint")
    page = window.page("support")
    assert isinstance(page, SupportPage)
    assert page.tabs.currentWidget() is page.footprint
    qtbot.keyClick(page.footprint.guide_button, Qt.Key.Key_Space)
    assert window.nav.currentItem().text().startswith("Guidance")
    guidance_page = window.page("guidance")
    assert getattr(guidance_page, "current_topic", None) == "digital-footprint"
