"""The journal check in the app: all fine with counts, or what is wrong and which backup helps."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from safety_helpers import (
    PASSPHRASE,
    WAIT_MS,
    Scene,
    click,
    make_journal,
    titles,
    type_into,
)

from journal import backup
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.safety.backups_tab import BackupsTab
from ui.safety.common import when
from ui.safety.controller import SafetyController
from ui.safety.verify_dialog import VerifyDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def verify_dialog(qtbot: QtBot, controller: SafetyController) -> VerifyDialog:
    qtbot.waitUntil(lambda: controller.verify_dialog is not None, timeout=WAIT_MS)
    dialog = controller.verify_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    return dialog


def test_verify_says_all_is_well_with_what_it_checked(qtbot: QtBot, scene: Scene) -> None:
    scene.open(["One", "Two", "Three"])
    scene.window.run_action("verify")
    dialog = verify_dialog(qtbot, scene.controller)
    assert dialog.heading.text() == "Your journal passed every check"
    assert "3 entries, 3 saved versions and 0 evidence files" in dialog.summary.text()
    assert not dialog.problems.isVisible() and not dialog.restore_button.isVisible()
    click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def _tamper(paths: JournalPaths, title: str) -> None:
    """Change a saved revision behind the app's back, as someone editing the file would.

    The newest revision's text is the entry's own record, so that is what changes."""
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        journal.conn.execute(
            "UPDATE entries SET data = json_set(data, '$.title', 'changed') WHERE title = ?",
            (title,),
        )


def test_verify_finds_a_tampered_revision_and_restores_the_good_backup(
    qtbot: QtBot, scene: Scene
) -> None:
    make_journal(scene.paths, ["Visit", "Phone call"])
    with Journal.open(scene.paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        good = backup.backup_now(journal)
    _tamper(scene.paths, "Visit")
    scene.unlock()
    # From settings, as a person would find it.
    scene.window.run_action("backups")
    assert scene.window.settings_dialog is not None
    tab = scene.window.settings_dialog.findChild(BackupsTab)
    assert tab is not None
    click(qtbot, tab.verify_button)
    dialog = verify_dialog(qtbot, scene.controller)
    assert dialog.heading.text() == "The check found a problem"
    found = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("was altered after it was saved" in p for p in found)
    assert "Visit" not in " ".join(found)  # problems name entries by id, never by content
    assert when(good.created_at) in dialog.advice.text()
    assert dialog.restore_button.text() == "Restore this backup…"

    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: scene.controller.restore_dialog is not None, timeout=WAIT_MS)
    restore = scene.controller.restore_dialog
    assert restore is not None
    assert scene.window.settings_dialog is None and not dialog.isVisible()
    qtbot.waitUntil(lambda: restore.state == "ask", timeout=WAIT_MS)
    type_into(qtbot, restore.secret, PASSPHRASE)
    click(qtbot, restore.go_button)
    qtbot.waitUntil(lambda: restore.state == "confirm", timeout=WAIT_MS)
    click(qtbot, restore.go_button)
    qtbot.waitUntil(lambda: restore.state == "done", timeout=WAIT_MS)
    click(qtbot, restore.cancel_button)

    scene.window.run_action("verify")
    again = verify_dialog(qtbot, scene.controller)
    assert again.heading.text() == "Your journal passed every check"
    assert titles(qtbot, scene.window.ops) == {"Visit", "Phone call"}


def test_verify_without_a_good_backup_says_what_to_do(qtbot: QtBot, scene: Scene) -> None:
    make_journal(scene.paths)  # empty: closing it made no backup
    with Journal.open(scene.paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        from safety_helpers import incident

        journal.repo.add(incident("Visit"))
        journal.conn.execute("UPDATE entries SET data = json_set(data, '$.title', 'edited')")
    # Closing refused to back up a journal that fails its checks.
    assert backup.list_backups(scene.paths) == []
    scene.unlock()
    scene.window.run_action("verify")
    dialog = verify_dialog(qtbot, scene.controller)
    assert "no automatic backup that passes its checks" in dialog.advice.text()
    assert dialog.restore_button.text() == "Restore from a file…"


def test_an_older_copy_put_back_can_be_kept_on_purpose(qtbot: QtBot, scene: Scene) -> None:
    import shutil

    make_journal(scene.paths, ["One"])
    shutil.copy2(scene.paths.database, scene.tmp_path / "older.db")
    with Journal.open(scene.paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        journal.repo.add(Incident(title="A threat recorded later"))
    shutil.copy2(scene.tmp_path / "older.db", scene.paths.database)
    scene.unlock()  # unlocking an older copy opens the check by itself
    dialog = verify_dialog(qtbot, scene.controller)
    assert dialog.heading.text() == "The check found a problem"
    assert "older copy" in dialog.problems.item(0).text()
    assert dialog.keep_button.isVisible() and dialog.restore_button.isVisible()
    click(qtbot, dialog.keep_button)
    qtbot.waitUntil(
        lambda: dialog.heading.text() == "Your journal passed every check", timeout=WAIT_MS
    )
    assert not dialog.keep_button.isVisible()
