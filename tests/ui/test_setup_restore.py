"""The set-up wizard's "I have a backup" road on a new computer, driven as a person would.

Real backup file, real SQLCipher journal restored into the empty data folder, the
keyring API with a fresh in-memory backend standing for the new computer's store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from shell_helpers import OFFSCREEN_NOISE, WAIT_MS, type_into

from journal import backup, recovery
from journal.errors import UnlockError
from journal.keys import SLOT_KEYRING, KeySlots
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.operations import Operations
from ui.setup_restore import FILE_PAGE_ID, METHOD_PAGE_ID, NEW_KEY_PAGE_ID
from ui.setup_wizard import SetupWizard

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
OLD_PASSPHRASE = "the passphrase from before"
NEW_PASSPHRASE = "kettle on the windowsill"


@pytest.fixture
def old_backup(tmp_path: Path, memory_keyring: Any) -> tuple[Path, str, set[str]]:
    """A backup made on the old laptop (with its own password store), and its recovery key."""
    old = JournalPaths(tmp_path / "old laptop")
    journal, key = Journal.create(old, passphrase=OLD_PASSPHRASE)
    when = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    with journal:
        ids = {
            journal.repo.add(Incident(title=t, occurred_at=when)).id
            for t in ("Kept for court", "The second one")
        }
        made = backup.write_backup(journal, tmp_path / "usb" / "journal.pjbackup")
    assert KeySlots.load(old.key_slots).has(SLOT_KEYRING)
    memory_keyring.passwords.clear()  # the new computer's store knows nothing of the old one
    return made.path, key, ids


@dataclass(frozen=True)
class Restoring:
    """The set-up wizard on the new computer, with the old laptop's backup as the file a
    person will pick, and what that backup holds."""

    wizard: SetupWizard
    ops: Operations
    paths: JournalPaths
    old_key: str
    ids: set[str]


@pytest.fixture
def scene(
    wizard: SetupWizard,
    ops: Operations,
    paths: JournalPaths,
    old_backup: tuple[Path, str, set[str]],
) -> Restoring:
    source, old_key, ids = old_backup
    wizard.restore_path.file_page.ask_file = lambda: source  # type: ignore[method-assign]
    return Restoring(wizard, ops, paths, old_key, ids)


def commit(qtbot: QtBot, wizard: SetupWizard) -> None:
    button = wizard.button(QWizard.WizardButton.CommitButton)
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def with_typo_in_group(key: str, group: int) -> str:
    groups = key.split("-")
    wrong = groups[group - 1]
    first = "A" if wrong[0] != "A" else "B"
    groups[group - 1] = first + wrong[1:]
    return "-".join(groups)


def test_i_have_a_backup_brings_the_journal_back_and_sets_this_computer_up(
    qtbot: QtBot, scene: Restoring
) -> None:
    path = scene.wizard.restore_path
    assert path.button.isVisible()
    qtbot.mouseClick(path.button, Qt.MouseButton.LeftButton)
    assert scene.wizard.currentId() == FILE_PAGE_ID
    page = path.file_page
    assert not scene.wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    qtbot.mouseClick(page.choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "made" in page.file_label.text(), timeout=WAIT_MS)

    # A typo in group 3: named, selected, and nothing restored.
    type_into(qtbot, page.key, with_typo_in_group(scene.old_key, 3))
    commit(qtbot, scene.wizard)
    qtbot.waitUntil(lambda: "Group 3" in page.status.text(), timeout=WAIT_MS)
    assert page.key.selectedText() == with_typo_in_group(scene.old_key, 3).split("-")[2]
    assert not scene.paths.database.exists()
    page.key.clear()
    type_into(qtbot, page.key, scene.old_key.lower())
    commit(qtbot, scene.wizard)
    qtbot.waitUntil(lambda: scene.wizard.currentId() == METHOD_PAGE_ID, timeout=WAIT_MS)
    assert scene.ops.is_open and page.key.text() == ""

    # How it unlocks here: the computer login, and a new passphrase.
    method = path.method_page
    qtbot.waitUntil(lambda: method.use_keyring.isEnabled(), timeout=WAIT_MS)
    assert method.use_keyring.isChecked()
    type_into(qtbot, method.fields.first, NEW_PASSPHRASE)
    type_into(qtbot, method.fields.second, NEW_PASSPHRASE)
    commit(qtbot, scene.wizard)
    qtbot.waitUntil(lambda: scene.wizard.currentId() == NEW_KEY_PAGE_ID, timeout=WAIT_MS)

    # Offered a new recovery key; once made it must be confirmed before finishing.
    key_page = path.key_page
    finish = scene.wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.isEnabled()  # keeping the old key is allowed
    qtbot.mouseClick(key_page.make, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: key_page.new_key is not None, timeout=WAIT_MS)
    new_key = key_page.view.key
    assert new_key == key_page.new_key and new_key != scene.old_key
    assert not finish.isEnabled()
    scene.wizard.reject()  # cancelling now would lose the new key: refused
    assert scene.wizard.isVisible() and "confirm your new recovery key" in key_page.status.text()
    type_into(
        qtbot, key_page.confirm.field, recovery.groups_of(new_key)[key_page.confirm.group - 1]
    )
    assert finish.isEnabled()
    with qtbot.waitSignal(scene.wizard.completed, timeout=WAIT_MS):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert key_page.view.key == ""

    qtbot.waitUntil(lambda: not scene.ops.busy, timeout=WAIT_MS)
    scene.ops.close()
    qtbot.waitUntil(lambda: not scene.ops.is_open and not scene.ops.busy, timeout=WAIT_MS)
    assert KeySlots.load(scene.paths.key_slots).has(SLOT_KEYRING)
    with Journal.open(scene.paths, Unlock()) as journal:  # this computer's login opens it
        assert {r[0] for r in journal.conn.execute("SELECT id FROM entries")} == scene.ids
    Journal.open(scene.paths, Unlock(passphrase=NEW_PASSPHRASE, use_keyring=False)).close()
    Journal.open(scene.paths, Unlock(recovery_key=new_key, use_keyring=False)).close()
    with pytest.raises(UnlockError):
        Journal.open(scene.paths, Unlock(recovery_key=scene.old_key, use_keyring=False))


def test_without_the_computer_login_the_old_stores_entry_is_dropped(
    qtbot: QtBot, scene: Restoring
) -> None:
    path = scene.wizard.restore_path
    qtbot.mouseClick(path.button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(path.file_page.choose, Qt.MouseButton.LeftButton)
    type_into(qtbot, path.file_page.key, OLD_PASSPHRASE)  # the passphrase it had works too
    commit(qtbot, scene.wizard)
    qtbot.waitUntil(lambda: scene.wizard.currentId() == METHOD_PAGE_ID, timeout=WAIT_MS)
    method = path.method_page
    qtbot.waitUntil(lambda: method.use_keyring.isEnabled(), timeout=WAIT_MS)
    qtbot.keyClick(method.use_keyring, Qt.Key.Key_Space)
    assert not scene.wizard.button(
        QWizard.WizardButton.CommitButton
    ).isEnabled()  # a passphrase then
    type_into(qtbot, method.fields.first, NEW_PASSPHRASE)
    type_into(qtbot, method.fields.second, NEW_PASSPHRASE)
    commit(qtbot, scene.wizard)
    qtbot.waitUntil(lambda: scene.wizard.currentId() == NEW_KEY_PAGE_ID, timeout=WAIT_MS)
    with qtbot.waitSignal(scene.wizard.completed, timeout=WAIT_MS):
        qtbot.mouseClick(
            scene.wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
        )
    scene.ops.close()
    qtbot.waitUntil(lambda: not scene.ops.is_open and not scene.ops.busy, timeout=WAIT_MS)
    assert not KeySlots.load(scene.paths.key_slots).has(SLOT_KEYRING)
    Journal.open(scene.paths, Unlock(passphrase=NEW_PASSPHRASE, use_keyring=False)).close()
    Journal.open(scene.paths, Unlock(recovery_key=scene.old_key, use_keyring=False)).close()  # kept


def test_going_back_to_the_welcome_page_leads_to_a_new_journal_again(
    qtbot: QtBot, wizard: SetupWizard
) -> None:
    qtbot.mouseClick(wizard.restore_path.button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == FILE_PAGE_ID
    wizard.back()
    wizard.next()
    assert wizard.currentPage() is wizard.method
