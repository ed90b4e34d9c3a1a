"""On the unlock screen: the journal is damaged, so offer the newest good backup by name.

The damaged files are never deleted: restoring puts them aside in the data folder
(the core does that) before the backup is moved in. Once restored, the unlock screen
opens the journal with the same computer login, passphrase or recovery key.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.backup import BackupInfo, RestoreResult
from journal.errors import JournalError, RecoveryKeyTypo, UnlockError
from journal.session import Unlock
from ui import theme
from ui.kit.columns import field_with_buttons
from ui.kit.lifetime import if_alive
from ui.operations import Operations
from ui.safety.common import ask_backup_file, paragraph, push_button, when


def damage_message() -> str:
    """What the unlock screen says first when the journal's files are damaged."""
    return QCoreApplication.translate(
        "DamageOffer",
        "Your journal's files are damaged, so it can't be opened. They have been left exactly "
        "as they were, and restoring a backup keeps them aside, never deleted.",
    )


class DamageOffer(QWidget):
    """The way out of a damaged journal: restore the newest good backup, or one from a file."""

    working = Signal(bool)  # a restore is running: the unlock screen shows it is busy
    restored = Signal(object, str)  # the Unlock and how it was given: open the journal with it

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("damage_offer")
        self.good: BackupInfo | None = None
        self._unlock: Unlock | None = None
        self._how = ""
        s = theme.SPACING
        self.text = paragraph("", self, "damage_text")
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restore_good_backup")
        self.restore_button.hide()
        self.file_button = push_button(
            self.tr("Restore from a backup &file…"), self, "restore_backup_file"
        )
        self.problem = paragraph("", self, "damage_problem")
        self.problem.hide()
        # A backup of another journal opens with that journal's recovery key.
        self.key_box = QWidget(self)
        self.key_label = QLabel(
            self.tr("Recovery &key of the journal the backup came from"), self.key_box
        )
        self.key_field = QLineEdit(self.key_box)
        self.key_field.setObjectName("damage_recovery_key")
        self.key_field.setAccessibleName(self.tr("Recovery key of the backup's journal"))
        self.key_field.setPlaceholderText("ABCDE-FGHJK-…")
        self.key_label.setBuddy(self.key_field)
        self.key_button = push_button(
            self.tr("Restore with this key"),
            self.key_box,
            "damage_restore_with_key",
            accessible=self.tr("Restore with this recovery key"),
        )
        field_with_buttons(self.key_box, self.key_label, self.key_field, self.key_button)
        self.key_box.hide()
        self._pending: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(s)
        centre = Qt.AlignmentFlag.AlignHCenter
        for label in (self.text, self.problem):
            label.setAlignment(centre)  # like the unlock screen's own message
        layout.addWidget(self.text)
        layout.addWidget(self.restore_button, 0, centre)
        layout.addWidget(self.file_button, 0, centre)
        layout.addWidget(self.problem)
        layout.addWidget(self.key_box)
        self.restore_button.clicked.connect(self._restore_good)
        self.file_button.clicked.connect(self._restore_file)
        self.key_button.clicked.connect(self._restore_with_key)
        self.key_field.returnPressed.connect(self._restore_with_key)
        self.key_field.textChanged.connect(self._key_typed)
        self.hide()

    # -- the outside world (tests replace this) ------------------------------------------------

    def ask_backup_file(self) -> Path | None:
        return ask_backup_file(self, self.tr("Choose a backup to restore"))

    # -- offering -------------------------------------------------------------------------------

    def offer(self, error: JournalError, unlock: Unlock, how: str) -> None:
        """Opening failed because the journal is damaged: say what can be done."""
        self.ops.forget(self)
        self._unlock, self._how = unlock, how
        self.good = None
        self._hide_problem()
        self.restore_button.hide()
        good = getattr(error, "good_backup", None)
        self.file_button.setText(self.tr("Restore from a backup &file…"))
        if good is None:
            self._no_good_backup()
        else:
            self.text.setText(self.tr("Looking at your newest good backup…"))
            from journal.backup import read_info

            path = Path(good)
            self.ops.submit_background(
                lambda: read_info(path),
                self._described,
                lambda _error: self._no_good_backup(),
                owner=self,
            )
        self._set_enabled(True)
        self.show()

    def _no_good_backup(self) -> None:
        self.text.setText(
            self.tr(
                "There is no automatic backup that passes its checks. If you saved a backup "
                "somewhere else, you can restore it from that file. Otherwise leave the data "
                "folder as it is and ask for help."
            )
        )

    def _described(self, info: BackupInfo) -> None:
        self.good = info
        made = when(info.created_at)
        self.text.setText(
            self.tr("Your newest backup that passes its checks is from {when}.").format(when=made)
        )
        self.restore_button.setText(self.tr("Restore the backup from {when}").format(when=made))
        self.restore_button.setAccessibleName(self.restore_button.text())
        self.restore_button.show()
        self.file_button.setText(self.tr("Restore from another backup &file…"))
        self.file_button.setAccessibleName(self.tr("Restore from another backup file"))
        self.restore_button.setFocus()

    def withdraw(self) -> None:
        """Another attempt, or the journal opened: forget what was offered."""
        self.ops.forget(self)
        self._unlock = None
        self._how = ""
        self.good = None
        self.text.clear()
        self._hide_problem()
        self.hide()

    # -- restoring ------------------------------------------------------------------------------

    def _restore_good(self) -> None:
        if self.good is not None:
            self._restore(self.good.path)

    def _restore_file(self) -> None:
        path = self.ask_backup_file()
        if path is not None:
            self._restore(path)

    def _restore_with_key(self) -> None:
        text = self.key_field.text()
        path = self._pending
        if not text.strip() or path is None:
            return
        self.key_field.clear()
        self._restore(path, Unlock(recovery_key=text, use_keyring=False), "recovery")

    def _key_typed(self) -> None:
        self.key_button.setEnabled(
            bool(self.key_field.text().strip()) and self.file_button.isEnabled()
        )

    def _hide_problem(self) -> None:
        self.problem.clear()
        self.problem.hide()
        self.key_field.clear()
        self.key_box.hide()
        self._pending = None

    def _set_enabled(self, enabled: bool) -> None:
        self.restore_button.setEnabled(enabled)
        self.file_button.setEnabled(enabled)
        self.key_field.setEnabled(enabled)
        self._key_typed()

    def _restore(self, path: Path, unlock: Unlock | None = None, how: str = "") -> None:
        from journal.backup import restore

        if unlock is None:
            unlock, how = self._unlock, self._how
        if unlock is None:
            return
        paths = self.ops.paths
        self._hide_problem()
        self._pending = path
        self._set_enabled(False)
        self.working.emit(True)

        def done(_result: RestoreResult) -> None:
            self.working.emit(False)
            self.withdraw()
            self.restored.emit(unlock, how)  # opens the journal through the unlock screen

        self.ops.submit_background(
            lambda: restore(paths, path, unlock), if_alive(self, done), if_alive(self, self._failed)
        )

    def _failed(self, error: JournalError) -> None:
        self._set_enabled(True)
        self.working.emit(False)
        if isinstance(error, UnlockError):
            if isinstance(error, RecoveryKeyTypo):
                text = error.message
            else:
                text = self.tr(
                    "That backup doesn't open with what you used to unlock, so it may come from "
                    "another journal. Nothing was changed. Type the recovery key of the journal "
                    "it came from."
                )
            self.key_box.show()
            self.key_field.setFocus()
        else:
            text = error.message
            self._pending = None
        self.problem.setText(text)
        self.problem.show()
