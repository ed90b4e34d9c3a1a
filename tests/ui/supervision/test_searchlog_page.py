"""The search log page, driven as a person would: the form, its prompts, the list, filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from helpers.qt import go_to
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from supervision_helpers import WAIT_MS, all_text, click, idle, run, type_into, unlock

from journal.models import SearchLogEntry
from journal.searchlog import PROMPT_MESSAGES, list_searches
from journal.timeutil import now
from ui.main_window import MainWindow
from ui.searchlog.model import Column, SearchLogModel
from ui.searchlog.page import SearchLogPage

MARKER = "QXSEARCHMARK"


def look_up(days: float, **fields: object) -> SearchLogEntry:
    values: dict[str, object] = {
        "query": "Father's public profile",
        "where": "Facebook",
        "case_ref": "C2291",
        "reason": "Concern that case details were being posted in a public group.",
        "agreed_by": "Sam Patel",
        "outcome": "Two posts about the hearing.",
    }
    values.update(fields)
    return SearchLogEntry(occurred_at=now() - timedelta(days=days), **values)  # type: ignore[arg-type]


def open_page(qtbot: QtBot, window: MainWindow) -> SearchLogPage:
    return go_to(qtbot, window, "searchlog", SearchLogPage, lambda p: not p.model.loading)


def open_blank_form(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> tuple[MainWindow, SearchLogPage]:
    """A new journal's search log with the form for a new look-up open."""
    window = make_window()
    page = open_page(qtbot, window)
    click(qtbot, page.new_button)
    return window, page


def test_empty_log_says_what_it_is_for(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.lists.currentWidget() is page.empty)
    assert page.empty_title.text() == "No look-ups recorded yet"
    assert "why it is needed for the case" in page.empty_text.text()
    click(qtbot, page.empty_button)
    assert page.stack.currentWidget() is page.form


def test_guidance_on_look_ups_is_one_click_away(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    topics: list[str] = []
    window.register_action("show_guidance", topics.append)  # as the guidance section does
    page = open_page(qtbot, window)
    qtbot.waitUntil(lambda: page.lists.currentWidget() is page.empty)
    click(qtbot, page.empty_guidance)
    click(qtbot, page.new_button)
    guidance = page.form.findChild(QPushButton, "formGuidance")
    assert guidance is not None
    click(qtbot, guidance)
    assert topics == ["no-fishing-expeditions", "no-fishing-expeditions"]


def test_the_reason_is_required_then_the_look_up_saves(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window, page = open_blank_form(qtbot, make_window)
    form = page.form
    type_into(qtbot, form.case_ref, "C4410")
    type_into(qtbot, form.query, "Mother's new partner")
    type_into(qtbot, form.where, "Instagram")
    click(qtbot, form.save_button)

    # Refused: the message sits beside the reason, which gets the focus; nothing saved.
    assert form.error_text("reason").startswith("Reason is needed")
    assert form.fields.errors["reason"].isVisible()
    assert form.reason.hasFocus()
    assert page.stack.currentWidget() is form
    idle(qtbot, window.ops)
    assert run(qtbot, window.ops, lambda j: j.repo.count()) == 0

    type_into(qtbot, form.reason, "A safety concern was raised at the strategy meeting.")
    type_into(qtbot, form.agreed_by, "Team manager")
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS):
        click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.browse)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    rows = run(qtbot, window.ops, lambda j: list_searches(j.repo))
    assert [(r.case_ref, r.query, r.agreed_by) for r in rows] == [
        ("C4410", "Mother's new partner", "Team manager")
    ]
    assert rows[0].reason == "A safety concern was raised at the strategy meeting."
    # The new look-up is selected and shown, complete: no prompt, no marker.
    qtbot.waitUntil(lambda: page.detail.row is not None and page.detail.row.id == rows[0].id)
    assert page.detail.prompt_texts() == []
    assert page.model.index(0, Column.ATTENTION).data() == ""


def test_prompt_for_a_look_up_outside_a_case(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    _window, page = open_blank_form(qtbot, make_window)
    form = page.form
    assert form.prompt_texts() == []  # nothing is said before anything is typed
    type_into(qtbot, form.query, "Local news story")
    type_into(qtbot, form.reason, "The case was reported in the local news this week.")
    type_into(qtbot, form.agreed_by, "Sam Patel")
    qtbot.waitUntil(lambda: form.prompt_texts() == [PROMPT_MESSAGES["no_case_ref"]])
    assert form.prompts.isVisible()
    # Its one next step takes you to the field.
    button = form.prompts.cards[0].findChild(QPushButton, "prompt_action_add_case_ref")
    click(qtbot, button)
    assert form.case_ref.hasFocus()
    qtbot.keyClicks(form.case_ref, "C2291")
    qtbot.waitUntil(lambda: form.prompt_texts() == [])
    assert not form.prompts.isVisible()

    # Saved without a case reference, the row carries a marker and the prompt in the detail.
    form.case_ref.clear()
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS):
        click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: page.detail.row is not None, timeout=WAIT_MS)
    assert page.model.index(0, Column.ATTENTION).data() == "Worth a look"
    assert page.model.index(0, Column.CASE).data() == "None"
    assert page.detail.prompt_texts() == [PROMPT_MESSAGES["no_case_ref"]]
    assert "1 worth a look" in page.summary.text()
    action = page.detail.prompts.cards[0].button
    click(qtbot, action)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.form, timeout=WAIT_MS)
    assert form.case_ref.hasFocus()
    assert form.query.text() == "Local news story"


def test_editing_keeps_history_and_private_notes(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    entry = look_up(3, private_notes="Only mine.", agreed_by="")
    window = make_window([entry])
    page = open_page(qtbot, window)
    assert page.model.rowCount() == 1
    entry_id = page.model.row_data(0).id
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, Column.QUERY))
    qtbot.waitUntil(lambda: page.detail.row is not None)
    assert page.detail.prompt_texts() == [PROMPT_MESSAGES["not_agreed"]]
    click(qtbot, page.detail.edit_button)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.form, timeout=WAIT_MS)
    form = page.form
    assert form.heading.text() == "Edit a look-up"
    assert form.private.toPlainText() == "Only mine."
    type_into(qtbot, form.agreed_by, "Jo Williams")
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS):
        qtbot.keyClick(form.agreed_by, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window.ops)
    saved = run(qtbot, window.ops, lambda j: j.repo.get(entry_id))
    assert isinstance(saved, SearchLogEntry)
    assert saved.agreed_by == "Jo Williams"
    assert saved.private_notes == "Only mine."
    assert saved.revision == 2
    assert len(run(qtbot, window.ops, lambda j: j.repo.history(entry_id))) == 2
    qtbot.waitUntil(lambda: page.detail.prompt_texts() == [], timeout=WAIT_MS)


def test_filters_narrow_the_list(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    window = make_window(
        [
            look_up(2, query="Grandmother's page", case_ref="C1000", agreed_by="Sam Patel"),
            look_up(40, query="Uncle's video channel", case_ref="", agreed_by="Jo Williams"),
            look_up(200, query="Old forum thread", case_ref="C2000", agreed_by=""),
        ]
    )
    page = open_page(qtbot, window)
    assert page.model.rowCount() == 3

    def queries() -> list[str]:
        return [page.model.row_data(r).query for r in range(page.model.rowCount())]

    filters = page.filters
    assert [filters.case.itemText(i) for i in range(filters.case.count())][2:] == [
        "C1000",
        "C2000",
    ]
    filters.case.setCurrentIndex(filters.case.findData("\x00none"))
    qtbot.waitUntil(lambda: queries() == ["Uncle's video channel"], timeout=WAIT_MS)
    filters.case.setCurrentIndex(0)
    filters.period.setCurrentIndex(filters.period.findData("90"))
    qtbot.waitUntil(
        lambda: queries() == ["Grandmother's page", "Uncle's video channel"], timeout=WAIT_MS
    )
    type_into(qtbot, filters.agreed, "jo")
    qtbot.waitUntil(lambda: queries() == ["Uncle's video channel"], timeout=WAIT_MS)
    filters.agreed.clear()
    filters.period.setCurrentIndex(0)
    type_into(qtbot, filters.text, "forum")
    qtbot.waitUntil(lambda: queries() == ["Old forum thread"], timeout=WAIT_MS)
    type_into(qtbot, filters.text, " nothingmatchesthis")
    qtbot.waitUntil(lambda: page.lists.currentWidget() is page.empty, timeout=WAIT_MS)
    assert page.empty_title.text() == "Nothing matches"
    click(qtbot, page.empty_button)
    qtbot.waitUntil(lambda: len(queries()) == 3, timeout=WAIT_MS)


def test_the_table_model_fetches_a_page_at_a_time(
    qtbot: QtBot, make_window: Callable[..., MainWindow], qtmodeltester: object
) -> None:
    window = make_window([look_up(i / 10, query=f"Look-up {i}") for i in range(230)])
    page = open_page(qtbot, window)
    model = page.model
    assert isinstance(model, SearchLogModel)
    assert model.rowCount() == 100 and model.total == 230
    assert model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=WAIT_MS)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 230, timeout=WAIT_MS)
    assert not model.canFetchMore()


def test_lock_clears_everything_and_keeps_the_unsaved_look_up_as_a_draft(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window([look_up(1, query=f"{MARKER} saved", private_notes=f"{MARKER} notes")])
    page = open_page(qtbot, window)
    page.table.setCurrentIndex(page.model.index(0, Column.QUERY))
    qtbot.waitUntil(lambda: page.detail.row is not None)
    assert MARKER in all_text(page)  # the check below can see what it looks for
    click(qtbot, page.new_button)
    type_into(qtbot, page.form.case_ref, f"{MARKER}case")
    type_into(qtbot, page.form.reason, f"{MARKER} typed but not saved")
    window.lock()
    assert MARKER not in all_text(page)
    assert MARKER not in all_text(window)

    unlock(qtbot, window)
    window.show_page("searchlog")
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=WAIT_MS)
    assert MARKER not in page.notice.text.text()  # the offer names no content
    click(qtbot, page.notice.first)
    assert page.stack.currentWidget() is page.form
    assert page.form.reason.toPlainText() == f"{MARKER} typed but not saved"
