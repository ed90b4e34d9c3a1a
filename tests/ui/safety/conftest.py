"""Fixtures for the safety screens: a real journal, a real worker, the real main window.

Nothing is mocked: SQLCipher files in the per-test data folder, backups written and
restored by the core, the in-memory keyring backend from tests/conftest.py, and the
widgets driven by pytest-qt. Only the file choosers are replaced, as a person's
choice of file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.qt import shown_window
from pytestqt.qtbot import QtBot
from safety_helpers import Scene

from journal.paths import JournalPaths
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.safety.controller import CONTROLLER_NAME, SafetyController

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ops: Operations, qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window with every section installed, shown and locked."""
    with shown_window(qtbot, MainWindow(ops), (1100, 760)) as main:
        yield main


@pytest.fixture
def controller(window: MainWindow) -> SafetyController:
    found = window.findChild(SafetyController, CONTROLLER_NAME)
    assert found is not None, "ui.safety is installed by ui/extensions.py"
    return found


@pytest.fixture
def scene(
    qtbot: QtBot,
    window: MainWindow,
    controller: SafetyController,
    paths: JournalPaths,
    tmp_path: Path,
) -> Scene:
    return Scene(qtbot, window, controller, paths, tmp_path)
