"""Reminders in the main window: agreed actions past their date, and the next supervision.

Both say only counts and dates, never what an entry says, and both stay away while
supervision mode is on (the screen may be shared).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from journal import patterns
from journal.errors import JournalError
from journal.patterns import Prompt
from journal.session import Journal
from journal.supervision import overdue_actions, supervision_due_prompt
from ui.kit.forms import core_text
from ui.kit.notice_bar import NoticeBar
from ui.operations import Change

if TYPE_CHECKING:
    from ui.host import Window


@dataclass(frozen=True)
class Reminders:
    overdue: int
    due: Prompt | None


def load_reminders(journal: Journal) -> Reminders:
    return Reminders(len(overdue_actions(journal.repo)), supervision_due_prompt(journal.repo))


class SupervisionNotices(QObject):
    """Two calm bars above the pages, checked after unlock and after supervision changes."""

    def __init__(self, window: Window) -> None:
        super().__init__(window.widget())
        self.window = window
        self._closed_at: int | None = None  # the overdue count when it was closed
        self._shown = 0
        self.overdue = NoticeBar("overdueActionsNotice")
        self.due = NoticeBar("supervisionDueNotice")
        self.overdue.close_button.clicked.connect(self._overdue_closed)
        window.add_notice(self.overdue)
        window.add_notice(self.due)
        window.unlocked.connect(self.check)
        window.locked.connect(self._locked)
        window.supervision_mode_changed.connect(self._mode_changed)
        window.ops.changed.connect(self._changed)

    def check(self) -> None:
        window = self.window
        if window.is_locked or window.supervision_mode:
            return
        window.ops.submit(load_reminders, self._show, self._quiet, owner=self, key="reminders")

    def _quiet(self, _error: JournalError) -> None:
        """A reminder that can't be worked out is simply not shown."""

    def _show(self, reminders: Reminders) -> None:
        window = self.window
        if window.is_locked or window.supervision_mode:
            return
        n = reminders.overdue
        if n and n != self._closed_at:
            text = (
                self.tr("One action agreed in supervision is past its date.")
                if n == 1
                else self.tr("{0} actions agreed in supervision are past their date.").format(n)
            )
            self._shown = n
            self.overdue.show_notice(text, (self.tr("Open supervision"), self._open))
        elif not n:
            self._closed_at = None
            self.overdue.dismiss()
        prompt = reminders.due
        if prompt is not None:
            self.due.show_notice(
                core_text(prompt.message),
                (core_text(prompt.action_label), self._open),
                (self.tr("Not now"), lambda: self._dismiss(prompt)),
            )
        else:
            self.due.dismiss()

    def _open(self) -> None:
        window = self.window
        window.show_page("supervision")
        page = window.page("supervision")
        show = getattr(page, "show_prepare", None)
        if show is not None:
            show()

    def _dismiss(self, prompt: Prompt) -> None:
        self.window.ops.submit(lambda j: patterns.dismiss(j.repo, prompt), None, self._quiet)

    def _overdue_closed(self) -> None:
        self._closed_at = self._shown  # it comes back only when the count changes

    def _changed(self, change: Change) -> None:
        if "supervision" in change.kinds:
            self.check()

    def _mode_changed(self, on: bool) -> None:
        if on:
            self.window.ops.forget(self)
            self.overdue.hide()
            self.due.hide()
        else:
            self.check()

    def _locked(self) -> None:
        self.window.ops.forget(self)
        self._closed_at = None
        self.overdue.dismiss()
        self.due.dismiss()
