"""Layouts set up the usual ways, so each widget need not repeat the settings."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

from ui import theme

L = TypeVar("L", bound=QLayout)


def flush(layout: L, spacing: int = theme.SPACING) -> L:
    """``layout`` reaching the edges of its widget (whoever holds the widget gives it room),
    its parts ``spacing`` apart."""
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return layout


def form_grid(row_spacing: int = theme.SPACING) -> QFormLayout:
    """Rows of a label and its field: labels against their fields (on the right) and
    level with a field's first line; fields take the width there is."""
    form = QFormLayout()
    form.setHorizontalSpacing(theme.SPACING * 2)
    form.setVerticalSpacing(row_spacing)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return form


def form_column(body: QWidget, max_width: int) -> tuple[QHBoxLayout, QWidget, QVBoxLayout]:
    """Where an editor's fields stand: a ``column`` at most ``max_width`` wide (lines
    stay readable on a wide screen), in a ``row`` with room around it, and the column's
    own ``layout``. The caller places the column in the row (with what goes beside it)."""
    s = theme.SPACING
    row = QHBoxLayout(body)
    row.setContentsMargins(s * 3, s * 2, s * 3, s * 2)
    column = QWidget(body)
    column.setMaximumWidth(max_width)
    return row, column, flush(QVBoxLayout(column))


def flush_column(widget: QWidget | None = None, spacing: int | None = None) -> QVBoxLayout:
    """A column filling ``widget`` to its edges (or a free one, to nest in another layout)."""
    layout = QVBoxLayout(widget) if widget is not None else QVBoxLayout()
    return flush(layout, theme.SPACING if spacing is None else spacing)


def flush_row(widget: QWidget | None = None, spacing: int | None = None) -> QHBoxLayout:
    """A row filling ``widget`` to its edges (or a free one, to nest in another layout)."""
    layout = QHBoxLayout(widget) if widget is not None else QHBoxLayout()
    return flush(layout, theme.SPACING if spacing is None else spacing)
