"""Checking the journal: the file is whole and nothing was changed outside the app.

The check runs on the worker (it reads every page and every saved version). It ends
with either how much was checked, or what is wrong and which backup to restore.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError
from ui import theme
from ui.kit.lifetime import if_alive
from ui.safety.common import BusyBar, entries_text, heading, paragraph, when
from ui.safety.jobs import VerifyOutcome, run_verify

if TYPE_CHECKING:
    from journal.backup import BackupInfo
    from ui.safety.services import SafetyServices


class VerifyDialog(QDialog):
    def __init__(self, controller: SafetyServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ops = controller.ops
        self.outcome: VerifyOutcome | None = None
        self.good_backup: BackupInfo | None = None
        self.setObjectName("verify_dialog")
        self.setWindowTitle(self.tr("Check your journal"))
        self.setModal(True)
        s = theme.SPACING

        self.heading = heading(self.tr("Check your journal"), self, "verify_heading")
        self.summary = paragraph(
            self.tr(
                "This makes sure the journal file is whole and that nothing in it was changed "
                "outside the app. It reads every entry, so it can take a little while."
            ),
            self,
            "verify_summary",
        )
        self.busy = BusyBar(self, "verify_busy")
        self.problems = QListWidget(self)
        self.problems.setObjectName("verify_problems")
        self.problems.setAccessibleName(self.tr("What the check found"))
        self.problems.setWordWrap(True)
        # Room for a few wrapped findings at once; more scroll.
        self.problems.setMinimumHeight(
            6 * self.problems.fontMetrics().lineSpacing() + 2 * self.problems.frameWidth()
        )
        self.problems.setMaximumHeight(16 * s)
        self.problems.hide()
        self.advice = paragraph("", self, "verify_advice")
        self.advice.hide()

        self.buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton(self.tr("Restore this backup…"), self)
        self.restore_button.setObjectName("verify_restore")
        self.restore_button.setAccessibleName(self.tr("Restore this backup"))
        self.keep_button = QPushButton(self.tr("&Keep this copy"), self)
        self.keep_button.setObjectName("verify_keep_copy")
        self.keep_button.setAccessibleName(self.tr("Keep this older copy of the journal"))
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("verify_close")
        self.close_button.setAccessibleName(self.tr("Close"))
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.hide()  # after addButton, which shows it
        self.keep_button.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 3 * s)
        layout.setSpacing(2 * s)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.problems)
        layout.addWidget(self.advice)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(60 * s)

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
            self.heading.setText(self.tr("Your journal passed every check"))
            self.summary.setText(
                self.tr(
                    "{entries}, {revisions} saved versions and {files} evidence files are whole, "
                    "and nothing was changed outside the app."
                ).format(
                    entries=entries_text(report.entries),
                    revisions=locale.toString(report.revisions),
                    files=locale.toString(report.attachments),
                )
            )
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.heading.setText(self.tr("The check found a problem"))
        self.summary.setText(
            self.tr("The check changed nothing in your journal. This is what it found:")
        )
        self.problems.clear()
        self.problems.addItems(report.problems)
        self.problems.show()
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
        self.heading.setText(self.tr("The check couldn't finish"))
        self.summary.setText(error.message)

    def _restore(self) -> None:
        good = self.good_backup
        self.controller.restore(good.path if good is not None else None, self)

    def clear(self) -> None:
        self.problems.clear()
        self.summary.clear()
        self.advice.clear()
        self.outcome = None
        self.good_backup = None
