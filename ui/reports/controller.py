"""One per main window: opens the reports dialogs and keeps the follow-up notice up to date.

"Send to manager" and "Report this to your manager now" are the one click
(``one_click.py``); "Choose what goes in…" opens the full wizard (``send_dialog.py``).
Drafts with the report attached go through the core's mailer; ``open_url`` (the file
manager, reminder emails) and ``choose_folder`` (the folder picker) are what tests replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ui.kit.clipboard import SecretClipboard
from ui.kit.lifetime import if_alive
from ui.operations import Change
from ui.reports.services import EXPORT_LOG_CHANGED, log_change

if TYPE_CHECKING:
    from ui.host import Window
    from ui.reports.export_log import ExportLogDialog
    from ui.reports.followup import FollowUpNotice
    from ui.reports.jobs import FollowUp
    from ui.reports.one_click import OneClickDialog
    from ui.reports.send_dialog import SendDialog


def _raised(dialog: QDialog | None) -> bool:
    """Bring ``dialog`` to the front if it is still open; whether it was."""
    if dialog is None or not shiboken6.isValid(dialog):
        return False
    dialog.raise_()
    dialog.activateWindow()
    return True


class ReportsController(QObject):
    def __init__(self, window: Window) -> None:
        super().__init__(window.widget())
        self.setObjectName("reports_controller")
        self.window = window
        self.ops = window.ops
        self.clipboard = SecretClipboard(self)
        self.send_dialog: SendDialog | None = None
        self.one_click_dialog: OneClickDialog | None = None
        self.log_dialog: ExportLogDialog | None = None
        self._notice: FollowUpNotice | None = None
        self._dismissed: set[str] = set()  # follow-ups put off until the next unlock
        window.unlocked.connect(self.check_followups)
        window.locked.connect(self.clear)
        window.supervision_mode_changed.connect(self._supervision_changed)
        self.ops.changed.connect(self._changed)
        # Closing the app stops an export, as locking does.
        window.widget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.clear()
        return False

    # -- the outside world (tests replace these) ---------------------------------------------

    def open_url(self, url: QUrl) -> bool:
        """Open a ``mailto:`` link in the email program, or a folder in the file manager."""
        return QDesktopServices.openUrl(url)

    def choose_folder(self, parent: QWidget, start: Path) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(
            parent, self.tr("Choose where to save the report"), str(start)
        )
        return Path(chosen) if chosen else None

    def default_folder(self) -> Path:
        """A "Reports" folder in the person's Documents."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents or Path.home()) / self.tr("Reports")

    # -- actions ------------------------------------------------------------------------------

    def send_to_manager(self) -> None:
        """The one click: what is new since the last report, to the manager."""
        self._one_click(None)

    def report_now(self, entry_id: str) -> None:
        """The one click for one incident."""
        self._one_click(entry_id)

    def choose_what_goes_in(self, entry_id: str | None = None) -> None:
        """The full wizard: period, entries, names to replace, other kinds of file."""
        self._open_send(entry_id)

    def _one_click(self, entry_id: str | None) -> None:
        if self.window.is_locked:
            return
        if any(_raised(d) for d in (self.one_click_dialog, self.send_dialog)):
            return
        from ui.reports.one_click import OneClickDialog

        self._open(
            "one_click_dialog", OneClickDialog(self, entry_id=entry_id, parent=self.window.widget())
        )

    def _open_send(self, entry_id: str | None) -> None:
        if self.window.is_locked:
            return
        dialog = self.send_dialog
        if dialog is not None and shiboken6.isValid(dialog):
            if dialog.busy or entry_id is None:
                _raised(dialog)
                return
            dialog.discard()
        from ui.reports.send_dialog import SendDialog

        self._open("send_dialog", SendDialog(self, entry_id=entry_id, parent=self.window.widget()))

    def show_export_log(self, parent: QWidget | None = None) -> None:
        if self.window.is_locked or _raised(self.log_dialog):
            return
        from ui.reports.export_log import ExportLogDialog

        owner = parent if isinstance(parent, QWidget) else self.window.widget()
        self._open("log_dialog", ExportLogDialog(self, parent=owner))

    def _open(self, attribute: str, dialog: QDialog) -> None:
        """Open ``dialog`` (Ctrl+L locks from it too) and keep it as ``self.<attribute>``
        until it closes: there is one of each at a time."""
        dialog.finished.connect(lambda _result: self._closed(attribute, dialog))
        self.window.add_lock_shortcut(dialog)
        setattr(self, attribute, dialog)
        dialog.open()

    def _closed(self, attribute: str, dialog: QDialog) -> None:
        if getattr(self, attribute) is dialog:
            setattr(self, attribute, None)

    # -- follow-ups -----------------------------------------------------------------------

    @property
    def notice(self) -> FollowUpNotice:
        if self._notice is None:
            from ui.reports.followup import FollowUpNotice

            self._notice = FollowUpNotice(self)
            self.window.add_notice(self._notice)
        return self._notice

    def check_followups(self) -> None:
        """Ask the journal whether a threat report is waiting for the manager's reply."""
        if self.window.is_locked or not self.ops.is_open:
            return
        from ui.reports.jobs import due_followup

        self.ops.submit(due_followup, if_alive(self, self._followup_loaded), lambda _e: None)

    def _followup_loaded(self, due: FollowUp | None) -> None:
        if self.window.is_locked:
            return
        if due is None or due.export_id in self._dismissed or self.window.supervision_mode:
            if self._notice is not None:
                self._notice.dismiss()
            return
        self.notice.show_followup(due)

    def dismiss_followup(self, export_id: str) -> None:
        """ "Not now": leave it until the journal is next unlocked."""
        self._dismissed.add(export_id)

    def acknowledge(self, export_id: str) -> None:
        from ui.reports.jobs import acknowledge

        self.ops.submit(
            lambda j: acknowledge(j, export_id, True),
            None,
            if_alive(self, self._failed),
            change=log_change(),
        )

    def send_reminder(self, due: FollowUp) -> None:
        from ui.reports.followup import reminder_url
        from ui.reports.jobs import note_reminder

        if not self.open_url(reminder_url(due)):
            self.window.inform(
                self.tr(
                    "Your email program didn't open. Write to {email} to ask whether your "
                    "report arrived."
                ).format(email=due.recipient_email)
            )
        self.ops.submit(
            lambda j: note_reminder(j, due.export_id),
            None,
            if_alive(self, self._failed),
            change=log_change(),
        )

    def _failed(self, error: Any) -> None:
        from ui.operations import NotOpen

        if not isinstance(error, NotOpen):
            self.window.show_error(error)

    def _changed(self, change: Change) -> None:
        if change.settings or change.extra.get(EXPORT_LOG_CHANGED):
            self.check_followups()  # after a report, an acknowledgement, or new follow-up days
        if change.extra.get(EXPORT_LOG_CHANGED):
            dialog = self.log_dialog
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.reload()

    def _supervision_changed(self, on: bool) -> None:
        if on:
            if self._notice is not None:
                self._notice.dismiss()
        else:
            self.check_followups()

    # -- locking --------------------------------------------------------------------------

    def clear(self) -> None:
        """On lock: stop any export, close the dialogs, and forget everything they showed."""
        self._dismissed.clear()
        self.clipboard.clear()
        if self._notice is not None:
            self._notice.dismiss()
        dialog = self.send_dialog
        self.send_dialog = None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.discard()
        one = self.one_click_dialog
        self.one_click_dialog = None
        if one is not None and shiboken6.isValid(one):
            one.discard()
        log = self.log_dialog
        self.log_dialog = None
        if log is not None and shiboken6.isValid(log):
            log.discard()
