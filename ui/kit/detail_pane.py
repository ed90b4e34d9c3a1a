"""The parts of a pane that shows one entry in detail, beside a list.

Until an entry is chosen the pane shows a line saying how to choose one; then the
entry, in a column that scrolls without a frame of its own. Its facts are rows of a
name and a value ("When: 27 Nov 2026"), the value selectable and wrapped.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.kit.forms import text_label


def scroll_body(parent: QWidget, name: str) -> tuple[QScrollArea, QWidget]:
    """A frameless scroll area and the widget ``name`` in it, whose width it follows."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    body = QWidget()
    body.setObjectName(name)
    scroll.setWidget(body)
    return scroll, body


def placeholder_label(text: str, parent: QWidget, name: str = "detailPlaceholder") -> QLabel:
    """The centred, wrapped words a pane shows while it has nothing to show."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def detail_title(parent: QWidget, name: str, scale: float) -> QLabel:
    """The entry's title at the top of the pane: its own words (plain text), larger and
    bold, wrapped and selectable."""
    label = text_label(parent, name)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def fact_rows(
    parent: QWidget,
    facts: Iterable[tuple[str, str]],
    prefix: str = "fact",
    *,
    row_spacing: int = theme.SPACING,
    names_left: bool = False,
) -> tuple[QFormLayout, dict[str, QLabel]]:
    """Rows of ``(key, name)``: each name (``factName_<key>``) beside its value
    (``<prefix>_<key>``, returned by key to be filled in). The names line up on the
    right, next to their values, or with ``names_left`` on the left; either way level
    with the first line of a value that wraps."""
    form = QFormLayout()
    form.setHorizontalSpacing(theme.SPACING * 2)
    form.setVerticalSpacing(row_spacing)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    side = Qt.AlignmentFlag.AlignLeft if names_left else Qt.AlignmentFlag.AlignRight
    values: dict[str, QLabel] = {}
    for key, text in facts:
        # The name is made first and is the value's buddy, so a screen reader, which
        # walks widgets in the order they were made, says "Where" and then "Facebook",
        # and knows the one labels the other.
        name = QLabel(text, parent)
        name.setObjectName(f"factName_{key}")
        name.setAlignment(side | Qt.AlignmentFlag.AlignTop)
        value = text_label(parent, f"{prefix}_{key}")
        name.setBuddy(value)
        values[key] = value
        form.addRow(name, value)
    return form, values


class DetailFrame:
    """The whole area of a detail pane: a stack with its placeholder, and the scrolling
    ``body`` whose ``layout`` (with room around it) the pane fills."""

    def __init__(self, owner: QWidget, placeholder: QLabel, body_name: str) -> None:
        s = theme.SPACING
        outer = QVBoxLayout(owner)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(owner)
        outer.addWidget(self.stack)
        self.placeholder = placeholder
        self.stack.addWidget(placeholder)
        self.scroll_area, self.body = scroll_body(owner, body_name)
        self.stack.addWidget(self.scroll_area)
        self.layout = QVBoxLayout(self.body)
        self.layout.setContentsMargins(s * 2, s * 2, s * 2, s * 2)
        self.layout.setSpacing(s)
