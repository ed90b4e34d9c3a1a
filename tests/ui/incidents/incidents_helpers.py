"""Small helpers for the incidents tests: wait for the worker, make incidents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from pytestqt.qtbot import QtBot

from journal.models import Incident
from journal.session import Journal
from journal.timeutil import now
from ui.operations import Operations

T = TypeVar("T")
PASSPHRASE = "correct horse battery staple"


def run(qtbot: QtBot, ops: Operations, fn: Callable[[Journal], T]) -> T:
    """Run ``fn`` on the worker and wait for its result (as the app would, but blocking)."""
    results: list[T] = []
    errors: list[BaseException] = []
    ops.submit(fn, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(results or errors), timeout=20_000)
    if errors:
        raise errors[0]
    return results[0]


def idle(qtbot: QtBot, ops: Operations) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=20_000)


def incident(title: str, **fields: Any) -> Incident:
    fields.setdefault("occurred_at", now() - timedelta(hours=1))
    return Incident(title=title, **fields)


def all_text(root: Any) -> str:
    """Every piece of text a widget tree holds: labels, fields, buttons, tooltips, names,
    combo items, and every row of every item view's model. Used to prove nothing is left."""
    from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
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

    parts: list[str] = []

    def model_text(model: QAbstractItemModel, parent: QModelIndex | None = None) -> None:
        parent = parent or QModelIndex()
        for row in range(model.rowCount(parent)):
            for column in range(model.columnCount(parent)):
                index = model.index(row, column, parent)
                for role in (
                    Qt.ItemDataRole.DisplayRole,
                    Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.UserRole + 5,
                    Qt.ItemDataRole.UserRole + 6,
                ):
                    value = index.data(role)
                    if value is not None:
                        parts.append(str(value))
                if model.hasChildren(index):
                    model_text(model, index)

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        parts.extend([w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle()])
        if isinstance(w, QLabel):
            parts.append(w.text())
        if isinstance(w, QLineEdit):
            parts.extend([w.text(), w.placeholderText()])
        if isinstance(w, QPlainTextEdit):
            parts.append(w.toPlainText())
        if isinstance(w, QTextEdit):
            parts.append(w.toPlainText())
        if isinstance(w, QAbstractButton):
            parts.append(w.text())
        if isinstance(w, QComboBox):
            parts.extend(w.itemText(i) for i in range(w.count()))
            parts.append(w.currentText())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model_text(w.model())
    return "\n".join(p for p in parts if p)
