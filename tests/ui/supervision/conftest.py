"""Fixtures for the search log and supervision screens: a real journal, worker and window.

The window gets only this folder's two sections (``ui.searchlog``, ``ui.supervision``)
so these tests don't depend on how far other sections are; everything else is real:
the SQLCipher file, the in-memory keyring backend from tests/conftest.py, the widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from helpers.qt import shown_window
from pytestqt.qtbot import QtBot
from supervision_helpers import PASSPHRASE, WAIT_MS

import ui.extensions
from journal.models import Entry
from journal.paths import JournalPaths
from journal.session import Journal
from ui.main_window import MainWindow
from ui.operations import Operations


@pytest.fixture
def make_window(
    paths: JournalPaths,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_operations: Callable[[JournalPaths], Operations],
) -> Iterator[Callable[..., MainWindow]]:
    """A shown main window over a new journal holding ``entries``, unlocked by the keyring."""
    monkeypatch.setattr(ui.extensions, "EXTENSIONS", ["ui.searchlog", "ui.supervision"])
    with ExitStack() as windows:

        def make(entries: list[Entry] | None = None) -> MainWindow:
            journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
            with journal:
                if entries:
                    journal.repo.add_many([(e, ()) for e in entries])
            ops = make_operations(paths)
            window = windows.enter_context(shown_window(qtbot, MainWindow(ops), (1280, 860)))
            window.start()
            qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
            qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
            return window

        yield make
