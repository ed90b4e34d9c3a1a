"""The editor's care in the details: an unset score, a short keyboard path, no traps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from journal.models import Incident
from ui.incidents.page import IncidentsPage
from ui.operations import Operations
from ui_incidents.helpers import idle, run

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def page(qtbot: QtBot, ops: Operations) -> Iterator[IncidentsPage]:
    page = IncidentsPage(ops)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.reload()
    idle(qtbot, ops)
    yield page
    page.clear()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _save(qtbot: QtBot, page: IncidentsPage) -> str:
    with qtbot.waitSignal(page.saved, timeout=20_000) as saved:
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return str(saved.args[0])


def test_an_untouched_score_is_saved_and_shown_as_not_rated(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    page.new_incident()
    editor = page.editor
    qtbot.waitUntil(lambda: editor.title.hasFocus())
    idle(qtbot, ops)
    assert editor.score.text() == "Not rated"
    qtbot.keyClicks(focused(), "Comment under the council's post")
    entry_id = _save(qtbot, page)
    stored = run(qtbot, ops, lambda j: j.repo.get(entry_id))
    assert isinstance(stored, Incident) and stored.impact_score is None
    qtbot.waitUntil(lambda: "not rated" in page.detail.fact["impact"].text(), timeout=20_000)
    assert "out of 10" not in page.detail.fact["impact"].text()


def test_the_score_can_be_set_and_unset_from_the_keyboard(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    page.new_incident()
    editor = page.editor
    qtbot.waitUntil(lambda: editor.title.hasFocus())
    idle(qtbot, ops)
    qtbot.keyClicks(editor.title, "A post")
    editor.score.setFocus()
    qtbot.keyClick(editor.score, Qt.Key.Key_Up)
    assert editor.score.score() == 0
    assert editor.score.text() == "0 out of 10"
    qtbot.keyClick(editor.score, Qt.Key.Key_Delete)
    assert editor.score.score() is None
    for _ in range(4):
        qtbot.keyClick(editor.score, Qt.Key.Key_Up)
    qtbot.keyClick(editor.score, Qt.Key.Key_PageDown)
    assert editor.score.score() is None
    for _ in range(8):
        qtbot.keyClick(editor.score, Qt.Key.Key_Up)
    assert editor.to_json()["impact_score"] == 7
    entry_id = _save(qtbot, page)
    stored = run(qtbot, ops, lambda j: j.repo.get(entry_id))
    assert isinstance(stored, Incident) and stored.impact_score == 7
    qtbot.waitUntil(lambda: "7 out of 10" in page.detail.fact["impact"].text(), timeout=20_000)
