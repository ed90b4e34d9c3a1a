"""Fixtures for the shell's tests: the worker and the main window.

Everything is real: the SQLCipher file in the per-test data folder, the keyring API
with the in-memory backend from tests/conftest.py, and the widgets driven by pytest-qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from helpers.qt import show, shown_window
from pytestqt.qtbot import QtBot

from journal.paths import JournalPaths
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.setup_wizard import SetupWizard


@pytest.fixture
def ops(paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]) -> Operations:
    return make_operations(paths)


@pytest.fixture
def window(ops: Operations, qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window with the real incidents page, shown and locked."""
    with shown_window(qtbot, MainWindow(ops)) as main:
        yield main


@pytest.fixture
def wizard(ops: Operations, qtbot: QtBot) -> SetupWizard:
    """The first-run wizard, shown, asking for the third group of the recovery key."""
    return show(qtbot, SetupWizard(ops, confirm_group=3))
