"""The inside of a notice across the top of a page: a line of text that wraps, then buttons.

The report follow-up and the footprint reminder are such notices (as is the kit's own
``NoticeBar``): the same margins, and text that wraps rather than widening the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy

from ui import theme


def notice_line(frame: QFrame, text_name: str) -> tuple[QHBoxLayout, QLabel]:
    """Lay ``frame`` out as a notice; returns its row (for the buttons) and its text."""
    s = theme.SPACING
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(2 * s, s, s, s)
    layout.setSpacing(s)
    text = QLabel(frame)
    text.setObjectName(text_name)
    text.setWordWrap(True)
    text.setTextFormat(Qt.TextFormat.PlainText)
    text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return layout, text
