"""Layouts made from a list: a column of widgets, a row of buttons, a field with its buttons.

Most screens are a column of parts with a gap here and there, and a row of buttons
pushed to one side; written as a list they read top to bottom like the screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import theme

# What a column or row holds: a widget, a layout, or a number (a gap of that many pixels).
Item = QWidget | QLayout | int


def add_items(layout: QBoxLayout, *items: Item) -> QBoxLayout:
    """Add ``items`` in order: widgets, layouts, and numbers as gaps."""
    for item in items:
        if isinstance(item, int):
            layout.addSpacing(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


def column(
    parent: QWidget | None, *items: Item, spacing: int = theme.SPACING, margins: int | None = 0
) -> QVBoxLayout:
    """A vertical layout of ``items`` (on ``parent`` when given); ``margins=None`` keeps
    the style's own margins."""
    layout = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    if margins is not None:
        layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSpacing(spacing)
    add_items(layout, *items)
    return layout


def button_row(*items: Item, spacing: int = theme.SPACING, end: bool = False) -> QHBoxLayout:
    """A row of buttons at the start of the line (``end=True``: at its end)."""
    row = QHBoxLayout()
    row.setSpacing(spacing)
    if end:
        row.addStretch(1)
    add_items(row, *items)
    if not end:
        row.addStretch(1)
    return row


def field_with_buttons(
    box: QWidget,
    caption: QLabel,
    field: QWidget,
    *buttons: QWidget,
    below: QWidget | None = None,
) -> QVBoxLayout:
    """``caption`` over ``field`` (which takes the width) and its buttons, then ``below``
    (a note or a link) lined up at the left."""
    s = theme.SPACING
    row = QHBoxLayout()
    row.setSpacing(s)
    row.addWidget(field, 1)
    add_items(row, *buttons)
    layout = column(box, caption, row, spacing=s)
    if below is not None:
        layout.addWidget(below, 0, Qt.AlignmentFlag.AlignLeft)
    return layout


def scroll_area(owner: QWidget, name: str, body_name: str) -> tuple[QScrollArea, QWidget]:
    """A frameless area that scrolls one widget (returned with it) when room runs short."""
    area = QScrollArea(owner)
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    body = QWidget(area)
    body.setObjectName(body_name)
    area.setWidget(body)
    return area, body
