"""Read-only lists of rows and captioned facts, set up the same way on every screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QLabel, QTableView, QWidget

from ui import theme
from ui.kit.forms import text_label

Table = TypeVar("Table", bound=QTableView)


def read_only_rows(table: Table) -> Table:
    """A table a person reads and picks one row of: no editing, no grid, one line a row,
    and Tab leaves it (the arrow keys move inside)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    return table


def facts_form(
    parent: QWidget, name_prefix: str, captions: Sequence[tuple[str, str]]
) -> tuple[QFormLayout, dict[str, QLabel]]:
    """Caption and value rows for an entry's details: ``captions`` are (key, caption); each
    value is a plain-text label named ``name_prefix + key``, empty until it is filled."""
    s = theme.SPACING
    form = QFormLayout()
    form.setHorizontalSpacing(s * 2)
    form.setVerticalSpacing(s)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    values: dict[str, QLabel] = {}
    for key, text in captions:
        value = text_label(parent, f"{name_prefix}{key}")
        caption = QLabel(text, parent)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(caption, value)
        values[key] = value
    return form, values
