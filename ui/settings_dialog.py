"""Settings: when to lock, who your manager is, and how the journal unlocks.

Everything is kept inside the encrypted journal and read and written on the worker.
Changing the passphrase can give the journal a new key as well (the default, and what
to do when someone may know the old passphrase), so the old passphrase and recovery
key open nothing; without it only the key is rewrapped (quick on a large journal).
A new recovery key always comes with a new database key. Either way the new recovery
key is shown and confirmed like at set-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from journal import queries, usecases
from journal.errors import JournalError
from journal.export.settings import ReportSettings
from journal.idle_lock import (
    DEFAULT_LOCK_MINUTES,
    MAX_LOCK_MINUTES,
    MIN_LOCK_MINUTES,
)
from journal.keys import SLOT_KEYRING, SLOT_PASSPHRASE, KeyringAccess
from journal.rekey import RekeyResult
from journal.session import Journal
from journal.usecases import Changes
from ui import theme
from ui.kit.columns import button_row, column
from ui.kit.key_fields import PassphraseFields, RecoveryConfirm, RecoveryKeyView
from ui.kit.lifetime import if_alive
from ui.kit.named_widgets import box_button, check_box, line_edit, push_button
from ui.kit.plain_text import bold_label, paragraph
from ui.operations import Operations

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


MIN_FOLLOWUP_DAYS = 1
MAX_FOLLOWUP_DAYS = 60


@dataclass(frozen=True)
class StoredSettings:
    lock_after_minutes: int
    report: ReportSettings  # who reports go to: the same settings the command line uses
    has_keyring: bool
    has_passphrase: bool


def _load(journal: Journal) -> StoredSettings:
    return StoredSettings(
        queries.lock_after_minutes(journal),
        queries.report_settings(journal),
        journal.slots.has(SLOT_KEYRING),
        journal.slots.has(SLOT_PASSPHRASE),
    )


class RecoveryKeyDialog(QDialog):
    """A new recovery key, shown once; closes only after one group is typed back."""

    def __init__(self, key: str, parent: QWidget | None = None, group: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_key_dialog")
        self.setWindowTitle(self.tr("Your new recovery key"))
        self.setModal(True)
        intro = paragraph(
            self.tr(
                "Your old recovery key no longer works. This new one is shown only now: print "
                "it or save it, and keep the copy somewhere safe, away from this computer."
            ),
            self,
            "recovery_dialog_intro",
        )
        self.view = RecoveryKeyView(self)
        self.view.set_key(key)
        self.confirm = RecoveryConfirm(self, group)
        self.confirm.set_key(key)
        self.refusal = paragraph("", self, "recovery_dialog_refusal")
        self.buttons = QDialogButtonBox(self)
        self.done_button = box_button(
            self.buttons,
            self.tr("&Done"),
            QDialogButtonBox.ButtonRole.AcceptRole,
            "recovery_done",
            self.tr("Done"),
        )
        self.done_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.confirm.confirmed_changed.connect(self.done_button.setEnabled)
        s = theme.SPACING
        column(
            self,
            intro,
            self.view,
            self.confirm,
            self.refusal,
            self.buttons,
            spacing=2 * s,
            margins=3 * s,
        )

    def accept(self) -> None:
        if not self.confirm.confirmed:
            return
        self.clear()
        super().accept()

    def reject(self) -> None:
        if self.confirm.confirmed:
            self.accept()
            return
        self.refusal.setText(
            self.tr("Please confirm your new recovery key first: type the group asked for above.")
        )
        self.confirm.field.setFocus()

    def clear(self) -> None:
        self.view.clear()
        self.confirm.clear()

    def force_close(self) -> None:
        """Closed by locking: the key is wiped from the window either way."""
        self.clear()
        super().reject()


class SettingsDialog(QDialog):
    lock_requested = Signal()  # Ctrl+L in the recovery-key dialog over this one
    rekey_progress = Signal(int, int, str)  # emitted on the worker, shown on the UI thread

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setModal(True)
        self.stored: StoredSettings | None = None
        self.keyring_available: bool | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None
        s = theme.SPACING

        general = self._build_general_tab()
        security = self._build_security_tab()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settings_tabs")
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(security, self.tr("Unlocking"))
        self.tabs.setAccessibleName(self.tr("Settings sections"))
        from ui.safety.settings import add_settings_tabs  # backups, restore, old entries

        self.safety_tabs = add_settings_tabs(self.tabs, ops, parent, self)

        self._build_buttons()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2 * s, 2 * s, 2 * s, 2 * s)
        layout.setSpacing(s)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(70 * s, 60 * s)

        self.passphrase_fields.changed.connect(self._passphrase_changed)
        self.change_button.clicked.connect(self.change_passphrase)
        self.keyring_button.clicked.connect(self.enable_keyring)
        self.recovery_button.clicked.connect(self.new_recovery_key)
        self.rekey_progress.connect(self._show_rekey_progress)
        self.manager_email.textChanged.connect(self._check_email)
        self.reload()

    # -- building -------------------------------------------------------------------------

    def _build_general_tab(self) -> QWidget:
        """General: locking and your manager."""
        s = theme.SPACING
        general = QWidget(self)
        self.lock_minutes = QSpinBox(general)
        self.lock_minutes.setObjectName("lock_minutes")
        self.lock_minutes.setRange(MIN_LOCK_MINUTES, MAX_LOCK_MINUTES)
        self.lock_minutes.setValue(DEFAULT_LOCK_MINUTES)
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.lock_minutes.setAccessibleName(self.tr("Lock after this many minutes without use"))
        self.practitioner_name = line_edit(
            general, "practitioner_name", self.tr("Your name on reports")
        )
        self.manager_name = line_edit(general, "manager_name", self.tr("Manager's name"))
        self.manager_email = line_edit(
            general, "manager_email", self.tr("Manager's email"), self.tr("name@example.org")
        )
        self.email_note = paragraph("", general, "manager_email_note")
        self.followup_days = QSpinBox(general)
        self.followup_days.setObjectName("followup_days")
        self.followup_days.setRange(MIN_FOLLOWUP_DAYS, MAX_FOLLOWUP_DAYS)
        self.followup_days.setValue(ReportSettings().followup_days)
        self.followup_days.setSuffix(self.tr(" days"))
        self.followup_days.setMaximumWidth(14 * s)
        self.followup_days.setAccessibleName(
            self.tr("Offer to follow up a threat report after this many days")
        )
        self.lock_minutes.setMaximumWidth(14 * s)
        lock_label = QLabel(self.tr("&Lock after"), general)
        lock_label.setBuddy(self.lock_minutes)
        lock_row = button_row(
            lock_label, self.lock_minutes, QLabel(self.tr("without use."), general)
        )
        form = QFormLayout()
        form.setHorizontalSpacing(2 * s)
        form.setVerticalSpacing(s)
        form.addRow(self.tr("&Your name:"), self.practitioner_name)
        form.addRow(self.tr("Manager's &name:"), self.manager_name)
        form.addRow(self.tr("Manager's &email:"), self.manager_email)
        form.addRow("", self.email_note)
        form.addRow(self.tr("&Follow up after:"), self.followup_days)
        gen = QVBoxLayout(general)
        gen.setContentsMargins(2 * s, 2 * s, 2 * s, 2 * s)
        gen.setSpacing(s)
        gen.addWidget(bold_label(self.tr("Locking"), general))
        gen.addLayout(lock_row)
        gen.addWidget(
            paragraph(self.tr("You can also lock at any time with Ctrl+L."), general, "lock_note")
        )
        gen.addSpacing(2 * s)
        gen.addWidget(bold_label(self.tr("Your manager"), general))
        gen.addWidget(
            paragraph(
                self.tr(
                    "Used when you send your manager a report. Kept inside your journal. "
                    "If your manager hasn't acknowledged a report with a threat after the "
                    "days you set, you'll be offered a reminder."
                ),
                general,
                "manager_intro",
            )
        )
        gen.addLayout(form)
        gen.addStretch(1)
        return general

    def _build_security_tab(self) -> QWidget:
        """Unlocking: passphrase, computer login, recovery key."""
        s = theme.SPACING
        security = QWidget(self)
        self.passphrase_heading = paragraph(
            self.tr("Change your passphrase"), security, "passphrase_heading"
        )
        self.passphrase_fields = PassphraseFields(security, prefix="new_")
        self.change_button = push_button(
            self.tr("C&hange passphrase"), security, "change_passphrase"
        )
        self.change_button.setEnabled(False)
        self.rekey_check = check_box(
            self.tr("&Someone may know my old passphrase: give the journal a new key too"),
            security,
            "rekey_check",
            self.tr("Give the journal a new key too"),
        )
        self.rekey_check.setChecked(True)
        self.rekey_note = paragraph(
            self.tr(
                "Then your old passphrase and recovery key open nothing, not even older "
                "backups in the journal's folder, and you get a new recovery key. It takes "
                "longer on a large journal."
            ),
            security,
            "rekey_note",
        )
        self.rekey_bar = QProgressBar(security)
        self.rekey_bar.setObjectName("rekey_progress")
        self.rekey_bar.setAccessibleName(self.tr("Progress of the key change"))
        self.rekey_bar.setVisible(False)
        self.passphrase_status = paragraph("", security, "passphrase_status")
        self.keyring_status = paragraph(
            self.tr("Checking your computer's password store…"), security, "keyring_status"
        )
        self.keyring_button = push_button(
            self.tr("&Turn on unlock with my computer login"), security, "enable_keyring"
        )
        self.keyring_button.setEnabled(False)
        self.recovery_note = paragraph(
            self.tr("Lost your recovery key? Make a new one; the old one stops working."),
            security,
            "recovery_note",
        )
        self.recovery_button = push_button(
            self.tr("Make a new &recovery key…"), security, "new_recovery_key"
        )
        self.recovery_button.setEnabled(False)
        sec = QVBoxLayout(security)
        sec.setContentsMargins(2 * s, 2 * s, 2 * s, 2 * s)
        sec.setSpacing(s)
        bold = self.passphrase_heading.font()
        bold.setBold(True)
        self.passphrase_heading.setFont(bold)
        sec.addWidget(self.passphrase_heading)
        sec.addWidget(self.passphrase_fields)
        sec.addWidget(self.rekey_check)
        sec.addWidget(self.rekey_note)
        sec.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignLeft)
        sec.addWidget(self.rekey_bar)
        sec.addWidget(self.passphrase_status)
        sec.addSpacing(s)
        login_heading = paragraph(
            self.tr("Unlock with your computer login"), security, "keyring_heading"
        )
        login_heading.setFont(bold)
        sec.addWidget(login_heading)
        sec.addWidget(self.keyring_status)
        sec.addWidget(self.keyring_button, 0, Qt.AlignmentFlag.AlignLeft)
        sec.addSpacing(s)
        recovery_heading = paragraph(self.tr("Recovery key"), security, "recovery_heading")
        recovery_heading.setFont(bold)
        sec.addWidget(recovery_heading)
        sec.addWidget(self.recovery_note)
        sec.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)
        sec.addStretch(1)
        return security

    def _build_buttons(self) -> None:
        """Save and Close, and the status line above them."""
        self.buttons = QDialogButtonBox(self)
        self.save_button = box_button(
            self.buttons,
            self.tr("&Save"),
            QDialogButtonBox.ButtonRole.AcceptRole,
            "save_settings",
            self.tr("Save settings"),
        )
        self.save_button.setEnabled(False)
        self.close_button = box_button(
            self.buttons,
            self.tr("Close"),
            QDialogButtonBox.ButtonRole.RejectRole,
            "close_settings",
            self.tr("Close without saving"),
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.status = paragraph("", self, "settings_status")

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        self.ops.submit(_load, if_alive(self, self._loaded), if_alive(self, self._failed))
        self.ops.submit_background(
            lambda: KeyringAccess().available(),
            if_alive(self, self._keyring_checked),
            if_alive(self, self._failed),
        )

    def _loaded(self, stored: StoredSettings) -> None:
        self.stored = stored
        self.lock_minutes.setValue(stored.lock_after_minutes)
        self.practitioner_name.setText(stored.report.practitioner_name)
        self.manager_name.setText(stored.report.manager_name)
        self.manager_email.setText(stored.report.manager_email)
        self.followup_days.setValue(stored.report.followup_days)
        self.save_button.setEnabled(True)
        self.recovery_button.setEnabled(True)
        self.passphrase_heading.setText(
            self.tr("Change your passphrase")
            if stored.has_passphrase
            else self.tr("Set a passphrase")
        )
        self.change_button.setText(
            self.tr("C&hange passphrase") if stored.has_passphrase else self.tr("Set &passphrase")
        )
        self._describe_keyring()
        self._passphrase_changed()

    def _keyring_checked(self, available: bool) -> None:
        self.keyring_available = available
        self._describe_keyring()

    def _describe_keyring(self) -> None:
        stored = self.stored
        if stored is None or self.keyring_available is None:
            return
        if stored.has_keyring:
            text = self.tr("On. The journal opens by itself when you are logged in.")
            enabled = False
        elif self.keyring_available:
            text = self.tr("Off. Turn it on to open the journal without typing your passphrase.")
            enabled = True
        else:
            text = self.tr(
                "Your computer's password store isn't available here, so this can't be turned on."
            )
            enabled = False
        self.keyring_status.setText(text)
        self.keyring_button.setVisible(not stored.has_keyring)
        self.keyring_button.setEnabled(enabled)

    def _failed(self, error: JournalError) -> None:
        self.status.setText(error.message)

    # -- general ---------------------------------------------------------------------------

    def _check_email(self) -> bool:
        text = self.manager_email.text().strip()
        ok = not text or bool(_EMAIL.match(text))
        self.email_note.setText(
            "" if ok else self.tr("That doesn't look like an email address yet.")
        )
        return ok

    def save(self) -> None:
        if self.stored is None:
            return
        if not self._check_email():
            self.tabs.setCurrentIndex(0)
            self.manager_email.setFocus()
            return
        minutes = self.lock_minutes.value()
        report = ReportSettings(
            practitioner_name=self.practitioner_name.text().strip(),
            manager_name=self.manager_name.text().strip(),
            manager_email=self.manager_email.text().strip(),
            followup_days=self.followup_days.value(),
        )

        self.save_button.setEnabled(False)
        self.ops.submit(
            lambda j: usecases.save_settings(j, lock_after_minutes=minutes, report=report),
            if_alive(self, self._saved),
            if_alive(self, self._save_failed),
        )

    def _saved(self, _changes: Changes) -> None:
        self.accept()

    def _save_failed(self, error: JournalError) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(error.message)

    # -- passphrase ------------------------------------------------------------------------

    def _passphrase_changed(self) -> None:
        self.change_button.setEnabled(
            self.stored is not None and self.passphrase_fields.is_acceptable()
        )

    def change_passphrase(self) -> None:
        passphrase = self.passphrase_fields.passphrase()
        if passphrase is None:
            return
        self.passphrase_fields.clear()
        self.change_button.setEnabled(False)
        self.passphrase_status.setText(self.tr("Changing your passphrase…"))
        if self.rekey_check.isChecked():
            from journal.rekey import rekey

            self.rekey_bar.setValue(0)
            self.rekey_bar.setVisible(True)
            progress = self.rekey_progress.emit
            self.ops.submit(
                lambda j: rekey(j, passphrase, progress=progress),
                if_alive(self, self._rekeyed),
                if_alive(self, self._passphrase_failed),
            )
            return
        self.ops.submit(
            lambda j: j.change_passphrase(passphrase),
            self._passphrase_done,
            self._passphrase_failed,
        )

    def _show_rekey_progress(self, done: int, total: int, text: str) -> None:
        self.rekey_bar.setMaximum(max(total, 1))
        self.rekey_bar.setValue(done)
        self.passphrase_status.setText(text)

    def _rekeyed(self, result: RekeyResult) -> None:
        self.rekey_bar.setVisible(False)
        self.passphrase_status.setText(
            self.tr(
                "Your passphrase has been changed and the journal has a new key: the old "
                "passphrase and recovery key open nothing now. Use the new passphrase from now on."
            )
            + " "
            + result.describe()
        )
        self._show_recovery_key(result.recovery_key)
        if self.stored is not None and not self.stored.has_passphrase:
            self.ops.submit(_load, if_alive(self, self._loaded), if_alive(self, self._failed))

    def _passphrase_done(self, _none: None) -> None:
        self.passphrase_status.setText(
            self.tr("Your passphrase has been changed. Use the new one from now on.")
        )
        if self.stored is not None and not self.stored.has_passphrase:
            self.ops.submit(_load, if_alive(self, self._loaded), if_alive(self, self._failed))

    def _passphrase_failed(self, error: JournalError) -> None:
        self.rekey_bar.setVisible(False)
        self.passphrase_status.setText(error.message)
        self._passphrase_changed()

    # -- computer login ------------------------------------------------------------------

    def enable_keyring(self) -> None:
        self.keyring_button.setEnabled(False)
        self.keyring_status.setText(self.tr("Turning it on…"))
        self.ops.submit(
            lambda j: j.enable_keyring(),
            if_alive(self, self._keyring_enabled),
            if_alive(self, self._keyring_failed),
        )

    def _keyring_enabled(self, _none: None) -> None:
        self.ops.submit(_load, if_alive(self, self._loaded), if_alive(self, self._failed))

    def _keyring_failed(self, error: JournalError) -> None:
        self.keyring_status.setText(error.message)
        self.keyring_button.setEnabled(bool(self.keyring_available))

    # -- recovery key ----------------------------------------------------------------------

    def _confirm(self, text: str) -> bool:
        """Ask yes or no (tests replace this method)."""
        answer = QMessageBox.question(
            self,
            self.tr("Make a new recovery key?"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_passphrase(self) -> str | None:
        """The current passphrase, typed again (tests replace this method)."""
        text, ok = QInputDialog.getText(
            self,
            self.tr("Your passphrase"),
            self.tr("Type your passphrase: the journal's new key is locked with it as well."),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def new_recovery_key(self) -> None:
        if not self._confirm(
            self.tr(
                "Your current recovery key will stop working, and you'll see a new one to "
                "keep instead. The journal also gets a new key, so the old recovery key "
                "opens nothing, not even older backups. Carry on?"
            )
        ):
            return
        passphrase: str | None = None
        if self.stored is not None and self.stored.has_passphrase:
            passphrase = self._ask_passphrase()
            if passphrase is None:
                return
        from journal.rekey import new_recovery_key

        self.recovery_button.setEnabled(False)
        self.recovery_note.setText(self.tr("Giving the journal a new key…"))
        progress = self.rekey_progress.emit
        self.ops.submit(
            lambda j: new_recovery_key(j, passphrase, progress=progress),
            if_alive(self, lambda result: self._show_recovery_key(result.recovery_key)),
            if_alive(self, self._recovery_failed),
        )

    def _show_recovery_key(self, key: str) -> None:
        self.recovery_button.setEnabled(True)
        dialog = RecoveryKeyDialog(key, self)
        lock = QShortcut(QKeySequence("Ctrl+L"), dialog)
        lock.activated.connect(self.lock_requested)
        self.recovery_dialog = dialog
        dialog.finished.connect(self._recovery_closed)
        dialog.open()

    def _recovery_closed(self, _result: int) -> None:
        if self.recovery_dialog is not None:
            self.recovery_dialog.deleteLater()
            self.recovery_dialog = None
        self.recovery_note.setText(self.tr("Your new recovery key is confirmed. Keep it safe."))

    def _recovery_failed(self, error: JournalError) -> None:
        self.recovery_button.setEnabled(True)
        self.recovery_note.setText(error.message)

    # -- locking ------------------------------------------------------------------------------

    def clear(self) -> None:
        """On lock: wipe everything read from the journal or typed here."""
        self.closed_for_good = True
        if self.recovery_dialog is not None:
            self.recovery_dialog.force_close()
            self.recovery_dialog = None
        for tab in self.safety_tabs:
            tab.clear()
        self.passphrase_fields.clear()
        self.practitioner_name.clear()
        self.manager_name.clear()
        self.manager_email.clear()
        self.stored = None

    def done(self, result: int) -> None:
        self.passphrase_fields.clear()
        super().done(result)
