"""Fixtures for the shell's tests: the worker, a ready journal, the main window.

Everything is real: the SQLCipher file in the per-test data folder, the keyring API
with the in-memory backend from tests/conftest.py, and the widgets driven by pytest-qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from journal.paths import JournalPaths
from journal.session import Journal
from tests.conftest import PASSPHRASE
from ui.main_window import MainWindow
from ui.operations import Operations

# The offscreen test platform can't pass size hints to windows; real platforms can.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"
WAIT_MS = 15_000


@pytest.fixture
def ops(paths: JournalPaths, qtbot: QtBot) -> Iterator[Operations]:
    operations = Operations(paths)
    yield operations
    qtbot.waitUntil(lambda: not operations.busy, timeout=WAIT_MS)
    operations.shutdown()


def make_journal(
    paths: JournalPaths, *, passphrase: str | None = PASSPHRASE, keyring: bool = False
) -> str:
    """Set up a journal on disk, close it, and return its recovery key."""
    journal, recovery_key = Journal.create(paths, passphrase=passphrase, use_keyring=keyring)
    journal.close()
    return recovery_key


def incidents_page_class() -> Callable[[Operations, QWidget], QWidget]:
    from ui.incidents.page import IncidentsPage

    return IncidentsPage


@pytest.fixture
def window(ops: Operations, qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window, shown and locked; nothing is unlocked yet."""
    main = MainWindow(ops, incidents_factory=incidents_page_class())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    if main.isVisible():
        main.close()


def wait_idle(qtbot: QtBot, ops: Operations) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)


def unlock_with_passphrase(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """Type the passphrase on the unlock screen and wait for the journal to open."""
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    qtbot.keyClicks(screen.passphrase, passphrase)
    from PySide6.QtCore import Qt

    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
