"""The first-run wizard, completed from the keyboard against a real journal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from shell_helpers import OFFSCREEN_NOISE, WAIT_MS, type_into

from journal import recovery
from journal.errors import NoUnlockMethod, WrongPassphrase
from journal.keys import SLOT_KEYRING, SLOT_PASSPHRASE, SLOT_RECOVERY, KeySlots
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.operations import Operations
from ui.setup_wizard import SetupWizard, passphrase_strength

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
NEW_PASSPHRASE = "kettle on the windowsill"


def press_enter(qtbot: QtBot, wizard: SetupWizard) -> None:
    target = wizard.focusWidget() or wizard
    qtbot.keyClick(target, Qt.Key.Key_Return)


def to_method_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    assert wizard.currentPage() is wizard.welcome
    press_enter(qtbot, wizard)
    assert wizard.currentPage() is wizard.method
    qtbot.waitUntil(lambda: wizard.method.keyring_available is not None, timeout=WAIT_MS)


def create_and_reach_confirm(qtbot: QtBot, wizard: SetupWizard) -> str:
    """Commit the method page, read the key off the key page, go on to the check."""
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page, timeout=WAIT_MS)
    shown = [
        wizard.key_page.view.findChild(type(wizard.refusal), f"recovery_group_{i}").text()
        for i in range(1, recovery.GROUPS + 1)
    ]
    key = "-".join(shown)
    recovery.decode(key)  # what is shown is a well-formed key
    # Back is not offered once the journal exists (the method page was the commit page).
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled() or (
        not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    )
    press_enter(qtbot, wizard)
    assert wizard.currentPage() is wizard.confirm_page
    return key


def key_page(qtbot: QtBot, wizard: SetupWizard) -> tuple[str, Any]:
    """Straight to a new journal's recovery key page: the key and the view showing it."""
    to_method_page(qtbot, wizard)
    key = create_and_reach_confirm(qtbot, wizard)
    return key, wizard.key_page.view


def test_passphrase_way_by_keyboard(
    qtbot: QtBot, wizard: SetupWizard, paths: JournalPaths, ops: Operations
) -> None:
    to_method_page(qtbot, wizard)
    method = wizard.method
    assert method.use_keyring.isEnabled() and method.use_keyring.isChecked()
    qtbot.keyClick(method.use_keyring, Qt.Key.Key_Space)  # the passphrase way only
    assert not method.use_keyring.isChecked()
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert not commit.isEnabled()  # a passphrase is required now

    type_into(qtbot, method.fields.first, NEW_PASSPHRASE)
    assert method.fields.meter.value() >= 3
    assert not commit.isEnabled()  # not confirmed yet
    type_into(qtbot, method.fields.second, NEW_PASSPHRASE[:-1] + "X")
    assert "don't match" in method.fields.match.text()
    assert not commit.isEnabled()
    qtbot.keyClick(method.fields.second, Qt.Key.Key_Backspace)
    type_into(qtbot, method.fields.second, NEW_PASSPHRASE[-1])
    assert commit.isEnabled()

    key = create_and_reach_confirm(qtbot, wizard)
    assert method.fields.first.text() == ""  # the passphrase doesn't linger in the widget

    finish = wizard.button(QWizard.WizardButton.FinishButton)
    field = wizard.confirm_page.confirm.field
    groups = recovery.groups_of(key)
    type_into(qtbot, field, groups[1])  # group 2, not the group asked for
    assert not finish.isEnabled()
    assert "isn't group 3" in wizard.confirm_page.confirm.feedback.text()
    with qtbot.assertNotEmitted(wizard.completed):
        press_enter(qtbot, wizard)
        qtbot.keyClick(field, Qt.Key.Key_Escape)  # closing is refused until confirmed
    assert wizard.isVisible()
    assert "confirm your recovery key" in wizard.refusal.text()

    field.clear()
    type_into(qtbot, field, groups[2].lower())  # case doesn't matter
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.completed, timeout=WAIT_MS):
        press_enter(qtbot, wizard)
    assert not wizard.isVisible()
    assert wizard.key_page.view.key == ""  # the key is wiped from the widgets

    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
    assert ops.is_open
    ops.close()
    qtbot.waitUntil(lambda: not ops.is_open, timeout=WAIT_MS)
    slots = KeySlots.load(paths.key_slots)
    assert slots.has(SLOT_PASSPHRASE) and slots.has(SLOT_RECOVERY)
    assert not slots.has(SLOT_KEYRING)
    Journal.open(paths, Unlock(passphrase=NEW_PASSPHRASE, use_keyring=False)).close()
    Journal.open(paths, Unlock(recovery_key=key, use_keyring=False)).close()


def test_keyring_way_needs_no_passphrase(
    qtbot: QtBot, wizard: SetupWizard, paths: JournalPaths, ops: Operations
) -> None:
    to_method_page(qtbot, wizard)
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    key = create_and_reach_confirm(qtbot, wizard)
    assert wizard.method.keyring_used
    type_into(qtbot, wizard.confirm_page.confirm.field, recovery.groups_of(key)[2])
    with qtbot.waitSignal(wizard.completed, timeout=WAIT_MS):
        press_enter(qtbot, wizard)
    ops.close()
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
    slots = KeySlots.load(paths.key_slots)
    assert slots.has(SLOT_KEYRING) and not slots.has(SLOT_PASSPHRASE)
    Journal.open(paths, Unlock()).close()  # the keyring alone opens it


def test_a_short_passphrase_is_refused_with_words(qtbot: QtBot, wizard: SetupWizard) -> None:
    to_method_page(qtbot, wizard)
    fields = wizard.method.fields
    type_into(qtbot, fields.first, "short")
    type_into(qtbot, fields.second, "short")
    assert "Too short" in fields.strength.text()
    assert fields.meter.value() == 0
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


def test_no_keyring_means_the_passphrase_way(
    qtbot: QtBot, ops: Operations, paths: JournalPaths
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        wizard = SetupWizard(ops, confirm_group=1)
        qtbot.addWidget(wizard)
        wizard.show()
        to_method_page(qtbot, wizard)
        method = wizard.method
        assert not method.use_keyring.isEnabled()
        assert not method.use_keyring.isChecked()
        assert "isn't available" in method.keyring_note.text()
        commit = wizard.button(QWizard.WizardButton.CommitButton)
        assert not commit.isEnabled()
        type_into(qtbot, method.fields.first, NEW_PASSPHRASE)
        type_into(qtbot, method.fields.second, NEW_PASSPHRASE)
        assert commit.isEnabled()
        key = create_and_reach_confirm(qtbot, wizard)
        type_into(qtbot, wizard.confirm_page.confirm.field, recovery.groups_of(key)[0])
        with qtbot.waitSignal(wizard.completed, timeout=WAIT_MS):
            press_enter(qtbot, wizard)
        ops.close()
        qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)
        with pytest.raises(NoUnlockMethod):  # no keyring slot was made
            Journal.open(paths, Unlock())
        with pytest.raises(WrongPassphrase):
            Journal.open(paths, Unlock(passphrase="not it at all", use_keyring=False))
        Journal.open(paths, Unlock(passphrase=NEW_PASSPHRASE, use_keyring=False)).close()
    finally:
        keyring.set_keyring(previous)


def test_cancel_before_creating_leaves_nothing(
    qtbot: QtBot, wizard: SetupWizard, paths: JournalPaths
) -> None:
    to_method_page(qtbot, wizard)
    with qtbot.waitSignal(wizard.rejected, timeout=WAIT_MS):
        qtbot.keyClick(wizard.method.use_keyring, Qt.Key.Key_Escape)
    assert not paths.database.exists() and not paths.key_slots.exists()


def test_recovery_key_saved_as_pdf_and_copied_as_secret(
    qtbot: QtBot, wizard: SetupWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, view = key_page(qtbot, wizard)
    target = tmp_path / "my key"
    monkeypatch.setattr(view, "_ask_pdf_path", lambda: str(target))

    qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    assert saved.is_file()
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    for group in recovery.groups_of(key):
        assert group in text
    assert "my key.pdf" in view.status.text()

    from PySide6.QtGui import QGuiApplication

    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == key
    assert bytes(mime.data("x-kde-passwordManagerHint").data()) == b"secret"
    view.clear()  # as on Finish: our secret leaves the clipboard
    assert QGuiApplication.clipboard().text() == ""


def test_strength_grows_with_length_and_variety() -> None:
    assert passphrase_strength("abc") == 0
    assert passphrase_strength("password") <= 1
    assert passphrase_strength("abcdefgh") <= 1
    assert passphrase_strength("aaaaaaaaaaaaaaaa") <= 1
    assert passphrase_strength("sunshine beach") < passphrase_strength("marble harbour")
    assert passphrase_strength("marble harbour") >= 2
    assert passphrase_strength("kettle on the windowsill") >= 3
    assert passphrase_strength("Kettle on the windowsill, 7 swans!") == 4


def test_print_sends_the_key_page_to_the_printer(
    qtbot: QtBot, wizard: SetupWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    key, view = key_page(qtbot, wizard)
    target = tmp_path / "printed.pdf"

    def choose_printer(printer: QPrinter) -> bool:  # the person picks a PDF printer
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(view, "_ask_print", choose_printer)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert all(group in text for group in recovery.groups_of(key))
    assert "printer" in view.status.text()

    monkeypatch.setattr(view, "_ask_print", lambda _printer: False)  # cancelled
    target.unlink()
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    assert not target.exists()
