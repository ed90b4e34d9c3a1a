"""Check this backup: open it in a temporary place, run every check, say what it holds.

The journal is left exactly as it is. A backup of this journal usually opens through
the password store; otherwise the person types the recovery key (or the passphrase
the journal had when the backup was made), with the same per-group typo help as the
unlock screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from journal.errors import JournalError, RecoveryKeyTypo, UnlockError
from ui.kit.key_fields import group_span, monospace_font
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
from ui.safety.offsite_jobs import check_file

if TYPE_CHECKING:
    from journal.backup_check import BackupCheck
    from journal.session import Journal
    from ui.safety.services import SafetyServices


class CheckBackupDialog(SafetyDialog):
    def __init__(
        self, controller: SafetyServices, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            controller, parent, "check_backup_dialog", self.tr("Check a backup"), "check_heading"
        )
        self.path = path
        self.check_result: BackupCheck | None = None
        self.summary = paragraph(
            self.tr(
                "“{name}” is opened in a temporary place and every check is run on it. Your "
                "journal is not changed."
            ).format(name=path.name),
            self,
            "check_summary",
        )
        self.secret_label = QLabel(
            self.tr("&Recovery key, or the passphrase the journal had then"), self
        )
        self.secret = QLineEdit(self)
        self.secret.setObjectName("check_secret")
        self.secret.setAccessibleName(self.tr("Recovery key or passphrase"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setFont(monospace_font())
        self.secret_label.setBuddy(self.secret)
        self.busy = BusyBar(self, "check_busy")
        self.problems = ProblemsList(self, "check_problems")

        self.buttons = QDialogButtonBox(self)
        self.check_button = push_button(
            self.tr("&Check"), self, "check_run", accessible=self.tr("Check the backup")
        )
        self.close_button = push_button(self.tr("Close"), self, "check_close")
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self._ask_secret(False)

        column = [self.heading, self.summary, self.secret_label, self.secret, self.busy]
        dialog_column(self, [*column, self.problems], self.buttons)

        self.close_button.clicked.connect(self.reject)
        self.check_button.clicked.connect(self._check_typed)
        self.secret.returnPressed.connect(self._check_typed)

    @property
    def running(self) -> bool:
        return self.busy.running

    def _ask_secret(self, shown: bool) -> None:
        for widget in (self.secret_label, self.secret, self.check_button):
            widget.setVisible(shown)
        if shown:
            self.secret.setFocus(Qt.FocusReason.OtherFocusReason)

    def start(self) -> None:
        """First through the password store: a backup of this journal opens with no typing."""
        self._run(None)

    def _check_typed(self) -> None:
        text = self.secret.text()
        if text and not self.running:
            self._run(text)

    def _run(self, secret: str | None) -> None:
        self.problems.hide()
        self.check_button.setEnabled(False)
        self.busy.start(self.tr("Checking the backup…"))
        path = self.path

        def job(journal: Journal) -> BackupCheck:
            return check_file(path, secret, journal.paths.root)

        self.ops.submit(job, if_alive(self, self._checked), if_alive(self, self._failed))

    def _checked(self, result: BackupCheck) -> None:
        self.busy.stop()
        self.check_result = result
        self.secret.clear()
        self._ask_secret(False)
        made = when(result.info.created_at)
        if result.ok:
            self.say(
                self.tr("This backup is good"),
                self.tr(
                    "It holds {entries}, made {made}. It opens and passes every check, so it "
                    "can bring your journal back. Nothing was changed."
                ).format(entries=entries_text(result.entries), made=made),
            )
        else:
            self.say(
                self.tr("This backup has a problem"),
                self.tr(
                    "The backup made {made} opens, but it doesn't pass every check, so don't "
                    "rely on it: use another backup. Nothing was changed. This is what was found:"
                ).format(made=made),
            )
            self.problems.show_problems(result.report.problems)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, error: JournalError) -> None:
        self.busy.stop()
        self.check_button.setEnabled(True)
        if isinstance(error, UnlockError):
            typed = self.secret.text()
            if not typed:
                self.say(
                    self.tr("Type the backup's recovery key"),
                    self.tr(
                        "This backup doesn't open by itself here. Type your recovery key (or the "
                        "passphrase the journal had when the backup was made)."
                    ),
                )
            else:
                self.summary.setText(error.message)
            self._ask_secret(True)
            if isinstance(error, RecoveryKeyTypo) and error.group:
                self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
                span = group_span(typed, error.group)
                if span is not None:
                    self.secret.setSelection(span[0], span[1] - span[0])
            return
        self.say(self.tr("This backup can't be used"), error.message)
        self._ask_secret(False)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        self.secret.clear()
        self.problems.clear()
        self.check_result = None
