"""The supervision page: preparing, supervision mode, the record, reminders, the summary.

Every test runs the real window over a real journal. What supervision mode may show is
checked by reading every piece of text every widget holds (shown or hidden), with a
marker in each thing that must never appear and a check that shared things do appear.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.qt import go_to
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot
from supervision_helpers import WAIT_MS, all_text, click, idle, run, type_into, unlock

from journal import queries
from journal.models import Action, CheckIn, Entry, Incident, SearchLogEntry, SupervisionRecord
from journal.supervision import suggest_next_date
from journal.timeutil import now
from ui.main_window import MainWindow
from ui.supervision.data import DRAFT_PREFIX
from ui.supervision.notices import SupervisionNotices
from ui.supervision.page import SupervisionPage
from ui.supervision.prepare import LEAVE_OUT

NEVER = (
    "QXPRIVATE",  # an incident's private notes
    "QXEXCLUDED",  # an incident left out of this session
    "QXHIDDEN",  # an incident not shared
    "QXCHECKPRIV",  # a check-in marked to raise but not shared
    "QXSEARCHPRIV",  # a look-up's private notes
    "QXSEARCHHIDDEN",  # a look-up not shared
    "QXRECPRIVATE",  # a supervision record's private notes
)
SHOWN = ("QXSHOWN", "QXRAISED", "QXSEARCHSHOWN")


def ago(days: float) -> datetime:
    return now() - timedelta(days=days)


def scene() -> list[Entry]:
    today = now().astimezone().date()
    return [
        SupervisionRecord(
            occurred_at=ago(48),
            supervisor="Sam Patel",
            actions=[Action("Book time with the assistance programme", "me", due=today)],
            private_notes="QXRECPRIVATE earlier",
        ),
        SupervisionRecord(
            occurred_at=ago(20),
            supervisor="Sam Patel",
            wellbeing_discussed="Sleeping less since the messages started.",
            actions=[
                Action(
                    "Book time with the assistance programme", "me", due=today - timedelta(days=10)
                ),
                Action(
                    "Check privacy settings",
                    "me",
                    due=today - timedelta(days=12),
                    done=True,
                    done_on=today - timedelta(days=14),
                ),
            ],
            next_date=today + timedelta(days=1),
            private_notes="QXRECPRIVATE last",
        ),
        Incident(
            occurred_at=ago(10),
            title="QXSHOWN message about my family",
            category="threat",
            severity="critical",
            status="open",
            impact_score=8,
            private_notes="QXPRIVATE what I think",
        ),
        Incident(occurred_at=ago(8), title="QXEXCLUDED post", severity="low", impact_score=2),
        Incident(occurred_at=ago(6), title="QXHIDDEN post", shareable=False),
        CheckIn(
            occurred_at=ago(9),
            mood=2,
            stress=8,
            raise_in_supervision=True,
            shareable=True,
            description="QXRAISED a hard week",
        ),
        CheckIn(occurred_at=ago(7), mood=3, stress=5, shareable=True),
        CheckIn(
            occurred_at=ago(5),
            mood=2,
            stress=7,
            raise_in_supervision=True,
            description="QXCHECKPRIV not for sharing",
        ),
        SearchLogEntry(
            occurred_at=ago(4),
            query="QXSEARCHSHOWN profile",
            case_ref="C2291",
            reason="A concern about case details posted online.",
            agreed_by="Sam Patel",
            private_notes="QXSEARCHPRIV mine",
        ),
        SearchLogEntry(
            occurred_at=ago(3), query="QXSEARCHHIDDEN profile", reason="Checking.", shareable=False
        ),
    ]


def open_page(qtbot: QtBot, window: MainWindow) -> SupervisionPage:
    return go_to(qtbot, window, "supervision", SupervisionPage)


def prepared(qtbot: QtBot, page: SupervisionPage) -> None:
    qtbot.waitUntil(lambda: page.prepare.tree.topLevelItemCount() > 0, timeout=WAIT_MS)


def item_titled(page: SupervisionPage, text: str) -> QTreeWidgetItem:
    tree = page.prepare.tree
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        assert group is not None
        for n in range(group.childCount()):
            if text in group.child(n).text(0):
                return group.child(n)
    raise AssertionError(f"{text} is not in the preparation view")


def leave_out(qtbot: QtBot, page: SupervisionPage, text: str) -> None:
    """Tick "Leave out" from the keyboard: move to the row's tick and press Space."""
    tree = page.prepare.tree
    item = item_titled(page, text)
    tree.setFocus()
    index = tree.indexFromItem(item, LEAVE_OUT)
    tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert item.checkState(LEAVE_OUT) == Qt.CheckState.Checked


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    """The window over the scene's journal, unlocked."""
    return make_window(scene())


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> SupervisionPage:
    """The supervision page of ``window``, opened, with its preparation listed."""
    page = open_page(qtbot, window)
    prepared(qtbot, page)
    return page


def show_records(qtbot: QtBot, window: MainWindow, page: SupervisionPage) -> None:
    """The records tab, once the newest record is shown."""
    page.show_records()
    qtbot.waitUntil(lambda: page.records.detail_id is not None, timeout=WAIT_MS)
    idle(qtbot, window.ops)


def start_supervision(qtbot: QtBot, window: MainWindow, page: SupervisionPage) -> None:
    click(qtbot, page.prepare.start_button)
    assert window.supervision_mode
    qtbot.waitUntil(lambda: page.session.view is not None, timeout=WAIT_MS)
    idle(qtbot, window.ops)


def test_preparing_lists_what_will_show_and_what_stays_out(
    qtbot: QtBot, window: MainWindow, page: SupervisionPage
) -> None:
    text = all_text(page.prepare)
    for marker in ("QXSHOWN", "QXEXCLUDED", "QXSEARCHSHOWN"):
        assert marker in text
    for marker in ("QXHIDDEN", "QXPRIVATE", "QXSEARCHHIDDEN", "QXCHECKPRIV", "QXRECPRIVATE"):
        assert marker not in text
    assert "1 incident, 1 check-in, 1 look-up" in page.prepare.kept_back.text()
    # The raised check-in that isn't shared gets its prompt, with a next step.
    assert page.prepare.prompt_box.isVisible()
    assert "isn't shared" in page.prepare.prompt_text.text()
    assert "Sam Patel" not in page.prepare.period_text.text()

    leave_out(qtbot, page, "QXEXCLUDED")
    idle(qtbot, window.ops)
    saved = run(qtbot, window.ops, lambda j: j.repo.get_setting("supervision.prepare"))
    excluded_id = str(item_titled(page, "QXEXCLUDED").data(0, Qt.ItemDataRole.UserRole + 1))
    assert saved["exclude"] == [excluded_id]

    # The tick survives a lock.
    window.lock()
    unlock(qtbot, window)
    window.show_page("supervision")
    prepared(qtbot, page)
    item = item_titled(page, "QXEXCLUDED")
    assert item.checkState(LEAVE_OUT) == Qt.CheckState.Checked


def test_supervision_mode_shows_only_what_is_shared_and_not_left_out(
    qtbot: QtBot, window: MainWindow, page: SupervisionPage
) -> None:
    leave_out(qtbot, page, "QXEXCLUDED")
    start_supervision(qtbot, window, page)

    assert window.supervision_banner.isVisible()
    assert page.stack.currentWidget() is page.session
    # Everything the page holds, shown or hidden, and everything on screen in the window.
    for text in (all_text(page), all_text(window, visible_only=True)):
        for marker in NEVER:
            assert marker not in text, marker
        for marker in SHOWN:
            assert marker in text, marker
    session = page.session
    assert session.incidents.rowCount() == 1
    assert session.incidents.item(0, 3).text() == "Critical"
    assert session.incidents.item(0, 4).text() == "Open"
    assert session.incidents.item(0, 5).text() == "8 out of 10"
    assert session.checkins.rowCount() == 1
    assert session.searches.rowCount() == 1
    assert session.searches.item(0, 3).text() == "C2291"
    assert "1 open threat" in session.summary.text()
    # The trend chart is drawn (Qt Charts), with its axes labelled and a sentence under it.
    assert session._chart is not None and session._chart.isVisible()
    assert "Week starting" in all_text(session._chart)
    assert "2 check-ins you shared" in session.trend_text.text()
    assert session.agreed_actions.states() == {
        "Book time with the assistance programme": "overdue",
        "Check privacy settings": "done",
    }


def test_leaving_supervision_mode_returns_to_the_normal_view(
    qtbot: QtBot, window: MainWindow, page: SupervisionPage
) -> None:
    start_supervision(qtbot, window, page)
    assert window.supervision_banner.isVisible()
    assert all_text(page.prepare).count("QXEXCLUDED") == 0  # emptied while shared

    leave = window.supervision_banner.findChild(
        type(page.prepare.start_button), "leave_supervision"
    )
    click(qtbot, leave)
    assert not window.supervision_mode
    assert not window.supervision_banner.isVisible()
    assert page.stack.currentWidget() is page.normal
    assert page.session.view is None and "QXSHOWN" not in all_text(page.session)
    prepared(qtbot, page)
    assert "QXEXCLUDED" in all_text(page.prepare)

    # And by the window's own signal (set_supervision_mode), the same way back.
    start_supervision(qtbot, window, page)
    with qtbot.waitSignal(window.supervision_mode_changed, timeout=WAIT_MS):
        window.set_supervision_mode(False)
    assert page.stack.currentWidget() is page.normal
    prepared(qtbot, page)


def test_a_record_carries_over_the_actions_not_done(
    qtbot: QtBot, window: MainWindow, page: SupervisionPage
) -> None:
    leave_out(qtbot, page, "QXEXCLUDED")
    start_supervision(qtbot, window, page)
    click(qtbot, page.session.record_button)
    editor = page.editor
    qtbot.waitUntil(lambda: editor.is_open, timeout=WAIT_MS)
    assert page.stack.currentWidget() is editor
    assert editor.supervisor.text() == "Sam Patel"
    discussed = all_text(editor.discussed)
    assert "QXSHOWN" in discussed and "QXSEARCHSHOWN" in discussed
    assert "QXEXCLUDED" not in discussed and "QXHIDDEN" not in discussed
    assert len(editor.discussed_ids()) == 3  # the incident, the check-in, the look-up
    rows = editor.agreed_actions.rows
    assert [r.what.text() for r in rows] == ["Book time with the assistance programme"]
    assert not rows[0].done.isChecked()
    expected_next = run(
        qtbot, window.ops, lambda j: suggest_next_date(j.repo, now().astimezone().date())
    )
    next_qdate = editor.next_date.date()
    assert date(next_qdate.year(), next_qdate.month(), next_qdate.day()) == expected_next

    type_into(qtbot, editor.wellbeing, "Better since the account was closed.")
    click(qtbot, editor.agreed_actions.add_button)
    type_into(qtbot, editor.agreed_actions.rows[1].what, "Ask about a risk assessment")
    type_into(qtbot, editor.agreed_actions.rows[1].who, "manager")
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        click(qtbot, editor.save_button)
    assert page.stack.currentWidget() is page.session  # still in supervision mode
    assert page.notice.isVisible()
    idle(qtbot, window.ops)

    records = run(
        qtbot,
        window.ops,
        lambda j: [
            e
            for e in (j.repo.get(s.id) for s in j.repo.list_entries())
            if isinstance(e, SupervisionRecord)
        ],
    )
    newest = max(records, key=lambda r: r.occurred_at)
    assert [(a.what, a.who, a.done) for a in newest.actions] == [
        ("Book time with the assistance programme", "me", False),
        ("Ask about a risk assessment", "manager", False),
    ]
    assert newest.wellbeing_discussed == "Better since the account was closed."
    assert len(newest.discussed) == 3
    # The view now shows this record's actions as the ones agreed last time.
    qtbot.waitUntil(
        lambda: (
            set(page.session.agreed_actions.states())
            == {"Book time with the assistance programme", "Ask about a risk assessment"}
        ),
        timeout=WAIT_MS,
    )
    # The choices for that session are forgotten once it is recorded.
    assert run(qtbot, window.ops, lambda j: j.repo.get_setting("supervision.prepare")) is None


def test_an_action_without_what_is_refused_beside_the_table(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    page = open_page(qtbot, window)
    page.show_records()
    click(qtbot, page.records.new_button)
    editor = page.editor
    qtbot.waitUntil(lambda: editor.is_open, timeout=WAIT_MS)
    click(qtbot, editor.agreed_actions.add_button)
    type_into(qtbot, editor.agreed_actions.rows[0].who, "manager")
    click(qtbot, editor.save_button)
    assert editor.error_text("actions") == "Action 1 needs a description of what."
    assert editor.is_open
    assert run(qtbot, window.ops, lambda j: j.repo.count()) == 0


def test_actions_can_be_ticked_done_later(qtbot: QtBot, window: MainWindow) -> None:
    page = open_page(qtbot, window)
    qtbot.mouseClick(page.tabs, Qt.MouseButton.LeftButton, pos=page.tabs.tabRect(1).center())
    qtbot.waitUntil(lambda: page.records.detail_id is not None, timeout=WAIT_MS)
    idle(qtbot, window.ops)
    record_id = page.records.detail_id
    actions = page.records.agreed_actions
    item = actions.item_for("Book time with the assistance programme")
    assert item is not None and actions.states()[item.text(0)] == "overdue"
    item.setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: (
            page.records.agreed_actions.states().get("Book time with the assistance programme")
            == "done"
        ),
        timeout=WAIT_MS,
    )
    record = run(qtbot, window.ops, lambda j: j.repo.get(record_id))
    assert isinstance(record, SupervisionRecord)
    assert record.actions[0].done and record.actions[0].done_on == now().astimezone().date()
    assert record.private_notes == "QXRECPRIVATE last"  # kept, never shown


def test_reminders_after_unlock(qtbot: QtBot, window: MainWindow) -> None:
    notices = window.findChild(SupervisionNotices)
    assert notices is not None
    qtbot.waitUntil(
        lambda: notices.overdue.isVisible() and notices.due.isVisible(), timeout=WAIT_MS
    )
    overdue = notices.overdue.text.text()
    assert overdue == "One action agreed in supervision is past its date."
    assert "Your next supervision is tomorrow" in notices.due.text.text()
    for text in (overdue, notices.due.text.text()):
        assert "assistance programme" not in text and "QX" not in text  # no entry text

    click(qtbot, notices.overdue.first)
    assert window.pages.currentWidget() is window._page_for_key["supervision"]
    assert not notices.overdue.isVisible()

    # Supervision mode hides them; leaving brings back what still applies.
    window.set_supervision_mode(True)
    assert not notices.due.isVisible()
    window.set_supervision_mode(False)
    qtbot.waitUntil(lambda: notices.due.isVisible(), timeout=WAIT_MS)

    # "Not now" keeps the reminder away for that date, across a lock.
    click(qtbot, notices.due.second)
    assert not notices.due.isVisible()
    idle(qtbot, window.ops)
    window.lock()
    assert not notices.overdue.isVisible()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: notices.overdue.isVisible(), timeout=WAIT_MS)
    idle(qtbot, window.ops)
    assert not notices.due.isVisible()


def test_no_reminders_without_reason(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    window = make_window([SupervisionRecord(occurred_at=ago(3), next_date=None)])
    idle(qtbot, window.ops)
    notices = window.findChild(SupervisionNotices)
    assert notices is not None
    assert not notices.overdue.isVisible() and not notices.due.isVisible()


def test_summary_for_the_supervision_file(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = open_page(qtbot, window)
    show_records(qtbot, window, page)
    folder = tmp_path / "supervision file"
    folder.mkdir()
    monkeypatch.setattr(page, "choose_summary_folder", lambda: folder)
    click(qtbot, page.records.summary_button)
    qtbot.waitUntil(lambda: page.last_summary is not None, timeout=WAIT_MS)
    result: Any = page.last_summary
    pdf_path, json_path = result.files["pdf"], result.files["json"]
    assert pdf_path.parent == folder and json_path.parent == folder
    assert pdf_path.name in page.notice.text.text()
    text = "\n".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Supervision summary" in text
    assert "Sam Patel" in text
    assert "Book time with the assistance programme" in text
    assert "Sleeping less since the messages started." in text
    assert "QXRECPRIVATE" not in text
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["supervision"]["supervisor"] == "Sam Patel"
    assert "QXRECPRIVATE" not in json_path.read_text(encoding="utf-8")

    # Cancelling the folder choice writes nothing.
    page.last_summary = None
    monkeypatch.setattr(page, "choose_summary_folder", lambda: None)
    click(qtbot, page.records.summary_button)
    idle(qtbot, window.ops)
    assert page.last_summary is None
    assert sorted(p.name for p in folder.iterdir()) == sorted([pdf_path.name, json_path.name])


def test_lock_clears_every_view(qtbot: QtBot, window: MainWindow, page: SupervisionPage) -> None:
    show_records(qtbot, window, page)
    assert "Sleeping less" in all_text(page.records)
    qtbot.mouseClick(page.tabs, Qt.MouseButton.LeftButton, pos=page.tabs.tabRect(0).center())
    start_supervision(qtbot, window, page)
    click(qtbot, page.session.record_button)
    qtbot.waitUntil(lambda: page.editor.is_open, timeout=WAIT_MS)
    type_into(qtbot, page.editor.wellbeing, "QXTYPED in the record")
    assert "QXSHOWN" in all_text(page)
    window.lock()
    assert not window.supervision_mode
    text = all_text(page)
    for marker in (*NEVER, *SHOWN, "QXTYPED", "Sam Patel", "Sleeping less"):
        assert marker not in text, marker
    # The record being written was kept as an encrypted draft, offered after unlock.
    unlock(qtbot, window)
    window.show_page("supervision")
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=WAIT_MS)
    assert "QX" not in page.notice.text.text()
    click(qtbot, page.notice.first)
    assert page.editor.wellbeing.toPlainText() == "QXTYPED in the record"


def test_a_record_left_at_lock_can_be_discarded(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(scene())
    page = open_page(qtbot, window)
    prepared(qtbot, page)
    page.show_records()
    click(qtbot, page.records.new_button)
    qtbot.waitUntil(lambda: page.editor.is_open, timeout=WAIT_MS)
    type_into(qtbot, page.editor.wellbeing, "QXDISCARDED in the record")
    window.lock()
    unlock(qtbot, window)
    window.show_page("supervision")
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=WAIT_MS)
    assert page.notice.second.text() == "Discard"
    click(qtbot, page.notice.second)
    assert not page.notice.isVisible()
    assert not page.editor.is_open
    idle(qtbot, window.ops)
    assert run(qtbot, window.ops, lambda j: queries.drafts(j, DRAFT_PREFIX)) == []
    # Nothing is offered again after the next unlock.
    window.lock()
    unlock(qtbot, window)
    window.show_page("supervision")
    idle(qtbot, window.ops)
    assert not page.notice.isVisible()


def test_a_chosen_period_is_what_supervision_mode_shows(
    qtbot: QtBot, window: MainWindow, page: SupervisionPage
) -> None:
    prepare = page.prepare
    assert "QXSHOWN" in all_text(prepare.tree)  # ten days ago
    prepare.period.setFocus()
    prepare.period.setCurrentIndex(prepare.period.findData("date"))
    assert prepare.since.isEnabled()
    since = now().astimezone().date() - timedelta(days=7)
    prepare.since.setDate(since)  # the date field as a person sets it
    qtbot.waitUntil(lambda: "QXSHOWN" not in all_text(prepare.tree), timeout=WAIT_MS)
    idle(qtbot, window.ops)
    assert "QXSEARCHSHOWN" in all_text(prepare.tree)
    saved = run(qtbot, window.ops, lambda j: j.repo.get_setting("supervision.prepare"))
    assert saved["since"] == since.isoformat()
    start_supervision(qtbot, window, page)
    text = all_text(page.session)
    assert "QXSHOWN" not in text and "QXRAISED" not in text
    assert "QXSEARCHSHOWN" in text


def test_group_rows_read_as_their_heading_in_every_column(
    qtbot: QtBot, window: MainWindow, page: SupervisionPage
) -> None:
    tree = page.prepare.tree
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        assert group is not None and group.isFirstColumnSpanned()
        for column in range(1, tree.columnCount()):
            index = tree.indexFromItem(group, column)
            assert index.data(Qt.ItemDataRole.AccessibleTextRole) == group.text(0), column
