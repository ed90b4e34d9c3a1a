"""A page or form whose whole body scrolls, and a column in it no wider than reads well.

Screens that scroll (the supervision views, the guidance and support pages, the entry
editors) build the same two pieces; they are written once here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from ui.kit import detail_pane
from ui.kit.layouts import flush_column

Margins = tuple[int, int, int, int]


def scroll_body(owner: QWidget, body_name: str) -> tuple[QVBoxLayout, QScrollArea, QWidget]:
    """``owner``'s layout (more may go below), a frameless scroll area filling it, and the
    widget that scrolls, named ``body_name``."""
    outer = flush_column(owner, 0)
    area, body = detail_pane.scroll_body(owner, body_name)
    outer.addWidget(area, 1)
    return outer, area, body


def bounded_column(
    body: QWidget, max_width: int, margins: Margins, *, room_beside: bool = True
) -> tuple[QWidget, QVBoxLayout]:
    """A column across ``body`` up to ``max_width`` wide; with ``room_beside`` the space
    left over goes to its right. Returns the column and its layout."""
    row = QHBoxLayout(body)
    row.setContentsMargins(*margins)
    column = QWidget(body)
    column.setMaximumWidth(max_width)
    row.addWidget(column, 1)
    if room_beside:
        row.addStretch(0)
    return column, flush_column(column)
