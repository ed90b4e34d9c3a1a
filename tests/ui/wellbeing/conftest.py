"""Fixtures for the wellbeing section: a real journal, the worker and the main window.

The section is installed on the real main window (``ui.wellbeing.section.install``)
unless the app's extension list already did it. Messages the window would show in a
box are collected in ``window.informed`` instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from helpers.qt import shown_window
from pytestqt.qtbot import QtBot
from wellbeing_helpers import PASSPHRASE, OpenWindow, idle, unlock

from journal.models import Entry
from journal.paths import JournalPaths
from journal.session import Journal
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.wellbeing.section import WellbeingSection, install


@pytest.fixture
def open_window(
    qtbot: QtBot, paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]
) -> Iterator[OpenWindow]:
    """A journal holding ``entries`` (and whatever ``prepare`` writes), then the main window
    with the wellbeing section, unlocked by typing the passphrase."""
    with ExitStack() as windows:

        def make(
            entries: list[Entry] | None = None,
            prepare: Callable[[Journal], object] | None = None,
        ) -> MainWindow:
            journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
            if entries:
                journal.repo.add_many([(e, ()) for e in entries])
            if prepare is not None:
                prepare(journal)
            journal.close()
            ops = make_operations(paths)
            window = MainWindow(ops)
            if window.findChild(WellbeingSection) is None:
                install(window)
            informed: list[str] = []
            window.informed = informed  # type: ignore[attr-defined]
            window._inform = informed.append  # type: ignore[method-assign]
            windows.enter_context(shown_window(qtbot, window, (1200, 800)))
            window.start()
            unlock(qtbot, window)
            return window

        yield make


@pytest.fixture
def settle(qtbot: QtBot) -> Callable[[MainWindow], None]:
    def wait(window: MainWindow) -> None:
        idle(qtbot, window.ops)

    return wait
