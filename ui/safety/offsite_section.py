"""Settings → Backups: "A second place, off this laptop".

Choose a folder (a synced folder, a network drive, a USB stick); the daily backup is
also copied there. The section says where copies go and when the last one was made,
and why the latest didn't happen (the folder wasn't there, or was full) in calm words.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from journal import offsite
from journal.errors import JournalError
from ui.kit.columns import button_row, column
from ui.kit.lifetime import if_alive
from ui.safety.common import BusyBar, heading, paragraph, push_button, when
from ui.safety.offsite_jobs import choose_folder, load_offsite, stop_folder

if TYPE_CHECKING:
    from ui.safety.services import SafetyServices


class OffsiteSection(QWidget):
    def __init__(self, controller: SafetyServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = controller.ops
        self.controller = controller
        self.state: offsite.OffsiteStatus | None = None
        self.setObjectName("offsite_section")
        intro = paragraph(
            self.tr(
                "If this laptop is lost, stolen or replaced, its backups go with it. Choose a "
                "folder somewhere else, such as a synced work folder, a network drive or a USB "
                "stick, and a copy of the daily backup is kept there too. Backups are "
                "encrypted, so they are safe there; they open with your recovery key."
            ),
            self,
            "offsite_intro",
        )
        self.where = paragraph("", self, "offsite_status")
        self.where.setAccessibleName(self.tr("Off-laptop copies"))
        self.choose = push_button(
            self.tr("Choose a f&older…"),
            self,
            "offsite_choose",
            accessible=self.tr("Choose a folder off this laptop"),
        )
        self.stop = push_button(self.tr("&Stop copying there"), self, "offsite_off")
        self.stop.setEnabled(False)
        self.busy = BusyBar(self, "offsite_busy")
        column(
            self,
            heading(self.tr("A second place, off this laptop"), self),
            intro,
            self.where,
            button_row(self.choose, self.stop),
            self.busy,
        )
        self.choose.clicked.connect(self._choose)
        self.stop.clicked.connect(self._stop)

    def reload(self) -> None:
        self.ops.submit(load_offsite, if_alive(self, self.show_state), if_alive(self, self._failed))

    def show_state(self, state: offsite.OffsiteStatus, note: str = "") -> None:
        self.busy.stop()
        self.choose.setEnabled(True)
        self.state = state
        self.stop.setEnabled(state.folder is not None)
        self.where.setText(" ".join(p for p in (self.describe(state), note) if p))

    def describe(self, state: offsite.OffsiteStatus) -> str:
        if state.folder is None:
            return self.tr("No folder is chosen: every backup is on this laptop only.")
        text = self.tr("Copies go to {folder}.").format(folder=str(state.folder))
        text += " " + last_copy_text(state.last_copy)
        if state.problem == offsite.PROBLEM_MISSING:
            text += " " + self.tr(
                "The folder wasn't there at the last try (a USB stick not plugged in, or the "
                "network down); the copy is made the next time it is."
            )
        elif state.problem in (offsite.PROBLEM_FULL, offsite.PROBLEM_REFUSED):
            text += " " + self.tr(
                "The folder refused the last copy (it may be full); the copy is tried again "
                "when the journal next closes."
            )
        return text

    def _choose(self) -> None:
        folder = self.controller.ask_offsite_folder(self)
        if folder is None:
            return
        self.choose.setEnabled(False)
        self.stop.setEnabled(False)
        self.busy.start(self.tr("Making the first copy there…"))
        self.ops.submit(
            lambda j: choose_folder(j, folder),
            if_alive(self, self._chosen),
            if_alive(self, self._choose_failed),
        )

    def _chosen(self, state: offsite.OffsiteStatus) -> None:
        self.show_state(state, self.tr("The first copy is there now."))

    def _choose_failed(self, error: JournalError) -> None:
        self.busy.stop()
        self.choose.setEnabled(True)
        message = error.message

        def reloaded(state: offsite.OffsiteStatus) -> None:
            self.show_state(state, message)

        self.ops.submit(load_offsite, if_alive(self, reloaded), if_alive(self, self._failed))

    def _stop(self) -> None:
        self.ops.submit(
            stop_folder,
            if_alive(self, lambda state: self.show_state(state, self._stopped_text())),
            if_alive(self, self._failed),
        )

    def _stopped_text(self) -> str:
        return self.tr("The copies already in that folder are left as they are.")

    def _failed(self, error: JournalError) -> None:
        self.busy.stop()
        self.choose.setEnabled(True)
        self.where.setText(error.message)

    def clear(self) -> None:
        self.busy.stop()
        self.state = None
        self.where.clear()


def last_copy_text(moment: datetime | None) -> str:
    from PySide6.QtCore import QCoreApplication

    if moment is None:
        return QCoreApplication.translate("OffsiteSection", "No copy has been made there yet.")
    return QCoreApplication.translate("OffsiteSection", "Last copy: {when}.").format(
        when=when(moment)
    )
