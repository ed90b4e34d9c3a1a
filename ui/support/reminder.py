"""The six-monthly reminder for the digital-footprint check, shown as a calm notice.

Whether it is due is worked out by the core (``journal.footprint.reminder_due``) from
the history in the encrypted journal. A new journal gets its first reminder a week
after it was first opened, so the first days are about recording, not homework.
"Not now" waits two weeks; "Don't remind me" turns reminders off (the footprint tab
can turn them on again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFrame, QWidget

from journal import usecases
from journal.footprint import (  # the rules live in the core; these names are kept for callers
    FIRST_REMINDER_AFTER,
    FIRST_SEEN_KEY,
    REMINDERS_KEY,
    SNOOZE,
    SNOOZED_KEY,
    reminder_due,
    reminders_enabled,
    today_for,
)
from ui.kit.named_widgets import push_button
from ui.kit.notice_parts import notice_row, notice_text, soft_fill
from ui.operations import Change, Operations

__all__ = [
    "FIRST_REMINDER_AFTER",
    "FIRST_SEEN_KEY",
    "FOOTPRINT_CHANGE",
    "REMINDERS_KEY",
    "SNOOZE",
    "SNOOZED_KEY",
    "FootprintReminder",
    "reminder_due",
    "reminders_enabled",
    "today_for",
]

FOOTPRINT_CHANGE = "footprint"


class FootprintReminder(QFrame):
    """The notice above the pages. It holds no journal text, only the reminder."""

    def __init__(
        self, ops: Operations, open_check: Callable[[], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("footprintReminder")
        soft_fill(self)
        self._ops = ops
        self._open_check = open_check
        self.kind: str | None = None
        layout = notice_row(self)
        self.text = notice_text(self, "footprintReminderText")
        self.start_button = push_button(
            self.tr("Start the check"), self, "footprintReminderStart", self.start_check
        )
        self.later_button = push_button(
            self.tr("Not now"), self, "footprintReminderLater", self.not_now
        )
        self.off_button = push_button(
            self.tr("Don't remind me"), self, "footprintReminderOff", self.turn_off, flat=True
        )
        layout.addWidget(self.text, 1)
        layout.addWidget(self.start_button)
        layout.addWidget(self.later_button)
        layout.addWidget(self.off_button)
        self.hide()

    def check(self) -> None:
        """After unlock (and after a check is saved): show the notice if a check is due."""
        self._ops.submit(
            usecases.footprint_reminder_due,
            lambda due: self._show(due.value),
            lambda _e: None,
            owner=self,
            key="due",
        )

    def _show(self, kind: str | None) -> None:
        self.kind = kind
        if kind is None:
            self.hide()
            return
        if kind == "first":
            self.text.setText(
                self.tr(
                    "A digital-footprint check shows you what others can find about you and "
                    "your family online. It takes about twenty minutes, whenever suits you."
                )
            )
        else:
            self.text.setText(
                self.tr(
                    "It's six months since your last digital-footprint check. Would you "
                    "like to do one now?"
                )
            )
        self.show()

    def start_check(self) -> None:
        self.hide()
        self._open_check()

    def not_now(self) -> None:
        self.hide()
        self._ops.submit(usecases.snooze_footprint_reminder, None, lambda _e: None)

    def turn_off(self) -> None:
        self.hide()
        self._ops.submit(
            lambda j: usecases.set_footprint_reminders(j, False),
            None,
            lambda _e: None,
            change=lambda changes: Change.of(changes, setting=FOOTPRINT_CHANGE),
        )

    def on_changed(self, change: Change) -> None:
        if change.extra.get("setting") == FOOTPRINT_CHANGE and self._ops.is_open:
            self.check()

    def clear(self) -> None:
        """On lock: hide, and ignore any answer still on its way."""
        self._ops.forget(self)
        self.kind = None
        self.hide()
