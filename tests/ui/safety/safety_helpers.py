"""Helpers for the safety screens' tests (imported by name; this folder is no package)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from helpers.qt import (
    PASSPHRASE as PASSPHRASE,
)
from helpers.qt import (
    WAIT_MS as WAIT_MS,
)
from helpers.qt import all_text as all_text
from helpers.qt import (
    click as click,
)
from helpers.qt import (
    run as run,
)
from helpers.qt import (
    type_into as type_into,
)
from helpers.qt import (
    unlock_with_passphrase as unlock_with_passphrase,
)
from helpers.qt import (
    wait_idle as wait_idle,
)
from pytestqt.qtbot import QtBot

from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.safety.backups_tab import BackupsTab
from ui.safety.controller import SafetyController

T = TypeVar("T")


def incident(title: str, *, years_ago: float = 0, **fields: Any) -> Incident:
    when = datetime.now(UTC) - timedelta(days=365.25 * years_ago, hours=1)
    return Incident(title=title, occurred_at=when, **fields)


def make_journal(
    paths: JournalPaths,
    titles: Iterable[str] = (),
    *,
    keyring: bool = False,
    passphrase: str | None = PASSPHRASE,
) -> str:
    """A journal on disk holding one incident per title, closed. Returns its recovery key."""
    journal, recovery_key = Journal.create(paths, passphrase=passphrase, use_keyring=keyring)
    entries = [(incident(t), ()) for t in titles]
    if entries:
        journal.repo.add_many(entries)
    journal.close()
    return recovery_key


def titles(qtbot: QtBot, ops: Operations) -> set[str]:
    return set(
        run(qtbot, ops, lambda j: [r[0] for r in j.conn.execute("SELECT title FROM entries")])
    )


def open_window(qtbot: QtBot, window: MainWindow, *, keyring: bool = False) -> None:
    """Start the window on an existing journal and unlock it as a person would."""
    window.start()
    if keyring:
        qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
    else:
        unlock_with_passphrase(qtbot, window)
    wait_idle(qtbot, window.ops)


def incident_titles_shown(window: MainWindow) -> set[str]:
    model = window.incidents.model  # type: ignore[attr-defined]
    return {str(model.index(row, 1).data()) for row in range(model.rowCount())}


@dataclass(frozen=True)
class Scene:
    """What every safety test starts from: the main window shown and locked over an empty
    data folder, its safety controller, and a spare folder for files a person picks."""

    qtbot: QtBot
    window: MainWindow
    controller: SafetyController
    paths: JournalPaths
    tmp_path: Path

    def open(self, titles: Iterable[str] = (), *, keyring: bool = False) -> str:
        """Make the journal with one incident per title, then unlock it in the window.
        Returns its recovery key."""
        recovery_key = make_journal(self.paths, titles, keyring=keyring)
        self.unlock(keyring=keyring)
        return recovery_key

    def unlock(self, *, keyring: bool = False) -> None:
        open_window(self.qtbot, self.window, keyring=keyring)

    def backups_tab(self) -> BackupsTab:
        """Settings opened on the Backups tab, as the "Backups" action does."""
        self.window.run_action("backups")
        dialog = self.window.settings_dialog
        assert dialog is not None
        tab = dialog.findChild(BackupsTab)
        assert tab is not None and tab.isVisible()  # the action opens settings on this tab
        return tab
