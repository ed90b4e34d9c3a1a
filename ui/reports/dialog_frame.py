"""What the two report dialogs ("Send to manager" in one click, and the full wizard) share.

Both are a stack of pages over a row of buttons; both run the export on the worker with
a progress panel and Cancel, stay open until the worker has stopped, and forget every
secret and every piece of journal data when they close (or the journal locks).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from ui import theme
from ui.kit.columns import button_row
from ui.reports.parts import ProgressPanel
from ui.reports.services import ProgressRelay

if TYPE_CHECKING:
    from ui.reports.services import ReportServices


class ReportDialog(QDialog):
    """The frame: subclasses ``_build`` their pages and say which is their progress
    ``panel``, when they are ``busy``, what ``wipe`` forgets and what ``_progressed`` shows."""

    OBJECT_NAME = ""  # what tests and screenshots find the dialog by

    def __init__(
        self,
        controller: ReportServices,
        *,
        entry_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ops = controller.ops
        self.entry_id = entry_id
        self.closed_for_good = False
        self._cancel = threading.Event()
        self._relay: ProgressRelay | None = None
        self.setObjectName(self.OBJECT_NAME)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)
        self._build()

    def _build(self) -> None:
        """The dialog's own pages and buttons, and its first step."""
        raise NotImplementedError

    def _lay_out(
        self,
        stack: QStackedWidget,
        left: tuple[QPushButton, ...],
        right: tuple[QPushButton, ...],
        width: int,
        height: int,
    ) -> None:
        """The pages above, the buttons below (``left`` at the start, ``right`` at the end);
        the size in grid steps."""
        s = theme.SPACING
        buttons = button_row(*left)
        for widget in right:
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * s)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 2 * s)
        layout.addWidget(stack, 1)
        layout.addLayout(buttons)
        self.resize(width * s, height * s)

    def _start_work(self) -> tuple[threading.Event, ProgressRelay]:
        """A fresh Cancel flag and a progress relay for one run of the export."""
        self._cancel = threading.Event()
        relay = ProgressRelay()
        relay.progressed.connect(self._progressed)
        self._relay = relay
        self.panel().restart()
        return self._cancel, relay

    def panel(self) -> ProgressPanel:
        raise NotImplementedError

    def _progressed(self, done: int, total: int) -> None:
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        raise NotImplementedError

    def wipe(self) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        """Stop the export: the engine writes nothing once it sees this."""
        if not self.busy:
            return
        self._cancel.set()
        self.panel().stopping()

    # -- closing and locking -----------------------------------------------------------------

    def reject(self) -> None:
        if self.busy:
            self.cancel()  # stays open until the worker has stopped
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy and not self.closed_for_good:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.closed_for_good = True
        self._cancel.set()
        self.wipe()
        super().done(result)

    def discard(self) -> None:
        """On lock, or when a new report replaces this one: stop, wipe, close."""
        self.closed_for_good = True
        self.done(QDialog.DialogCode.Rejected)
