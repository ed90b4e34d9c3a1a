"""Fixtures for the guidance and support screens: a real journal, a real worker, the real
main window with every section installed."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from guidance_helpers import PASSPHRASE, WAIT_MS, unlock
from pytestqt.qtbot import QtBot

from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.main_window import MainWindow
from ui.operations import Operations


@pytest.fixture
def ops(
    qtbot: QtBot, paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]
) -> Operations:
    """A worker with a new journal (keyring and passphrase slots) already open."""
    Journal.create(paths, passphrase=PASSPHRASE)[0].close()
    operations = make_operations(paths)
    with qtbot.waitSignal(operations.opened, timeout=WAIT_MS):
        operations.open(Unlock())
    return operations


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
    main = MainWindow(closed_ops)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    main.start()
    unlock(qtbot, main)
    yield main
    if main.isVisible():
        main.close()
