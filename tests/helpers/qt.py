"""What every UI test does the same way: wait for the worker, type, click, unlock.

Imported as ``helpers.qt`` (``tests/`` is on the path; the test folders are no packages).
The section folders' own helper modules add only what is theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QWidget
from pytestqt.qtbot import QtBot

from journal.session import Journal
from ui.main_window import MainWindow
from ui.operations import Operations

T = TypeVar("T")
PASSPHRASE = "correct horse battery staple"  # the same as tests/conftest.py's
WAIT_MS = 30_000  # how long a test waits for the app before it fails (a loaded machine is slow)


def idle(qtbot: QtBot, ops: Operations) -> None:
    """Wait until the worker has nothing left to do, replies included."""
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)


wait_idle = idle


def run(qtbot: QtBot, ops: Operations, fn: Callable[[Journal], T]) -> T:
    """Run ``fn`` on the worker, as the app does, and wait for the answer."""
    results: list[T] = []
    errors: list[BaseException] = []
    ops.submit(fn, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(results or errors), timeout=WAIT_MS)
    if errors:
        raise errors[0]
    return results[0]


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Move to the field (as Tab would) and type."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(widget, text)


def click(qtbot: QtBot, widget: QWidget) -> None:
    """Click a button a person can see: shown, enabled and laid out."""
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    # A button just added is clickable once it is laid out, as for a person who sees it:
    # until its layout runs it may be 0 pixels high, and a click at its centre misses it.
    qtbot.waitUntil(lambda: not widget.rect().isEmpty(), timeout=WAIT_MS)
    if isinstance(widget, QCheckBox):  # a person clicks the box or its words, not the row's middle
        height = widget.height()
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(height // 2, height // 2))
        return
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def unlock(
    qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE, *, settle: bool = True
) -> None:
    """Type the passphrase on the unlock screen, as a person would, and wait for the journal
    to open (and, with ``settle``, for the pages to finish loading)."""
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    type_into(qtbot, screen.passphrase, passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
    if settle:
        idle(qtbot, window.ops)


def unlock_with_passphrase(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """Unlock without waiting for the pages: for tests that watch what happens meanwhile."""
    unlock(qtbot, window, passphrase, settle=False)
