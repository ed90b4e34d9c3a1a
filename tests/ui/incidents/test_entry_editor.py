"""The editor life-cycle written once (ui/kit/entry_editor.py), seen through the incident
editor: a save whose reply comes after a lock is dropped, and the editor saves again after."""

from __future__ import annotations

import threading

import pytest
from incidents_helpers import idle, run
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal import queries
from ui.incidents.editor import IncidentEditor
from ui.kit.entry_editor import EntryEditor
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
WAIT_MS = 20_000


def test_the_three_editors_share_the_base() -> None:
    from ui.searchlog.form import SearchLogForm
    from ui.supervision.record import RecordEditor

    assert all(issubclass(c, EntryEditor) for c in (IncidentEditor, SearchLogForm, RecordEditor))


def test_a_save_answered_after_a_lock_is_dropped_and_the_next_save_works(
    qtbot: QtBot, ops: Operations
) -> None:
    editor = IncidentEditor(ops)
    qtbot.addWidget(editor)
    editor.show()
    saved: list[object] = []
    editor.saved.connect(saved.append)
    editor.start_new()
    idle(qtbot, ops)
    qtbot.keyClicks(editor.title, "Held back")
    gate = threading.Event()
    ops.submit_background(lambda: gate.wait(WAIT_MS / 1000))  # the worker is busy meanwhile
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.save_button.isEnabled()
    editor.clear()  # what a lock does while the save is on its way
    gate.set()
    idle(qtbot, ops)
    assert saved == []  # the reply came, but to an editor that had moved on
    assert run(qtbot, ops, queries.entry_total) == 1  # the save itself happened

    editor.start_new()
    idle(qtbot, ops)
    qtbot.keyClicks(editor.title, "Saved after")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=WAIT_MS)
    assert not editor.is_open
