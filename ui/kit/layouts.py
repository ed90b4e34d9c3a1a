"""Box layouts that sit flush in their widget: no margins, the grid's spacing between."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui import theme


def flush_column(widget: QWidget | None = None, spacing: int | None = None) -> QVBoxLayout:
    """A column filling ``widget`` to its edges (or a free one, to nest in another layout)."""
    layout = QVBoxLayout(widget) if widget is not None else QVBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(theme.SPACING if spacing is None else spacing)
    return layout


def flush_row(widget: QWidget | None = None, spacing: int | None = None) -> QHBoxLayout:
    """A row filling ``widget`` to its edges (or a free one, to nest in another layout)."""
    layout = QHBoxLayout(widget) if widget is not None else QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(theme.SPACING if spacing is None else spacing)
    return layout
