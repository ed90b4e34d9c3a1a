"""Fixtures for the reports screens: a real journal, the real main window, recorders at the edge.

Only what leaves the app is replaced: the email programs are fake ones on PATH that
record what they are given, the URL opener (the file manager, ``mailto:`` links) records
what it is asked to open, and the report folder is a temporary one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.fake_mail import FakeMail
from helpers.qt import shown_window
from pytestqt.qtbot import QtBot
from reports_helpers import PASSPHRASE, WAIT_MS, Scene, UrlRecorder, wait_idle

from journal.models import Entry, NewAttachment
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.reports.controller import ReportsController


@pytest.fixture
def make_journal(paths: JournalPaths) -> Callable[..., None]:
    """Create the journal on disk with ``entries`` (and their files), then close it."""

    def make(
        entries: list[Entry] | list[tuple[Entry, list[NewAttachment]]] | None = None,
        setup: Callable[[Journal], None] | None = None,
    ) -> None:
        journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
        with journal:
            items = [e if isinstance(e, tuple) else (e, []) for e in entries or []]
            if items:
                journal.repo.add_many(items)
            if setup is not None:
                setup(journal)

    return make


@pytest.fixture(autouse=True)
def fake_mail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeMail:
    """Fake email programs on PATH (real scripts that record what they get): no test ever
    starts a real one."""
    return FakeMail(tmp_path / "mail-programs").install(monkeypatch)


@pytest.fixture
def opener() -> UrlRecorder:
    return UrlRecorder()


@pytest.fixture
def report_folder(tmp_path: Path) -> Path:
    return tmp_path / "Documents" / "Reports"


@pytest.fixture
def window(
    ops: Operations, qtbot: QtBot, opener: UrlRecorder, report_folder: Path
) -> Iterator[MainWindow]:
    """The main window, shown and locked, with the reports section installed."""
    main = MainWindow(ops)
    if main.findChild(ReportsController) is None:  # not yet listed in ui/extensions.py
        from ui.reports import install

        install(main)
    controller = main.findChild(ReportsController)
    assert controller is not None
    controller.open_url = opener  # type: ignore[method-assign]
    controller.default_folder = lambda: report_folder  # type: ignore[method-assign]
    with shown_window(qtbot, main) as shown:
        yield shown


@pytest.fixture
def controller(window: MainWindow) -> ReportsController:
    found = window.findChild(ReportsController)
    assert found is not None
    return found


@pytest.fixture
def unlock(qtbot: QtBot, window: MainWindow, ops: Operations) -> Callable[[], None]:
    """Open the journal with its passphrase and show the unlocked window."""

    def open_window() -> None:
        with qtbot.waitSignal(ops.opened, timeout=WAIT_MS):
            ops.open(Unlock(passphrase=PASSPHRASE, use_keyring=False))
        window.enter_unlocked()
        wait_idle(qtbot, ops)

    return open_window


@pytest.fixture
def scene(
    qtbot: QtBot,
    window: MainWindow,
    ops: Operations,
    controller: ReportsController,
    opener: UrlRecorder,
    report_folder: Path,
    fake_mail: FakeMail,
    make_journal: Callable[..., None],
    unlock: Callable[[], None],
) -> Scene:
    return Scene(
        qtbot, window, ops, controller, opener, report_folder, fake_mail, make_journal, unlock
    )
