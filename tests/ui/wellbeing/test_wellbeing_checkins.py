"""Check-ins: the form driven by keyboard, the list, editing, drafts and the reminder."""

from __future__ import annotations

from datetime import timedelta

from helpers.qt import go_to
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from wellbeing_helpers import MARKER, WAIT_MS, OpenWindow, focused, idle, relock, run, section_of

from journal import wellbeing
from journal.models import CheckIn
from journal.repository import EntryQuery
from journal.timeutil import now
from ui.main_window import MainWindow
from ui.wellbeing.checkin_form import DRAFT_ID, CheckInDialog
from ui.wellbeing.checkins_page import PAGE_SIZE, CheckinsPage, Column
from ui.wellbeing.scales import ScaleSlider


def open_form(qtbot: QtBot, window: MainWindow) -> CheckInDialog:
    section = section_of(window)
    window.checkin_action.trigger()  # the toolbar's "Check-in"
    qtbot.waitUntil(lambda: section.checkin_dialog is not None, timeout=WAIT_MS)
    dialog = section.checkin_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def checkins(qtbot: QtBot, window: MainWindow) -> list[CheckIn]:
    def load(j):  # type: ignore[no-untyped-def]
        ids = [s.id for s in j.repo.list_entries(EntryQuery(kind="checkin", limit=None))]
        return [j.repo.get(i) for i in ids]

    return run(qtbot, window.ops, load)


def checkins_page(qtbot: QtBot, window: MainWindow) -> CheckinsPage:
    return go_to(qtbot, window, "checkins", CheckinsPage)


def test_the_form_by_keyboard_saves_a_checkin_with_the_right_values(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    assert window.checkin_action.isEnabled()
    dialog = open_form(qtbot, window)
    assert focused() is dialog.inputs[0].slider  # mood first, ready for the arrow keys
    qtbot.keyClick(focused(), Qt.Key.Key_Right)  # mood 3 -> 4
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "8")  # stress straight to 8
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Left)  # sleep 3 -> 2
    qtbot.keyClick(focused(), Qt.Key.Key_Left)  # -> 1
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "5")  # confidence 5
    assert dialog.inputs[3].value_label.text() == "5 · Very high"
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.note
    qtbot.keyClicks(focused(), "A long day in court")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # the note lets Tab move on
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # past "when": keep now
    assert focused() is dialog.raise_box
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.share_box  # left unticked: private
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section_of(window).checkin_dialog is None)
    [saved] = checkins(qtbot, window)
    assert (saved.mood, saved.stress, saved.sleep, saved.confidence) == (4, 8, 1, 5)
    assert saved.description == "A long day in court"
    assert saved.raise_in_supervision is True
    assert saved.shareable is False
    assert abs(saved.occurred_at - now()) < timedelta(minutes=5)
    assert "Check-in saved" in window.statusBar().currentMessage()


def test_typing_one_then_zero_sets_ten(qtbot: QtBot) -> None:
    slider = ScaleSlider()
    qtbot.addWidget(slider)
    slider.setRange(0, 10)
    qtbot.keyClicks(slider, "7")
    assert slider.value() == 7
    qtbot.keyClicks(slider, "10")
    assert slider.value() == 10
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert slider.value() == 9
    one_to_five = ScaleSlider()
    qtbot.addWidget(one_to_five)
    one_to_five.setRange(1, 5)
    qtbot.keyClicks(one_to_five, "9")  # out of range: ignored
    assert one_to_five.value() == 1
    qtbot.keyClicks(one_to_five, "4")
    assert one_to_five.value() == 4


def test_the_page_lists_checkins_newest_first_and_loads_more_as_it_scrolls(
    qtbot: QtBot, open_window: OpenWindow, qtmodeltester: object
) -> None:
    moment = now()
    entries = [
        CheckIn(
            occurred_at=moment - timedelta(days=n),
            mood=1 + n % 5,
            stress=n % 11,
            raise_in_supervision=n == 0,
        )
        for n in range(PAGE_SIZE + 30)
    ]
    window = open_window(entries)
    page = checkins_page(qtbot, window)
    qtbot.waitUntil(lambda: len(page.model.rows) == PAGE_SIZE, timeout=WAIT_MS)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    model = page.model
    assert page.stack.currentWidget() is page.table
    first = [model.index(0, c).data() for c in (Column.MOOD, Column.STRESS, Column.SUPERVISION)]
    assert first == ["1 Very low", "0/10", "To raise"]
    assert model.index(1, Column.MOOD).data() == "2 Low"
    assert model.index(1, Column.SHARED).data() == "Private"
    assert model.rows[0].occurred_at > model.rows[1].occurred_at
    assert page.summary.text() == f"{PAGE_SIZE + 30} check-ins"
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(model.rows) == PAGE_SIZE + 30, timeout=WAIT_MS)
    assert len({row.id for row in model.rows}) == PAGE_SIZE + 30


def test_enter_on_a_row_edits_that_checkin(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window([CheckIn(occurred_at=now() - timedelta(hours=3), mood=2, stress=6)])
    page = checkins_page(qtbot, window)
    qtbot.waitUntil(lambda: len(page.model.rows) == 1, timeout=WAIT_MS)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    section = section_of(window)
    qtbot.waitUntil(lambda: section.checkin_dialog is not None, timeout=WAIT_MS)
    dialog = section.checkin_dialog
    assert dialog is not None
    assert [field.value() for field in dialog.inputs] == [2, 6, 3, 3]
    assert dialog.windowTitle() == "Edit check-in"
    qtbot.keyClick(focused(), Qt.Key.Key_Right)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [saved] = checkins(qtbot, window)
    assert saved.mood == 3 and saved.revision == 2
    qtbot.waitUntil(lambda: page.model.index(0, Column.MOOD).data() == "3 Okay", timeout=WAIT_MS)


def test_empty_page_explains_and_offers_a_checkin(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    page = checkins_page(qtbot, window)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty, timeout=WAIT_MS)
    assert "under a minute" in page.findChild(type(page.summary), "checkins_empty_text").text()
    button = page.findChild(type(page.new_button), "checkins_empty_action")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section_of(window).checkin_dialog is not None, timeout=WAIT_MS)
    dialog = section_of(window).checkin_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.table, timeout=WAIT_MS)
    assert page.table.currentIndex().row() == 0  # the new check-in is selected


def test_a_checkin_started_before_the_lock_is_offered_again(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    dialog = open_form(qtbot, window)
    qtbot.keyClicks(dialog.inputs[1].slider, "9")
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, f"Half done {MARKER}")
    relock(qtbot, window)
    assert section_of(window).checkin_dialog is None
    drafts = run(qtbot, window.ops, lambda j: j.repo.drafts())
    assert [d[0] for d in drafts] == [DRAFT_ID]
    again = open_form(qtbot, window)
    assert again.inputs[1].value() == 9
    assert again.note.toPlainText() == f"Half done {MARKER}"
    assert again.draft_note.isVisible()
    with qtbot.waitSignal(again.saved, timeout=WAIT_MS):
        qtbot.keyClick(again.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert run(qtbot, window.ops, lambda j: j.repo.drafts()) == []
    [saved] = checkins(qtbot, window)
    assert saved.stress == 9


def test_reminder_shows_when_due_and_not_when_off(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window([CheckIn(occurred_at=now() - timedelta(days=3))])
    notice = section_of(window).reminder_notice
    assert not notice.isVisible()  # off by default
    page = checkins_page(qtbot, window)
    combo = page.findChild(QComboBox, "checkin_reminder")
    assert combo.currentData() == "off"
    combo.setFocus()
    qtbot.keyClicks(combo, "D")  # Daily
    idle(qtbot, window.ops)
    assert run(qtbot, window.ops, lambda j: wellbeing.checkin_reminder(j.repo)) == "daily"
    relock(qtbot, window)
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert notice.text.text() == "You haven't checked in today. It takes under a minute."
    qtbot.mouseClick(notice.primary, Qt.MouseButton.LeftButton)  # "Check in now"
    assert not notice.isVisible()
    qtbot.waitUntil(lambda: section_of(window).checkin_dialog is not None, timeout=WAIT_MS)
    dialog = section_of(window).checkin_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    relock(qtbot, window)  # checked in today: nothing to remind
    assert not notice.isVisible()
    page = checkins_page(qtbot, window)
    combo = page.findChild(QComboBox, "checkin_reminder")
    qtbot.waitUntil(lambda: combo.currentData() == "daily", timeout=WAIT_MS)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # Off, the first choice
    assert combo.currentData() == "off"
    idle(qtbot, window.ops)
    assert run(qtbot, window.ops, lambda j: wellbeing.checkin_reminder(j.repo)) == "off"
    newest = checkins(qtbot, window)[0].id
    run(qtbot, window.ops, lambda j: j.repo.delete(newest))  # due again, but switched off
    relock(qtbot, window)
    assert not notice.isVisible()


def test_every_control_of_the_section_has_an_accessible_name(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from PySide6.QtWidgets import QWidget

    window = open_window([CheckIn(occurred_at=now() - timedelta(days=1))])
    section = section_of(window)
    roots: list[QWidget] = [checkins_page(qtbot, window)]
    window.show_page("wellbeing")
    dashboard = window.page("wellbeing")
    assert dashboard is not None
    qtbot.waitUntil(lambda: getattr(dashboard, "data", None) is not None, timeout=WAIT_MS)
    roots.append(dashboard)
    roots.append(open_form(qtbot, window))
    section.checkin_dialog.reject()  # type: ignore[union-attr]
    assert window.open_link("app:proqol")
    assert section.proqol_dialog is not None
    roots.append(section.proqol_dialog)
    missing = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
                continue
            if not widget.accessibleName():
                parent = widget.parentWidget()
                where = f"{type(parent).__name__} {parent.objectName()}" if parent else ""
                missing.append(f"{type(widget).__name__} {widget.objectName()} in {where}")
    assert missing == [], missing
