"""Small look-and-feel helpers shared by the guidance and support screens."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.kit.forms import error_colour_label, quiet
from ui.kit.notice_parts import soft_fill
from ui.kit.scrolling import bounded_column, scroll_body


def core_text(text: str) -> str:
    """A sentence the core keeps in English, shown through Qt's translation system."""
    return QCoreApplication.translate("journal", text)


def heading(text: str, parent: QWidget, scale: float = 1.0, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    if name:
        label.setObjectName(name)
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def wrapped(text: str, parent: QWidget, name: str = "") -> QLabel:
    """A plain-text label that wraps (never interpreted as HTML)."""
    label = QLabel(text, parent)
    if name:
        label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def make_quiet(widget: QWidget) -> None:
    """Secondary text: the placeholder colour, which keeps ≥ 4.5:1 in our palettes."""
    quiet(widget)


def make_error(label: QLabel) -> None:
    """A message about a field: bold, in the same readable red as the incidents editor."""
    error_colour_label(label)


def card(parent: QWidget, name: str = "") -> QFrame:
    """A softly filled panel that sets a group of things apart from the page."""
    frame = QFrame(parent)
    if name:
        frame.setObjectName(name)
    return soft_fill(frame)


def scrolling_column(owner: QWidget, body_name: str) -> tuple[QScrollArea, QWidget, QVBoxLayout]:
    """The whole of ``owner`` scrolls; its content is one column no wider than reads well.

    Returns the scroll area, the column and the column's layout, to add the page to.
    """
    s = theme.SPACING
    _outer, area, body = scroll_body(owner, body_name)
    column_widget, column = bounded_column(body, 100 * s, (3 * s, 2 * s, 3 * s, 3 * s))
    return area, column_widget, column


def beside(
    main: QWidget, side: QWidget, alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop
) -> QHBoxLayout:
    """A row: ``main`` taking the room, ``side`` (a button) at its right."""
    row = QHBoxLayout()
    row.setSpacing(theme.SPACING)
    row.addWidget(main, 1)
    row.addWidget(side, 0, alignment)
    return row


def open_external(url: str) -> bool:
    """Open a web, email or phone link with the computer's own application."""
    return QDesktopServices.openUrl(QUrl(url))


class ListBlock(QWidget):
    """A bulleted or numbered list of plain sentences with a hanging indent."""

    def __init__(self, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(theme.SPACING)
        self._grid.setVerticalSpacing(theme.SPACING // 2)
        self._grid.setColumnStretch(1, 1)
        self._labels: list[QLabel] = []

    def set_items(self, items: Sequence[str], *, ordered: bool = False) -> None:
        self.clear()
        for row, text in enumerate(items):
            marker = QLabel(f"{row + 1}." if ordered else "•", self)
            marker.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            marker.setAccessibleName(" ")
            label = wrapped(text, self)
            label.setObjectName(f"{self.objectName()}_{row}")
            self._grid.addWidget(marker, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(label, row, 1)
            self._labels.extend((marker, label))
        self.setAccessibleDescription(" ".join(items))

    def texts(self) -> list[str]:
        return [label.text() for label in self._labels[1::2]]

    def clear(self) -> None:
        for label in self._labels:
            self._grid.removeWidget(label)
            label.clear()
            label.deleteLater()
        self._labels = []
        self.setAccessibleDescription("")
