"""Helpers for the guidance and support tests (imported by name; this folder is no package)."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from helpers.qt import (
    PASSPHRASE as PASSPHRASE,
)
from helpers.qt import (
    WAIT_MS as WAIT_MS,
)
from helpers.qt import (
    click as click,
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

T = TypeVar("T")


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
