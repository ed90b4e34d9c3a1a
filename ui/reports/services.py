"""What the reports dialogs need from the controller that opens them, and what they share.

The dialogs depend on this small surface, not on ``ReportsController`` itself, so the
controller can import the dialogs without the dialogs importing it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QUrl, Signal

from ui.operations import Change

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.kit.clipboard import SecretClipboard
    from ui.operations import Operations
    from ui.reports.jobs import FollowUp

EXPORT_LOG_CHANGED = "export_log"  # key in Change.extra after an export or acknowledgement


def log_change() -> Change:
    return Change(extra={EXPORT_LOG_CHANGED: True})


class ReportServices(Protocol):
    """The controller as the dialogs see it (tests replace ``open_url`` and the folders)."""

    ops: Operations
    clipboard: SecretClipboard

    def open_url(self, url: QUrl) -> bool: ...

    def choose_folder(self, parent: QWidget, start: Path) -> Path | None: ...

    def default_folder(self) -> Path: ...

    def show_export_log(self, parent: QWidget | None = None) -> None: ...

    def choose_what_goes_in(self, entry_id: str | None = None) -> None: ...

    def acknowledge(self, export_id: str) -> None: ...

    def dismiss_followup(self, export_id: str) -> None: ...

    def send_reminder(self, due: FollowUp) -> None: ...


class ProgressRelay(QObject):
    """Carries the engine's progress from the worker thread to the window, a little at a time.

    Parentless on purpose: the worker may still report after the dialog has gone.
    """

    progressed = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self._last = -1

    def report(self, done: int, total: int) -> None:  # called on the worker thread
        permille = done * 1000 // max(total, 1)
        if permille != self._last or done >= total:
            self._last = permille
            self.progressed.emit(done, total)
