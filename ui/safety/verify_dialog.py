"""Checking the journal: the file is whole and nothing was changed outside the app.

The check runs on the worker (it reads every page and every saved version). It ends
with either how much was checked, or what is wrong and which backup to restore.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QWidget,
)

from journal.errors import JournalError
from ui.kit.lifetime import if_alive
from ui.safety.common import (
    BusyBar,
    dialog_column,
    entries_text,
    paragraph,
    push_button,
    when,
)
from ui.safety.dialog_frame import ProblemsList, SafetyDialog
from ui.safety.jobs import VerifyOutcome, run_verify

if TYPE_CHECKING:
    from journal.backup import BackupInfo
    from ui.safety.services import SafetyServices


class VerifyDialog(SafetyDialog):
    def __init__(self, controller: SafetyServices, parent: QWidget | None = None) -> None:
        super().__init__(
            controller, parent, "verify_dialog", self.tr("Check your journal"), "verify_heading"
        )
        self.outcome: VerifyOutcome | None = None
        self.good_backup: BackupInfo | None = None
        self.summary = paragraph(
            self.tr(
                "This makes sure the journal file is whole and that nothing in it was changed "
                "outside the app. It reads every entry, so it can take a little while."
            ),
            self,
            "verify_summary",
        )
        self.busy = BusyBar(self, "verify_busy")
        self.problems = ProblemsList(self, "verify_problems")
        # Room for a few wrapped findings at once; more scroll.
        self.problems.setMinimumHeight(
            6 * self.problems.fontMetrics().lineSpacing() + 2 * self.problems.frameWidth()
        )
        self.advice = paragraph("", self, "verify_advice")
        self.advice.hide()

        self.buttons = QDialogButtonBox(self)
        self.restore_button = push_button(self.tr("Restore this backup…"), self, "verify_restore")
        self.keep_button = push_button(
            self.tr("&Keep this copy"),
            self,
            "verify_keep_copy",
            accessible=self.tr("Keep this older copy of the journal"),
        )
        self.close_button = push_button(self.tr("Close"), self, "verify_close")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.hide()  # after addButton, which shows it
        self.keep_button.hide()

        dialog_column(
            self, [self.heading, self.summary, self.busy, self.problems, self.advice], self.buttons
        )

        self.close_button.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self._restore)
        self.keep_button.clicked.connect(self._keep_copy)

    @property
    def running(self) -> bool:
        return self.busy.running

    def start(self) -> None:
        self.busy.start(self.tr("Checking your journal…"))
        self.ops.submit(run_verify, if_alive(self, self._checked), if_alive(self, self._failed))

    def _checked(self, outcome: VerifyOutcome) -> None:
        self.busy.stop()
        self.outcome = outcome
        report = outcome.report
        locale = QLocale()
        if report.ok:
            self.say(
                self.tr("Your journal passed every check"),
                self.tr(
                    "{entries}, {revisions} saved versions and {files} evidence files are whole, "
                    "and nothing was changed outside the app."
                ).format(
                    entries=entries_text(report.entries),
                    revisions=locale.toString(report.revisions),
                    files=locale.toString(report.attachments),
                ),
            )
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.say(
            self.tr("The check found a problem"),
            self.tr("The check changed nothing in your journal. This is what it found:"),
        )
        self.problems.show_problems(report.problems)
        self.adjustSize()  # the dialog grows to show the list it had no room for
        good = outcome.good_backup
        self.good_backup = good
        if good is not None:
            self.advice.setText(
                self.tr(
                    "What to do: restore your newest backup that passes its checks, from {when}. "
                    "Your journal as it is now is kept aside, not deleted."
                ).format(when=when(good.created_at))
            )
            self.restore_button.setText(self.tr("Restore this backup…"))
        else:
            self.advice.setText(
                self.tr(
                    "There is no automatic backup that passes its checks. If you saved a backup "
                    "somewhere else, restore it from that file. Otherwise leave the data folder "
                    "as it is and ask for help."
                )
            )
            self.restore_button.setText(self.tr("Restore from a file…"))
        self.restore_button.setAccessibleName(self.restore_button.text().rstrip("…"))
        self.advice.show()
        self.restore_button.show()
        self.restore_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if report.older_copy:
            self.advice.setText(
                self.advice.text()
                + " "
                + self.tr(
                    "If you put this older copy back on purpose, choose Keep this copy and "
                    "it won't be reported again."
                )
            )
            self.keep_button.show()

    def _keep_copy(self) -> None:
        from journal.rollback import keep_this_copy

        self.keep_button.hide()
        self.restore_button.hide()
        self.advice.hide()
        self.problems.hide()
        self.ops.submit(keep_this_copy, if_alive(self, lambda _none: self.start()))

    def _failed(self, error: JournalError) -> None:
        self.busy.stop()
        self.say(self.tr("The check couldn't finish"), error.message)

    def _restore(self) -> None:
        good = self.good_backup
        self.controller.restore(good.path if good is not None else None, self)

    def clear(self) -> None:
        self.problems.clear()
        self.summary.clear()
        self.advice.clear()
        self.outcome = None
        self.good_backup = None
