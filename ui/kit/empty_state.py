"""What a list or a page shows when it has nothing yet: a title, a sentence, buttons.

Empty states explain what will appear and how to start; every screen lays them out the
same way, centred, a little above the middle.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.kit import forms


def centred(label: QLabel, max_width: int) -> QHBoxLayout:
    """A wrapped label centred in a row. (Giving the label an alignment in its layout instead
    makes Qt ignore its height for width, and the text is cut off.)"""
    label.setWordWrap(True)
    label.setMaximumWidth(max_width)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(label, 100)
    row.addStretch(1)
    return row


class EmptyState(QWidget):
    """``title`` and ``text`` (set by the page, or given here), and a row of buttons under
    them added with ``add_button``. The sentence is at most ``text_width`` wide."""

    def __init__(
        self,
        name: str,
        text_width: int,
        parent: QWidget | None = None,
        *,
        title: str = "",
        text: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = forms.title(title, self, scale=1.2, name=f"{name}_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text, self)
        self.text.setObjectName(f"{name}_text")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        layout.addLayout(centred(self.text, text_width))
        layout.addSpacing(theme.SPACING)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)
        layout.addLayout(self._buttons)
        layout.addStretch(2)

    def add_button(
        self, text: str, name: str, clicked: Callable[[], object] | SignalInstance
    ) -> QPushButton:
        """A button under the sentence (its spoken name is its words), after the others."""
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.clicked.connect(clicked)
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button

    def clear(self) -> None:
        self.title.clear()
        self.text.clear()
