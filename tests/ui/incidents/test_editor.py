"""The editor's smaller promises: the disclosure note once, drops, the viewer for other files,
the custom date range, and that the detail pane offers the report for threats."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from helpers.qt import show
from incidents_helpers import drop, idle, incident, new_incident, run
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal.timeutil import now
from ui.incidents.evidence import EvidenceItem, EvidenceViewer, read_evidence_file
from ui.incidents.model import Column
from ui.incidents.page import IncidentsPage
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_disclosure_note_shows_once(qtbot: QtBot, ops: Operations, page: IncidentsPage) -> None:
    page.new_incident()
    editor = page.editor
    qtbot.waitUntil(lambda: not editor.disclosure.isHidden(), timeout=20_000)
    assert "court or HR" in " ".join(
        w.text() for w in editor.disclosure.findChildren(type(editor.heading))
    )
    qtbot.mouseClick(editor.disclosure_ok, Qt.MouseButton.LeftButton)
    assert editor.disclosure.isHidden()
    idle(qtbot, ops)
    assert run(qtbot, ops, lambda j: j.repo.get_setting("disclosure_note_seen")) is True
    editor.discard()
    page.new_incident()
    idle(qtbot, ops)
    assert editor.disclosure.isHidden()


def test_a_dropped_file_becomes_evidence(
    qtbot: QtBot, ops: Operations, page: IncidentsPage, tmp_path: Path
) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("a letter that was posted through the door", encoding="utf-8")
    editor = new_incident(qtbot, page)
    # Dropped on the description box, it is still evidence. The events go to the window,
    # which passes them to the widget under the pointer, as the window system would.
    drop(page, editor.description.viewport(), [letter])
    qtbot.waitUntil(lambda: len(editor.evidence.items()) == 1, timeout=20_000)
    item = editor.evidence.items()[0]
    assert item.filename == "letter.txt" and item.mime == "text/plain"
    assert editor.description.toPlainText() == ""  # not pasted as a path


def test_viewer_explains_files_it_cannot_show(
    qtbot: QtBot, ops: Operations, tmp_path: Path
) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.4 not really")
    new, thumb = read_evidence_file(path)
    assert thumb is None
    viewer = EvidenceViewer(ops, EvidenceItem.fresh(new, None))
    qtbot.addWidget(viewer)
    viewer.show()
    assert "can't be shown here" in viewer.note.text()
    assert "never opened in another program" in viewer.note.text()
    assert not viewer.reveal_button.isEnabled()
    assert viewer.windowTitle() == "Evidence"


def test_custom_range_filters_by_date(qtbot: QtBot, make_ops: Callable[..., Operations]) -> None:
    ops = make_ops(
        [
            incident("Ten days ago", occurred_at=now() - timedelta(days=10)),
            incident("Forty days ago", occurred_at=now() - timedelta(days=40)),
        ]
    )
    page = show(qtbot, IncidentsPage(ops))
    page.reload()
    idle(qtbot, ops)
    bar = page.filters
    bar.period.setCurrentIndex(bar.period.findData("custom"))
    assert not bar.start.isHidden() and not bar.end.isHidden()
    bar.start.setDate(bar.end.date().addDays(-50))
    bar.end.setDate(bar.end.date().addDays(-20))

    def shown() -> list[str]:
        return [page.proxy.index(r, Column.TITLE).data() for r in range(page.proxy.rowCount())]

    qtbot.waitUntil(lambda: shown() == ["Forty days ago"], timeout=20_000)
    page.clear()


def test_detail_offers_the_report_for_a_threat(
    qtbot: QtBot, ops: Operations, page: IncidentsPage
) -> None:
    saved = run(qtbot, ops, lambda j: j.repo.add(incident("A threat", category="threat",
                                                            severity="high")))  # fmt: skip
    page.model.refresh()
    idle(qtbot, ops)
    page.focus_table()
    qtbot.waitUntil(lambda: page.detail.entry is not None, timeout=20_000)
    assert page.detail.report_button.isVisible()
    with qtbot.waitSignal(page.report_requested) as reported:
        qtbot.mouseClick(page.detail.report_button, Qt.MouseButton.LeftButton)
    assert reported.args == [saved.id]
