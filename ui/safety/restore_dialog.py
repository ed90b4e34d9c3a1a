"""Restoring a backup while the journal is open, one calm step at a time.

1. Read what the backup file says about itself (the journal stays open).
2. If the computer login can't vouch for it, ask for the passphrase or recovery key.
3. Close the journal and check the backup beside it (``prepare_restore``: unpacked,
   unlocked and verified; nothing is changed yet).
4. Say what it holds against what the journal holds now, and ask.
5. Swap it in on the worker, open the journal again and reload the window.

Cancelling at step 4 leaves the journal exactly as it was and opens it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError, RecoveryKeyTypo, UnlockError
from journal.session import Unlock
from ui import theme
from ui.kit.lifetime import alive, if_alive
from ui.safety.common import (
    BusyBar,
    dialog_column,
    entries_text,
    paragraph,
    push_button,
    size_text,
    when,
)
from ui.safety.dialog_frame import SafetyDialog
from ui.safety.jobs import RestoreProbe, check_unlock, pin, probe_restore, unpin

if TYPE_CHECKING:
    from journal.backup import PreparedRestore, RestoreResult
    from journal.paths import JournalPaths
    from journal.session import Journal
    from ui.safety.services import SafetyServices

_BUSY = {"probing", "checking", "preparing", "restoring", "discarding"}


class RestoreDialog(SafetyDialog):
    restored = Signal(object)  # RestoreResult, once the journal is open again

    def __init__(
        self, controller: SafetyServices, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            controller,
            parent,
            "restore_dialog",
            self.tr("Restore from a backup"),
            "restore_heading",
        )
        self.path = path
        self.state = "new"
        self.probe: RestoreProbe | None = None
        self.prepared: PreparedRestore | None = None
        self.pinned: Path | None = None
        self.restore_result: RestoreResult | None = None
        self.closed_for_good = False
        self._restore_unlock: Unlock | None = None
        self._reopen_unlock: Unlock | None = None
        s = theme.SPACING
        self.summary = paragraph("", self, "restore_summary")
        self.details = paragraph("", self, "restore_details")

        self.credentials = QWidget(self)
        self.credentials.setObjectName("restore_credentials")
        self.credentials_note = paragraph("", self.credentials, "restore_credentials_note")
        self.use_passphrase = QRadioButton(self.tr("&Passphrase"), self.credentials)
        self.use_passphrase.setObjectName("restore_use_passphrase")
        self.use_passphrase.setAccessibleName(self.tr("Type a passphrase"))
        self.use_recovery = QRadioButton(self.tr("&Recovery key"), self.credentials)
        self.use_recovery.setObjectName("restore_use_recovery_key")
        self.use_recovery.setAccessibleName(self.tr("Type a recovery key"))
        self.use_passphrase.setChecked(True)
        self.secret = QLineEdit(self.credentials)
        self.secret.setObjectName("restore_secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(self.tr("Passphrase"))
        choice = QHBoxLayout()
        choice.setSpacing(2 * s)
        choice.addWidget(self.use_passphrase)
        choice.addWidget(self.use_recovery)
        choice.addStretch(1)
        box = QVBoxLayout(self.credentials)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(s)
        box.addWidget(self.credentials_note)
        box.addLayout(choice)
        box.addWidget(self.secret)
        self.credentials.hide()

        self.busy = BusyBar(self, "restore_busy")
        self.message = paragraph("", self, "restore_message")
        self.message.hide()

        self.buttons = QDialogButtonBox(self)
        self.go_button = push_button(self.tr("Check this backup"), self, "restore_go")
        self.go_button.setDefault(True)
        self.cancel_button = push_button(self.tr("Cancel"), self, "restore_cancel")
        self.buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.go_button.hide()  # after addButton, which shows it

        column = [self.heading, self.summary, self.details, self.credentials, self.busy]
        dialog_column(self, [*column, self.message], self.buttons)

        self.go_button.clicked.connect(self._go)
        self.cancel_button.clicked.connect(self.reject)
        self.secret.textChanged.connect(self._update_go)
        self.secret.returnPressed.connect(self._go)
        self.use_passphrase.toggled.connect(self._kind_changed)

    # -- state -----------------------------------------------------------------------------

    @property
    def busy_now(self) -> bool:
        return self.state in _BUSY

    def _set_state(self, state: str, busy_text: str = "") -> None:
        self.state = state
        for label in (self.summary, self.details):
            label.setVisible(bool(label.text()))
        if busy_text:
            self.busy.start(busy_text)
        else:
            self.busy.stop()
        asking = state == "ask"
        self.credentials.setVisible(asking)
        self.go_button.setVisible(state in {"ask", "confirm"})
        self.go_button.setText(
            self.tr("Restore this backup") if state == "confirm" else self.tr("Check this backup")
        )
        self.go_button.setAccessibleName(self.go_button.text())
        self.go_button.setDefault(asking)
        self.cancel_button.setDefault(not asking)
        finished = state in {"done", "failed"}
        self.cancel_button.setText(self.tr("Close") if finished else self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.cancel_button.text())
        self.cancel_button.setEnabled(not self.busy_now or state == "probing")
        self._update_go()
        if asking:
            self.secret.setFocus(Qt.FocusReason.OtherFocusReason)
        elif state == "confirm":
            self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _update_go(self) -> None:
        if self.state == "ask":
            self.go_button.setEnabled(bool(self.secret.text().strip()))
        else:
            self.go_button.setEnabled(self.state == "confirm")

    def _kind_changed(self, passphrase: bool) -> None:
        self.secret.clear()
        self.secret.setEchoMode(
            QLineEdit.EchoMode.Password if passphrase else QLineEdit.EchoMode.Normal
        )
        self.secret.setAccessibleName(
            self.tr("Passphrase") if passphrase else self.tr("Recovery key")
        )
        self.secret.setPlaceholderText("" if passphrase else "ABCDE-FGHJK-…")

    def _go(self) -> None:
        if self.state == "ask":
            self._check()
        elif self.state == "confirm":
            self._restore()

    # -- 1. what the file says -------------------------------------------------------------

    def start(self) -> None:
        self._set_state("probing", self.tr("Reading the backup…"))
        path = self.path

        def job(j: Journal) -> tuple[RestoreProbe, Path]:
            probe = probe_restore(j, path)
            # Held under a second name before the journal closes: closing may rotate it away.
            return probe, pin(j.paths, path)

        def done(result: tuple[RestoreProbe, Path]) -> None:
            probe, pinned = result
            if not alive(self):
                self.ops.submit_background(lambda: unpin(paths, pinned))
                return
            self.pinned = pinned
            self._probed(probe)

        paths = self.ops.paths
        self.ops.submit(job, done, if_alive(self, self._probe_failed))

    def _probed(self, probe: RestoreProbe) -> None:
        self.probe = probe
        info = probe.info
        made = self.tr("This backup was made on {when} ({size}).").format(
            when=when(info.created_at), size=size_text(info.size)
        )
        if probe.same_journal:
            self.summary.setText(made + " " + self.tr("It is a backup of this journal."))
        else:
            self.summary.setText(
                made + " " + self.tr("It comes from a different journal from the one open now.")
            )
        if probe.same_journal and probe.keyring:
            self._restore_unlock = Unlock(use_keyring=True)
            self._reopen_unlock = Unlock(use_keyring=True)
            self._prepare()
            return
        if probe.same_journal:
            self.credentials_note.setText(
                self.tr("To restore it, type your passphrase or your recovery key.")
            )
        else:
            self.credentials_note.setText(
                self.tr(
                    "It opens with the recovery key of the journal it came from, or with the "
                    "passphrase that journal had when the backup was made. Type one of them."
                )
            )
        self._set_state("ask")

    def _probe_failed(self, error: JournalError) -> None:
        self._say(error.message)
        self._set_state("failed")

    # -- 2. what the person typed -----------------------------------------------------------

    def _typed_unlock(self) -> Unlock | None:
        text = self.secret.text()
        if not text.strip():
            return None
        self.secret.clear()
        if self.use_passphrase.isChecked():
            return Unlock(passphrase=text, use_keyring=False)
        return Unlock(recovery_key=text, use_keyring=False)

    def _check(self) -> None:
        probe = self.probe
        unlock = self._typed_unlock()
        if probe is None or unlock is None:
            return
        self._say("")
        if not probe.same_journal:
            self._restore_unlock = unlock
            self._reopen_unlock = Unlock(use_keyring=True) if probe.keyring else None
            self._prepare()
            return
        self._set_state("checking", self.tr("Checking what you typed…"))

        def accepted(_none: None) -> None:
            self._restore_unlock = unlock
            self._reopen_unlock = unlock
            self._prepare()

        self.ops.submit(
            lambda j: check_unlock(j, unlock),
            if_alive(self, accepted),
            if_alive(self, self._typed_refused),
        )

    def _typed_refused(self, error: JournalError) -> None:
        self._say(error.message)
        self._set_state("ask")

    # -- 3. close the journal and check the backup beside it -----------------------------------

    def _prepare(self) -> None:
        self._say("")
        self._set_state(
            "preparing",
            self.tr("Checking the backup. Your journal is closed while this runs…"),
        )
        self.controller.suspend(self._closed)

    def _closed(self) -> None:
        from journal.backup import prepare_restore

        paths = self.ops.paths
        source = self.pinned or self.path
        unlock = self._restore_unlock or Unlock()

        def done(prepared: PreparedRestore) -> None:
            if not shiboken6.isValid(self) or self.closed_for_good:
                # Locked or closed meanwhile: let the staged copy go, and the journal's lock.
                self.ops.submit_background(lambda: _let_go(prepared, paths, source))
                return
            self._prepared(prepared)

        self.ops.submit_background(
            lambda: prepare_restore(paths, source, unlock),
            done,
            if_alive(self, self._prepare_failed),
        )

    def _prepared(self, prepared: PreparedRestore) -> None:
        self.prepared = prepared
        probe = self.probe
        current = prepared.current_entries
        if current is None and probe is not None:
            current = probe.current_entries
        made = when(prepared.backup.created_at)
        holds = self.tr("The backup from {when} holds {entries}.").format(
            when=made, entries=entries_text(prepared.entries)
        )
        now = (
            self.tr("Your journal holds {entries} now.").format(entries=entries_text(current))
            if current is not None
            else ""
        )
        self.summary.setText(" ".join(t for t in (holds, now) if t))
        self.details.setText(
            self.tr(
                "Restoring replaces your journal with this backup, so anything you added or "
                "changed after {when} won't be in it. Your journal as it is now is kept aside "
                "in the data folder, not deleted."
            ).format(when=made)
        )
        self._set_state("confirm")

    def _prepare_failed(self, error: JournalError) -> None:
        if isinstance(error, UnlockError) and not isinstance(error, RecoveryKeyTypo):
            text = self.tr(
                "This backup doesn't open with what you typed. Use the recovery key of the "
                "journal it came from, or the passphrase it had when the backup was made. "
                "Nothing was changed."
            )
            self._say(text)
            self._set_state("ask")
        else:
            text = error.message
            self._say(text)
            self._set_state("failed")
        self.controller.resume(
            self._reopen_unlock,
            lambda: None,
            text + " " + self.tr("Unlock your journal to carry on."),
        )

    # -- 4 and 5. confirm, swap in, open again -------------------------------------------------

    def _restore(self) -> None:
        prepared, pinned = self.prepared, self.pinned or self.path
        if prepared is None:
            return
        self.prepared = None
        self.pinned = None
        paths = self.ops.paths
        self._set_state("restoring", self.tr("Restoring the backup. Please keep the app open…"))

        def job() -> RestoreResult:
            try:
                return prepared.commit()
            finally:
                unpin(paths, pinned)

        self.ops.submit_background(
            job, if_alive(self, self._committed), if_alive(self, self._commit_failed)
        )

    def _committed(self, result: RestoreResult) -> None:
        self.restore_result = result
        self.controller.resume(
            self._restore_unlock,
            self._reopened,
            self.tr(
                "Your backup from {when} was restored. Unlock your journal to carry on."
            ).format(when=when(result.backup.created_at)),
        )

    def _commit_failed(self, error: JournalError) -> None:
        self._say(error.message)
        self._set_state("failed")
        self.controller.resume(
            self._reopen_unlock,
            lambda: None,
            error.message + " " + self.tr("Unlock your journal to carry on."),
        )

    def _reopened(self) -> None:
        result = self.restore_result
        if result is None:
            return
        self.summary.setText(
            self.tr("Restored the backup from {when}: {entries}.").format(
                when=when(result.backup.created_at), entries=entries_text(result.entries)
            )
        )
        details = self.tr(
            "Your journal as it was before is kept in the data folder, in the folder "
            "“before-restore”."
        )
        if not result.same_journal:
            details += " " + self.tr(
                "From now on it unlocks with the passphrase or recovery key it had when the "
                "backup was made."
            )
        self.details.setText(details)
        self._forget()
        self._set_state("done")
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.restored.emit(result)

    # -- leaving ---------------------------------------------------------------------------

    def _cancel_prepared(self) -> None:
        prepared, pinned = self.prepared, self.pinned or self.path
        self.prepared = None
        self.pinned = None
        if prepared is None:
            return
        paths = self.ops.paths
        self._set_state("discarding", self.tr("Leaving your journal as it was…"))
        self.ops.submit_background(lambda: _let_go(prepared, paths, pinned))
        self.controller.resume(
            self._reopen_unlock,
            lambda: self._close_now() if alive(self) else None,
            self.tr("Nothing was changed. Unlock your journal to carry on."),
        )

    def _close_now(self) -> None:
        self._forget()
        self._unpin()
        super().reject()

    def _unpin(self) -> None:
        pinned, self.pinned = self.pinned, None
        if pinned is not None:
            paths = self.ops.paths
            self.ops.submit_background(lambda: unpin(paths, pinned))

    def reject(self) -> None:
        if self.state == "confirm":
            self._cancel_prepared()
            return
        if self.busy_now and self.state != "probing":
            return  # the journal is closed for this step; it finishes on its own
        self._forget()
        self._unpin()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy_now and self.state != "probing":
            event.ignore()
            return
        super().closeEvent(event)

    def abandon(self) -> bool:
        """The window locked: close at once. True when a checked backup was let go."""
        self.closed_for_good = True
        prepared = self.prepared
        self.prepared = None
        let_go = False
        if prepared is not None:
            paths, pinned = self.ops.paths, self.pinned or self.path
            self.pinned = None
            self.ops.submit_background(lambda: _let_go(prepared, paths, pinned))
            let_go = True
        self._unpin()
        self.clear()
        super().reject()
        return let_go

    def _forget(self) -> None:
        self._restore_unlock = None
        self._reopen_unlock = None
        self.secret.clear()

    def clear(self) -> None:
        self._forget()
        self.summary.clear()
        self.details.clear()
        self._say("")


def _let_go(prepared: PreparedRestore, paths: JournalPaths, pinned: Path) -> None:
    prepared.discard()
    unpin(paths, pinned)
