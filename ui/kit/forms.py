"""Small building blocks shared by the search log and supervision screens.

A form row with its hint and its error message beside the field, a calm notice bar,
headings, quiet text, and a way to empty a widget tree of every word it holds.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.kit.date_fields import date_field
from ui.kit.widgets import DateEdit

W = TypeVar("W", bound=QWidget)
NO_DATE = QDate(2000, 1, 1)  # the optional date fields' "no date" value


def core_text(text: str) -> str:
    """The core's English words (prompts, labels), through the translation system."""
    return QCoreApplication.translate("journal", text)


def heading(text: str, parent: QWidget, *, scale: float = 1.0, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def quiet(label: W) -> W:
    """Secondary text: the palette's placeholder colour (readable in light and dark)."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


def text_label(parent: QWidget, name: str = "", *, selectable: bool = True) -> QLabel:
    """A label for journal text: plain text only (never rich), wrapped."""
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def error_colour_label(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, theme.severity_colour("critical", theme.is_dark(palette))
    )
    label.setPalette(palette)
    return label


def optional_date(parent: QWidget, no_date_text: str) -> DateEdit:
    """A date field that may be left empty: its lowest value reads as ``no_date_text``."""
    edit = date_field(parent, snug=True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(no_date_text)
    edit.setDate(NO_DATE)
    return edit


class FieldForm:
    """Rows of a QFormLayout, each field with an optional hint and its own error line."""

    def __init__(self, form: QFormLayout, parent: QWidget) -> None:
        self.form = form
        self.parent = parent
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, str] = {}

    def add(self, key: str, text: str, widget: QWidget, hint: str | None = None) -> QWidget:
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(text)
        box = QWidget(self.parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(theme.SPACING // 2)
        column.addWidget(widget)
        if hint:
            note = quiet(QLabel(hint, box))
            note.setObjectName(f"hint_{key}")
            note.setWordWrap(True)
            widget.setAccessibleDescription(hint)
            column.addWidget(note)
        error = error_colour_label(QLabel(box))
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        label = QLabel(text, self.parent)
        label.setBuddy(widget)
        self.form.addRow(label, box)
        self.errors[key] = error
        self.fields[key] = widget
        self.labels[key] = text
        return box

    def show_error(self, key: str, text: str) -> bool:
        label = self.errors.get(key)
        if label is None:
            return False
        label.setText(text)
        label.setVisible(bool(text))
        return True

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def error_text(self, key: str) -> str:
        label = self.errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""


def title(text: str, parent: QWidget, *, scale: float = 1.0, name: str = "") -> QLabel:
    """A heading kept on one line: it never wraps, so the column is at least as wide."""
    label = heading(text, parent, scale=scale, name=name)
    label.setWordWrap(False)
    return label
