"""The set-up wizard's other road: "I have a backup" (a new computer).

Three pages after the welcome page:

1. Choose the backup file and type its recovery key (or the passphrase the journal
   had), with the unlock screen's per-group typo help. The journal is restored
   from the backup, checked, and opened.
2. Choose how it unlocks on this computer: the computer login and/or a passphrase.
   The old computer's password-store entry means nothing here, so it is replaced
   or removed.
3. Offered a new recovery key (recommended when the old laptop was lost or stolen),
   confirmed the same way as when a journal is created.

``RestorePath`` is all the wizard needs: it adds the button and the pages, and says
where "Next" goes and whether "Finish" may finish.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from journal.errors import JournalError, RecoveryKeyTypo
from journal.keys import SLOT_KEYRING, SLOT_PASSPHRASE, KeyringAccess
from journal.session import Journal, Unlock
from ui import theme
from ui.kit.columns import column
from ui.kit.key_fields import (
    PassphraseFields,
    RecoveryConfirm,
    RecoveryKeyView,
    group_span,
    recovery_key_field,
)
from ui.kit.lifetime import if_alive
from ui.kit.plain_text import paragraph
from ui.kit.wizard_page import WorkingPage
from ui.operations import Operations
from ui.safety.common import ask_backup_file
from ui.safety.offsite_jobs import unlock_for

FILE_PAGE_ID = 100
METHOD_PAGE_ID = 101
NEW_KEY_PAGE_ID = 102


def restore_into(paths_root: Path, source: Path, unlock: Unlock) -> int:
    """Create the journal from ``source`` in an empty data folder. Returns its entries."""
    from journal import backup
    from journal.paths import JournalPaths

    result = backup.restore(JournalPaths(paths_root), source, unlock)
    return result.entries


def apply_unlock_choice(journal: Journal, use_keyring: bool, passphrase: str | None) -> bool:
    """How the restored journal unlocks here. Returns whether the password store took the key."""
    if passphrase is not None:
        journal.change_passphrase(passphrase)
    keyring_used = False
    if use_keyring:
        try:
            journal.enable_keyring(KeyringAccess())
            keyring_used = True
        except JournalError:
            keyring_used = False
    stale = not keyring_used and journal.slots.has(SLOT_KEYRING)
    if stale and journal.slots.has(SLOT_PASSPHRASE):
        # The old computer's entry: this password store can't know it.
        journal.slots.remove(SLOT_KEYRING)
        journal.slots.save(journal.paths.key_slots)
    return keyring_used


class BackupFilePage(WorkingPage):
    """Which backup, and its recovery key. Restores and opens the journal when left."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(
            ops, parent, "restore_file_page", self.tr("Bring your journal back from a backup")
        )
        self._commit_with(self.tr("&Restore my journal"))
        self.source: Path | None = None
        self.restored = False
        self.entries = 0

        intro = paragraph(
            self.tr(
                "Choose the backup file (a .pjbackup file, from your off-laptop folder, a USB "
                "stick or your work's shared drive), then type your recovery key. The journal "
                "is checked before it is used."
            ),
            self,
            "restore_file_intro",
        )
        self.file_label = paragraph(self.tr("No file chosen yet."), self, "restore_file_name")
        self.choose = QPushButton(self.tr("C&hoose the backup file…"), self)
        self.choose.setObjectName("restore_choose_file")
        self.choose.setAccessibleName(self.tr("Choose the backup file"))
        file_row = QHBoxLayout()
        file_row.setSpacing(theme.SPACING)
        file_row.addWidget(self.choose)
        file_row.addWidget(self.file_label, 1)
        self.key_label = QLabel(
            self.tr("Recovery &key (8 groups of 5, dashes optional), or the passphrase it had"),
            self,
        )
        self.key_label.setWordWrap(True)
        self.key = recovery_key_field(self, "restore_recovery_key", self.tr("Recovery key"))
        self.key_label.setBuddy(self.key)
        self.status = paragraph("", self, "restore_status")
        self.status.setAccessibleName(self.tr("Restore status"))

        column(self, intro, file_row, theme.SPACING, self.key_label, self.key, self.status)

        self.choose.clicked.connect(self._choose)
        self.key.textChanged.connect(lambda _t: self.completeChanged.emit())

    def ask_file(self) -> Path | None:
        """The person's choice of file (tests replace this)."""
        return ask_backup_file(self, self.tr("Choose your backup"))

    def _choose(self) -> None:
        from journal.backup import BackupInfo, read_info
        from ui.safety.common import when

        path = self.ask_file()
        if path is None:
            return
        self.source = path
        self.status.setText("")
        self.file_label.setText(path.name)

        def described(info: BackupInfo) -> None:
            self.file_label.setText(
                self.tr("“{name}”, made {when}").format(name=path.name, when=when(info.created_at))
            )

        def refused(error: JournalError) -> None:
            self.source = None
            self.file_label.setText(self.tr("No file chosen yet."))
            self.status.setText(error.message)
            self.completeChanged.emit()

        self.ops.submit_background(
            lambda: read_info(path), if_alive(self, described), if_alive(self, refused)
        )
        self.completeChanged.emit()
        self.key.setFocus(Qt.FocusReason.OtherFocusReason)

    def isComplete(self) -> bool:
        if self.restored:
            return True
        return not self._working and self.source is not None and bool(self.key.text().strip())

    def validatePage(self) -> bool:
        if self.restored:
            return True
        if not self.isComplete() or self.source is None:
            return False
        self._working = True
        self.completeChanged.emit()
        self.status.setText(self.tr("Unpacking and checking your backup…"))
        source = self.source
        unlock = unlock_for(self.key.text())
        root = self.ops.paths.root
        self.ops.submit_background(
            lambda: restore_into(root, source, unlock),
            if_alive(self, lambda entries: self._restored(entries, unlock)),
            if_alive(self, self._failed),
        )
        return False

    def _restored(self, entries: int, unlock: Unlock) -> None:
        self.entries = entries
        self.status.setText(self.tr("Opening your journal…"))
        self.ops.open(unlock, if_alive(self, self._opened), if_alive(self, self._failed))

    def _opened(self, _none: None) -> None:
        self.restored = True
        self.key.clear()
        self.status.setText(self.tr("Your journal is back, with every entry checked."))
        self._advance()

    def _failed(self, error: JournalError) -> None:
        super()._failed(error)
        if isinstance(error, RecoveryKeyTypo) and error.group:
            span = group_span(self.key.text(), error.group)
            if span is not None:
                self.key.setFocus(Qt.FocusReason.OtherFocusReason)
                self.key.setSelection(span[0], span[1] - span[0])


class RestoreMethodPage(WorkingPage):
    """How the restored journal unlocks on this computer."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(
            ops, parent, "restore_method_page", self.tr("How you'll unlock it on this computer")
        )
        self._commit_with(self.tr("&Use this"))
        self.keyring_available: bool | None = None
        self.keyring_used = False
        self.done = False
        self.use_keyring = QCheckBox(self.tr("Unlock with my computer &login"), self)
        self.use_keyring.setObjectName("restore_use_keyring")
        self.use_keyring.setAccessibleName(self.tr("Unlock with my computer login"))
        self.use_keyring.setEnabled(False)
        self.note = paragraph(
            self.tr(
                "A new passphrase is optional when you use your computer login; leave it empty "
                "to keep the passphrase the journal had."
            ),
            self,
            "restore_method_note",
        )
        self.fields = PassphraseFields(self, prefix="restore_")
        self.status = paragraph("", self, "restore_method_status")
        column(self, self.use_keyring, self.note, self.fields, self.status)
        self.use_keyring.toggled.connect(lambda _on: self.completeChanged.emit())
        self.fields.changed.connect(self.completeChanged.emit)

    def initializePage(self) -> None:
        if self.keyring_available is None:
            self._check_keyring(self._keyring_checked)

    def _keyring_checked(self, available: bool) -> None:
        self.keyring_available = available
        self.use_keyring.setEnabled(available)
        self.use_keyring.setChecked(available)
        if not available:
            self.note.setText(
                self.tr(
                    "Your computer's password store isn't available here. Choose a passphrase "
                    "you'll remember; you'll type it to unlock."
                )
            )
        self.completeChanged.emit()
        (self.use_keyring if available else self.fields.first).setFocus()

    def isComplete(self) -> bool:
        if self.done:
            return True
        if self._working or self.keyring_available is None:
            return False
        if self.use_keyring.isChecked():
            return self.fields.is_empty() or self.fields.is_acceptable()
        return self.fields.is_acceptable()

    def validatePage(self) -> bool:
        if self.done:
            return True
        if not self.isComplete():
            return False
        self._working = True
        self.completeChanged.emit()
        use_keyring = self.use_keyring.isChecked()
        passphrase = self.fields.passphrase()
        self.ops.submit(
            lambda j: apply_unlock_choice(j, use_keyring, passphrase),
            if_alive(self, self._applied),
            if_alive(self, self._failed),
        )
        return False

    def _applied(self, keyring_used: bool) -> None:
        self.done = True
        self.keyring_used = keyring_used
        self.fields.clear()
        self._advance()


class NewKeyPage(WorkingPage):
    """A new recovery key, offered; confirmed like the first one when it is made."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent, "restore_new_key_page", self.tr("A new recovery key?"))
        self.new_key: str | None = None
        self.intro = paragraph(
            self.tr(
                "Your recovery key still opens this journal. If the old computer was lost or "
                "stolen, or someone else may have seen the key, make a new one: the old key then "
                "stops opening this journal (backups made before keep their old key)."
            ),
            self,
            "new_key_intro",
        )
        self.make = QPushButton(self.tr("&Make a new recovery key"), self)
        self.make.setObjectName("make_new_recovery_key")
        self.make.setAccessibleName(self.tr("Make a new recovery key"))
        self.view = RecoveryKeyView(self)
        self.view.hide()
        self.confirm = RecoveryConfirm(self)
        self.confirm.hide()
        self.status = paragraph("", self, "new_key_status")
        layout = column(self, self.intro, self.make, self.view, self.confirm, self.status)
        layout.setAlignment(self.make, Qt.AlignmentFlag.AlignLeft)
        self.make.clicked.connect(self._make)
        self.confirm.confirmed_changed.connect(lambda _ok: self.completeChanged.emit())

    def nextId(self) -> int:
        return -1

    def _make(self) -> None:
        self.make.setEnabled(False)
        self.ops.submit(
            lambda j: j.new_recovery_key(), if_alive(self, self._made), if_alive(self, self._failed)
        )

    def _made(self, key: str) -> None:
        self.new_key = key
        self.make.hide()
        self.intro.setText(
            self.tr(
                "This is your new recovery key. It is shown only now: print it, or save it and "
                "keep the copy somewhere safe, away from this computer. The old key no longer "
                "opens this journal."
            )
        )
        self.view.set_key(key)
        self.view.show()
        self.confirm.set_key(key)
        self.confirm.show()
        self.completeChanged.emit()
        self.confirm.field.setFocus()

    def _failed(self, error: JournalError) -> None:
        self.make.setEnabled(True)
        self.status.setText(error.message)

    def isComplete(self) -> bool:
        return self.new_key is None or self.confirm.confirmed

    def clear(self) -> None:
        self.view.clear()
        self.confirm.clear()
        self.new_key = None


class RestorePath:
    """The hook the set-up wizard calls: the button on the welcome page and the pages."""

    def __init__(self, wizard: QWizard, welcome: QWizardPage, ops: Operations) -> None:
        self.wizard = wizard
        self.chosen = False
        self.file_page = BackupFilePage(ops, wizard)
        self.method_page = RestoreMethodPage(ops, wizard)
        self.key_page = NewKeyPage(ops, wizard)
        wizard.setPage(FILE_PAGE_ID, self.file_page)
        wizard.setPage(METHOD_PAGE_ID, self.method_page)
        wizard.setPage(NEW_KEY_PAGE_ID, self.key_page)
        self.button = QPushButton(wizard.tr("I &have a backup…"), welcome)
        self.button.setObjectName("have_backup")
        self.button.setAccessibleName(wizard.tr("I have a backup"))
        self.button.setAutoDefault(False)  # Enter on the welcome page still means "Next"
        note = paragraph(
            wizard.tr(
                "New computer? If you have a backup of your journal, bring it back instead of "
                "starting a new one."
            ),
            welcome,
            "have_backup_note",
        )
        layout = welcome.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, note)
        layout.insertWidget(layout.count() - 1, self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.button.clicked.connect(self._start)
        wizard.currentIdChanged.connect(self._moved)

    def _moved(self, page_id: int) -> None:
        if page_id == self.wizard.startId():
            self.chosen = False  # back on the welcome page: "Next" starts a new journal

    def _start(self) -> None:
        self.chosen = True
        self.wizard.next()

    def next_id(self, default: int) -> int:
        current = self.wizard.currentId()
        if current == self.wizard.startId() and self.chosen:
            return FILE_PAGE_ID
        if current == FILE_PAGE_ID:
            return METHOD_PAGE_ID
        if current == METHOD_PAGE_ID:
            return NEW_KEY_PAGE_ID
        if current == NEW_KEY_PAGE_ID or default >= FILE_PAGE_ID:
            return -1  # the new journal's pages end where they always did
        return default

    @property
    def restored(self) -> bool:
        return self.file_page.restored

    def may_finish(self) -> bool:
        return (
            self.restored
            and self.method_page.done
            and self.wizard.currentId() == NEW_KEY_PAGE_ID
            and self.key_page.isComplete()
        )

    def blocks_cancel(self) -> bool:
        """A new recovery key was made but not yet confirmed: it must not be lost."""
        if self.key_page.new_key is None or self.key_page.confirm.confirmed:
            return False
        self.key_page.status.setText(
            self.wizard.tr(
                "Please confirm your new recovery key first. The old one no longer opens this "
                "journal, so without the new one a forgotten passphrase would lock you out."
            )
        )
        return True

    def clear(self) -> None:
        self.key_page.clear()
