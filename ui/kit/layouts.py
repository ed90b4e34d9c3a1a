"""Layouts set up the usual ways, so each widget need not repeat the settings."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLayout

from ui import theme

L = TypeVar("L", bound=QLayout)


def flush(layout: L, spacing: int = theme.SPACING) -> L:
    """``layout`` reaching the edges of its widget (whoever holds the widget gives it room),
    its parts ``spacing`` apart."""
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return layout
