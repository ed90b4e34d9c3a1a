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
    Scene,
    click,
    incident,
    incident_titles_shown,
    make_journal,
    run,
    titles,
    type_into,
    wait_idle,
)

from journal import backup
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.safety.controller import SafetyController
from ui.safety.restore_dialog import RestoreDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def restore_dialog(qtbot: QtBot, controller: SafetyController) -> RestoreDialog:
    qtbot.waitUntil(lambda: controller.restore_dialog is not None, timeout=WAIT_MS)
    dialog = controller.restore_dialog
    assert dialog is not None
    return dialog


def wait_state(qtbot: QtBot, dialog: RestoreDialog, state: str) -> None:
    qtbot.waitUntil(lambda: dialog.state == state, timeout=WAIT_MS)


def test_back_up_now_then_restore_brings_the_entries_back(qtbot: QtBot, scene: Scene) -> None:
    scene.open(["First visit", "Second visit", "Third visit"], keyring=True)
    target = scene.tmp_path / "usb" / "my backup.pjbackup"
    target.parent.mkdir()
    asked: list[object] = []

    def choose_target(parent: object) -> Path:
        asked.append(parent)
        return target

    scene.controller.ask_backup_target = choose_target  # type: ignore[method-assign]
    tab = scene.backups_tab()
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

    run(qtbot, scene.window.ops, change)
    scene.window.incidents.reload()  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: "Written after the backup" in incident_titles_shown(scene.window), timeout=WAIT_MS
    )

    scene.controller.ask_restore_file = lambda parent: target  # type: ignore[method-assign]
    click(qtbot, tab.restore_file)
    dialog = restore_dialog(qtbot, scene.controller)
    assert (
        scene.window.settings_dialog is None
    )  # settings closed: the restore replaces what it showed
    # With the computer login nothing needs typing: the backup is checked straight away.
    wait_state(qtbot, dialog, "confirm")
    assert not scene.window.ops.is_open  # closed while the backup is checked beside it
    summary = dialog.summary.text()
    assert "holds 3 entries" in summary and "holds 4 entries now" in summary
    assert "kept aside" in dialog.details.text()
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "done")
    assert "Restored the backup" in dialog.summary.text()
    assert scene.window.ops.is_open and not scene.window.is_locked
    assert titles(qtbot, scene.window.ops) == {"First visit", "Second visit", "Third visit"}
    # The window was refreshed: the list shows the restored journal, nothing from before.
    qtbot.waitUntil(
        lambda: (
            incident_titles_shown(scene.window) == {"First visit", "Second visit", "Third visit"}
        ),
        timeout=WAIT_MS,
    )
    click(qtbot, dialog.cancel_button)  # "Close"
    assert not dialog.isVisible()
    # The journal as it was is kept aside, whole; no staged copy or pinned file is left.
    aside = list((scene.paths.root / backup.ASIDE_DIR).iterdir())
    assert len(aside) == 1 and (aside[0] / "journal.db").is_file()
    assert not (scene.paths.root / backup.STAGE_DIR).exists()
    assert not list(scene.paths.root.glob(".pj-restore-source-*"))


def test_restoring_an_automatic_backup_asks_for_the_passphrase_without_the_keyring(
    qtbot: QtBot, scene: Scene
) -> None:
    make_journal(scene.paths, ["Kept in the backup"])
    with Journal.open(scene.paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        made = backup.backup_now(journal)
        journal.repo.add(incident("Added later"))
    scene.unlock()
    tab = scene.backups_tab()
    qtbot.waitUntil(lambda: tab.table.topLevelItemCount() == 1, timeout=WAIT_MS)
    tab.table.setCurrentItem(tab.table.topLevelItem(0))
    click(qtbot, tab.restore_selected)
    dialog = restore_dialog(qtbot, scene.controller)
    wait_state(qtbot, dialog, "ask")
    assert "passphrase or your recovery key" in dialog.credentials_note.text()
    assert scene.window.ops.is_open  # nothing closed before the person has typed

    type_into(qtbot, dialog.secret, "not the passphrase")
    click(qtbot, dialog.go_button)
    qtbot.waitUntil(lambda: "didn't open" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.state == "ask" and dialog.secret.text() == ""  # typed secrets don't linger
    assert scene.window.ops.is_open and not scene.window.is_locked

    type_into(qtbot, dialog.secret, PASSPHRASE)
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "confirm")
    assert "holds 1 entry." in dialog.summary.text()
    assert "holds 2 entries now" in dialog.summary.text()
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "done")
    assert titles(qtbot, scene.window.ops) == {"Kept in the backup"}
    assert made.path.exists()  # restoring doesn't use up the backup


def test_cancelling_at_the_question_leaves_the_journal_as_it_was(
    qtbot: QtBot, scene: Scene
) -> None:
    make_journal(scene.paths, ["Only entry"], keyring=True)
    with Journal.open(scene.paths, Unlock()) as journal:
        made = backup.write_backup(journal, scene.paths.root.parent / "copy.pjbackup")
        journal.repo.add(incident("Newer entry"))
    before = scene.paths.database.stat().st_ino
    scene.unlock(keyring=True)
    scene.window.run_action("restore_backup", made.path)
    dialog = restore_dialog(qtbot, scene.controller)
    wait_state(qtbot, dialog, "confirm")
    assert (scene.paths.root / backup.STAGE_DIR).exists()  # checked beside the journal
    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: scene.window.ops.is_open, timeout=WAIT_MS)
    wait_idle(qtbot, scene.window.ops)
    assert not scene.window.is_locked
    assert titles(qtbot, scene.window.ops) == {"Only entry", "Newer entry"}
    assert scene.paths.database.stat().st_ino == before
    assert not (scene.paths.root / backup.STAGE_DIR).exists()
    assert not (scene.paths.root / backup.ASIDE_DIR).exists()


def test_a_file_that_is_not_a_backup_is_refused_and_the_journal_stays_open(
    qtbot: QtBot, scene: Scene
) -> None:
    scene.open(["Entry"], keyring=True)
    letter = scene.tmp_path / "letter.pjbackup"
    letter.write_text("not a backup at all", encoding="utf-8")
    scene.window.run_action("restore_backup", letter)
    dialog = restore_dialog(qtbot, scene.controller)
    wait_state(qtbot, dialog, "failed")
    assert "isn't a backup" in dialog.message.text()
    assert "Nothing was changed" in dialog.message.text()
    assert scene.window.ops.is_open and not scene.window.is_locked
    assert dialog.cancel_button.text() == "Close"


def test_locking_at_the_question_lets_the_checked_backup_go(qtbot: QtBot, scene: Scene) -> None:
    make_journal(scene.paths, ["Entry"], keyring=True)
    with Journal.open(scene.paths, Unlock()) as journal:
        made = backup.write_backup(journal, scene.paths.root.parent / "copy.pjbackup")
    scene.unlock(keyring=True)
    scene.window.run_action("restore_backup", made.path)
    dialog = restore_dialog(qtbot, scene.controller)
    wait_state(qtbot, dialog, "confirm")
    scene.window.lock()
    assert not dialog.isVisible() and dialog.summary.text() == ""
    screen = scene.window.unlock_screen
    qtbot.waitUntil(lambda: screen.keyring_button.isVisible(), timeout=WAIT_MS)
    assert not (scene.paths.root / backup.STAGE_DIR).exists()
    click(qtbot, screen.keyring_button)  # the journal's lock was let go with the staged copy
    qtbot.waitUntil(lambda: not scene.window.is_locked, timeout=WAIT_MS)
    assert titles(qtbot, scene.window.ops) == {"Entry"}


def test_a_backup_of_another_journal_opens_with_its_recovery_key(
    qtbot: QtBot, scene: Scene
) -> None:
    other = JournalPaths(scene.tmp_path / "old laptop")
    other_key = make_journal(other, ["From the old laptop"], passphrase="an older passphrase")
    with Journal.open(other, Unlock(passphrase="an older passphrase")) as journal:
        made = backup.write_backup(journal, scene.tmp_path / "old.pjbackup")
    scene.open(["On this laptop"])
    scene.controller.ask_restore_file = lambda parent: made.path  # type: ignore[method-assign]
    scene.window.run_action("restore_backup")
    dialog = restore_dialog(qtbot, scene.controller)
    wait_state(qtbot, dialog, "ask")
    assert "different journal" in dialog.summary.text()
    click(qtbot, dialog.use_recovery)
    type_into(qtbot, dialog.secret, other_key)
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "confirm")
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "done")
    assert "unlocks with the passphrase or recovery key it had" in dialog.details.text()
    assert titles(qtbot, scene.window.ops) == {"From the old laptop"}


def test_the_list_shows_date_size_and_entries_and_the_switch_is_kept(
    qtbot: QtBot, scene: Scene
) -> None:
    make_journal(scene.paths, ["One", "Two"])
    today = datetime.now(UTC).replace(microsecond=0)
    with Journal.open(scene.paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        backup.backup_now(journal, clock=lambda: today - timedelta(days=1))
        journal.repo.add(incident("Three"))
        backup.backup_now(journal, clock=lambda: today)
    scene.unlock()
    tab = scene.backups_tab()
    qtbot.waitUntil(lambda: tab.table.topLevelItemCount() == 2, timeout=WAIT_MS)
    rows = [tab.table.topLevelItem(i) for i in range(2)]
    qtbot.waitUntil(lambda: rows[1].text(2) == "2 entries", timeout=WAIT_MS)
    assert rows[0].text(2) == "3 entries"  # newest first
    assert all(r.text(1).endswith(("kB", "MB")) for r in rows)
    assert tab.automatic.isChecked() and tab.automatic.isEnabled()
    # The counts are remembered inside the journal: reading a backup happens once.
    counts = run(qtbot, scene.window.ops, lambda j: j.repo.get_setting("backup.entry_counts"))
    assert sorted(v[1] for v in counts.values()) == [2, 3]

    click(qtbot, tab.automatic)
    qtbot.waitUntil(lambda: "off" in tab.status.text(), timeout=WAIT_MS)
    assert (
        run(qtbot, scene.window.ops, lambda j: j.repo.get_setting(backup.SETTING_AUTOMATIC))
        is False
    )


def test_no_automatic_backups_yet_says_when_one_is_made(qtbot: QtBot, scene: Scene) -> None:
    scene.open()  # nothing in it yet, so closing it made no backup
    tab = scene.backups_tab()
    qtbot.waitUntil(lambda: tab.empty.isVisible(), timeout=WAIT_MS)
    assert "next closes" in tab.empty.text() and not tab.table.isVisible()
    assert not tab.restore_selected.isEnabled()


def test_an_automatic_backup_rotated_away_by_the_close_is_still_restored(
    qtbot: QtBot, scene: Scene
) -> None:
    """Closing the journal for a restore makes the day's automatic backup, and rotation may
    then delete the very backup chosen. It is held under a second name until restored."""
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    newest = 2 if (today - timedelta(days=8)).weekday() != 0 else 3
    days = list(range(newest + 7, newest - 1, -1))  # 8 days, oldest first
    make_journal(scene.paths, keyring=True)
    with Journal.open(scene.paths, Unlock()) as journal:
        backup.set_automatic(journal, False)  # until the app runs: this close makes none
        made = {}
        for n, ago in enumerate(days):
            journal.repo.add(incident(f"Entry {n}"))
            made[ago] = backup.backup_now(journal, clock=lambda a=ago: today - timedelta(days=a))
    target = made[days[0]]  # the weekly one, whose week also has the oldest daily one
    assert target.path.exists()
    scene.unlock(keyring=True)
    run(qtbot, scene.window.ops, lambda j: backup.set_automatic(j, True))
    scene.window.run_action("restore_backup", target.path)
    dialog = restore_dialog(qtbot, scene.controller)
    wait_state(qtbot, dialog, "confirm")
    assert not target.path.exists()  # rotated away when the journal closed
    click(qtbot, dialog.go_button)
    wait_state(qtbot, dialog, "done")
    assert titles(qtbot, scene.window.ops) == {"Entry 0"}
    assert not list(scene.paths.root.glob(".pj-restore-source-*"))


def test_closing_the_dialog_before_checking_leaves_nothing_behind(
    qtbot: QtBot, scene: Scene
) -> None:
    make_journal(scene.paths, ["Entry"])  # closing it made an automatic backup
    (automatic,) = backup.list_backups(scene.paths)
    scene.unlock()
    scene.window.run_action("restore_backup", automatic.path)
    dialog = restore_dialog(qtbot, scene.controller)
    wait_state(qtbot, dialog, "ask")
    assert len(list(scene.paths.root.glob(".pj-restore-source-*"))) == 1  # held while it is chosen
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    wait_idle(qtbot, scene.window.ops)
    assert not list(scene.paths.root.glob(".pj-restore-source-*"))
    assert automatic.path.exists() and scene.window.ops.is_open
