"""Settings: lock time and manager saved in the journal; passphrase, keyring, recovery key."""

from __future__ import annotations

from typing import Any

import pytest
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
from journal.errors import WrongPassphrase, WrongRecoveryKey
from journal.export.settings import ReportSettings
from journal.keys import SLOT_KEYRING, KeySlots
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
NEW_PASSPHRASE = "a quiet lane by the river"


def lock_and_close(qtbot: QtBot, window: MainWindow, ops: Operations) -> None:
    """Lock, and wait until the worker has closed the journal."""
    window.lock()
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)
    wait_idle(qtbot, ops)


def ask_for_a_new_recovery_key(
    qtbot: QtBot, dialog: SettingsDialog, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], Any]:
    """Press "new recovery key", say yes and give the passphrase when asked: the questions
    asked, and the dialog that shows the new key."""
    questions: list[str] = []
    monkeypatch.setattr(dialog, "_confirm", lambda text: questions.append(text) or True)
    monkeypatch.setattr(dialog, "_ask_passphrase", lambda: PASSPHRASE)
    qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.recovery_dialog is not None, timeout=WAIT_MS)
    shown = dialog.recovery_dialog
    assert shown is not None
    return questions, shown


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    window.start()
    unlock_with_passphrase(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(lambda: dialog.stored is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.keyring_available is not None, timeout=WAIT_MS)
    return dialog


def test_change_passphrase_then_reopen_with_the_new_one(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    make_journal(paths)
    dialog = open_settings(qtbot, window)
    dialog.tabs.setCurrentIndex(1)
    fields = dialog.passphrase_fields
    assert not dialog.change_button.isEnabled()
    type_into(qtbot, fields.first, NEW_PASSPHRASE)
    type_into(qtbot, fields.second, NEW_PASSPHRASE)
    assert dialog.change_button.isEnabled()
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert fields.first.text() == "" and fields.second.text() == ""
    qtbot.waitUntil(lambda: "has been changed" in dialog.passphrase_status.text(), timeout=WAIT_MS)

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    lock_and_close(qtbot, window, ops)
    with pytest.raises(WrongPassphrase):
        Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    unlock_with_passphrase(qtbot, window, NEW_PASSPHRASE)  # through the unlock screen


def test_lock_time_and_manager_are_saved(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    make_journal(paths)
    dialog = open_settings(qtbot, window)
    assert dialog.lock_minutes.value() == 5
    dialog.lock_minutes.setFocus()
    dialog.lock_minutes.selectAll()
    qtbot.keyClicks(dialog.lock_minutes, "12")
    assert dialog.followup_days.value() == 3
    type_into(qtbot, dialog.practitioner_name, "Alex Morgan")
    type_into(qtbot, dialog.manager_name, "Sam Carter")
    type_into(qtbot, dialog.manager_email, "sam.carter")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # not an email address yet
    assert "email address" in dialog.email_note.text()
    qtbot.keyClicks(dialog.manager_email, "@example.org")
    assert dialog.email_note.text() == ""
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lock_after_minutes == 12, timeout=WAIT_MS)
    assert "Locks in 12 min" in window.status_label.text()

    values: list[object] = []
    ops.submit(
        lambda j: [j.repo.get_setting("lock_after_minutes"), ReportSettings.load(j.repo)],
        values.extend,
    )
    wait_idle(qtbot, ops)
    # The manager is kept where reports (and the command line's export) read it.
    assert values == [12, ReportSettings("Alex Morgan", "Sam Carter", "sam.carter@example.org", 3)]


def test_follow_up_days_are_saved_with_the_report_settings(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    ReportSettings("Alex Morgan", "Sam Carter", "sam@example.org", 5).save(journal.repo)
    journal.close()
    dialog = open_settings(qtbot, window)
    assert dialog.practitioner_name.text() == "Alex Morgan"
    assert dialog.manager_name.text() == "Sam Carter"
    assert dialog.manager_email.text() == "sam@example.org"
    assert dialog.followup_days.value() == 5
    dialog.followup_days.setFocus()
    dialog.followup_days.selectAll()
    qtbot.keyClicks(dialog.followup_days, "9")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved: list[ReportSettings] = []
    ops.submit(lambda j: ReportSettings.load(j.repo), saved.append)
    wait_idle(qtbot, ops)
    assert saved == [ReportSettings("Alex Morgan", "Sam Carter", "sam@example.org", 9)]


def test_turn_on_computer_login(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    make_journal(paths, keyring=False)
    dialog = open_settings(qtbot, window)
    assert dialog.keyring_button.isEnabled()
    assert "Off" in dialog.keyring_status.text()
    qtbot.mouseClick(dialog.keyring_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.keyring_status.text().startswith("On"), timeout=WAIT_MS)
    assert not dialog.keyring_button.isVisible()
    assert KeySlots.load(paths.key_slots).has(SLOT_KEYRING)
    dialog.reject()
    lock_and_close(qtbot, window, ops)
    Journal.open(paths, Unlock()).close()  # the keyring alone opens it now


def test_new_recovery_key_must_be_confirmed(
    qtbot: QtBot,
    window: MainWindow,
    paths: JournalPaths,
    ops: Operations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old_key = make_journal(paths)
    dialog = open_settings(qtbot, window)
    questions, shown = ask_for_a_new_recovery_key(qtbot, dialog, monkeypatch)
    assert questions and "stop working" in questions[0]
    new_key = shown.view.key
    assert new_key and new_key != old_key
    assert not shown.done_button.isEnabled()
    qtbot.keyClick(shown.confirm.field, Qt.Key.Key_Escape)  # refused until confirmed
    assert shown.isVisible()
    assert "confirm your new recovery key" in shown.refusal.text()
    group = recovery.groups_of(new_key)[shown.confirm.group - 1]
    type_into(qtbot, shown.confirm.field, group)
    assert shown.done_button.isEnabled()
    with qtbot.waitSignal(shown.accepted, timeout=WAIT_MS):
        qtbot.keyClick(shown.confirm.field, Qt.Key.Key_Return)
    assert shown.view.key == ""

    dialog.reject()
    lock_and_close(qtbot, window, ops)
    with pytest.raises(WrongRecoveryKey):
        Journal.open(paths, Unlock(recovery_key=old_key, use_keyring=False))
    Journal.open(paths, Unlock(recovery_key=new_key, use_keyring=False)).close()


def test_ctrl_l_in_the_recovery_dialog_locks_and_wipes_the_key(
    qtbot: QtBot,
    window: MainWindow,
    paths: JournalPaths,
    ops: Operations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_journal(paths)
    dialog = open_settings(qtbot, window)
    _questions, shown = ask_for_a_new_recovery_key(qtbot, dialog, monkeypatch)
    key = shown.view.key
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        qtbot.keyClick(shown.confirm.field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not shown.isVisible()
    assert shown.view.key == ""
    assert all(
        key.split("-")[0] not in w.text() for w in shown.view.findChildren(type(dialog.status))
    )
    assert window.settings_dialog is None


def test_someone_knows_my_passphrase_rekeys_with_progress(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths, ops: Operations
) -> None:
    old_recovery = make_journal(paths)
    dialog = open_settings(qtbot, window)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.rekey_check.isChecked()  # the default when changing the passphrase
    steps: list[tuple[int, int]] = []
    dialog.rekey_progress.connect(lambda done, total, _text: steps.append((done, total)))
    type_into(qtbot, dialog.passphrase_fields.first, NEW_PASSPHRASE)
    type_into(qtbot, dialog.passphrase_fields.second, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.recovery_dialog is not None, timeout=WAIT_MS)
    assert "new key" in dialog.passphrase_status.text()
    assert steps and steps[-1][0] == steps[-1][1]  # progress reached the end
    shown = dialog.recovery_dialog
    assert shown is not None
    new_key = shown.view.key
    group = recovery.groups_of(new_key)[shown.confirm.group - 1]
    type_into(qtbot, shown.confirm.field, group)
    with qtbot.waitSignal(shown.accepted, timeout=WAIT_MS):
        qtbot.keyClick(shown.confirm.field, Qt.Key.Key_Return)
    dialog.reject()
    lock_and_close(qtbot, window, ops)
    with pytest.raises(WrongRecoveryKey):
        Journal.open(paths, Unlock(recovery_key=old_recovery, use_keyring=False))
    with pytest.raises(WrongPassphrase):
        Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    Journal.open(paths, Unlock(recovery_key=new_key, use_keyring=False)).close()
