"""Labels of plain text: a wrapped paragraph, a bold line, a larger title.

Never rich text (what they show may hold anything a person typed), and made the same
way on every screen that uses them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget


def paragraph(text: str, parent: QWidget, name: str = "") -> QLabel:
    """A wrapped plain-text label."""
    label = QLabel(text, parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def bold_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    """A short bold line over a group of fields (it does not wrap)."""
    label = QLabel(text, parent)
    if name:
        label.setObjectName(name)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def title_font(widget: QWidget, scale: float) -> QFont:
    """``widget``'s font, bold and ``scale`` times as large."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font


def title_label(
    text: str,
    parent: QWidget,
    name: str,
    *,
    scale: float,
    align: Qt.AlignmentFlag | None = None,
) -> QLabel:
    """A screen's or an empty state's title: bold, larger, on one line."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setFont(title_font(label, scale))
    if align is not None:
        label.setAlignment(align)
    return label
