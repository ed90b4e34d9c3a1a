"""Fixtures for the guidance and support screens: a real journal, a real worker, the real
main window with every section installed."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from guidance_helpers import PASSPHRASE, unlock
from helpers.qt import open_operations, shown_window
from pytestqt.qtbot import QtBot

from journal.paths import JournalPaths
from journal.session import Journal
from ui.main_window import MainWindow
from ui.operations import Operations


@pytest.fixture
def ops(
    qtbot: QtBot, paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]
) -> Operations:
    """A worker with a new journal (keyring and passphrase slots) already open."""
    return open_operations(qtbot, paths, make_operations)


@pytest.fixture
def closed_ops(
    paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]
) -> Operations:
    """A worker with a new journal on disk, not yet opened (the window will unlock it)."""
    Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)[0].close()
    return make_operations(paths)


@pytest.fixture
def window(qtbot: QtBot, closed_ops: Operations) -> Iterator[MainWindow]:
    """The main window with every installed section, unlocked with the passphrase."""
    with shown_window(qtbot, MainWindow(closed_ops), (1280, 800)) as main:
        main.start()
        unlock(qtbot, main)
        yield main
