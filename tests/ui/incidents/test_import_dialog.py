"""Importing screenshots in the app: dropped on the list, reviewed blurred, saved as chosen."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shiboken6
from helpers.pictures import jpeg
from incidents_helpers import drop, idle, new_incident, run
from PySide6.QtCore import QBuffer, QIODevice, QPoint, Qt
from pytestqt.qtbot import QtBot
from test_page import checkerboard, contrast

from journal.models import Incident
from journal.repository import EntryQuery
from journal.session import Journal
from ui.incidents.import_dialog import ImportDialog
from ui.incidents.page import IncidentsPage
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def sharp_png() -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    checkerboard().save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(buffer.data().data())


def closed(dialog: ImportDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def incidents(j: Journal) -> list[Incident]:
    out = []
    for row in j.repo.list_entries(EntryQuery(kind="incident", order="oldest")):
        entry = j.repo.get(row.id)
        assert isinstance(entry, Incident)
        out.append(entry)
    return out


def test_drop_a_folder_on_the_list_review_blurred_and_import_as_one(
    qtbot: QtBot, ops: Operations, page: IncidentsPage, tmp_path: Path
) -> None:
    phone = tmp_path / "phone"
    phone.mkdir()
    (phone / "Screenshot_20261204-154300.png").write_bytes(sharp_png())
    (phone / "IMG_20261205_090000.jpg").write_bytes(jpeg("2026:12:05 09:00:00", "+00:00"))
    (phone / "notes.txt").write_text("not a picture", encoding="utf-8")

    target = page.lists.currentWidget()
    assert target is not None
    drop(page, page.table.viewport() if target is page.table else target, [phone])
    qtbot.waitUntil(lambda: getattr(page, "import_dialog", None) is not None, timeout=20_000)
    dialog: ImportDialog = page.import_dialog
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=20_000)
    first = dialog.list.item(0)
    assert "Screenshot_20261204-154300.png" in first.text()
    assert "from the file's name" in first.text()
    assert "(EXIF)" in dialog.list.item(1).text()
    # blurred until the person asks
    assert contrast(first.icon().pixmap(64, 64).toImage()) < 60
    qtbot.mouseClick(dialog.reveal, Qt.MouseButton.LeftButton)
    assert contrast(dialog.list.item(0).icon().pixmap(64, 64).toImage()) > 150
    # nothing saved before Import
    assert run(qtbot, ops, incidents) == []

    on_label = QPoint(12, dialog.one_for_all.height() // 2)  # where its words are
    qtbot.mouseClick(dialog.one_for_all, Qt.MouseButton.LeftButton, pos=on_label)
    assert dialog.one_for_all.isChecked()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=20_000)
    idle(qtbot, ops)
    saved = run(qtbot, ops, incidents)
    assert len(saved) == 1
    assert sorted(a.filename for a in saved[0].attachments) == [
        "IMG_20261205_090000.jpg",
        "Screenshot_20261204-154300.png",
    ]
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1, timeout=20_000)


def test_the_button_and_a_folder_then_duplicates_are_not_stored_again(
    qtbot: QtBot, ops: Operations, page: IncidentsPage, tmp_path: Path
) -> None:
    phone = tmp_path / "phone"
    phone.mkdir()
    (phone / "PXL_20261204_154300123.jpg").write_bytes(jpeg("2026:12:04 15:43:00", "+00:00"))
    (phone / "PXL_20261204_154400123.jpg").write_bytes(
        jpeg("2026:12:04 15:44:00", "+00:00", colour=(0, 0, 255))
    )
    for attempt in (1, 2):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        dialog: ImportDialog = page.import_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=20_000)
        dialog.ask_folder = lambda: phone
        qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda d=dialog: d.list.count() == 2, timeout=20_000)
        if attempt == 1:
            assert dialog.per_picture.isChecked()
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda d=dialog: closed(d), timeout=20_000)
        else:
            assert "already in your journal" in dialog.status.text().lower()
            assert not dialog.import_button.isEnabled()
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    idle(qtbot, ops)
    assert len(run(qtbot, ops, incidents)) == 2
    # Locking closes a review left open.
    page.import_screenshots([phone])
    dialog = page.import_dialog
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=20_000)
    page.clear()
    qtbot.waitUntil(lambda: closed(dialog), timeout=20_000)
    shutil.rmtree(phone)


def test_a_picture_dropped_on_the_editor_keeps_when_it_was_taken(
    qtbot: QtBot, ops: Operations, page: IncidentsPage, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg("2026:12:04 15:43:00", "+02:00"))
    editor = new_incident(qtbot, page)
    drop(page, editor.description.viewport(), [photo])
    qtbot.waitUntil(lambda: len(editor.evidence.items()) == 1, timeout=20_000)
    item = editor.evidence.items()[0]
    assert item.captured_at == datetime(2026, 12, 4, 13, 43, tzinfo=UTC)
    editor.discard()
