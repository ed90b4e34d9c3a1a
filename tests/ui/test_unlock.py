"""The unlock screen inside the main window, against real journals and key files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shell_helpers import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    WAIT_MS,
    make_journal,
    type_into,
    unlock_with_passphrase,
    wait_idle,
)

from journal import recovery
from journal.errors import JournalLocked, KeyringUnavailable, WrongPassphrase
from journal.paths import JournalPaths
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.unlock import group_span

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
REPO = Path(__file__).resolve().parents[2]


def test_wrong_then_right_passphrase(qtbot: QtBot, window: MainWindow, paths: JournalPaths) -> None:
    make_journal(paths)
    window.start()
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    assert not screen.keyring_button.isVisible()  # this journal has no keyring slot
    assert screen.passphrase.hasFocus()
    assert not screen.passphrase_button.isEnabled()

    type_into(qtbot, screen.passphrase, "not my passphrase")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert screen.passphrase.text() == ""  # cleared as soon as it is handed over
    qtbot.waitUntil(lambda: screen.message.text() == WrongPassphrase().message, timeout=WAIT_MS)
    assert "Caps Lock" in screen.message.text()
    assert window.is_locked
    assert screen.passphrase.isVisible() and screen.passphrase.hasFocus()
    assert window.windowTitle() == "Practitioner Journal"

    unlock_with_passphrase(qtbot, window)
    assert window.stack.currentWidget() is window.body
    assert window.toolbar.isVisible()
    assert screen.passphrase.text() == "" and screen.message.text() == ""


def test_show_toggle_reveals_and_hides(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    make_journal(paths)
    window.start()
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    assert screen.passphrase.echoMode() == screen.passphrase.EchoMode.Password
    qtbot.mouseClick(screen.show_toggle, Qt.MouseButton.LeftButton)
    assert screen.passphrase.echoMode() == screen.passphrase.EchoMode.Normal
    assert screen.show_toggle.text() == "Hide"
    qtbot.mouseClick(screen.show_toggle, Qt.MouseButton.LeftButton)
    assert screen.passphrase.echoMode() == screen.passphrase.EchoMode.Password


def test_recovery_key_with_a_typo_then_right(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    key = make_journal(paths)
    window.start()
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.to_recovery.isVisible(), timeout=WAIT_MS)
    qtbot.mouseClick(screen.to_recovery, Qt.MouseButton.LeftButton)
    assert screen.recovery.isVisible() and not screen.passphrase.isVisible()
    assert screen.recovery.hasFocus()

    groups = recovery.groups_of(key)
    wrong = groups[3][0] + ("X" if groups[3][1] != "X" else "Y") + groups[3][2:]
    typed = " ".join([*groups[:3], wrong, *groups[4:]]).lower()  # spaces, lower case
    qtbot.keyClicks(screen.recovery, typed)
    qtbot.keyClick(screen.recovery, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Group 4" in screen.message.text(), timeout=WAIT_MS)
    assert window.is_locked
    # The text stays for correcting, with the group at fault selected.
    assert screen.recovery.text() == typed
    assert screen.recovery.selectedText() == wrong.lower()

    screen.recovery.clear()
    qtbot.keyClicks(screen.recovery, key)
    qtbot.mouseClick(screen.recovery_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
    assert screen.recovery.text() == ""


def test_keyring_unlocks_without_asking(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    make_journal(paths, keyring=True)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT_MS):
        window.start()
    assert window.stack.currentWidget() is window.body


def test_keyring_unavailable_says_so_and_offers_passphrase(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    make_journal(paths, keyring=True)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        window.start()
        screen = window.unlock_screen
        qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
        assert screen.message.text() == KeyringUnavailable().message
        assert screen.passphrase.hasFocus()
        unlock_with_passphrase(qtbot, window)
    finally:
        keyring.set_keyring(previous)


def test_after_locking_the_keyring_waits_for_a_click(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    make_journal(paths, keyring=True)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT_MS):
        window.start()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.keyring_button.isVisible(), timeout=WAIT_MS)
    wait_idle(qtbot, ops)
    assert window.is_locked and not ops.is_open  # not unlocked again behind the person's back
    assert screen.keyring_button.hasFocus()
    with qtbot.waitSignal(window.unlocked, timeout=WAIT_MS):
        qtbot.keyClick(screen.keyring_button, Qt.Key.Key_Space)


def test_journal_open_in_another_process(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    make_journal(paths)
    script = (
        "import sys; from pathlib import Path; from journal.lockfile import ProcessLock; "
        "lock = ProcessLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True); "
        "sys.stdin.read(); lock.release()"
    )
    screen = window.unlock_screen
    with subprocess.Popen(
        [sys.executable, "-c", script, str(paths.lock_file)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        window.start()
        qtbot.waitUntil(lambda: screen.retry_button.isVisible(), timeout=WAIT_MS)
        assert screen.message.text() == JournalLocked().message
        assert not screen.passphrase.isVisible()
        assert screen.retry_button.hasFocus()
        holder.stdin.close()  # the other program lets go
        assert holder.wait(timeout=30) == 0
    qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    unlock_with_passphrase(qtbot, window, PASSPHRASE)


def test_corrupt_journal_says_what_to_do(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    make_journal(paths)
    data = bytearray(paths.database.read_bytes())
    data[100:4096] = bytes(3996)  # the first page is damaged (its salt is kept)
    paths.database.write_bytes(bytes(data))
    window.start()
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    type_into(qtbot, screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(screen.message.text()), timeout=WAIT_MS)
    assert "damaged" in screen.message.text()
    assert "backup" in screen.message.text()  # and what to do next
    assert window.is_locked


def test_group_span_ignores_separators() -> None:
    typed = "abcde fghjk-mnpqr"
    assert group_span(typed, 1) == (0, 5)
    assert typed[slice(*group_span(typed, 2))] == "fghjk"  # type: ignore[misc]
    assert typed[slice(*group_span(typed, 3))] == "mnpqr"  # type: ignore[misc]
    assert group_span(typed, 5) is None


def test_newer_version_says_to_update(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    from journal.errors import NewerVersion
    from journal.session import Journal, Unlock

    make_journal(paths)
    journal = Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    journal.conn.execute("PRAGMA user_version = 999")
    journal.close()
    window.start()
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    type_into(qtbot, screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message.text() == NewerVersion().message, timeout=WAIT_MS)
    assert window.is_locked
