"""A calm notice when the last off-laptop copy is more than a week old.

Looked at once each time the journal is unlocked. Nothing is said while copies are
being made, nor when no second folder is chosen; a folder that is missing for a day
or two is only mentioned on the Backups tab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from journal import offsite
from journal.errors import JournalError
from ui.kit.lifetime import if_alive
from ui.kit.notice_bar import NoticeBar
from ui.safety.common import day
from ui.safety.offsite_jobs import load_offsite

if TYPE_CHECKING:
    from ui.host import Window

NOTICE_NAME = "offsite_notice"


def _t(text: str) -> str:
    return QCoreApplication.translate("OffsiteNotice", text)


def notice_text(state: offsite.OffsiteStatus) -> str:
    if state.last_copy is None:
        return _t(
            "No copy of your backups has reached the folder you chose off this laptop yet. "
            "When that folder is there (a USB stick plugged in, the network on), the copy is "
            "made as the journal closes."
        )
    return _t(
        "Your last backup copy off this laptop was made on {day}, more than a week ago. When "
        "that folder is there (a USB stick plugged in, the network on), the copy is made as "
        "the journal closes."
    ).format(day=day(state.last_copy))


class OffsiteNotice(QObject):
    def __init__(self, window: Window, show_backups: Callable[[], None]) -> None:
        super().__init__(window.widget())
        self.setObjectName("offsite_notice_watch")
        self.window = window
        self.bar = NoticeBar(NOTICE_NAME, window.widget())
        self.show_backups = show_backups
        window.add_notice(self.bar)
        window.unlocked.connect(self.look)
        window.locked.connect(self.bar.dismiss)

    def look(self) -> None:
        self.window.ops.submit(load_offsite, if_alive(self, self._looked), self._quiet)

    @staticmethod
    def _quiet(_error: JournalError) -> None:
        """A notice that can't be worked out is simply not shown."""

    def _looked(self, state: offsite.OffsiteStatus) -> None:
        if not state.overdue or self.window.supervision_mode:
            self.bar.dismiss()
            return
        self.bar.show_notice(
            notice_text(state), (_t("Backups…"), self.show_backups), kind="offsite"
        )
