"""Backing up and restoring through the app: the file choosers are the only things replaced.

Each test drives the real settings dialog and restore dialog over a real journal, then
checks the journal on disk through the worker.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from safety_helpers import (
    PASSPHRASE,
    WAIT_MS,
    click,
    incident,
    incident_titles_shown,
    make_journal,
    open_window,
    run,
    titles,
    type_into,
    wait_idle,
)

from journal import backup
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.main_window import MainWindow
from ui.safety.backups_tab import BackupsTab
from ui.safety.controller import SafetyController
from ui.safety.restore_dialog import RestoreDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def backups_tab(qtbot: QtBot, window: MainWindow) -> BackupsTab:
    window.run_action("backups")
    dialog = window.settings_dialog
    assert dialog is not None
    tab = dialog.findChild(BackupsTab)
    assert tab is not None and tab.isVisible()  # the action opens settings on this tab
    return tab


def restore_dialog(qtbot: QtBot, controller: SafetyController) -> RestoreDialog:
    qtbot.waitUntil(lambda: controller.restore_dialog is not None, timeout=WAIT_MS)
    dialog = controller.restore_dialog
    assert dialog is not None
    return dialog


def wait_state(qtbot: QtBot, dialog: RestoreDialog, state: str) -> None:
    qtbot.waitUntil(lambda: dialog.state == state, timeout=WAIT_MS)


def test_back_up_now_then_restore_brings_the_entries_back(
    qtbot: QtBot,
    window: MainWindow,
    controller: SafetyController,
    paths: JournalPaths,
    tmp_path: Path,
) -> None:
    make_journal(paths, ["First visit", "Second visit", "Third visit"], keyring=True)
    open_window(qtbot, window, keyring=True)
    target = tmp_path / "usb" / "my backup.pjbackup"
    target.parent.mkdir()
    asked: list[object] = []

    def choose_target(parent: object) -> Path:
        asked.append(parent)
        return target

    controller.ask_backup_target = choose_target  # type: ignore[method-assign]
    tab = backups_tab(qtbot, window)
    click(qtbot, tab.backup_now)
    qtbot.waitUntil(lambda: "Saved an encrypted backup" in tab.status.text(), timeout=WAIT_MS)
    assert "3 entries" in tab.status.text() and "my backup.pjbackup" in tab.status.text()
    assert asked == [tab] and target.is_file()
    assert backup.read_info(target).journal_id  # a real backup

    # Life goes on after the backup: one entry more, one edited.
    def change(j: Journal) -> None:
        j.repo.add(incident("Written after the backup"))
        first = next(e for e in j.repo.list_entries() if e.title == "First visit")
        entry = j.repo.get(first.id)
        entry.title = "First visit, edited"
        j.repo.update(entry)

    run(qtbot, window.ops, change)
    window.incidents.reload()  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: "Written after the backup" in incident_titles_shown(window), timeout=WAIT_MS
    )

    controller.ask_restore_file = lambda parent: target  # type: ignore[method-assign]
    click(qtbot, tab.restore_file)
    dialog = restore_dialog(qtbot, controller)
    assert window.settings_dialog is None  # settings closed: the restore replaces what it showed
    # With the computer login nothing needs typing: the backup is checked straight away.
    wait_state(qtbot, dialog, "confirm")
    assert not window.ops.is_open  # closed while the backup is checked beside it
    summary = dialog.summary.text()
    assert "holds 3 entries" in summary and "holds 4 entries now" in summary
    assert "kept aside" in dialog.details.text()
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "done")
    assert "Restored the backup" in dialog.summary.text()
    assert window.ops.is_open and not window.is_locked
    assert titles(qtbot, window.ops) == {"First visit", "Second visit", "Third visit"}
    # The window was refreshed: the list shows the restored journal, nothing from before.
    qtbot.waitUntil(
        lambda: incident_titles_shown(window) == {"First visit", "Second visit", "Third visit"},
        timeout=WAIT_MS,
    )
    click(qtbot, dialog.cancel_button)  # "Close"
    assert not dialog.isVisible()
    # The journal as it was is kept aside, whole; no staged copy or pinned file is left.
    aside = list((paths.root / backup.ASIDE_DIR).iterdir())
    assert len(aside) == 1 and (aside[0] / "journal.db").is_file()
    assert not (paths.root / backup.STAGE_DIR).exists()
    assert not list(paths.root.glob(".pj-restore-source-*"))


def test_restoring_an_automatic_backup_asks_for_the_passphrase_without_the_keyring(
    qtbot: QtBot, window: MainWindow, controller: SafetyController, paths: JournalPaths
) -> None:
    make_journal(paths, ["Kept in the backup"])
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        made = backup.backup_now(journal)
        journal.repo.add(incident("Added later"))
    open_window(qtbot, window)
    tab = backups_tab(qtbot, window)
    qtbot.waitUntil(lambda: tab.table.topLevelItemCount() == 1, timeout=WAIT_MS)
    tab.table.setCurrentItem(tab.table.topLevelItem(0))
    click(qtbot, tab.restore_selected)
    dialog = restore_dialog(qtbot, controller)
    wait_state(qtbot, dialog, "ask")
    assert "passphrase or your recovery key" in dialog.credentials_note.text()
    assert window.ops.is_open  # nothing closed before the person has typed

    type_into(qtbot, dialog.secret, "not the passphrase")
    click(qtbot, dialog.go_button)
    qtbot.waitUntil(lambda: "didn't open" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.state == "ask" and dialog.secret.text() == ""  # typed secrets don't linger
    assert window.ops.is_open and not window.is_locked

    type_into(qtbot, dialog.secret, PASSPHRASE)
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "confirm")
    assert "holds 1 entry." in dialog.summary.text()
    assert "holds 2 entries now" in dialog.summary.text()
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "done")
    assert titles(qtbot, window.ops) == {"Kept in the backup"}
    assert made.path.exists()  # restoring doesn't use up the backup


def test_cancelling_at_the_question_leaves_the_journal_as_it_was(
    qtbot: QtBot, window: MainWindow, controller: SafetyController, paths: JournalPaths
) -> None:
    make_journal(paths, ["Only entry"], keyring=True)
    with Journal.open(paths, Unlock()) as journal:
        made = backup.write_backup(journal, paths.root.parent / "copy.pjbackup")
        journal.repo.add(incident("Newer entry"))
    before = paths.database.stat().st_ino
    open_window(qtbot, window, keyring=True)
    window.run_action("restore_backup", made.path)
    dialog = restore_dialog(qtbot, controller)
    wait_state(qtbot, dialog, "confirm")
    assert (paths.root / backup.STAGE_DIR).exists()  # checked beside the journal
    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.ops.is_open, timeout=WAIT_MS)
    wait_idle(qtbot, window.ops)
    assert not window.is_locked
    assert titles(qtbot, window.ops) == {"Only entry", "Newer entry"}
    assert paths.database.stat().st_ino == before
    assert not (paths.root / backup.STAGE_DIR).exists()
    assert not (paths.root / backup.ASIDE_DIR).exists()


def test_a_file_that_is_not_a_backup_is_refused_and_the_journal_stays_open(
    qtbot: QtBot,
    window: MainWindow,
    controller: SafetyController,
    paths: JournalPaths,
    tmp_path: Path,
) -> None:
    make_journal(paths, ["Entry"], keyring=True)
    open_window(qtbot, window, keyring=True)
    letter = tmp_path / "letter.pjbackup"
    letter.write_text("not a backup at all", encoding="utf-8")
    window.run_action("restore_backup", letter)
    dialog = restore_dialog(qtbot, controller)
    wait_state(qtbot, dialog, "failed")
    assert "isn't a backup" in dialog.message.text()
    assert "Nothing was changed" in dialog.message.text()
    assert window.ops.is_open and not window.is_locked
    assert dialog.cancel_button.text() == "Close"


def test_locking_at_the_question_lets_the_checked_backup_go(
    qtbot: QtBot, window: MainWindow, controller: SafetyController, paths: JournalPaths
) -> None:
    make_journal(paths, ["Entry"], keyring=True)
    with Journal.open(paths, Unlock()) as journal:
        made = backup.write_backup(journal, paths.root.parent / "copy.pjbackup")
    open_window(qtbot, window, keyring=True)
    window.run_action("restore_backup", made.path)
    dialog = restore_dialog(qtbot, controller)
    wait_state(qtbot, dialog, "confirm")
    window.lock()
    assert not dialog.isVisible() and dialog.summary.text() == ""
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.keyring_button.isVisible(), timeout=WAIT_MS)
    assert not (paths.root / backup.STAGE_DIR).exists()
    click(qtbot, screen.keyring_button)  # the journal's lock was let go with the staged copy
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
    assert titles(qtbot, window.ops) == {"Entry"}


def test_a_backup_of_another_journal_opens_with_its_recovery_key(
    qtbot: QtBot,
    window: MainWindow,
    controller: SafetyController,
    paths: JournalPaths,
    tmp_path: Path,
) -> None:
    other = JournalPaths(tmp_path / "old laptop")
    other_key = make_journal(other, ["From the old laptop"], passphrase="an older passphrase")
    with Journal.open(other, Unlock(passphrase="an older passphrase")) as journal:
        made = backup.write_backup(journal, tmp_path / "old.pjbackup")
    make_journal(paths, ["On this laptop"])
    open_window(qtbot, window)
    controller.ask_restore_file = lambda parent: made.path  # type: ignore[method-assign]
    window.run_action("restore_backup")
    dialog = restore_dialog(qtbot, controller)
    wait_state(qtbot, dialog, "ask")
    assert "different journal" in dialog.summary.text()
    click(qtbot, dialog.use_recovery)
    type_into(qtbot, dialog.secret, other_key)
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "confirm")
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "done")
    assert "unlocks with the passphrase or recovery key it had" in dialog.details.text()
    assert titles(qtbot, window.ops) == {"From the old laptop"}


def test_the_list_shows_date_size_and_entries_and_the_switch_is_kept(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    make_journal(paths, ["One", "Two"])
    today = datetime.now(UTC).replace(microsecond=0)
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        backup.backup_now(journal, clock=lambda: today - timedelta(days=1))
        journal.repo.add(incident("Three"))
        backup.backup_now(journal, clock=lambda: today)
    open_window(qtbot, window)
    tab = backups_tab(qtbot, window)
    qtbot.waitUntil(lambda: tab.table.topLevelItemCount() == 2, timeout=WAIT_MS)
    rows = [tab.table.topLevelItem(i) for i in range(2)]
    qtbot.waitUntil(lambda: rows[1].text(2) == "2 entries", timeout=WAIT_MS)
    assert rows[0].text(2) == "3 entries"  # newest first
    assert all(r.text(1).endswith(("kB", "MB")) for r in rows)
    assert tab.automatic.isChecked() and tab.automatic.isEnabled()
    # The counts are remembered inside the journal: reading a backup happens once.
    counts = run(qtbot, window.ops, lambda j: j.repo.get_setting("backup.entry_counts"))
    assert sorted(v[1] for v in counts.values()) == [2, 3]

    click(qtbot, tab.automatic)
    qtbot.waitUntil(lambda: "off" in tab.status.text(), timeout=WAIT_MS)
    assert run(qtbot, window.ops, lambda j: j.repo.get_setting(backup.SETTING_AUTOMATIC)) is False


def test_no_automatic_backups_yet_says_when_one_is_made(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    make_journal(paths)  # nothing in it yet, so closing it made no backup
    open_window(qtbot, window)
    tab = backups_tab(qtbot, window)
    qtbot.waitUntil(lambda: tab.empty.isVisible(), timeout=WAIT_MS)
    assert "next closes" in tab.empty.text() and not tab.table.isVisible()
    assert not tab.restore_selected.isEnabled()


def test_an_automatic_backup_rotated_away_by_the_close_is_still_restored(
    qtbot: QtBot, window: MainWindow, controller: SafetyController, paths: JournalPaths
) -> None:
    """Closing the journal for a restore makes the day's automatic backup, and rotation may
    then delete the very backup chosen. It is held under a second name until restored."""
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    newest = 2 if (today - timedelta(days=8)).weekday() != 0 else 3
    days = list(range(newest + 7, newest - 1, -1))  # 8 days, oldest first
    make_journal(paths, keyring=True)
    with Journal.open(paths, Unlock()) as journal:
        backup.set_automatic(journal, False)  # until the app runs: this close makes none
        made = {}
        for n, ago in enumerate(days):
            journal.repo.add(incident(f"Entry {n}"))
            made[ago] = backup.backup_now(journal, clock=lambda a=ago: today - timedelta(days=a))
    target = made[days[0]]  # the weekly one, whose week also has the oldest daily one
    assert target.path.exists()
    open_window(qtbot, window, keyring=True)
    run(qtbot, window.ops, lambda j: backup.set_automatic(j, True))
    window.run_action("restore_backup", target.path)
    dialog = restore_dialog(qtbot, controller)
    wait_state(qtbot, dialog, "confirm")
    assert not target.path.exists()  # rotated away when the journal closed
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "done")
    assert titles(qtbot, window.ops) == {"Entry 0"}
    assert not list(paths.root.glob(".pj-restore-source-*"))


def test_closing_the_dialog_before_checking_leaves_nothing_behind(
    qtbot: QtBot, window: MainWindow, controller: SafetyController, paths: JournalPaths
) -> None:
    make_journal(paths, ["Entry"])  # closing it made an automatic backup
    (automatic,) = backup.list_backups(paths)
    open_window(qtbot, window)
    window.run_action("restore_backup", automatic.path)
    dialog = restore_dialog(qtbot, controller)
    wait_state(qtbot, dialog, "ask")
    assert len(list(paths.root.glob(".pj-restore-source-*"))) == 1  # held while it is chosen
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    wait_idle(qtbot, window.ops)
    assert not list(paths.root.glob(".pj-restore-source-*"))
    assert automatic.path.exists() and window.ops.is_open
