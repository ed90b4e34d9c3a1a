"""The window fits the screen it is on, and Ctrl+Q quits from anywhere in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.qt import show
from PySide6.QtCore import QByteArray, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shell_helpers import OFFSCREEN_NOISE, WAIT_MS, make_journal, unlock_with_passphrase

from journal.paths import JournalPaths
from ui.main_window import MainWindow
from ui.operations import Operations

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _room() -> QRect:
    screen = QApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[QSettings]:
    store = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    yield store


def test_the_default_size_fits_a_smaller_screen(qtbot: QtBot, ops: Operations) -> None:
    window = show(qtbot, MainWindow(ops))
    assert _room().contains(window.frameGeometry()), (window.frameGeometry(), _room())


def test_a_saved_size_bigger_than_the_screen_is_restored_inside_it(
    qtbot: QtBot, ops: Operations, settings: QSettings
) -> None:
    room = _room()
    first = MainWindow(ops, geometry=settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    # As if saved on a bigger monitor, or at another scale: wider and taller than this
    # screen, and partly off it.
    first.setGeometry(room.x() + 200, room.y() + 150, room.width() * 2, room.height() * 2)
    settings.setValue("main_window/geometry", first.saveGeometry())
    first.hide()
    saved = settings.value("main_window/geometry")
    assert isinstance(saved, QByteArray)
    again = MainWindow(ops, geometry=settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert room.contains(again.frameGeometry()), (again.frameGeometry(), room)


def test_ctrl_q_quits_and_closes_the_journal(
    qtbot: QtBot, paths: JournalPaths, ops: Operations, window: MainWindow
) -> None:
    make_journal(paths)
    window.start()
    unlock_with_passphrase(qtbot, window)
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert window.is_locked
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)


def test_the_sidebar_focus_ring_is_drawn_in_the_text_colour(qtbot: QtBot) -> None:
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QListWidget

    from ui.main_window import FOCUS_RING_WIDTH, NavDelegate

    nav = QListWidget()
    qtbot.addWidget(nav)
    nav.setItemDelegate(NavDelegate(nav))
    nav.addItems(["Incidents", "Check-ins"])
    nav.resize(200, 120)
    nav.show()
    qtbot.waitExposed(nav)
    nav.activateWindow()
    nav.setFocus()
    nav.setCurrentRow(0)
    qtbot.waitUntil(nav.hasFocus)
    rect = nav.visualItemRect(nav.item(0))
    image = nav.viewport().grab().toImage()
    ring = QColor(image.pixel(rect.center().x(), rect.top() + FOCUS_RING_WIDTH))
    expected = nav.palette().color(QPalette.ColorRole.HighlightedText)
    assert ring.rgb() == expected.rgb(), (ring.name(), expected.name())


def test_screen_reader_names_say_what_is_shown(qtbot: QtBot) -> None:
    from ui.setup_wizard import RecoveryKeyView

    view = RecoveryKeyView()
    qtbot.addWidget(view)
    key = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789"
    view._key = key
    view.set_key(key)
    names = [label.accessibleName() for label in view._group_labels]
    assert names[0].startswith("Group 1 of ") and names[0].endswith(": A B C D")
    assert len(set(names)) == len(names)


def test_status_search_icon_separator_and_check_in_are_named(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QLineEdit

    assert window.status_label.accessibleName() == ""  # its text is what is read
    assert window.status_label.text()
    named = [a.text() for a in window.search_box.actions() if a.text()]
    assert "Search" in named, named
    assert isinstance(window.search_box, QLineEdit)
    texts = [
        window.nav.item(r).data(Qt.ItemDataRole.AccessibleTextRole)
        for r in range(window.nav.count())
    ]
    assert all(texts), texts
    assert window.checkin_action.shortcut().toString() == "Ctrl+Shift+K"


def test_the_first_minute_needs_no_scrolling_at_the_default_size(
    qtbot: QtBot, paths: JournalPaths, ops: Operations, window: MainWindow
) -> None:
    from ui import theme

    make_journal(paths)
    window.resize(135 * theme.SPACING, 90 * theme.SPACING)  # the window's default size
    window.start()
    unlock_with_passphrase(qtbot, window)
    window.new_incident()
    editor = window.incidents.editor  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not editor.disclosure.isHidden(), timeout=WAIT_MS)  # first time
    qtbot.waitUntil(editor.title.hasFocus, timeout=WAIT_MS)
    viewport = editor.scroll_area.viewport()
    assert editor.scroll_area.verticalScrollBar().value() == 0
    for widget in (
        editor.title, editor.occurred, editor.platform, editor.content_type, editor.category,
        editor.severity, editor.evidence.paste_button, editor.tags.edit, editor.score,
    ):  # fmt: skip
        top_left = widget.mapTo(viewport, widget.rect().topLeft())
        bottom = top_left.y() + widget.height()
        assert top_left.y() >= 0 and bottom <= viewport.height(), (widget.objectName(), bottom)
    assert editor.save_button.isVisible()
    save = editor.save_button.mapTo(window, editor.save_button.rect().bottomRight())
    assert window.rect().contains(save)
    assert editor.scroll_area.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    # Ctrl+V in the title pastes a screenshot; the title and category stay in view.
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    qtbot.keyClick(editor.title, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(editor.evidence.items()) == 1, timeout=WAIT_MS)
    qtbot.wait(50)
    for widget in (editor.title, editor.category):
        top = widget.mapTo(viewport, widget.rect().topLeft()).y()
        assert top >= 0 and top + widget.height() <= viewport.height(), widget.objectName()
    editor.discard()
