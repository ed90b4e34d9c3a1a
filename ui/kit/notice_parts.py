"""The parts of a notice above the pages: its row, its line of text, its soft fill.

Notices (saved, reminders, prompts, follow-ups) hold a short line and a few buttons; they
are laid out alike so they read alike.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ui import theme


def notice_row(bar: QWidget, margins: tuple[int, int, int, int] | None = None) -> QHBoxLayout:
    """The notice's one row: its text, then its buttons (by default a wider gap at the left)."""
    s = theme.SPACING
    layout = QHBoxLayout(bar)
    layout.setContentsMargins(*(margins or (2 * s, s, s, s)))
    layout.setSpacing(s)
    return layout


def notice_text(bar: QWidget, name: str) -> QLabel:
    """The notice's words: plain text, wrapped, giving way to the buttons beside it."""
    text = QLabel(bar)
    text.setObjectName(name)
    text.setWordWrap(True)
    text.setTextFormat(Qt.TextFormat.PlainText)
    text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return text


def soft_fill(frame: QFrame) -> QFrame:
    """A framed panel filled with the alternate base colour, set apart from the page."""
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setAutoFillBackground(True)
    palette = frame.palette()
    palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.AlternateBase))
    frame.setPalette(palette)
    return frame
