"""Focus never rests, even for a moment, on a widget that can't be seen: not while the
journal locks (Ctrl+L), and not while the set-up wizard moves to its next page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shell_helpers import OFFSCREEN_NOISE, WAIT_MS, make_journal, unlock_with_passphrase

from journal.paths import JournalPaths
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.setup_wizard import SetupWizard

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _describe(widget: QWidget | None) -> str:
    if widget is None:
        return "None"
    return f"{type(widget).__name__}:{widget.objectName() or widget.accessibleName()}"


@contextmanager
def focus_spy(allowed: QWidget, window: QWidget) -> Iterator[list[str]]:
    """Every focus change while the block runs that lands on a hidden widget, or on one
    outside ``allowed`` (the part about to show) other than the ``window`` itself, as a
    readable line."""
    wrong: list[str] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def changed(_old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        if not new.isVisible():
            wrong.append(f"hidden {_describe(new)}")
        elif not (new is allowed or allowed.isAncestorOf(new) or new is window):
            wrong.append(f"about to hide {_describe(new)}")

    app.focusChanged.connect(changed)
    try:
        yield wrong
    finally:
        app.focusChanged.disconnect(changed)


def test_ctrl_l_moves_focus_straight_to_the_unlock_field(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    make_journal(paths)
    window.start()
    unlock_with_passphrase(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.incidents.editor  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: editor.title.hasFocus(), timeout=WAIT_MS)
    screen = window.unlock_screen
    with focus_spy(screen, window) as wrong:
        with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
            qtbot.keyClick(editor.title, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: screen.passphrase.hasFocus(), timeout=WAIT_MS)
    assert wrong == []
    assert QApplication.focusWidget() is screen.passphrase


def test_next_in_the_wizard_moves_focus_to_the_new_page(qtbot: QtBot, ops: Operations) -> None:
    wizard = SetupWizard(ops)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)
    wrong: list[str] = []

    def changed(_old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        page = wizard.currentPage()
        if not new.isVisible():
            wrong.append(f"hidden {_describe(new)} on {page.objectName()}")
        elif wizard.isAncestorOf(new) and new.parentWidget() is not None:
            pages = [wizard.page(i) for i in wizard.pageIds()]
            for other in pages:
                if other is not page and other.isAncestorOf(new):
                    wrong.append(f"{_describe(new)} of {other.objectName()} on {page.objectName()}")

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.focusChanged.connect(changed)
    try:
        method = wizard.method
        qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Return)
        assert wizard.currentPage() is method
        qtbot.waitUntil(lambda: method.keyring_available is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: method.use_keyring.hasFocus(), timeout=WAIT_MS)
        qtbot.keyClick(method.use_keyring, Qt.Key.Key_Return)  # Create my journal
        key_page = wizard.key_page
        qtbot.waitUntil(lambda: wizard.currentPage() is key_page, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: key_page.view.copy_button.hasFocus(), timeout=WAIT_MS)
        qtbot.keyClick(wizard.button(wizard.WizardButton.NextButton), Qt.Key.Key_Space)
        confirm = wizard.confirm_page
        assert wizard.currentPage() is confirm
        qtbot.waitUntil(lambda: confirm.confirm.field.hasFocus(), timeout=WAIT_MS)
        qtbot.keyClick(wizard.button(wizard.WizardButton.BackButton), Qt.Key.Key_Space)
        assert wizard.currentPage() is key_page
        qtbot.waitUntil(lambda: key_page.view.copy_button.hasFocus(), timeout=WAIT_MS)
    finally:
        app.focusChanged.disconnect(changed)
    assert wrong == []
