"""Helpers for the wellbeing tests (imported by name; this folder is not a package)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from journal.session import Journal
from ui.main_window import MainWindow
from ui.operations import Operations

T = TypeVar("T")
PASSPHRASE = "correct horse battery staple"  # the same as tests/conftest.py's
WAIT_MS = 20_000
MARKER = "Zanzibar-quokka-7731"


def run(qtbot: QtBot, ops: Operations, fn: Callable[[Journal], T]) -> T:
    """Run ``fn`` on the worker and wait for its result."""
    results: list[T] = []
    errors: list[BaseException] = []
    ops.submit(fn, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(results or errors), timeout=WAIT_MS)
    if errors:
        raise errors[0]
    return results[0]


def idle(qtbot: QtBot, ops: Operations) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """Type the passphrase on the unlock screen, as a person would, and wait."""
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    screen.passphrase.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(screen.passphrase, passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
    idle(qtbot, window.ops)


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


def all_text(root: QWidget) -> str:
    """Every piece of text a widget tree holds, including item models, so a test can prove
    that nothing of the journal is left after locking."""
    parts: list[str] = []

    def model_text(model: QAbstractItemModel, parent: QModelIndex | None = None) -> None:
        parent = parent or QModelIndex()
        try:
            columns = model.columnCount(parent)
        except TypeError:  # a list model: one column, and Qt keeps columnCount private
            columns = 1
        for row in range(model.rowCount(parent)):
            for column in range(columns):
                index = model.index(row, column, parent)
                for role in (
                    Qt.ItemDataRole.DisplayRole,
                    Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole,
                ):
                    value: Any = index.data(role)
                    if value is not None:
                        parts.append(str(value))

    for w in [root, *root.findChildren(QWidget)]:
        parts.extend([w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle()])
        if isinstance(w, (QLabel, QLineEdit)):
            parts.append(w.text())
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            parts.append(w.toPlainText())
        elif isinstance(w, QAbstractButton):
            parts.append(w.text())
        elif isinstance(w, QComboBox):
            parts.extend(w.itemText(i) for i in range(w.count()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model_text(w.model())
    return "\n".join(parts)
