"""A damaged journal on the unlock screen: the newest good backup offered by name.

The damage is real (a flipped byte in the first page of the SQLCipher file, as in the
core's tests), and so is the restore. The damaged file must survive it, set aside.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from safety_helpers import (
    PASSPHRASE,
    WAIT_MS,
    Scene,
    click,
    incident,
    make_journal,
    titles,
    type_into,
    unlock_with_passphrase,
)

from journal import backup
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.main_window import MainWindow
from ui.safety.common import when

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _with_two_backups(paths: JournalPaths, *, keyring: bool = False) -> backup.BackupInfo:
    make_journal(paths, ["Visit", "Phone call"], keyring=keyring)
    unlock = Unlock() if keyring else Unlock(passphrase=PASSPHRASE, use_keyring=False)
    today = datetime.now(UTC).replace(microsecond=0)
    with Journal.open(paths, unlock) as journal:
        backup.backup_now(journal, clock=lambda: today - timedelta(days=1))
        journal.repo.add(incident("Letter"))
        newer = backup.backup_now(journal, clock=lambda: today)
    return newer


def _attempt(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    type_into(qtbot, screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.damage.isVisible(), timeout=WAIT_MS)


def test_a_damaged_journal_offers_the_newest_good_backup_and_restoring_opens_it(
    qtbot: QtBot, scene: Scene
) -> None:
    newer = _with_two_backups(scene.paths)
    _flip(scene.paths.database, 200)
    damaged = scene.paths.database.read_bytes()
    scene.window.start()
    _attempt(qtbot, scene.window)
    screen = scene.window.unlock_screen
    offer = screen.damage
    assert "damaged" in screen.message.text() and "never deleted" in screen.message.text()
    assert "practitioner-journal" not in screen.message.text()  # no command lines on screen
    qtbot.waitUntil(lambda: offer.restore_button.isVisible(), timeout=WAIT_MS)
    assert offer.restore_button.text() == f"Restore the backup from {when(newer.created_at)}"
    assert scene.window.is_locked

    click(qtbot, offer.restore_button)
    qtbot.waitUntil(lambda: not scene.window.is_locked, timeout=WAIT_MS)
    assert titles(qtbot, scene.window.ops) == {"Visit", "Phone call", "Letter"}
    assert not offer.isVisible()
    # The damaged file is kept, exactly as it was, beside the restored journal.
    kept = [p / "journal.db" for p in (scene.paths.root / backup.ASIDE_DIR).iterdir()]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert scene.paths.database.read_bytes() != damaged


def test_with_the_computer_login_the_offer_comes_without_typing(qtbot: QtBot, scene: Scene) -> None:
    _with_two_backups(scene.paths, keyring=True)
    _flip(scene.paths.database, 200)
    scene.window.start()  # tries the computer login by itself
    offer = scene.window.unlock_screen.damage
    qtbot.waitUntil(lambda: offer.restore_button.isVisible(), timeout=WAIT_MS)
    click(qtbot, offer.restore_button)
    qtbot.waitUntil(lambda: not scene.window.is_locked, timeout=WAIT_MS)
    assert titles(qtbot, scene.window.ops) == {"Visit", "Phone call", "Letter"}


def test_without_a_good_backup_a_saved_file_can_be_restored(qtbot: QtBot, scene: Scene) -> None:
    make_journal(scene.paths)
    with Journal.open(scene.paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        journal.repo.add(incident("Saved on a stick"))
        mine = backup.write_backup(journal, scene.tmp_path / "stick.pjbackup")
        backup.set_automatic(journal, False)  # so closing makes no automatic backup
    assert backup.list_backups(scene.paths) == []
    _flip(scene.paths.database, 200)
    scene.window.start()
    _attempt(qtbot, scene.window)
    offer = scene.window.unlock_screen.damage
    qtbot.waitUntil(lambda: "no automatic backup" in offer.text.text(), timeout=WAIT_MS)
    assert not offer.restore_button.isVisible()
    offer.ask_backup_file = lambda: mine.path  # type: ignore[method-assign]
    click(qtbot, offer.file_button)
    qtbot.waitUntil(lambda: not scene.window.is_locked, timeout=WAIT_MS)
    assert titles(qtbot, scene.window.ops) == {"Saved on a stick"}


def test_a_backup_that_does_not_open_with_the_passphrase_says_what_to_do(
    qtbot: QtBot, scene: Scene
) -> None:
    other = JournalPaths(scene.tmp_path / "elsewhere")
    other_key = make_journal(other, ["From elsewhere"], passphrase="a different passphrase")
    with Journal.open(other, Unlock(passphrase="a different passphrase")) as journal:
        theirs = backup.write_backup(journal, scene.tmp_path / "theirs.pjbackup")
    _with_two_backups(scene.paths)
    _flip(scene.paths.database, 200)
    scene.window.start()
    _attempt(qtbot, scene.window)
    offer = scene.window.unlock_screen.damage
    offer.ask_backup_file = lambda: theirs.path  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: offer.file_button.isVisible(), timeout=WAIT_MS)
    click(qtbot, offer.file_button)
    qtbot.waitUntil(lambda: offer.problem.isVisible(), timeout=WAIT_MS)
    assert "recovery key of the journal it came from" in offer.problem.text()
    assert scene.window.is_locked and not (scene.paths.root / backup.ASIDE_DIR).exists()

    # As it asks: that journal's recovery key, which then opens the restored journal.
    assert offer.key_box.isVisible() and not offer.key_button.isEnabled()
    type_into(qtbot, offer.key_field, other_key)
    click(qtbot, offer.key_button)
    qtbot.waitUntil(lambda: not scene.window.is_locked, timeout=WAIT_MS)
    assert titles(qtbot, scene.window.ops) == {"From elsewhere"}


def test_locking_and_unlocking_again_after_a_restore_works(qtbot: QtBot, scene: Scene) -> None:
    _with_two_backups(scene.paths)
    _flip(scene.paths.database, 200)
    scene.window.start()
    _attempt(qtbot, scene.window)
    offer = scene.window.unlock_screen.damage
    qtbot.waitUntil(lambda: offer.restore_button.isVisible(), timeout=WAIT_MS)
    click(qtbot, offer.restore_button)
    qtbot.waitUntil(lambda: not scene.window.is_locked, timeout=WAIT_MS)
    scene.window.lock()
    assert not offer.isVisible()
    unlock_with_passphrase(qtbot, scene.window)
    assert titles(qtbot, scene.window.ops) == {"Visit", "Phone call", "Letter"}
