"""What a section may use of the main window: the ``Window`` protocol.

Sections (incidents, check-ins and wellbeing, supervision, search log, reports, safety,
guidance, support) plug into the window through ``install(window)`` and reach it only
through this surface: pages, actions, links, notices, the lock and supervision mode.
``ui.main_window.MainWindow`` is the one window that has it; tests may pass another.

A Qt widget can't also be a ``Protocol``, so the window hands out itself as a widget with
``widget()`` where a section needs a parent for a dialog or a notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog, QStatusBar, QWidget

    from journal.errors import JournalError
    from ui.kit.lazy_page import LazyPage
    from ui.operations import Operations
    from ui.unlock import UnlockScreen


class Window(Protocol):
    ops: Operations
    is_locked: bool
    supervision_mode: bool
    journal_pages: list[Any]  # pages and sections with reload / prepare_lock / clear
    incidents: QWidget
    settings_dialog: QDialog | None
    send_action: QAction  # the toolbar's "Send to manager"
    unlock_screen: UnlockScreen

    @property
    def locked(self) -> SignalInstance: ...

    @property
    def unlocked(self) -> SignalInstance: ...

    @property
    def supervision_mode_changed(self) -> SignalInstance: ...

    def widget(self) -> QWidget:
        """The window itself, as the parent of dialogs and notices."""

    def statusBar(self) -> QStatusBar: ...

    def register_page(self, key: str, factory: Callable[[QWidget], QWidget]) -> LazyPage: ...

    def page(self, key: str) -> QWidget | None: ...

    def show_page(self, key: str) -> None: ...

    def register_action(self, name: str, callback: Callable[..., None]) -> None: ...

    def has_action(self, name: str) -> bool: ...

    def run_action(self, name: str, *args: Any) -> None: ...

    def register_link(self, name: str, callback: Callable[[], None]) -> None: ...

    def has_link(self, name: str) -> bool: ...

    def open_link(self, link: str) -> bool: ...

    def add_notice(self, widget: QWidget) -> None: ...

    def add_lock_shortcut(self, dialog: QWidget) -> None: ...

    def inform(self, text: str) -> None: ...

    def show_error(self, error: JournalError) -> None: ...

    def new_incident(self) -> None: ...

    def open_settings(self) -> None: ...

    def lock(self) -> None: ...

    def enter_unlocked(self) -> None: ...

    def set_supervision_mode(self, on: bool) -> None: ...
