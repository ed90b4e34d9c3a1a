"""What the safety screens need from the controller that owns them.

The dialogs and tabs depend on this surface, not on ``SafetyController``, so the
controller can open them without them importing it back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from journal.session import Unlock
    from ui.host import Window
    from ui.operations import Operations

SETTINGS_TAB = "backups_tab"  # the Backups tab's object name in Settings


class SafetyServices(Protocol):
    """The safety controller as its screens see it."""

    ops: Operations
    window: Window | None  # the main window, or None in a dialog of its own

    def ask_backup_target(self, parent: QWidget | None) -> Path | None: ...

    def ask_offsite_folder(self, parent: QWidget | None) -> Path | None: ...

    def check_backup(self, path: Path | None = None, parent: QWidget | None = None) -> None: ...

    def verify(self, parent: QWidget | None = None) -> None: ...

    def restore(self, path: Path | str | None = None, parent: QWidget | None = None) -> None: ...

    def guard(self, dialog: QDialog) -> None: ...

    def suspend(self, on_closed: Callable[[], None]) -> None: ...

    def resume(self, unlock: Unlock | None, on_open: Callable[[], None], note: str) -> None: ...
