"""Small layout helpers shared by the wellbeing screens."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QVBoxLayout, QWidget


class OnePage(QWidget):
    """Shows one of its pages at a time, sized by that page alone.

    (A QStackedWidget is as tall as its tallest page's height for width, so an empty
    state inside a scroll area would scroll as far as the charts it replaces.)
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        page.setParent(self)
        self._layout.addWidget(page)
        self._pages.append(page)
        page.setVisible(self._current is None)
        if self._current is None:
            self._current = page

    def setCurrentWidget(self, page: QWidget) -> None:
        self._current = page
        for other in self._pages:
            if other is not page:
                other.hide()
        page.show()

    def currentWidget(self) -> QWidget | None:
        return self._current


def name_field(field: QAbstractSpinBox, name: str) -> None:
    """Give a spin box (number, date) and the text field inside it the same accessible name,
    so a screen reader announces either."""
    field.setAccessibleName(name)
    inner = field.findChild(QLineEdit)
    if inner is not None:
        inner.setAccessibleName(name)
