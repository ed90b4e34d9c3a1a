"""Small widget adjustments shared by the incidents screen."""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractButton, QDateEdit, QDateTimeEdit, QLabel, QWidget


class DateTimeEdit(QDateTimeEdit):
    """Tab leaves the field, as in every other field; the arrow keys move between its parts.

    (Qt's own date fields use Tab to step through day, month, year, hour and minute,
    which traps someone moving through a form by keyboard.)"""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateEdit(QDateEdit):
    """A date field that Tab leaves, like ``DateTimeEdit``."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def close_if_open(widget: QWidget | None) -> None:
    """Close a window that may already have closed (and deleted) itself."""
    if widget is not None and shiboken6.isValid(widget):
        widget.close()


def dispose(widget: QWidget) -> None:
    """Remove a widget that showed journal content: its words go at once (a lock may be
    under way), the widget itself when control returns to the event loop."""
    widget.hide()
    for w in (widget, *widget.findChildren(QWidget)):
        w.setToolTip("")
        w.setAccessibleName("")
        w.setAccessibleDescription("")
        if isinstance(w, QLabel):
            w.clear()
        elif isinstance(w, QAbstractButton):
            w.setText("")
            w.setIcon(QIcon())
    widget.deleteLater()
