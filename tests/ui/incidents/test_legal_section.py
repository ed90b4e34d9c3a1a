"""The editor's police and court section, saved through the core, and the filter for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from helpers.qt import show
from incidents_helpers import idle, incident, new_incident, run
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.legal import POLICE_ACTION
from journal.models import CourtOrder, Incident
from journal.repository import EntryQuery
from journal.session import Journal
from ui.incidents.model import Column
from ui.incidents.page import IncidentsPage
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_reported_to_the_police_with_a_court_order(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    editor = new_incident(qtbot, page)
    qtbot.keyClicks(editor.title, "Threat in a message")
    legal = editor.legal
    editor.scroll_area.ensureWidgetVisible(legal.reported)
    qtbot.mouseClick(legal.reported, Qt.MouseButton.LeftButton)
    assert legal.reported_on.isEnabled()
    legal.reported_on.setDate(legal.reported_on.date().fromString("2026-11-15", "yyyy-MM-dd"))
    qtbot.keyClicks(legal.crime_ref, "13/123456/26")
    qtbot.keyClicks(legal.force, "Leeds District")
    qtbot.mouseClick(legal.add_order_button, Qt.MouseButton.LeftButton)
    row = legal._orders[0]
    assert row.kind.hasFocus()
    qtbot.keyClicks(row.kind, "Non-molestation order")
    qtbot.keyClicks(row.reference, "ZW26P01234")
    qtbot.keyClick(editor.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.isVisible() or not editor.is_open, timeout=20_000)
    idle(qtbot, ops)

    def saved(j: Journal) -> Incident:
        rows = j.repo.list_entries(EntryQuery(kind="incident"))
        found = j.repo.get(rows[0].id)
        assert isinstance(found, Incident)
        return found

    stored = run(qtbot, ops, saved)
    assert stored.police_reported_on == date(2026, 11, 15)
    assert (stored.police_crime_ref, stored.police_force) == ("13/123456/26", "Leeds District")
    assert [o.kind for o in stored.court_orders] == ["Non-molestation order"]
    assert [(a.what, a.done_on) for a in stored.actions] == [(POLICE_ACTION, date(2026, 11, 15))]

    # Opened again, the section shows what was saved.
    page.edit_incident(stored.id)
    qtbot.waitUntil(lambda: legal.crime_ref.text() == "13/123456/26", timeout=20_000)
    assert legal.reported.isChecked() and legal._orders[0].reference.text() == "ZW26P01234"
    editor.discard()


def test_the_filter_for_police_and_court(qtbot: QtBot, make_ops: Callable[..., Operations]) -> None:
    ops = make_ops(
        [
            incident("Reported", police_reported_on=date(2026, 11, 15)),
            incident("Ordered", court_orders=[CourtOrder("Injunction")]),
            incident("Neither"),
        ]
    )
    page = show(qtbot, IncidentsPage(ops), (1200, 800))
    page.reload()
    idle(qtbot, ops)
    bar = page.filters
    proxy = page.proxy

    def titles() -> list[str]:
        return sorted(proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount()))

    qtbot.waitUntil(lambda: len(titles()) == 3, timeout=20_000)
    bar.status.setCurrentIndex(bar.status.findData("police"))
    qtbot.waitUntil(lambda: titles() == ["Reported"], timeout=20_000)
    bar.status.setCurrentIndex(bar.status.findData("court_order"))
    qtbot.waitUntil(lambda: titles() == ["Ordered"], timeout=20_000)
    bar.clear()
    qtbot.waitUntil(lambda: len(titles()) == 3, timeout=20_000)
    page.clear()
