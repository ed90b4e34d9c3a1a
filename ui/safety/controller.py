"""One per main window: backups, restoring, the journal check and old entries.

The file choosers are the methods tests replace: ``ask_backup_target``,
``ask_restore_file``, ``ask_offsite_folder`` and ``ask_check_file``. Restoring
closes the journal (after every page has kept its draft), swaps the backup in on
the worker, then opens the journal again and has the window reload every page, so
nothing from before the restore stays on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from journal.errors import JournalError
from journal.session import Unlock
from ui.kit.lifetime import if_alive
from ui.operations import Operations
from ui.safety.common import ask_backup_file, documents_folder
from ui.safety.services import SETTINGS_TAB

if TYPE_CHECKING:
    from ui.host import Window
    from ui.safety.restore_dialog import RestoreDialog
    from ui.safety.verify_dialog import VerifyDialog

CONTROLLER_NAME = "safety_controller"


class SafetyController(QObject):
    def __init__(
        self, ops: Operations, window: Window | None = None, parent: QObject | None = None
    ) -> None:
        if parent is None and window is not None:
            parent = window.widget()
        super().__init__(parent)
        self.setObjectName(CONTROLLER_NAME)
        self.ops = ops
        self.window = window
        self.restore_dialog: RestoreDialog | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.check_dialog: QDialog | None = None
        if window is not None:
            window.locked.connect(self._on_locked)

    @classmethod
    def for_widget(cls, ops: Operations, host: QWidget | None, owner: QObject) -> SafetyController:
        """The main window's controller when ``host`` is that window; otherwise a local one."""
        if host is not None:
            found = host.findChild(SafetyController, CONTROLLER_NAME)
            if found is not None:
                return found
        return cls(ops, None, owner)

    # -- the outside world (tests replace these) ---------------------------------------------

    def ask_backup_target(self, parent: QWidget | None) -> Path | None:
        """Where to save a backup the person makes by hand."""
        name = self.tr("Practitioner Journal backup {date}.pjbackup").format(
            date=QDate.currentDate().toString("yyyy-MM-dd")
        )
        chosen, _ = QFileDialog.getSaveFileName(
            parent,
            self.tr("Save a backup"),
            str(Path(documents_folder()) / name),
            self.tr("Journal backups (*.pjbackup)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix == ".pjbackup" else path.with_name(path.name + ".pjbackup")

    def ask_restore_file(self, parent: QWidget | None) -> Path | None:
        """Which backup file to restore."""
        return ask_backup_file(parent, self.tr("Choose a backup to restore"))

    def ask_offsite_folder(self, parent: QWidget | None) -> Path | None:
        """A folder off this laptop: a synced folder, a network drive or a USB stick."""
        chosen = QFileDialog.getExistingDirectory(
            parent, self.tr("Choose a folder off this laptop"), str(Path.home())
        )
        return Path(chosen) if chosen else None

    def ask_check_file(self, parent: QWidget | None) -> Path | None:
        """Which backup file to check."""
        return ask_backup_file(parent, self.tr("Choose a backup to check"))

    # -- actions --------------------------------------------------------------------------------

    def _owner(self, parent: QWidget | None) -> QWidget | None:
        """The parent for a dialog: the one asked for, else the main window."""
        if isinstance(parent, QWidget):
            return parent
        return self.window.widget() if self.window is not None else None

    def check_backup(self, path: Path | None = None, parent: QWidget | None = None) -> None:
        """Check a backup without restoring it (choose the file unless given)."""
        if self.locked:
            return
        owner = self._owner(parent)
        if path is None:
            path = self.ask_check_file(owner)
            if path is None:
                return
        from ui.safety.check_dialog import CheckBackupDialog

        dialog = CheckBackupDialog(self, path, owner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.check_dialog = dialog
        dialog.open()
        dialog.start()

    @property
    def locked(self) -> bool:
        return self.window is not None and bool(self.window.is_locked)

    def show_backups(self) -> None:
        """Settings, on the backups tab."""
        window = self.window
        if window is None or window.is_locked:
            return
        window.open_settings()
        dialog = window.settings_dialog
        tabs = getattr(dialog, "tabs", None)
        if tabs is None:
            return
        for index in range(tabs.count()):
            if tabs.widget(index).objectName() == SETTINGS_TAB:
                tabs.setCurrentIndex(index)

    def verify(self, parent: QWidget | None = None) -> None:
        """Check the journal on the worker and say calmly what was found."""
        if self.locked:
            return
        dialog = self.verify_dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return
        from ui.safety.verify_dialog import VerifyDialog

        owner = self._owner(parent)
        dialog = VerifyDialog(self, owner)
        self.guard(dialog)
        self.verify_dialog = dialog
        dialog.open()
        dialog.start()

    def check_older_copy(self) -> None:
        """Once unlocked: an older copy put back is said plainly, with the ways forward
        (the journal check's dialog offers restoring the newest backup or keeping it)."""
        self.ops.submit(
            lambda journal: journal.rollback_notice,
            if_alive(self, lambda notice: self.verify() if notice else None),
        )

    def restore(self, path: Path | str | None = None, parent: QWidget | None = None) -> None:
        """Restore a backup: choose it (unless given), check it, confirm, swap it in."""
        if self.locked:
            return
        current = self.restore_dialog
        if current is not None and shiboken6.isValid(current) and current.isVisible():
            current.raise_()
            return
        if path is None:
            path = self.ask_restore_file(self._owner(parent))
            if path is None:
                return
        self._close_other_dialogs()
        from ui.safety.restore_dialog import RestoreDialog

        owner = self.window.widget() if self.window is not None else parent
        dialog = RestoreDialog(self, Path(path), owner)
        self.guard(dialog)
        self.restore_dialog = dialog
        dialog.open()
        dialog.start()

    def guard(self, dialog: QDialog) -> None:
        """Ctrl+L locks from inside ``dialog`` too."""
        if self.window is not None:
            self.window.add_lock_shortcut(dialog)

    def _close_other_dialogs(self) -> None:
        """Restoring replaces what settings and the check were showing: close them first."""
        verify = self.verify_dialog
        if verify is not None and shiboken6.isValid(verify):
            verify.reject()
        self.verify_dialog = None
        settings = self.window.settings_dialog if self.window is not None else None
        if settings is not None and shiboken6.isValid(settings):
            settings.reject()

    # -- closing and reopening around a restore ------------------------------------------------

    def suspend(self, on_closed: Callable[[], None]) -> None:
        """Keep every page's draft, then close the journal (the window stays as it is)."""
        if self.window is not None:
            for page in self.window.journal_pages:
                page.prepare_lock()
        self.ops.close(if_alive(self, lambda _none: on_closed()))

    def resume(self, unlock: Unlock | None, on_open: Callable[[], None], note: str) -> None:
        """Open the journal again and reload every page.

        If it can't be opened with ``unlock`` (or there is none), the window locks and
        ``note`` says why, so the person unlocks it the usual way.
        """
        if self.locked:
            return  # locked meanwhile: the unlock screen opens it
        if unlock is None:
            self._lock_window()
            self.tell(note)
            return

        def opened(_none: None) -> None:
            if self.locked:
                self.ops.close()
                return
            self.refresh_window()
            on_open()

        def failed(_error: JournalError) -> None:
            self._lock_window()
            self.tell(note)

        self.ops.open(unlock, if_alive(self, opened), if_alive(self, failed))

    def tell(self, text: str) -> None:
        if self.window is not None and text:
            self.window.inform(text)

    def refresh_window(self) -> None:
        window = self.window
        if window is None:
            return
        for page in window.journal_pages:
            page.clear()
        window.enter_unlocked()

    def _lock_window(self) -> None:
        window = self.window
        if window is None or window.is_locked:
            return
        window.lock()

    def _on_locked(self) -> None:
        """Locking closes these dialogs; a checked backup waiting to be swapped in is let go."""
        verify = self.verify_dialog
        if verify is not None and shiboken6.isValid(verify):
            verify.clear()
            verify.reject()
        self.verify_dialog = None
        check = self.check_dialog
        if check is not None and shiboken6.isValid(check):
            check.reject()
        self.check_dialog = None
        restore = self.restore_dialog
        if restore is not None and shiboken6.isValid(restore):
            let_go = restore.abandon()
            if let_go and self.window is not None:
                # The unlock screen looked while the staged copy held the journal's lock.
                self.window.unlock_screen.start(auto_keyring=False)
        self.restore_dialog = None
