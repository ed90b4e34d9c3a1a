"""Helpers shared by the shell's tests (imported by name; tests/ui is not a package)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from journal.paths import JournalPaths
from journal.session import Journal
from ui.main_window import MainWindow
from ui.operations import Operations

PASSPHRASE = "correct horse battery staple"  # the same as tests/conftest.py's
# The offscreen test platform can't pass size hints to windows or raise them; real
# platforms can. (A regular expression, as pytest-qt's qt_log_ignore takes.)
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"
WAIT_MS = 15_000


def make_journal(
    paths: JournalPaths, *, passphrase: str | None = PASSPHRASE, keyring: bool = False
) -> str:
    """Set up a journal on disk, close it, and return its recovery key."""
    journal, recovery_key = Journal.create(paths, passphrase=passphrase, use_keyring=keyring)
    journal.close()
    return recovery_key


def wait_idle(qtbot: QtBot, ops: Operations) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Move to the field (as Tab would) and type."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(widget, text)


def unlock_with_passphrase(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """Type the passphrase on the unlock screen and wait for the journal to open."""
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    type_into(qtbot, screen.passphrase, passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
