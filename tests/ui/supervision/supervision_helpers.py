"""Helpers for the search log and supervision screens' tests (imported by name)."""

from __future__ import annotations

from typing import Any, TypeVar

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
    type_into as type_into,
)
from helpers.qt import (
    unlock as unlock,
)
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

T = TypeVar("T")


def _model_text(model: QAbstractItemModel, parent: QModelIndex, parts: list[str]) -> None:
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.AccessibleDescriptionRole,
    )
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model keeps its column count to itself: one column
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in roles:
                value = index.data(role)
                if value is not None:
                    parts.append(str(value))
            row_value = index.data(Qt.ItemDataRole.UserRole + 2)
            if row_value is not None:
                parts.append(repr(row_value))
            if column == 0 and model.rowCount(index) > 0:
                _model_text(model, index, parts)


def all_text(root: QWidget, *, visible_only: bool = False) -> str:
    """Every piece of text a widget tree holds: labels, fields, buttons, tooltips, names,
    combo items, every row of every item view's model, and the words of any chart.

    ``visible_only`` keeps to what is on screen (widgets shown, in shown parents)."""
    parts: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if visible_only and not w.isVisible():
            continue
        parts.extend([w.toolTip(), w.accessibleName(), w.accessibleDescription()])
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
        if isinstance(w, QDateTimeEdit):
            parts.append(w.text())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            _model_text(w.model(), QModelIndex(), parts)
        chart = getattr(w, "chart", None)
        if callable(chart) and type(w).__name__ == "QChartView":
            parts.extend(_chart_text(chart()))
    return "\n".join(p for p in parts if p)


def _chart_text(chart: Any) -> list[str]:
    parts = [chart.title()]
    for axis in chart.axes():
        parts.append(axis.titleText())
        categories = getattr(axis, "categories", None)
        if callable(categories):
            parts.extend(categories())
    parts.extend(series.name() for series in chart.series())
    return parts
