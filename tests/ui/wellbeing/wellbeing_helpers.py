"""Helpers for the wellbeing tests (imported by name; this folder is not a package)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from helpers.qt import (
    PASSPHRASE as PASSPHRASE,
)
from helpers.qt import (
    WAIT_MS as WAIT_MS,
)
from helpers.qt import (
    idle as idle,
)
from helpers.qt import (
    run as run,
)
from helpers.qt import (
    unlock as unlock,
)
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

from ui.main_window import MainWindow

T = TypeVar("T")
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
