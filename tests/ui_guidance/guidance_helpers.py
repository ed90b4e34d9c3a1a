"""Helpers for the guidance and support tests (imported by name; this folder is no package)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
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


def idle(qtbot: QtBot, ops: Operations) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=WAIT_MS)


def run(qtbot: QtBot, ops: Operations, fn: Callable[[Journal], T]) -> T:
    """Run ``fn`` on the worker, as the app does, and wait for the answer."""
    results: list[T] = []
    errors: list[BaseException] = []
    ops.submit(fn, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(results or errors), timeout=WAIT_MS)
    if errors:
        raise errors[0]
    return results[0]


def unlock(qtbot: QtBot, window: MainWindow) -> None:
    """Type the passphrase on the unlock screen, as a person would, and wait."""
    screen = window.unlock_screen
    qtbot.waitUntil(lambda: screen.passphrase.isVisible(), timeout=WAIT_MS)
    screen.passphrase.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
    idle(qtbot, window.ops)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    # A button just added is clickable once it is laid out, as for a person who sees it:
    # until its layout runs it may be 0 pixels high, and a click at its centre misses it.
    qtbot.waitUntil(lambda: not button.rect().isEmpty(), timeout=WAIT_MS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def all_text(root: QWidget) -> str:
    """Every piece of text a widget tree holds: labels, fields, buttons, names, tooltips,
    combo items, documents and every row of every item view."""
    parts: list[str] = []

    def model_text(model: QAbstractItemModel, parent: QModelIndex) -> None:
        flat = isinstance(model, QAbstractListModel)  # keeps columnCount to itself
        columns = 1 if flat else model.columnCount(parent)
        for row in range(model.rowCount(parent)):
            for column in range(columns):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if value is not None:
                        parts.append(str(value))
                if not flat and model.hasChildren(index):
                    model_text(model, index)

    for w in [root, *root.findChildren(QWidget)]:
        parts.extend([w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle()])
        if isinstance(w, QLabel):
            parts.append(w.text())
        if isinstance(w, QLineEdit):
            parts.extend([w.text(), w.placeholderText()])
        if isinstance(w, QPlainTextEdit | QTextEdit):
            parts.append(w.toPlainText())
        if isinstance(w, QAbstractButton):
            parts.append(w.text())
        if isinstance(w, QComboBox):
            parts.extend(w.itemText(i) for i in range(w.count()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model_text(w.model(), QModelIndex())
    return "\n".join(p for p in parts if p)


def files_containing(root: Path, marker: str) -> list[Path]:
    """Files under ``root`` holding the marker as UTF-8 or UTF-16 text."""
    needles = [marker.encode("utf-8"), marker.encode("utf-16-le")]
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and any(n in path.read_bytes() for n in needles)
    ]
