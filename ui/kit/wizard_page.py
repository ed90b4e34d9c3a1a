"""A set-up page whose "Next" starts work on the worker and moves on when it is done.

The new journal's "how to unlock" page and the three pages of bringing a journal back
from a backup all work this way: while the work runs the page is not complete (so
"Next" can't be pressed twice); when it is done the wizard moves on by itself, if the
person is still on the page; a failure is shown in the page's status line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget, QWizard, QWizardPage

from journal.errors import JournalError
from journal.keys import KeyringAccess
from ui.kit.lifetime import if_alive
from ui.operations import Operations


class WorkingPage(QWizardPage):
    status: QLabel

    def __init__(self, ops: Operations, parent: QWidget | None, name: str, title: str) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName(name)
        self.setTitle(title)
        self._working = False

    def _commit_with(self, button_text: str) -> None:
        """Leaving the page does the work; there is no going back over it."""
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, button_text)

    def _check_keyring(self, checked: Callable[[bool], None]) -> None:
        """Ask (on the worker) whether the computer's password store can be used; an error
        there means it can't."""
        self.ops.submit_background(
            lambda: KeyringAccess().available(),
            if_alive(self, checked),
            if_alive(self, lambda _error: checked(False)),
        )

    def _advance(self) -> None:
        """The work is done: on to the next page, if the person is still on this one."""
        self._working = False
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()

    def _failed(self, error: JournalError) -> None:
        self._working = False
        self.status.setText(error.message)
        self.completeChanged.emit()
