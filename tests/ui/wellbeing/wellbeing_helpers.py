"""Helpers for the wellbeing tests (imported by name; this folder is not a package)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from helpers.qt import (
    PASSPHRASE as PASSPHRASE,
)
from helpers.qt import (
    WAIT_MS as WAIT_MS,
)
from helpers.qt import all_text as all_text
from helpers.qt import (
    idle as idle,
)
from helpers.qt import (
    run as run,
)
from helpers.qt import (
    unlock as unlock,
)
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.wellbeing.section import WellbeingSection

T = TypeVar("T")
OpenWindow = Callable[..., MainWindow]
MARKER = "Zanzibar-quokka-7731"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def relock(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    idle(qtbot, window.ops)
    unlock(qtbot, window)


def local(day: date, hour: int = 12) -> datetime:
    """A moment in the computer's own time zone."""
    return datetime.combine(day, time(hour)).astimezone()


def this_monday() -> date:
    today = date.today()
    return today - timedelta(days=today.weekday())


def section_of(window: MainWindow) -> WellbeingSection:
    section = window.findChild(WellbeingSection)
    assert section is not None
    return section
